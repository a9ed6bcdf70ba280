"""The Book interface over an .xlsx package, edited in place: only the parts kpixl owns are rewritten.

`PackageBook` (in `book`) is a small adapter over its collaborators, one module each: `tables` (located tables and
how a run leaves them), `edits`
(the per-sheet edit log), `cell_render` (single cells through the one SpreadsheetML writer), `sheet_writer` (an
edited sheet streamed row by row) and `package_writer` (the streamed save of the whole package). The cached
values it writes are computed by the refresh core (`kpixl.refresh.cached_at_save`) and handed over before the save.
What knows SpreadsheetML but no workbook comes from `kpixl.xlsx`: cell values as openpyxl reads them
(`cell_decoder`), shared formulas (`shared_formulas`), the sheet reader and the row writer.
"""

from kpixl.refresh.books.package.book import PackageBook, open_book

__all__ = ["PackageBook", "open_book"]
