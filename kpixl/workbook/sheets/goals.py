"""The Goals sheet: SMART goals with actual, progress, pace, projection and status by formula.

Each row's rules come from `kpixl.report.goals.rules(direction, kind)`, rendered for that row's direction and kind when
the workbook is built. The actual value aggregates the network tables from the goal's start to the earlier of its
deadline and the evaluation date; the evaluation date is Settings' report period end, or TODAY() when it is blank. A
period end before today is a day that has ended, so a goal due then gets its final status (achieved or missed).
A template's placeholder goals carry an Example mark; the Dashboard cites a goal only once the analyst clears it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from openpyxl.formatting.rule import CellIsRule, FormulaRule, IconSetRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from kpixl.catalog import kpi as catalog
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.engine import evaluate_scalar
from kpixl.render.excel_formula import formula, text_literal
from kpixl.report import audience
from kpixl.report.goals import STATUS_LEVEL, Goal, rules
from kpixl.text.labels import label
from kpixl.workbook.formulas import aggregates, audience as audience_formulas
from kpixl.workbook.layout import UNIT_FORMATS, Layout
from kpixl.workbook.styles import AMBER, GREEN, GREY, RED, Styler, print_setup, text_width
from kpixl.workbook.values import TableValues, day_of, serial, values_of

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
COLUMNS = ("kpi", "network", "direction", "kind", "baseline", "target", "low", "high", "start", "deadline", "owner",
           "actual", "on", "progress", "percent_of_target", "expected_progress", "expected_value", "projection",
           "status", "level", "example")
HEADERS = {"low": "wb_low", "high": "wb_high", "on": "wb_evaluated_on", "level": "wb_level", "example": "wb_example"}
PERCENT = ("progress", "percent_of_target", "expected_progress")
STATUS_FILLS = {3: GREEN, 2: AMBER, 1: RED, 0: GREY}



def letter(key: str) -> str:
    return get_column_letter(COLUMNS.index(key) + 1)


def cell(key: str, row: int) -> str:
    """Address of a goal's value on the Goals sheet, e.g. cell('status', 5) → 'S5'."""
    return f"{letter(key)}{row}"


def status_cell(layout: Layout, goals: Sequence[Goal], kpi_id: str, network: str) -> str | None:
    """Sheet-qualified address of the status of the first goal on this KPI and network, if any."""
    for index, goal in enumerate(goals):
        if goal.kpi == kpi_id and goal.network == network:
            return _on_sheet(layout, cell("status", FIRST_ROW + index))
    return None


def _on_sheet(layout: Layout, address: str) -> str:
    from kpixl.workbook.sheets.settings import quoted

    return f"{quoted(layout.sheet_name('goals'))}!{address}"


def confirmed(layout: Layout, index: int) -> str:
    """Formula condition: goal `index` (0-based row of the Goals sheet) is the client's, its Example mark cleared."""
    return f'{_on_sheet(layout, cell("example", FIRST_ROW + index))}=""'


def cited_status(layout: Layout, goals: Sequence[Goal], kpi_id: str, network: str) -> str | None:
    """Formula expression: the status the Dashboard cites for the first goal on this KPI and network, blank while
    the goal is marked as an example; None when there is no such goal."""
    for index, goal in enumerate(goals):
        if goal.kpi == kpi_id and goal.network == network:
            return f'IF({confirmed(layout, index)},{_on_sheet(layout, cell("status", FIRST_ROW + index))},"")'
    return None


def goal_values(layout: Layout, goal: Goal, values: TableValues) -> dict[str, Any]:
    """What a goal row's formulas give (the cached values), from the recorded table numbers and the Settings."""
    settings = {s.key: s.value for s in layout.settings}
    end = settings.get("period_end")
    on = serial(end if end else dt.date.today())
    closed = int(bool(end) and serial(end) < serial(dt.date.today()))  # see _formulas: a period end before today
    cells: dict[str, Any] = {"baseline": goal.baseline, "target": goal.target, "low": goal.low, "high": goal.high,
                             "start": serial(goal.start), "deadline": serial(goal.deadline), "on": on}
    nets = layout.networks if goal.network is None else (goal.network,)
    if _from_audience(layout, nets, goal.kpi):
        cells["actual"] = audience.period_value(goal.kpi, values.audience, nets, goal.start,
                                                min(goal.deadline, day_of(on)))
    else:
        cells["actual"] = aggregates.kpi_value_of(layout, values, nets, goal.kpi, cells["start"],
                                                  min(cells["deadline"], on))
    params = {**{name: settings[name] for name in ("on_track_at", "behind_at")}, "closed": closed}
    out = {"actual": cells["actual"], "on": on}
    for key, expr in rules(goal.direction, goal.kind, closing=True).items():  # type: ignore[arg-type]
        result = evaluate_scalar(expr, {**cells, **params})
        out[key] = label(result, layout.lang) if isinstance(result, str) else result
    if on < cells["start"]:
        out["status"] = label("not_started", layout.lang)
    levels = {label(code, layout.lang): level for code, level in STATUS_LEVEL.items()}
    out["level"] = levels.get(out["status"]) or None
    return out


def _from_audience(layout: Layout, nets: Sequence[str], kpi_id: str) -> bool:
    """Whether a goal's KPI is computed from the Audience table (not a column of every network table)."""
    return audience.is_audience_kpi(kpi_id) and layout.audience is not None and not all(
        layout.has_column(n, f"kpi:{kpi_id}") for n in nets)


def period_value(layout: Layout, nets: Sequence[str], kpi_id: str, start: str, end: str) -> str | None:
    """A KPI over a date range: from the network tables when they have its column, else from the Audience table."""
    if _from_audience(layout, nets, kpi_id):
        return audience_formulas.kpi_value(layout, nets, kpi_id, start, end)
    return aggregates.kpi_value(layout, nets, kpi_id, start, end)


def _formulas(layout: Layout, goal: Goal, row: int) -> dict[str, str]:
    refs = {key: cell(key, row) for key in ("actual", "baseline", "target", "low", "high", "start", "deadline", "on")}
    end = layout.defined_name("period_end")
    params = {name: layout.defined_name(name) for name in ("on_track_at", "behind_at")}
    params["closed"] = f'(AND({end}<>"",{end}<TODAY())*1)'  # the report period's last day has ended
    strings = {code: label(code, layout.lang) for code in STATUS_LEVEL}
    nets = layout.networks if goal.network is None else (goal.network,)
    actual = period_value(layout, nets, goal.kpi, f"${refs['start']}", f"MIN(${refs['deadline']},{refs['on']})")
    out = {"actual": f"={actual}", "on": f'=IF({end}="",TODAY(),{end})'}
    for key, expr in rules(goal.direction, goal.kind, closing=True).items():  # type: ignore[arg-type]
        out[key] = formula(expr, refs, params=params, strings=strings)
    not_started = text_literal(strings["not_started"])
    out["status"] = f'=IF(AND({refs["on"]}<>"",{refs["on"]}<{refs["start"]}),{not_started},{out["status"][1:]})'
    status = cell("status", row)
    chain = '""'  # not started (level 0) stays blank: the icon set ignores it instead of showing a red light
    for code, level in sorted(STATUS_LEVEL.items(), key=lambda kv: kv[1]):
        if level == 0:
            continue
        chain = f"IF({status}={text_literal(strings[code])},{level},{chain})"
    out["level"] = f'=IF({status}="","",{chain})'
    return out


def _lazy(layout: Layout, goal: Goal, values: TableValues) -> Callable[[str], Any]:
    """One goal's cached values by output, computed once, when the workbook is saved (after every row)."""
    found: dict[str, Any] = {}

    def value(key: str) -> Any:
        if not found:
            found.update(goal_values(layout, goal, values))
        return found[key]

    return value


def status_value(layout: Layout, goals: Sequence[Goal], kpi_id: str, network: str, values: TableValues) -> Any:
    """The cached value of `cited_status`: the status of the first goal on this KPI and network (None if none, or
    while it is an example)."""
    for goal in goals:
        if goal.kpi == kpi_id and goal.network == network:
            return None if goal.example else goal_values(layout, goal, values)["status"]
    return None


def write(workbook: Any, layout: Layout, goals: Sequence[Goal], currency: str) -> None:
    """Append the Goals sheet."""
    lang = layout.lang
    ws = workbook.create_sheet(layout.sheet_name("goals"))
    # wide enough for the header (two lines) and the names, owners and statuses of the workbook's language
    shown: dict[str, list[str]] = {"kpi": [catalog.get(g.kpi).name(lang) for g in goals],
                                   "network": [label("all_networks", lang)], "owner": [g.owner for g in goals],
                                   "status": [label(code, lang) for code in STATUS_LEVEL],
                                   "direction": [label(g.direction or "", lang) for g in goals],
                                   "kind": [label(g.kind or "", lang) for g in goals]}
    for index, key in enumerate(COLUMNS, start=1):
        width = max([{"kpi": 28, "network": 14, "owner": 16, "status": 14}.get(key, 12),
                     text_width(label(HEADERS.get(key, key), lang), 2)]
                    + [text_width(v, bold=False) for v in shown.get(key, []) if v])
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[HEADER_ROW].height = 32
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    ws.freeze_panes = f"C{FIRST_ROW}"
    styler = Styler(ws, currency)
    ws.append([styler.cell(label("wb_goals_title", lang), "title")])
    ws.append([styler.cell(label("wb_refresh_hint", lang), "subtitle")])
    # the template's placeholder goals say so, beside their Example mark (row 3 stays empty otherwise)
    ws.append([styler.cell(label("wb_goals_examples_note", lang), "label")] if any(g.example for g in goals) else [])
    text_columns = ("kpi", "network", "direction", "kind", "owner", "status", "example")
    ws.append([styler.cell(label(HEADERS.get(k, k), lang), "header" if k in text_columns else "header_num")
               for k in COLUMNS])
    for index, goal in enumerate(goals):
        row = FIRST_ROW + index
        kpi = catalog.get(goal.kpi)
        unit_fmt = UNIT_FORMATS[kpi.unit]
        formulas = _formulas(layout, goal, row)
        cached = _lazy(layout, goal, values_of(workbook))
        values: dict[str, Any] = {
            "kpi": kpi.name(lang), "network": NETWORK_NAMES[goal.network] if goal.network else
            label("all_networks", lang), "direction": label(goal.direction or "", lang),
            "kind": label(goal.kind or "", lang), "baseline": goal.baseline, "target": goal.target,
            "low": goal.low, "high": goal.high, "start": goal.start, "deadline": goal.deadline, "owner": goal.owner,
            "example": label("wb_example", lang) if goal.example else None}
        out = []
        for key in COLUMNS:
            fmt = ("percent" if key in PERCENT else "date" if key in ("start", "deadline", "on") else
                   "integer" if key == "level" else None if key in ("kpi", "network", "direction", "kind", "owner",
                                                                    "status", "example") else unit_fmt)
            if key in formulas:
                out.append(styler.cell(formulas[key], "cell", fmt, cached=partial(cached, key)))
            elif isinstance(values[key], str):
                out.append(styler.text(values[key], "input"))
            else:
                out.append(styler.cell(values[key], "input", fmt, True))
        ws.append(out)
        layout.goals.append({"row": row, "kpi": goal.kpi, "network": goal.network or "all",
                             "direction": goal.direction, "kind": goal.kind, "baseline": goal.baseline,
                             "target": goal.target, "low": goal.low, "high": goal.high,
                             "start": dt.date.isoformat(goal.start), "deadline": dt.date.isoformat(goal.deadline),
                             "owner": goal.owner, "example": goal.example,
                             "cells": {k: cell(k, row) for k in COLUMNS}})
    if goals:
        last = FIRST_ROW + len(goals) - 1
        ws.conditional_formatting.add(f"{letter('level')}{FIRST_ROW}:{letter('level')}{last}",
                                      IconSetRule("3TrafficLights1", "num", [0, 2, 3], showValue=False))
        example = letter("example")
        ws.conditional_formatting.add(f"{example}{FIRST_ROW}:{example}{last}", FormulaRule(
            formula=[f"LEN({example}{FIRST_ROW})>0"], fill=PatternFill("solid", bgColor=AMBER, fgColor=AMBER)))
        status_range = f"{letter('status')}{FIRST_ROW}:{letter('status')}{last}"
        for code, level in STATUS_LEVEL.items():
            ws.conditional_formatting.add(status_range, CellIsRule(
                operator="equal", formula=[text_literal(label(code, lang))],
                fill=PatternFill("solid", bgColor=STATUS_FILLS[level], fgColor=STATUS_FILLS[level])))
