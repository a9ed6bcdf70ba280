"""Run an exported function on Excel-style arguments: one call for a whole range, cell by cell in pure Python.

Each argument is a single cell or a range (list of lists); single cells broadcast against ranges and the result
has the ranges' shape. Per cell: the engine's "no value" becomes #DIV/0!, text that is not a number #VALUE!, an
error in an input cell passes through, and a row whose input ranges are all blank stays blank. A problem with the call
itself (unknown variant, a needed argument left out, ranges of different sizes) raises `UdfInputError`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from kpixl_udfs import excel_values as cells
from kpixl_udfs.excel_values import BAD_INPUT, NO_VALUE, CellError
from kpixl_udfs.registry import FunctionSpec, Param

from kpixl.catalog import kpi as catalog_module
from kpixl.catalog.expr import Expr, inputs_of, to_text, within
from kpixl.errors import KpixlError
from kpixl.render.engine import evaluate_scalar
from kpixl.report.goals import rules
from kpixl.text.labels import label
from kpixl.text.languages import check_language


class UdfInputError(KpixlError):
    """The call cannot be computed at all; the message says why (shown on hover in Lite, in the cell in classic)."""


def call(spec: FunctionSpec, args: Mapping[str, Any]) -> Any:
    """Compute `spec` on bound arguments (by parameter name); scalars in, scalar out; ranges in, ranges out."""
    if spec.kind == "catalog":
        return kpis_table(args.get("lang"), args.get("area"))
    supplied = {p.name: args.get(p.name) for p in spec.params}
    try:
        shapes = {name: cells.shape_of(value) for name, value in supplied.items() if value is not None}
        shape = cells.common_shape(shapes)
    except ValueError as exc:
        raise UdfInputError(str(exc)) from None
    size = 1
    for n in shape:
        size *= n
    columns = {name: _column(value, shapes[name], size) for name, value in supplied.items() if value is not None}
    cell = _kpi_cell(spec, supplied) if spec.kind in ("kpi", "engagements") else _goal_cell(spec, supplied)
    data = [p.name for p in spec.params if p.kind in ("number", "date") and p.name in columns]
    data = [name for name in data if shapes[name] != ()] or data  # constants broadcast: rows follow the ranges
    out: list[Any] = []
    reasons: set[str] = set()
    for j in range(size):
        row = {name: column[j] for name, column in columns.items()}
        if data and all(cells.is_blank(row[name]) for name in data):
            out.append("")
            continue
        try:
            value = cell(row)
        except CellError as exc:
            out.append(exc.code)
            reasons.add(exc.reason if exc.code == BAD_INPUT else exc.code)
            continue
        out.append(NO_VALUE if value is None else value)
    if reasons and len(reasons) == 1 and all(v == BAD_INPUT for v in out):
        raise UdfInputError(reasons.pop())  # the same problem everywhere: it is the call, not a cell
    return cells.reshape(out, shape)


def _column(value: Any, shape: cells.Shape, size: int) -> list[Any]:
    flat = cells.flatten(value, shape)
    return flat * size if len(flat) == 1 else flat


def _option(row: Mapping[str, Any], param: Param | None, what: str) -> str | None:
    if param is None:
        return None
    return cells.to_option(row.get(param.name), param.choices, what)


def _settings(settings: list[Param], row: Mapping[str, Any]) -> dict[str, Any]:
    """The settings given for one row; a blank cell in a settings range takes the default, as an empty argument does
    (an error cell raises its error: never a silent default)."""
    values = {}
    for p in settings:
        if p.name in row:
            value = cells.to_number(row[p.name])
            values[p.name] = p.default if value is None else value
    return values


def _params(spec: FunctionSpec) -> dict[str, Param]:
    return {p.name: p for p in spec.params}


def _kpi_cell(spec: FunctionSpec, supplied: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], Any]:
    """A function of one row of cells for a KPI (expression cached per variant/network)."""
    kpi = catalog_module.get(spec.target)
    params = _params(spec)
    given = frozenset(name for name, value in supplied.items() if value is not None)
    provided = given if spec.kind == "engagements" else frozenset(catalog_module.DERIVED)
    settings = [p for p in spec.params if p.kind == "setting"]
    cache: dict[tuple[str | None, str | None], tuple[Expr, tuple[str, ...]]] = {}

    def expression(variant: str | None, network: str | None) -> tuple[Expr, tuple[str, ...]]:
        key = (variant, network)
        if key not in cache:
            try:
                expr = kpi.expression(variant, network=network, provided=provided)
                if spec.kind != "engagements":  # ENGAGEMENTS names a network's interactions left out
                    expr = within(expr, given)  # EMV: impressions, or views where only they are given
            except KpixlError as exc:
                raise CellError(BAD_INPUT, str(exc)) from None
            names = inputs_of(expr)
            absent = [n for n in names if n not in given and not params[n].required]
            if absent:
                raise CellError(BAD_INPUT, f"{spec.excel_name}: {_needs(kpi, spec, variant, network, absent)}")
            cache[key] = (expr, names)
        return cache[key]

    def cell(row: Mapping[str, Any]) -> Any:
        variant = _option(row, params.get("variant"), "variant")
        network = _option(row, params.get("network"), "network")
        expr, names = expression(variant, network)
        values = {name: cells.to_input(name, row.get(name)) for name in names}
        values.update(_settings(settings, row))
        return evaluate_scalar(expr, values, names)

    return cell


def _needs(kpi: catalog_module.Kpi, spec: FunctionSpec, variant: str | None, network: str | None,
           absent: list[str]) -> str:
    """Why the call cannot be computed: which argument is missing and who needs it."""
    missing = ", ".join(absent)
    if spec.kind == "engagements":
        if network:
            return f"network {network!r} counts {missing}; pass them or leave network empty"
        return "give at least one interaction range (likes, comments, shares …)"
    return f"variant {kpi.variant_for(variant, network).id!r} needs {missing}; pass it or choose another variant"


def _goal_cell(spec: FunctionSpec, supplied: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], Any]:
    """A function of one row of cells for a goal rule (expression cached per direction/kind)."""
    params = _params(spec)
    given = {name for name, value in supplied.items() if value is not None}
    today = cells.today_serial()
    cache: dict[tuple[str, str], tuple[Expr, tuple[str, ...]]] = {}

    def expression(direction: str, kind: str) -> tuple[Expr, tuple[str, ...]]:
        if (direction, kind) not in cache:
            expr = rules(direction, kind)[spec.target]
            names = inputs_of(expr)
            absent = [n for n in names if n in ("low", "high") and n not in given]
            if absent:
                raise CellError(BAD_INPUT, f"{spec.excel_name}: a {direction} goal needs {' and '.join(absent)}")
            cache[(direction, kind)] = (expr, names)
        return cache[(direction, kind)]

    def value_of(name: str, row: Mapping[str, Any]) -> Any:
        param = params["on_date" if name == "on" else name]
        if param.kind == "date":
            if name == "on" and "on_date" not in given:
                return today
            serial = cells.to_serial(row.get(param.name))
            # whole days, as Goal.evaluate: a time of day (=NOW(), a timestamp) must not move the pace
            return None if serial is None else math.floor(serial)
        return cells.to_number(row.get(param.name))

    def cell(row: Mapping[str, Any]) -> Any:
        direction = _option(row, params.get("direction"), "direction") or "increase"
        kind = _option(row, params.get("kind"), "kind") or "cumulative"
        lang = _option(row, params.get("lang"), "language")
        expr, names = expression(direction, kind)
        values = {name: value_of(name, row) for name in names}
        values.update(_settings([p for p in spec.params if p.kind == "setting"], row))
        start, deadline = values.get("start"), values.get("deadline")
        if start is not None and deadline is not None and deadline < start:
            raise CellError(BAD_INPUT, f"{spec.excel_name}: deadline is before start")
        result = evaluate_scalar(expr, values, names)
        if spec.target == "status":
            if result is None and values.get("on") is not None and start is not None and values["on"] < start:
                result = "not_started"  # as Goal.evaluate: no data before the start is expected
            if result is not None and lang:
                result = label(result, lang)
        return result

    return cell


def _single_text(value: Any, what: str) -> str | None:
    """A text argument from one cell (xlwings hands over [[value]]); an error cell raises its error."""
    shape = cells.shape_of(value)
    if shape != ():
        raise UdfInputError(f"{what} must be a single cell, not a range of {'×'.join(map(str, shape))}")
    value = cells.flatten(value, shape)[0]
    if cells.is_blank(value):
        return None
    code = cells.error_code(value)
    if code:
        raise CellError(code, f"{what} cell holds {code}")
    return str(value).strip().lower()


def kpis_table(lang: Any = None, area: Any = None) -> list[list[Any]] | str:
    """The catalog as rows: a header, then id, name, unit and default formula of each KPI (an error cell given as
    an argument comes back as that error)."""
    try:
        lang, area = _single_text(lang, "lang") or "en", _single_text(area, "area")
    except CellError as exc:
        return exc.code
    try:
        check_language(lang)
    except KpixlError as exc:
        raise UdfInputError(str(exc)) from None
    if area is not None and area not in catalog_module.AREAS:
        raise UdfInputError(f"unknown area {area!r}; choose from: {', '.join(catalog_module.AREAS)}")
    rows: list[list[Any]] = [[label(key, lang) for key in ("id", "name", "unit", "formula")]]
    for kpi in catalog_module.catalog().values():
        if area is None or kpi.area == area:
            rows.append([kpi.id, kpi.name(lang), label(kpi.unit, lang), to_text(kpi.expression())])
    return rows
