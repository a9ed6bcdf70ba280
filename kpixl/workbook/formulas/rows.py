"""The generated columns of a network table as a row plan: each piece of row logic computed once per row.

Every step is a catalog `Expr` rewritten to read the columns it shares: a sum another column already holds
(`kpi:engagements`) is read from that column, ratio KPIs divide their hidden numerator by their hidden denominator,
and the engagement-rate denominator the Settings choose is picked in one column (`den:engagement_rate`, an IF over
the variants) that the numerator and the rate read. `render` writes a step as a formula over any references
(structured for a table's calculated column, A1 for cells); `evaluator` computes the plan with the engine, step by
step with the same operations, for the cells' cached values. The UTM link is text, not an `Expr`: `link_formula`
and `link_value` are its two renderings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kpixl.catalog import kpi as catalog
from kpixl.catalog.expr import (
    BinOp,
    Const,
    Expr,
    Input,
    Neg,
    Param,
    ReportedSum,
    inputs_of,
    params_of,
    replace,
    reported_sums,
    required_inputs,
    split_ratio,
    walk,
    within,
)
from kpixl.render.engine import evaluate_scalar
from kpixl.render.excel_formula import formula, structured_ref, text_literal
from kpixl.workbook.formulas.not_reported import cell_text
from kpixl.workbook.formulas.url_encoding import encoded_formula, encoded_value
from kpixl.workbook.layout import Column, Layout


@dataclass(frozen=True)
class Branch:
    """One way to compute a column: `expr` over inputs and other columns' keys, no value unless every name in
    `guard` is a number and every group in `groups` (the components of an engagements sum) has one."""

    variant: str | None
    expr: Expr
    guard: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...] = ()

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(params_of(self.expr))


@dataclass(frozen=True)
class Step:
    """A generated column: one branch, or one per variant chosen by the Settings value `setting`."""

    key: str
    branches: tuple[Branch, ...]
    setting: str | None = None

    def reads(self) -> set[str]:
        return {name for b in self.branches for name in (*b.guard, *inputs_of(b.expr))}


def _shareable(expr: Expr) -> bool:
    """Sums and products of inputs: no value only when an input is missing, so a column can stand for them."""
    return all(isinstance(n, (Input, Const, Param, Neg, ReportedSum)) or (isinstance(n, BinOp) and n.op in "+-*")
               for n in walk(expr)) and not isinstance(expr, Input)


def _branch(variant: str | None, expr: Expr, guard: Expr, shared: Mapping[Expr, Expr]) -> Branch:
    rewritten, whole = replace(expr, shared), replace(guard, shared)
    own = reported_sums(rewritten)  # a sum the column computes itself guards itself
    return Branch(variant, rewritten, required_inputs(whole), tuple(g for g in reported_sums(whole) if g not in own))


def plan(layout: Layout, net: str) -> list[Step]:
    """The steps of a network's generated Expr columns (not the link), each after the columns it reads."""
    columns = {c.key: c for c in layout.columns(net) if c.role in ("kpi", "helper")}
    choices = layout.tables[net].variant_choices
    setting = f"er_variant_{net}"

    def variants(col: Column) -> list[str | None]:
        return [col.variant] if col.variant else list(choices)

    inputs = {c.key for c in layout.columns(net) if c.role == "input"}

    def whole(col: Column, variant: str | None) -> Expr:
        return within(catalog.get(col.kpi or "").expression(variant, network=net), inputs)

    # columns that hold a plain sum or product (engagements) stand for it in every other column, smallest first
    plain = sorted((c for c in columns.values() if c.role == "kpi" and c.variant and f"num:{c.kpi}" not in columns
                    and _shareable(whole(c, c.variant))), key=lambda c: sum(1 for _ in walk(whole(c, c.variant))))
    shared: dict[Expr, Expr] = {}
    steps: dict[str, Step] = {}
    for col in plain:
        expr = whole(col, col.variant)
        steps[col.key] = Step(col.key, (_branch(col.variant, expr, expr, shared),))
        shared.setdefault(expr, Input(col.key))
    for col in columns.values():
        if col.key in steps or col.role != "kpi":
            continue
        num, den = f"num:{col.kpi}", f"den:{col.kpi}"
        if num not in columns:
            steps[col.key] = Step(col.key, tuple(_branch(v, whole(col, v), whole(col, v), shared)
                                                 for v in variants(col)), None if col.variant else setting)
            continue
        parts = {v: split_ratio(whole(col, v)) for v in variants(col)}
        dens = tuple(_branch(v, p[1], whole(col, v), shared) for v, p in parts.items())  # type: ignore[index]
        nums = tuple(_branch(v, p[0], whole(col, v), shared) for v, p in parts.items())  # type: ignore[index]
        choose = None if col.variant else setting
        steps[den] = Step(den, dens, choose)
        if len({b.expr for b in nums}) == 1:  # the same numerator whatever the denominator: it reads `den`
            first = nums[0]
            guard = tuple(dict.fromkeys((*required_inputs(first.expr), den)))
            steps[num] = Step(num, (Branch(None, first.expr, guard),))
        else:
            steps[num] = Step(num, nums, choose)
        rate = Input(num) / Input(den)
        steps[col.key] = Step(col.key, (Branch(None, rate, (num, den)),))
    order = [c.key for c in layout.columns(net) if c.key in steps]
    return _dependency_order([steps[k] for k in order])


def _dependency_order(steps: Sequence[Step]) -> list[Step]:
    """Steps sorted so that each comes after the columns it reads (stable otherwise)."""
    done: list[Step] = []
    keys = {s.key for s in steps}
    placed: set[str] = set()
    pending = list(steps)
    while pending:
        ready = [s for s in pending if not (s.reads() & keys) - placed]
        if not ready:
            raise ValueError(f"circular columns: {[s.key for s in pending]}")
        done.extend(ready)
        placed.update(s.key for s in ready)
        pending = [s for s in pending if s.key not in placed]
    return done


def _chain(cell: str, bodies: list[tuple[str | None, str]]) -> str:
    """`=IF(cell="a",<a>,IF(cell="b",<b>,""))` from complete formulas."""
    expr = '""'
    for variant, body in reversed(bodies):
        expr = f"IF({cell}={text_literal(variant or '')},{body.removeprefix('=')},{expr})"
    return "=" + expr


def render(layout: Layout, step: Step, refs: Mapping[str, str]) -> str:
    """A step's formula (with `=`) over `refs` (inputs and column keys to references)."""
    params = param_refs(layout)
    bodies = [(b.variant, formula(b.expr, refs, params=params, guard=b.guard, groups=b.groups))
              for b in step.branches]
    if step.setting is None:
        return bodies[0][1]
    return _chain(layout.defined_name(step.setting), bodies)


def evaluator(steps: Sequence[Step], settings: Mapping[str, Any]
              ) -> Callable[[dict[str, Any], Mapping[str, Any] | None], dict[str, Any]]:
    """Computes every step on one row (inputs as numbers or None, text as None: a formula's COUNT and SUM skip it),
    adding each column to the row's values: the branch the Settings choose, no value unless its guard holds, else
    the engine's value of its expression. `cells` (the row's cell values) is accepted for callers that have them."""
    chosen = []
    for step in steps:
        variant = settings.get(step.setting) if step.setting is not None else step.branches[0].variant
        branch = next((b for b in step.branches if b.variant == variant), None)
        chosen.append((step.key, branch))

    def evaluate(values: dict[str, Any], cells: Mapping[str, Any] | None = None) -> dict[str, Any]:
        get = values.get
        for key, branch in chosen:
            if (branch is None or any(get(name) is None for name in branch.guard)
                    or any(all(get(name) is None for name in group) for group in branch.groups)):
                values[key] = None
                continue
            values[key] = evaluate_scalar(branch.expr, values, branch.guard, branch.params)
        return values

    return evaluate


def input_refs(layout: Layout, net: str) -> dict[str, str]:
    """Structured this-row references of the network's input columns, by canonical field."""
    table = layout.table_name(net)
    return {c.key: structured_ref(table, c.header) for c in layout.columns(net) if c.role == "input"}


def structured_refs(layout: Layout, net: str) -> dict[str, str]:
    """Structured this-row references of every column (inputs by field, generated columns by key)."""
    table = layout.table_name(net)
    return {c.key: structured_ref(table, c.header) for c in layout.columns(net)}


def param_refs(layout: Layout) -> dict[str, str]:
    """Every setting by its defined name (KPI parameters are settings)."""
    return {s.key: layout.defined_name(s.key) for s in layout.settings}


def column_formulas(layout: Layout, net: str, refs: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every generated column's formula by key, over `refs` (default: structured this-row references)."""
    refs = refs or structured_refs(layout, net)
    out = {step.key: render(layout, step, refs) for step in plan(layout, net)}
    for col in layout.columns(net):
        if col.role == "link":
            out[col.key] = link_formula(layout, net, col, refs)
    return {c.key: out[c.key] for c in layout.columns(net) if c.key in out}


def column_formula(layout: Layout, net: str, column: Column) -> str:
    """The calculated-column formula of one generated column (structured references, with `=`)."""
    return column_formulas(layout, net)[column.key]


def utm_link_formula(layout: Layout, net: str, content: str) -> str:
    """A UTM link as an expression (no "="): Settings' base URL, medium and campaign, the network as source and
    `content` (an expression: a creator's name, a post's utm_content) as utm_content, trimmed, lower case, spaces
    as underscores — the one rule behind every link kpixl writes, so the links handed out match the analytics. Each
    parameter value is percent-encoded (`url_encoding`: íñigo_sanz → %C3%AD%C3%B1igo_sanz)."""
    base, medium, campaign = (layout.defined_name(k) for k in ("base_url", "utm_medium", "utm_campaign"))
    slug = encoded_formula(f'SUBSTITUTE(LOWER(TRIM({content}))," ","_")')
    return (f'IF({base}="","",{base}&IF(ISNUMBER(FIND("?",{base})),"&","?")&"utm_source={net}&utm_medium="'
            f'&{encoded_formula(medium)}&"&utm_campaign="&{encoded_formula(campaign)}&"&utm_content="&{slug})')


def utm_link_value(net: str, settings: Mapping[str, Any], content: Any) -> str:
    """What `utm_link_formula` gives for a content value (the cells' text as Excel reads it)."""
    base = cell_text(settings.get("base_url"))
    if base == "":
        return ""
    slug = " ".join(w for w in cell_text(content).split(" ") if w).lower().replace(" ", "_")  # TRIM, LOWER, …
    medium, campaign = (encoded_value(cell_text(settings.get(k))) for k in ("utm_medium", "utm_campaign"))
    return (f"{base}{'&' if '?' in base else '?'}utm_source={net}&utm_medium={medium}&utm_campaign={campaign}"
            f"&utm_content={encoded_value(slug)}")


def link_formula(layout: Layout, net: str, column: Column, refs: Mapping[str, str]) -> str:
    """A row's UTM link: its content field, or the fallback (the creator) when blank (see `utm_link_formula`)."""
    content, fallback = (refs[name] for name in column.sources)
    return "=" + utm_link_formula(layout, net, f'IF({content}="",{fallback},{content})')


def link_value(net: str, column: Column, settings: Mapping[str, Any], row: Mapping[str, Any]) -> str:
    """What `link_formula` gives for one row."""
    content = cell_text(row.get(column.sources[0]))
    return utm_link_value(net, settings, content if content != "" else row.get(column.sources[1]))
