"""Cell styles, number formats and the quote prefix that keeps formula-like text as text, for every sheet writer.

Styles are built once per kind and shared between cells (openpyxl keeps a style array per cell), which keeps
write-only sheets with hundreds of thousands of cells fast.
"""

from __future__ import annotations

from copy import copy
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.properties import PageSetupProperties

from kpixl.xlsx.cell_text import needs_escape
from kpixl.xlsx.row_writer import FormulaCell

NO_CACHE = object()
"""`Styler.cell`'s default: a formula written without a cached value."""
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "MXN": "$", "ARS": "$", "COP": "$", "CLP": "$"}

INK = "1F2A44"
ACCENT = "2F5597"
PALE = "EAF0FA"
INPUT_FILL = "FFFBEA"
GREEN, AMBER, RED, GREY = "C6EFCE", "FFEB9C", "FFC7CE", "E7E6E6"


def number_format(kind: str, currency: str = "EUR") -> str:
    """The Excel number format of a format kind (date, integer, decimal, percent, currency, text, url)."""
    if kind == "currency":
        symbol = CURRENCY_SYMBOLS.get(currency.upper())
        if symbol and currency.upper() in ("EUR",):
            return f'#,##0.00 "{symbol}"'
        if symbol:
            return f'"{symbol}"#,##0.00'
        return f'#,##0.00 "{currency.upper()}"'
    return {"date": "d mmm yyyy", "integer": "#,##0", "decimal": "#,##0.00", "percent": "0.00%", "text": "@",
            "url": "General", "ratio": "0.00", "year": "0", "month": "mmm yyyy",
            "pp": '+0.00" pp";-0.00" pp";0.00" pp"', "multiple": '0.00"×"'}[kind]


NUMERIC_FORMATS = ("date", "integer", "decimal", "percent", "currency", "ratio", "year", "month", "pp", "multiple")


def header_kind(fmt: str | None) -> str:
    """The header style over a column of this format: right-aligned over numbers and dates, left over text."""
    return "header_num" if fmt in NUMERIC_FORMATS else "header"


def escape_text(cell: Any) -> Any:
    """Keep a text value that starts with = + - @ tab or CR as text: stored as a string with a quote prefix."""
    if needs_escape(cell.value):
        cell.data_type = "s"
        cell._style = copy(cell._style)  # style arrays may be shared between cells: change only this one
        cell.quotePrefix = True
    return cell


_THIN = Side(style="thin", color="BFC7D5")

STYLES: dict[str, dict[str, Any]] = {
    "title": {"font": Font(bold=True, size=16, color=INK)},
    "subtitle": {"font": Font(italic=True, size=10, color="5A6478")},
    "heading": {"font": Font(bold=True, size=12, color=ACCENT)},
    "header": {"font": Font(bold=True, color="FFFFFF"), "fill": PatternFill("solid", fgColor=ACCENT),
               "alignment": Alignment(wrap_text=True, vertical="center")},
    # over a column of numbers: right-aligned like the numbers below it
    "header_num": {"font": Font(bold=True, color="FFFFFF"), "fill": PatternFill("solid", fgColor=ACCENT),
                   "alignment": Alignment(wrap_text=True, vertical="center", horizontal="right")},
    "wrap": {"border": Border(bottom=_THIN), "alignment": Alignment(wrap_text=True, vertical="top")},
    "label": {"font": Font(bold=True, color=INK)},
    "sentence": {"font": Font(size=11, color=INK)},
    "text": {"alignment": Alignment(wrap_text=True, vertical="top")},
    "note": {"font": Font(size=9, color="5A6478"), "alignment": Alignment(wrap_text=True, vertical="top")},
    "button": {"font": Font(bold=True, size=12, color="FFFFFF"), "fill": PatternFill("solid", fgColor="2E7D32"),
               "alignment": Alignment(horizontal="center", vertical="center"),
               "border": Border(_THIN, _THIN, _THIN, _THIN)},
    "status": {"font": Font(italic=True, color="5A6478")},
    "cell": {"border": Border(bottom=_THIN)},
    "band": {"fill": PatternFill("solid", fgColor=PALE), "border": Border(bottom=_THIN)},
}


class Styler:
    """Makes styled write-only cells; `cell(value, kind, fmt, unlocked)` reuses one style array per combination."""

    def __init__(self, worksheet: Any, currency: str = "EUR"):
        self.ws = worksheet
        self.currency = currency
        self._protos: dict[tuple[str, str | None, bool, bool], Any] = {}

    def _proto(self, kind: str, fmt: str | None, unlocked: bool, quoted: bool = False) -> Any:
        key = (kind, fmt, unlocked, quoted)
        proto = self._protos.get(key)
        if proto is None:
            proto = WriteOnlyCell(self.ws)
            for attr, value in STYLES.get(kind, {}).items():
                setattr(proto, attr, value)
            if kind == "input":
                proto.fill = PatternFill("solid", fgColor=INPUT_FILL)
            if fmt:
                proto.number_format = number_format(fmt, self.currency)
            proto.protection = Protection(locked=not unlocked)
            proto.quotePrefix = quoted
            self._protos[key] = proto
        return proto

    def style_id(self, kind: str = "cell", fmt: str | None = None, unlocked: bool = False,
                 quoted: bool = False) -> int:
        """The workbook's cell-style index (the `s` attribute) of a combination, registering it if new."""
        return self.ws.parent._cell_styles.add(self._proto(kind, fmt, unlocked, quoted)._style)

    def _make(self, value: Any, kind: str, fmt: str | None, unlocked: bool, quoted: bool,
              cached: Any = NO_CACHE) -> Any:
        c = WriteOnlyCell(self.ws, value) if cached is NO_CACHE else FormulaCell(self.ws, value, cached)
        c._style = self._proto(kind, fmt, unlocked, quoted)._style
        if quoted:
            c.data_type = "s"
        return c

    def cell(self, value: Any, kind: str = "cell", fmt: str | None = None, unlocked: bool = False,
             cached: Any = NO_CACHE) -> Any:
        """A cell; text starting with `=` is a formula, other formula-like text is kept as text (quote prefix).

        A formula's `cached` value (or a callable giving it at save; None for no value) is written with it, so the
        workbook reads right before recalculation (see `kpixl.xlsx.row_writer`).
        """
        quoted = isinstance(value, str) and not value.startswith("=") and needs_escape(value)
        if cached is not NO_CACHE and not (isinstance(value, str) and value.startswith("=")):
            raise ValueError(f"a cached value belongs to a formula, not to {value!r}")
        return self._make(value, kind, fmt, unlocked, quoted, cached)

    def text(self, value: Any, kind: str = "text", unlocked: bool | None = None) -> Any:
        """A text cell that never becomes a formula, whatever it starts with (inputs are unlocked by default)."""
        unlocked = kind == "input" if unlocked is None else unlocked
        return self._make(value, kind, None, unlocked, needs_escape(value))


def text_width(text: str, lines: int = 1, bold: bool = True) -> float:
    """Column width that shows `text` on at most `lines` wrapped lines (whole words; a word never breaks)."""
    words = str(text).split()
    need = max(map(len, words), default=0)
    while True:
        used, count = 0, 1
        for word in words:
            if used and used + 1 + len(word) > need:
                count, used = count + 1, len(word)
            else:
                used = used + (1 if used else 0) + len(word)
        if count <= lines:
            break
        need += 1
    return round(need * (1.1 if bold else 1.0) + 2, 1)


def print_setup(ws: Any, *, fit_height: bool = False, title_rows: str | None = None) -> None:
    """Landscape, one page wide (and one page tall with `fit_height`); `title_rows` ("1:1") repeat on every page."""
    ws.page_setup.orientation = "landscape"
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
