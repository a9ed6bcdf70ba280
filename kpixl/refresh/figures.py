"""The figure sheets' cached values after an import: what `kpixl new` would write now, given where it is still true.

An import changes the tables that the Dashboard, Goals, Top posts, Trends and Creators sheets sum up. kpixl's own
writers run again on the workbook as it now is (its tables, Audience, Settings and goals) into a shadow workbook, and
a formula cell of the user's sheet takes the shadow's cached value only where it holds the very formula the shadow
has at that address, the sheet holds no other formula than the shadow's (a sheet an earlier kpixl wrote keeps its own
formulas, and an unchanged cell may read one that changed) and every constant of those sheets (and of Settings and
Benchmarks, which they read) is the one the shadow shows. Anything else the user changed there leaves the values out
(blank until Excel or LibreOffice recalculates: never a stale or a wrong figure). Pure: `kpixl.refresh.cached_at_save`
reads the cells and the shadow.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import fields, replace
from typing import Any

from kpixl.errors import KpixlError
from kpixl.refresh.audience_import import NETWORK_IDS
from kpixl.refresh.books.protocol import Given, TableData
from kpixl.report import audience
from kpixl.report.goals import Goal
from kpixl.workbook import builder, templates
from kpixl.workbook.layout import Layout
from kpixl.workbook.sheets.network import RowMemo
from kpixl.workbook.values import serial
from kpixl.xlsx.cell_values import Formula

FIGURE_SHEETS = ("dashboard", "posts", "trends", "creators", "goals")
"""kpixl's sheets of figures computed from the tables: their cached values go stale when an import changes a table."""
READ_SHEETS = ("settings", "benchmarks")
"""Sheets the figures read (by defined names and lookups): their constants must be the shadow's too."""
GOAL_INPUTS = ("baseline", "target", "low", "high", "start", "deadline", "owner")

Cell = tuple[Any, str | None, str | None]
"""A cell as read: its value (a formula as its `=` text) and, for a formula, its cached type attribute and `<v>`."""
Cells = dict[tuple[int, int], Cell]
"""A sheet's cells by (row, column), 1-based."""


def table_rows(layout: Layout, net: str, data: TableData) -> list[dict[str, Any]] | None:
    """A network table's rows as `kpixl new` takes them (input fields by key, from the columns found by header);
    None when an input cell holds a formula (its value is Excel's to compute, not kpixl's)."""
    where = {h: i for i, h in enumerate(data.headers)}
    sources = [(col.field or col.key, where[col.header]) for col in layout.columns(net)
               if col.role in ("input", "notes") and col.header in where]
    out = []
    for line in data.rows:
        row = {}
        for key, i in sources:
            value = line[i] if i < len(line) else None
            if isinstance(value, Formula):
                return None
            row[key] = value
        out.append(row)
    while out and all(v is None or v == "" for v in out[-1].values()):  # the empty, ready-to-type last row
        out.pop()
    return out


def audience_rows(layout: Layout, data: TableData | None) -> list[dict[str, Any]]:
    """The Audience table's rows as `kpixl new` takes them (network ids, days)."""
    spec = layout.audience
    if spec is None or data is None:
        return []
    headers = {c.key: c.header for c in spec.columns if c.header in data.headers}
    rows = audience.rows_from_table(data.headers, data.rows, headers, NETWORK_IDS)
    return [r for r in rows if r.get("network") or r.get("date")]


def goals_now(layout: Layout, cell: Mapping[str, Any]) -> list[Goal] | None:
    """The workbook's goals as their rows on the Goals sheet hold them now (`cell`: value by A1 address); None when
    a goal's inputs no longer make a goal (kpixl cannot know what the sheet computes then)."""
    goals = []
    for entry in layout.goals:
        given = {key: cell.get(entry["cells"][key]) for key in GOAL_INPUTS}
        for key in ("start", "deadline"):
            if isinstance(given[key], dt.datetime):
                given[key] = given[key].date()
            if not isinstance(given[key], dt.date):
                return None
        for key in ("baseline", "target"):
            if not _number(given[key]):
                return None
        for key in ("low", "high"):
            if given[key] is not None and not _number(given[key]):
                return None
        marks = {}
        if "example" in entry["cells"] and "example" in {f.name for f in fields(Goal)}:  # a template's placeholder
            marks["example"] = cell.get(entry["cells"]["example"]) not in (None, "")
        try:
            goals.append(Goal(kpi=entry["kpi"], network=None if entry["network"] == "all" else entry["network"],
                              direction=entry["direction"], kind=entry["kind"],
                              owner="" if given["owner"] is None else str(given["owner"]),
                              **marks,
                              **{k: given[k] for k in ("baseline", "target", "low", "high", "start", "deadline")}))
        except (KpixlError, KeyError, ValueError, TypeError):
            return None
    return goals


def shadow(layout: Layout, rows: Mapping[str, Sequence[Mapping[str, Any]]], days: Sequence[Mapping[str, Any]],
           goals: Sequence[Goal], memo: RowMemo | None = None, creators: Sequence[str] = ()) -> bytes | None:
    """The workbook `kpixl new` would write for these rows, days, goals and Settings, figure sheets only (None when
    the workbook's template or report period cannot be rebuilt); `creators`: the names the Creators sheet's rows
    hold, kept first and in their order (then the tables' other creators)."""
    start, end = (layout.setting(k).value for k in ("period_start", "period_end"))
    if not all(isinstance(d, dt.date) for d in (start, end)):
        return None
    period = tuple(d.date() if isinstance(d, dt.datetime) else d for d in (start, end))
    try:
        template = templates.load(layout.template)
    except KpixlError:
        return None
    settings = tuple(replace(s, value=s.value.date()) if isinstance(s.value, dt.datetime) else s
                     for s in layout.settings)  # a date cell reads as a datetime; kpixl new takes dates
    fresh = replace(copy.deepcopy(layout), goals=[], dashboard={"creators": {"names": list(creators)}},
                    settings=settings)
    spec = builder.Spec(template, fresh, list(goals), period, str(layout.setting("currency").value))  # type: ignore[arg-type]
    out = io.BytesIO()
    builder.write_workbook(spec, out, rows, audience=days, lite=False, figures_only=True, memo=memo)
    return out.getvalue()


def given_values(ours: Mapping[str, Cells], theirs: Mapping[str, Cells], read: Sequence[str] = ()
                 ) -> dict[str, Given]:
    """Per user sheet (by name), the formula cells that take the shadow's cached value. A sheet gets none when one
    of its constants is not the shadow's (within the shadow's used range: a creator typed into a spare row counts,
    a note far to the right does not), nor when it reads (names) such a sheet; every sheet gets none when a sheet
    in `read` (Settings, Benchmarks) differs."""
    differs = {sheet for sheet, cells in ours.items() if sheet in theirs and not (
        _same_constants(cells, theirs[sheet]) and _same_formulas(cells, theirs[sheet]))}
    if differs & set(read):
        return {}
    figures = [sheet for sheet in ours if sheet in theirs and sheet not in read]
    changed = True
    while changed:  # a sheet whose formulas read a sheet that differs differs too
        changed = False
        for sheet in figures:
            if sheet not in differs and any(_mentions(value, other) for other in differs
                                            for value, kind, _ in ours[sheet].values() if kind is not None):
                differs.add(sheet)
                changed = True
    given: dict[str, Given] = {}
    for sheet in figures:
        if sheet in differs:
            continue
        user = theirs[sheet]
        given[sheet] = {where: (kind, text) for where, (value, kind, text) in ours[sheet].items()
                        if kind is not None and text is not None and where in user and user[where][0] == value}
    return given


def _same_constants(ours: Cells, theirs: Cells) -> bool:
    """Whether every constant the shadow writes is the user's, and the user added none inside the shadow's range."""
    for where, (value, kind, _) in ours.items():
        if kind is None and not _same(value, theirs[where][0] if where in theirs else None):
            return False
    if not ours:
        return True
    last_row, last_col = max(r for r, _ in ours), max(c for _, c in ours)
    return all(where in ours or _same(value, None) for where, (value, kind, _) in theirs.items()
               if kind is None and where[0] <= last_row and where[1] <= last_col)


def _same_formulas(ours: Cells, theirs: Cells) -> bool:
    """Whether the user's sheet holds the shadow's formulas, no other, within the shadow's range: a sheet an earlier
    kpixl wrote (or the user edited) keeps its own formulas, and a cell whose formula is unchanged may read one that
    is not, so none of its cells can take the value kpixl's formulas of today compute."""
    if not ours:
        return True
    last_row, last_col = max(r for r, _ in ours), max(c for _, c in ours)

    def formulas(cells: Cells) -> dict[tuple[int, int], Any]:
        return {where: value for where, (value, _, _) in cells.items()
                if isinstance(value, Formula) and where[0] <= last_row and where[1] <= last_col}

    return formulas(ours) == formulas(theirs)


def _mentions(formula: Any, sheet: str) -> bool:
    """Whether a formula's text names a sheet (quoted or not) in a reference."""
    if not isinstance(formula, str):
        return False
    quoted = "'" + sheet.replace("'", "''") + "'!"
    return quoted in formula or (sheet + "!") in formula


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _same(a: Any, b: Any) -> bool:
    """Two constants as the same cell would show them (numbers to 1e-12, dates as days, "" as blank)."""
    a, b = (_plain(x) for x in (a, b))
    if _number(a) and _number(b):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b


def _plain(value: Any) -> Any:
    """A constant as the cell holds it: dates as Excel's day numbers, "" as blank."""
    if value == "":
        return None
    if isinstance(value, dt.date):  # datetimes too
        return serial(value)
    return value
