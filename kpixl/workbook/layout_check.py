"""The layout read back from a workbook's hidden sheet is checked before anything uses it: a workbook may come from
someone else, and its names become sheet names, defined names and structured references in formulas.

What kpixl writes is what is accepted: known networks, each once; table names `tbl_<network>`; column keys of the
catalog's kinds with unique, plain headers; valid sheet names; counts bounded by what a template can produce. The
first problem found is a one-line error (`layout_invalid`), so a crafted sheet can neither hang a refresh nor put
formula text into the workbook.
"""

from __future__ import annotations

import re
from typing import Any

from kpixl.catalog import kpi as catalog
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.workbook.layout_sheet import LAYOUT_SHEET

MAX_COLUMNS = 400
"""Most columns a network table may list (a template gives about 60 at most)."""
MAX_SETTINGS = 400
MAX_GOALS = 2000
MAX_NAME = 255
"""Longest header Excel accepts for a table column."""

_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")
_KPI_KEY = re.compile(r"(kpi|num|den):([a-z][a-z0-9_]{0,63})")
_ROLES = {"input", "notes", "link", "kpi", "helper", "derived"}
_SHEET_FORBIDDEN = set("[]:*?/\\")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class LayoutInvalid(KpixlError):
    """A layout sheet that kpixl did not write as it is."""

    def __init__(self, why: str):
        super().__init__(Message("layout_invalid", sheet=LAYOUT_SHEET, why=why))


def check(data: Any, *, audience_table: str) -> None:
    """Refuse layout JSON (as parsed) that kpixl would not have written; see the module docstring."""
    if not isinstance(data, dict):
        raise LayoutInvalid(Message("layout_bad_name", what="layout", name=type(data).__name__))
    networks = data.get("networks")
    if isinstance(networks, list) and len(networks) <= 100_000:  # a repeated network named before any count
        repeated = next((n for n in dict.fromkeys(networks) if isinstance(n, str) and networks.count(n) > 1), None)
        if repeated in NETWORK_NAMES:
            raise LayoutInvalid(Message("layout_duplicate_network", network=NETWORK_NAMES[repeated],
                                        count=networks.count(repeated)))
    networks = _listed(networks, "networks", len(NETWORK_NAMES))
    for net in networks:
        if not isinstance(net, str) or net not in NETWORK_NAMES:
            raise LayoutInvalid(Message("layout_unknown_network", network=str(net)[:40]))
        if networks.count(net) > 1:
            raise LayoutInvalid(Message("layout_duplicate_network", network=NETWORK_NAMES[net], count=2))
    tables = data.get("tables")
    if not isinstance(tables, dict) or set(tables) != set(networks):
        raise LayoutInvalid(Message("layout_bad_name", what="tables", name=", ".join(map(str, tables or ()))[:80]))
    for net, table in tables.items():
        if not isinstance(table, dict) or table.get("table") != f"tbl_{net}":
            raise LayoutInvalid(Message("layout_bad_name", what="table", name=str(_get(table, "table"))[:80]))
        _sheet_name(table.get("sheet"))
        _columns(NETWORK_NAMES[net], table.get("columns"))
    sheets = data.get("sheets")
    if not isinstance(sheets, dict) or len(sheets) > 40:
        raise LayoutInvalid(Message("layout_bad_name", what="sheets", name=type(sheets).__name__))
    for name in sheets.values():
        _sheet_name(name)
    for setting in _listed(data.get("settings"), "settings", MAX_SETTINGS):
        key = _get(setting, "key")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise LayoutInvalid(Message("layout_bad_name", what="setting", name=str(key)[:80]))
    _listed(data.get("goals"), "goals", MAX_GOALS)
    audience = data.get("audience")
    if audience is not None:
        if not isinstance(audience, dict) or audience.get("table") != audience_table:
            raise LayoutInvalid(Message("layout_bad_name", what="table", name=str(_get(audience, "table"))[:80]))
        _sheet_name(audience.get("sheet"))
        _columns(str(audience.get("sheet")), audience.get("columns"))


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else value


def _listed(value: Any, what: str, limit: int) -> list[Any]:
    if not isinstance(value, list):
        raise LayoutInvalid(Message("layout_bad_name", what=what, name=type(value).__name__))
    if len(value) > limit:
        raise LayoutInvalid(Message("layout_too_many", count=len(value), what=what, limit=limit))
    return value


def _sheet_name(name: Any) -> None:
    """A name Excel accepts for a sheet (kpixl's sheets are named by its labels)."""
    if (not isinstance(name, str) or not name.strip() or len(name) > 31 or set(name) & _SHEET_FORBIDDEN
            or name.startswith("'") or name.endswith("'") or _CONTROL.search(name)):
        raise LayoutInvalid(Message("layout_bad_name", what="sheet", name=str(name)[:80]))


def _columns(where: str, columns: Any) -> None:
    """Column keys of the catalog's kinds, each once, with unique plain headers."""
    keys: set[str] = set()
    headers: set[str] = set()
    for column in _listed(columns, "columns", MAX_COLUMNS):
        key, header, role = _get(column, "key"), _get(column, "header"), _get(column, "role")
        kpi = _KPI_KEY.fullmatch(key) if isinstance(key, str) else None
        if not isinstance(key, str) or key in keys or not (_KEY.fullmatch(key) or kpi) or role not in _ROLES:
            raise LayoutInvalid(Message("layout_bad_name", what="column", name=str(key)[:80]))
        if kpi is not None and kpi.group(2) not in catalog.catalog():
            raise LayoutInvalid(Message("layout_bad_name", what="KPI", name=kpi.group(2)))
        _header(where, header, headers)
        keys.add(key)
        headers.add(header)


def _header(where: str, header: Any, seen: set[str]) -> None:
    """A header as a template writes it: text of up to 255 characters, no line breaks, control characters or
    brackets (which could close a structured reference), not starting like a formula, not repeated."""
    if (not isinstance(header, str) or not header.strip() or len(header) > MAX_NAME or _CONTROL.search(header)
            or "[" in header or "]" in header or header[0] in "=+-@" or header in seen):
        raise LayoutInvalid(Message("layout_bad_header", header=str(header)[:80], network=where))
