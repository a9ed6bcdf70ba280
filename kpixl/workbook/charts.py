"""What every chart kpixl draws needs before it is placed: axes Excel shows."""

from __future__ import annotations

from typing import Any


def show_axes(*charts: Any) -> None:
    """Write `<c:delete val="0"/>` on every axis: openpyxl leaves it out, and recent Excel then hides the axes
    LibreOffice shows."""
    for chart in charts:
        for axis in (chart.x_axis, chart.y_axis):
            axis.delete = False
