"""The "Not in export" column of a network table: which interactions the export a row came from does not have.

`kpixl import` writes there, for each row it writes, the header labels (the workbook's language, ", "-separated) of
the network's interactions its file does not report and that the row has no value for; the engagements column
counts a listed, blank interaction as 0 (a blank in a column the file has stays "no value"). A label matches only
whole (", Saves," in ", Saves, Shares,"), so "Shares" and "Saves" never collide; the Excel test (`excel_lists`) and
its Python twin (`lists`) are written side by side. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from kpixl.catalog.kpi import NETWORK_INTERACTIONS
from kpixl.render.excel_formula import text_literal
from kpixl.xlsx.cell_values import is_blank

FIELD = "not_reported"
"""The column's key (a workbook-only input field written by kpixl import)."""
SEPARATOR = ", "


def listable(layout: Any, net: str) -> tuple[tuple[str, str], ...]:
    """(field, header label) of the network's interactions the table has, when it has a Not-in-export column."""
    if not layout.has_column(net, FIELD):
        return ()
    return tuple((f, layout.header(net, f)) for f in NETWORK_INTERACTIONS.get(net, ()) if layout.has_column(net, f))


def lists(cell: str, label: str) -> bool:
    """Whether a Not-in-export cell's text lists `label` (whole, between separators): `excel_lists` in Python."""
    return f"{SEPARATOR}{label}," in f"{SEPARATOR}{cell},"


def excel_lists(ref: str, label: str) -> str:
    """The Excel test that the Not-in-export cell (or range, inside SUMPRODUCT) `ref` lists `label`."""
    return f'ISNUMBER(FIND({text_literal(f"{SEPARATOR}{label},")},{text_literal(SEPARATOR)}&{ref}&","))'


def listing(row: Mapping[str, Any], labels: Sequence[tuple[str, str]], reported: Collection[str],
            missing: Collection[str]) -> str | None:
    """A row's Not-in-export text after a file touched it: what the file reports leaves the list, the interactions it
    lacks (`missing`) join it, and only interactions the row has no value for are listed (a value typed wins)."""
    current = cell_text(row.get(FIELD))
    listed = {f for f, label in labels if lists(current, label)}
    for f, _ in labels:
        if f in reported:
            listed.discard(f)
        elif f in missing:
            listed.add(f)
    kept = [label for f, label in labels if f in listed and is_blank(row.get(f))]
    return SEPARATOR.join(kept) or None


def cell_text(value: Any) -> str:
    """A cell value as text in a formula (numbers as Excel shows them in text, blanks as "")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
