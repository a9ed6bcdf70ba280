"""Expressions → native Excel formulas over cell or structured references.

The same `Expr` the engine computes is written here as a formula, so the workbook and the engine cannot disagree.
Only functions of Excel 2007's set are used (IF, IFERROR, COUNT, AND, OR, MIN, MAX, ABS), which LibreOffice 7.4
also knows; nothing needs the `_xlfn.` prefix.

"No value" becomes a blank ("") by default: the formula is wrapped as
`IF(COUNT(inputs)<n, "", IFERROR(core, ""))`, i.e. blank when an input is missing or a denominator is zero. The
engagements of an interaction set (`ReportedSum`) are `IF(COUNT(likes,…)=0,"",SUM(likes,…))`: a blank interaction is
not reported for that row, and only a row with none is blank; the first input a row reports (`FirstReported`) is
`IF(ISNUMBER(impressions),impressions,IF(ISNUMBER(views),views,""))`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kpixl.catalog.expr import (
    BinOp,
    BoolOp,
    Compare,
    Const,
    Expr,
    FirstReported,
    Func,
    If,
    Input,
    Missing,
    Neg,
    Param,
    ReportedSum,
    reported_sums,
    required_inputs,
    split_ratio,
)
from kpixl.errors import MissingInputError

_PRECEDENCE = {"=": 0, "<>": 0, "<": 0, "<=": 0, ">": 0, ">=": 0, "+": 1, "-": 1, "*": 2, "/": 2, "^": 3}

BLANK = '""'


def structured_ref(table: str, column: str) -> str:
    """The file-format form of a this-row reference: `tbl[[#This Row],[Likes]]` (never the `[@Likes]` shorthand)."""
    if _unclosable(column):
        return f"INDEX({table}[[#Data]],ROW()-ROW({table}[[#Headers]]),{_position(table, column)})"
    return f"{table}[[#This Row],[{_escape_column(column)}]]"


def column_ref(table: str, column: str) -> str:
    """A whole table column: `tbl[Likes]`."""
    if _unclosable(column):
        return f"INDEX({table}[[#Data]],0,{_position(table, column)})"
    return f"{table}[{_escape_column(column)}]"


def _escape_column(column: str) -> str:
    """A column name as both engines read it inside `[…]`: Excel's rule, each of ' [ ] # after an apostrophe."""
    return "".join("'" + ch if ch in "[]#'" else ch for ch in column)


def _unclosable(column: str) -> bool:
    """Whether LibreOffice cannot read the name in brackets: it takes every `']` for an escaped bracket, so a name
    ending in an apostrophe (`Likes 'x'`) never closes (Err:507). Such a column is found by its header instead."""
    return column.endswith("'")


def _position(table: str, column: str) -> str:
    """The column's position in its table, found by its header (the same in Excel and LibreOffice)."""
    return f"MATCH({text_literal(column)},{table}[[#Headers]],0)"


def text_literal(value: str) -> str:
    """A string constant in Excel syntax."""
    return '"' + value.replace('"', '""') + '"'


def number_literal(value: float | int) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    return text[:-2] if text.endswith(".0") else text


class _Renderer:
    def __init__(self, refs: Mapping[str, str], params: Mapping[str, str], strings: Mapping[str, str],
                 no_value: str):
        self.refs = refs
        self.params = params
        self.strings = strings
        self.no_value = no_value

    def render(self, expr: Expr) -> str:
        if isinstance(expr, Input):
            try:
                return self.refs[expr.name]
            except KeyError:
                raise MissingInputError(f"no cell reference for input {expr.name!r}") from None
        if isinstance(expr, Const):
            if isinstance(expr.value, str):
                return text_literal(self.strings.get(expr.value, expr.value))
            return number_literal(expr.value)
        if isinstance(expr, Param):
            return self.params.get(expr.name, number_literal(expr.default))
        if isinstance(expr, Missing):
            return self.no_value
        if isinstance(expr, ReportedSum):
            cells = ",".join(self.render(Input(name)) for name in expr.names)
            return f"IF(COUNT({cells})=0,{self.no_value},SUM({cells}))"
        if isinstance(expr, FirstReported):
            body = self.no_value
            for name in reversed(expr.names):
                cell = self.render(Input(name))
                body = f"IF(ISNUMBER({cell}),{cell},{body})"
            return body
        if isinstance(expr, Neg):
            return f"-{self.wrapped(expr.operand, 4)}"
        if isinstance(expr, (BinOp, Compare)):
            prec = _PRECEDENCE[expr.op]
            left = self.wrapped(expr.left, prec)
            # right operand of - / ^ and of comparisons needs parentheses at equal precedence
            right = self.wrapped(expr.right, prec + (0 if expr.op in ("+", "*") else 1))
            return f"{left}{expr.op}{right}"
        if isinstance(expr, BoolOp):
            return f"{expr.op.upper()}({','.join(self.render(e) for e in expr.operands)})"
        if isinstance(expr, If):
            return f"IF({self.render(expr.condition)},{self.render(expr.then)},{self.render(expr.otherwise)})"
        if isinstance(expr, Func):
            return f"{expr.name.upper()}({','.join(self.render(a) for a in expr.args)})"
        raise TypeError(f"unknown expression node {expr!r}")

    def wrapped(self, expr: Expr, parent_precedence: int) -> str:
        text = self.render(expr)
        if isinstance(expr, Neg) or (isinstance(expr, (BinOp, Compare)) and _PRECEDENCE[expr.op] < parent_precedence):
            return f"({text})"
        return text


def render(expr: Expr, refs: Mapping[str, str], *, params: Mapping[str, str] | None = None,
           strings: Mapping[str, str] | None = None, no_value: str = BLANK) -> str:
    """The bare formula body (no `=`, no missing-input guard)."""
    return _Renderer(refs, params or {}, strings or {}, no_value).render(expr)


def formula(expr: Expr, refs: Mapping[str, str], *, params: Mapping[str, str] | None = None,
            strings: Mapping[str, str] | None = None, no_value: str = BLANK, guard_inputs: Expr | None = None,
            guard: Sequence[str] | None = None, present: Mapping[str, str] | None = None,
            groups: Sequence[Sequence[str]] | None = None) -> str:
    """A complete cell formula with the engine's "no value" rules.

    `refs` maps each input name to a reference (`B2`, `Settings!$B$4`, `tbl[[#This Row],[Likes]]`); `params` maps
    parameter names to references (absent ones use their default as a constant); `strings` localises text constants.
    `guard_inputs` widens the missing-input check to the inputs of another expression (used for ratio parts,
    which must be blank on exactly the rows where the whole KPI is); `guard` names the checked inputs directly;
    `present` gives guard inputs a condition under which a blank counts too (`OR(ISNUMBER(cell),condition)`: an
    interaction the export does not have, summed as 0); `groups` (default: the `ReportedSum`s of `guard_inputs`) are
    inputs of which one at least must be a number.
    """
    core = render(expr, refs, params=params, strings=strings, no_value=no_value)
    whole = guard_inputs if guard_inputs is not None else expr
    names = tuple(guard) if guard is not None else required_inputs(whole)
    if groups is None:
        groups = reported_sums(guard_inputs) if guard_inputs is not None and guard is None else ()
    body = f"IFERROR({core},{no_value})"
    conditions = []
    if names:
        present = present or {}
        counted = [refs[name] for name in names if name not in present]
        terms = [f"COUNT({','.join(counted)})"] if counted else ["0"] if len(present) == 1 else []
        terms += [f"OR(ISNUMBER({refs[name]}),{present[name]})" for name in names if name in present]
        conditions.append(f"{'+'.join(terms)}<{len(names)}")
    conditions += [f"COUNT({','.join(refs[name] for name in group)})=0" for group in groups]
    if conditions:
        test = conditions[0] if len(conditions) == 1 else f"OR({','.join(conditions)})"
        body = f"IF({test},{no_value},{body})"
    return "=" + body


def ratio_formulas(expr: Expr, refs: Mapping[str, str], *, params: Mapping[str, str] | None = None,
                   no_value: str = BLANK) -> tuple[str, str] | None:
    """Row formulas of a ratio's numerator and denominator, blank where the KPI itself is incomplete.

    Summed over a period they give the engine's ratio-of-sums aggregate.
    """
    parts = split_ratio(expr)
    if parts is None:
        return None
    numerator, denominator = parts
    return (formula(numerator, refs, params=params, no_value=no_value, guard_inputs=expr),
            formula(denominator, refs, params=params, no_value=no_value, guard_inputs=expr))


def safe_ratio(numerator: str, denominator: str, no_value: str = BLANK) -> str:
    """`=IFERROR(num/den,"")` for aggregates over ranges (SUMIFS/SUMIFS): blank when the denominator is zero."""
    return f"=IFERROR(({numerator})/({denominator}),{no_value})"
