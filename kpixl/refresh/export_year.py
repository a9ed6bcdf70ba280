"""The year of year-less exports (TikTok's "3 September"): --year, else the workbook's Settings "export year"."""

from __future__ import annotations

from kpixl.errors import KpixlError
from kpixl.refresh.books.protocol import Book
from kpixl.sources.parsing import ParseError, parse_year
from kpixl.text.messages import Message

EXPORT_YEAR = "export_year"
"""The Settings key (the templates' [settings]); blank means the year is inferred."""


def export_year(book: Book, given: int | None = None) -> int | None:
    """`given` (--year) when there is one, else the Settings' export year; None when both are blank (inferred).
    A workbook made before the setting existed has none; a value that is no year is refused, naming the setting."""
    if given is not None:
        return given
    layout = book.layout()
    if not any(setting.key == EXPORT_YEAR for setting in layout.settings):
        return None
    try:
        return parse_year(book.read_name(layout.defined_name(EXPORT_YEAR)))
    except ParseError as exc:
        raise KpixlError(Message("export_year_setting", reason=exc.args[0])) from None
