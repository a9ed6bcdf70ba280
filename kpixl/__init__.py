"""kpixl — social-media KPIs for Excel.

One catalog of KPI definitions feeds Python values (`compute`), native Excel formulas and Excel functions.
Importing kpixl needs neither pandas nor numpy; they are used when the inputs are arrays or DataFrames.
"""

from __future__ import annotations

from kpixl import catalog
from kpixl.catalog.kpi import Kpi, get
from kpixl.errors import KpixlError
from kpixl.render.engine import aggregate, compute
from kpixl.report.goals import Goal, GoalResult

__version__ = "0.1.0"


def add_kpis(*args, **kwargs):
    """Add KPI columns to a posts DataFrame (see `kpixl.analytics.frames.add_kpis`); imports pandas on first use."""
    from kpixl.analytics.frames import add_kpis as _add_kpis

    return _add_kpis(*args, **kwargs)


def summarize(*args, **kwargs):
    """KPIs aggregated per network and period (see `kpixl.analytics.frames.summarize`)."""
    from kpixl.analytics.frames import summarize as _summarize

    return _summarize(*args, **kwargs)


__all__ = ["Goal", "GoalResult", "Kpi", "KpixlError", "add_kpis", "aggregate", "catalog", "compute", "get",
           "summarize"]
