"""xlwings Lite scripts (`@script`): the place for the workbook's Refresh button.

PLACEHOLDER: the refresh core (reading new exports into the workbook) is written in `kpixl.refresh` by another
part of the project. When it exists, replace the body of `kpixl_refresh` with a call to it and set
`REFRESH_BUTTON` to the button cell ("Sheet!A1" or "[ShapeName]Sheet!A1", see xlwings Lite's sheet buttons);
`kpixl_udfs.lite` registers the function with `@script` and exports it to the user's main.py.
"""

from __future__ import annotations

import xlwings as xw

REFRESH_BUTTON: str | None = None
"""The cell (or shape) that runs the Refresh script when clicked; None = run it from the Lite task pane."""


def kpixl_refresh(book: xw.Book) -> None:
    """Refresh the workbook from new exports (the ⟳ Refresh button)."""
    raise NotImplementedError("kpixl: the Refresh button is not available in this version yet")
