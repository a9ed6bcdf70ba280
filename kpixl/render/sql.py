"""The catalog's expressions as SQL: one renderer (`Expr` → SQLGlot tree), every dialect written by SQLGlot.

Same "no value" rules as the engine and the Excel formulas: a missing input gives NULL, a zero denominator gives
NULL (`x / NULLIF(d, 0)`), never 0; the engagements of an interaction set (`ReportedSum`) add the interactions a row
reports (`COALESCE(x, 0)`) and are NULL only when all are. Division is always floating point (`CAST(x AS DOUBLE)`),
as in Python.
Network defaults (interaction set, engagement-rate denominator) become `CASE WHEN network IN (…)`; parameters
(EMV values) are bound as literals when the SQL is rendered.

SQLGlot is imported on first use, so `import kpixl` stays light (it runs in Pyodide).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kpixl.analytics.post_files import numeric_columns
from kpixl.catalog import kpi as _catalog
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
    inputs_of,
    presence_groups,
    split_ratio,
    walk,
    within,
)
from kpixl.catalog.fields import POST_FIELDS
from kpixl.errors import BadInputError, KpixlError

DIALECTS = ("duckdb", "spark", "bigquery", "snowflake", "postgres")
PERIODS = ("day", "week", "month", "quarter", "year")
"""Group keys computed from the date column: day 2026-01-05, week (its Monday) 2026-01-05, month 2026-01,
quarter 2026Q1, year 2026 — the same labels in every engine."""
NETWORK_COLUMN = "network"
DATE_COLUMN = "published_at"
COUNT_COLUMN = "posts"


class EngineMissingError(KpixlError):
    """An optional engine (DuckDB, SQLGlot, PySpark, pyarrow) is not installed."""


def require(module: str, extra: str = "sql") -> Any:
    """Import an optional dependency, or explain in one line how to install it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        package = module.split(".")[0]
        raise EngineMissingError(f"{package} is not installed; install it with: pip install 'kpixl[{extra}]'") from None


def _exp() -> Any:
    return require("sqlglot.expressions")


# ---------------------------------------------------------------------------------------------------------------
# Expr → SQLGlot tree

_PRECEDENCE = {"or": -2, "and": -1, "=": 0, "<>": 0, "<": 0, "<=": 0, ">": 0, ">=": 0, "+": 1, "-": 1, "*": 2,
               "/": 2}
_BINARY = {"+": "Add", "-": "Sub", "*": "Mul"}
_COMPARE = {"<": "LT", "<=": "LTE", ">": "GT", ">=": "GTE", "=": "EQ", "<>": "NEQ"}


def _precedence(expr: Expr) -> int:
    if isinstance(expr, (BinOp, Compare)):
        return _PRECEDENCE.get(expr.op, 5)  # "^" renders as a CASE: atomic
    if isinstance(expr, BoolOp):
        return _PRECEDENCE[expr.op]
    return 5


class _Renderer:
    def __init__(self, refs: Mapping[str, Any], params: Mapping[str, float]):
        self.exp = _exp()
        self.refs = refs
        self.params = params

    def number(self, value: float) -> Any:
        exp = self.exp
        if value < 0:
            return exp.Neg(this=exp.Literal.number(repr(-value) if isinstance(value, float) else -value))
        return exp.Literal.number(repr(value) if isinstance(value, float) else value)

    def operand(self, expr: Expr, parent: int) -> Any:
        tree = self.render(expr)
        return self.exp.Paren(this=tree) if _precedence(expr) < parent or isinstance(expr, Neg) else tree

    def render(self, expr: Expr) -> Any:
        exp = self.exp
        if isinstance(expr, Input):
            try:
                return self.refs[expr.name].copy()
            except KeyError:
                raise BadInputError(f"no column for input {expr.name!r}") from None
        if isinstance(expr, Const):
            return exp.Literal.string(expr.value) if isinstance(expr.value, str) else self.number(expr.value)
        if isinstance(expr, Param):
            return self.number(self.params.get(expr.name, expr.default))
        if isinstance(expr, Missing):
            return exp.Null()
        if isinstance(expr, ReportedSum):
            columns = [self.render(Input(name)) for name in expr.names]
            total = exp.Coalesce(this=columns[0].copy(), expressions=[exp.Literal.number(0)])
            for column in columns[1:]:
                total = exp.Add(this=total, expression=exp.Coalesce(this=column.copy(),
                                                                    expressions=[exp.Literal.number(0)]))
            return exp.Case(ifs=[exp.If(this=_absent(exp, (columns,)), true=exp.Null())], default=total)
        if isinstance(expr, FirstReported):
            columns = [self.render(Input(name)) for name in expr.names]
            return exp.Coalesce(this=columns[0], expressions=columns[1:]) if len(columns) > 1 else columns[0]
        if isinstance(expr, Neg):
            return exp.Neg(this=self.operand(expr.operand, 4))
        if isinstance(expr, BinOp) and expr.op == "/":
            numerator = self.operand(expr.left, 2)
            if not (isinstance(expr.left, Const) and isinstance(expr.left.value, float)):
                numerator = exp.Cast(this=numerator, to=exp.DataType.build("double"))
            denominator = self.render(expr.right)
            if not (isinstance(expr.right, Const) and expr.right.value != 0):
                denominator = exp.Nullif(this=denominator, expression=exp.Literal.number(0))
            return exp.Div(this=numerator, expression=denominator)
        if isinstance(expr, BinOp) and expr.op == "^":
            return self.power(self.render(expr.left), self.render(expr.right))
        if isinstance(expr, (BinOp, Compare)):
            node = getattr(exp, _BINARY.get(expr.op) or _COMPARE[expr.op])
            precedence = _PRECEDENCE[expr.op]
            return node(this=self.operand(expr.left, precedence),
                        expression=self.operand(expr.right, precedence + (0 if expr.op in ("+", "*") else 1)))
        if isinstance(expr, BoolOp):
            node = exp.And if expr.op == "and" else exp.Or
            operands = [self.operand(e, _PRECEDENCE[expr.op] + 1) for e in expr.operands]
            tree = operands[0]
            for operand in operands[1:]:
                tree = node(this=tree, expression=operand)
            return tree
        if isinstance(expr, If):
            # CASE WHEN c THEN a WHEN NOT c THEN b END: a condition that is no value (NULL) gives no value.
            condition = self.render(expr.condition)
            return exp.Case(ifs=[exp.If(this=condition, true=self.render(expr.then)),
                                 exp.If(this=exp.Not(this=exp.Paren(this=condition.copy())),
                                        true=self.render(expr.otherwise))])
        if isinstance(expr, Func):
            args = [self.render(a) for a in expr.args]
            if expr.name == "abs":
                return exp.Abs(this=args[0])
            node = exp.Least if expr.name == "min" else exp.Greatest
            # LEAST/GREATEST skip NULLs in most engines; the engine's min/max of a no value is no value.
            any_null = _any_of(exp, [exp.Is(this=a.copy(), expression=exp.Null()) for a in args], exp.Or)
            return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())],
                            default=node(this=args[0], expressions=args[1:]))
        raise TypeError(f"unknown expression node {expr!r}")

    def power(self, base: Any, exponent: Any) -> Any:
        """x ^ y as the engine computes it: odd roots of negatives are real, other undefined powers no value."""
        exp = self.exp

        def b() -> Any:
            return exp.Paren(this=base.copy())

        def e() -> Any:
            return exp.Paren(this=exponent.copy())

        inverse = exp.Div(this=exp.Literal.number("1.0"), expression=e())
        odd_root = exp.And(
            this=exp.EQ(this=inverse, expression=exp.Round(this=inverse.copy())),
            expression=exp.EQ(this=exp.Abs(this=exp.Mod(this=exp.Round(this=inverse.copy()),
                                                       expression=exp.Literal.number(2))),
                              expression=exp.Literal.number(1)))
        negative_fraction = exp.And(this=exp.LT(this=b(), expression=exp.Literal.number(0)),
                                    expression=exp.NEQ(this=e(), expression=exp.Floor(this=e())))
        zero_negative = exp.And(this=exp.EQ(this=b(), expression=exp.Literal.number(0)),
                                expression=exp.LT(this=e(), expression=exp.Literal.number(0)))
        return exp.Case(
            ifs=[exp.If(this=negative_fraction,
                        true=exp.Case(ifs=[exp.If(this=odd_root, true=exp.Neg(this=exp.Pow(
                            this=exp.Neg(this=b()), expression=e())))])),
                 exp.If(this=zero_negative, true=exp.Null())],
            default=exp.Pow(this=b(), expression=e()))


def _any_of(exp: Any, conditions: Sequence[Any], node: Any) -> Any:
    tree = conditions[0]
    for condition in conditions[1:]:
        tree = node(this=tree, expression=condition)
    return tree


def _absent(exp: Any, groups: Sequence[Sequence[Any]]) -> Any:
    """True where some presence group (columns, `presence_groups`) is NULL throughout: the expression is no value."""
    return _any_of(exp, [exp.Paren(this=_any_of(exp, [exp.Is(this=c.copy(), expression=exp.Null()) for c in group],
                                               exp.And)) if len(group) > 1
                         else exp.Is(this=group[0].copy(), expression=exp.Null()) for group in groups], exp.Or)


def _needs_guard(expr: Expr) -> bool:
    """Whether a missing input might not propagate by itself (branches, comparisons, min/max, constants)."""
    return any(isinstance(n, (Compare, If, BoolOp, Func, Missing)) or (isinstance(n, BinOp) and n.op == "^")
               for n in walk(expr))


def render(expr: Expr, refs: Mapping[str, Any], *, params: Mapping[str, float] | None = None) -> Any:
    """A SQLGlot tree computing `expr`: NULL when an input is NULL or a denominator is zero.

    `refs` maps each input name to a SQLGlot expression (usually a column).
    """
    renderer = _Renderer(refs, params or {})
    tree = renderer.render(expr)
    groups = presence_groups(expr)
    if groups and _needs_guard(expr):
        exp = renderer.exp
        missing = _absent(exp, [[renderer.render(Input(n)) for n in group] for group in groups])
        tree = exp.Case(ifs=[exp.If(this=missing, true=exp.Null())], default=tree)
    return tree


def to_sql(expr: Expr, dialect: str = "duckdb", *, params: Mapping[str, float] | None = None) -> str:
    """One expression as SQL text over columns named like its inputs: `CAST(likes AS DOUBLE) / NULLIF(reach, 0)`."""
    exp = _exp()
    tree = render(expr, {name: exp.column(name) for name in inputs_of(expr)}, params=params)
    return tree.sql(dialect=check_dialect(dialect))


def check_dialect(dialect: str) -> str:
    if dialect not in DIALECTS:
        raise BadInputError(f"unknown SQL dialect {dialect!r}; choose from: {', '.join(DIALECTS)}")
    return dialect


# ---------------------------------------------------------------------------------------------------------------
# KPIs over a table: network defaults per row, derived columns filled where blank


@dataclass(frozen=True)
class Options:
    """What every KPI column of a query shares: the table's columns, an explicit variant or interaction set."""

    columns: tuple[str, ...] = POST_FIELDS
    variant: str | None = None
    interactions: tuple[str, ...] | None = None
    params: Mapping[str, float] = field(default_factory=dict)

    @property
    def networks(self) -> tuple[str | None, ...]:
        """Each network with defaults (and None: any other network or a blank one), when the table has networks."""
        return (*_catalog.NETWORK_INTERACTIONS, None) if NETWORK_COLUMN in self.columns else (None,)


def _expression(kpi_id: str, network: str | None, options: Options, provided: Iterable[str]) -> Expr | None:
    """A KPI's expression for one network, or None when the table lacks an input (as `kpixl.analytics.frames` skips
    it)."""
    try:
        expr = within(_catalog.get(kpi_id).expression(options.variant, network=network,
                                                      interactions=options.interactions, provided=provided),
                      options.columns)
    except BadInputError:
        return None
    return expr if all(name in options.columns for name in inputs_of(expr)) else None


def _by_network(build: Any, options: Options, per_row: bool) -> Any:
    """`CASE WHEN network IN (…) THEN … ELSE … END` over the networks whose trees differ; None where nothing applies.

    `build(network)` gives a tree or None; networks with equal trees share one branch.
    """
    exp = _exp()
    networks = options.networks if per_row else (None,)
    branches: dict[Any, list[str | None]] = {}
    trees: dict[Any, Any] = {}
    for network in networks:
        tree = build(network)
        key = None if tree is None else tree.sql()
        branches.setdefault(key, []).append(network)
        trees[key] = tree
    if len(branches) == 1:
        return next(iter(trees.values()))
    fallback_key = next(k for k, nets in branches.items() if None in nets)
    ifs = []
    for key, nets in branches.items():
        if key == fallback_key:
            continue
        names = [exp.Literal.string(n) for n in nets]
        ifs.append(exp.If(this=exp.In(this=exp.column(NETWORK_COLUMN), expressions=names),
                          true=trees[key] if trees[key] is not None else exp.Null()))
    return exp.Case(ifs=ifs, default=trees[fallback_key])


def _filled(options: Options) -> dict[str, Any]:
    """Derived columns (engagements, emv) computed from their components where blank, with the row's network."""
    exp = _exp()
    numeric = numeric_columns()
    refs: dict[str, Any] = {name: exp.Cast(this=exp.column(name), to=exp.DataType.build("double"))
                            if name in numeric else exp.column(name) for name in options.columns}
    filled = {}
    for name in _catalog.DERIVED:
        if name not in options.columns:
            continue

        def fill(network: str | None, name: str = name) -> Any:
            column = refs[name]
            expr = _expression(name, network, options, set(options.columns) - {name})
            if expr is None or name in inputs_of(expr):
                return column
            return exp.Coalesce(this=column, expressions=[render(expr, refs, params=options.params)])

        filled[name] = refs[name] = _by_network(fill, options, per_row=True)
    return filled


def prepared(table: str, options: Options, extra: Mapping[str, Any] | None = None) -> Any:
    """`(SELECT <columns, derived ones filled>, <extra> FROM table) AS table`: what KPI columns and groups read.

    Numeric columns are read as DOUBLE, whatever the table stores (integers, decimals, text from a CSV load).
    """
    exp = _exp()
    filled = _filled(options)
    numeric = numeric_columns()
    columns = [exp.alias_(filled[name], name) if name in filled
               else exp.alias_(exp.Cast(this=exp.column(name), to=exp.DataType.build("double")), name)
               if name in numeric else exp.column(name) for name in options.columns]
    columns += [exp.alias_(tree, name) for name, tree in (extra or {}).items()]
    return exp.select(*columns).from_(exp.to_table(table)).subquery(table)


def kpi_column(kpi_id: str, options: Options) -> Any | None:
    """A SQLGlot tree of one KPI per row of `prepared`, with the row's network defaults; None when no network can."""
    exp = _exp()
    refs = {name: exp.column(name) for name in options.columns}

    def build(network: str | None) -> Any:
        expr = _expression(kpi_id, network, options, options.columns)
        return None if expr is None else render(expr, refs, params=options.params)

    tree = _by_network(build, options, per_row=True)
    return None if tree is None or isinstance(tree, exp.Null) else tree


def row_kpis(kpis: Iterable[str] | None = None, options: Options | None = None) -> dict[str, Any]:
    """KPI id → SQLGlot tree for every KPI (default: the whole catalog) the table's columns can compute."""
    options = options or Options()
    chosen = list(kpis) if kpis is not None else [k.id for k in _catalog.catalog().values()
                                                  if k.aggregation != "none"]
    trees = {}
    for kpi_id in chosen:
        kpi_id = _catalog.get(kpi_id).id
        if kpi_id in options.columns:
            continue  # a column of the table already (engagements, reach …): never shadowed
        tree = kpi_column(kpi_id, options)
        if tree is not None:
            trees[kpi_id] = tree
    return trees


def check_requested(kpis: Iterable[str] | None, computed: Iterable[str], options: Options) -> None:
    """KPIs asked for by name that the columns cannot compute are an error naming the missing columns."""
    if kpis is None:
        return
    if options.variant and not any(options.variant in k.variant_ids for k in map(_catalog.get, kpis)):
        raise BadInputError(f"no KPI asked for has a variant {options.variant!r}")
    done = set(computed)
    for kpi_id in kpis:
        kpi = _catalog.get(kpi_id)
        if kpi.id in done or kpi.id in options.columns or kpi.id == COUNT_COLUMN:
            continue
        if kpi.aggregation == "none":
            raise BadInputError(f"{kpi.id} is computed from period values, not from posts")
        try:
            needed = inputs_of(kpi.expression(options.variant, interactions=options.interactions,
                                              provided=options.columns))
        except BadInputError as exc:
            raise BadInputError(f"{kpi.id}: {exc}") from None
        lacking = [name for name in needed if name not in options.columns]
        raise BadInputError(f"{kpi.id} needs column(s) the table lacks: {', '.join(lacking)}")


def view_sql(dialect: str = "duckdb", *, table: str = "posts", view: str = "posts_kpis",
             kpis: Iterable[str] | None = None, options: Options | None = None) -> str:
    """`CREATE OR REPLACE VIEW posts_kpis AS SELECT *, <one column per KPI> FROM posts` in a dialect."""
    exp = _exp()
    select = select_kpis(table, kpis, options)
    create = exp.Create(this=exp.to_table(view), kind="VIEW", replace=True, expression=select)
    return create.sql(dialect=check_dialect(dialect), pretty=True) + ";\n"


def select_kpis(table: str, kpis: Iterable[str] | None = None, options: Options | None = None) -> Any:
    """`SELECT *, <KPI columns> FROM table` as a SQLGlot tree."""
    exp = _exp()
    options = options or Options()
    kpis = list(kpis) if kpis is not None else None
    trees = row_kpis(kpis, options)
    check_requested(kpis, trees, options)
    columns = [exp.alias_(tree, kpi_id) for kpi_id, tree in trees.items()]
    return exp.select(exp.Star(), *columns).from_(prepared(table, options))


# ---------------------------------------------------------------------------------------------------------------
# Aggregates per group


def timestamp() -> Any:
    """The date column as a timestamp: ISO 8601 text with or without offset, read as UTC; NULL when unreadable."""
    exp = _exp()
    return exp.TryCast(this=exp.column(DATE_COLUMN), to=exp.DataType.build("timestamptz"), safe=True)


def _period(name: str) -> Any:
    """The label of a period key computed from the date column (UTC), the same text in every engine."""
    exp = _exp()
    stamp = timestamp()
    day = exp.Cast(this=exp.Cast(this=stamp, to=exp.DataType.build("date")), to=exp.DataType.build("text"))
    if name == "day":
        return day
    if name == "month":
        return exp.Substring(this=day, start=exp.Literal.number(1), length=exp.Literal.number(7))
    if name == "year":
        return exp.Substring(this=day, start=exp.Literal.number(1), length=exp.Literal.number(4))
    if name == "week":
        monday = exp.TimestampTrunc(this=stamp.copy(), unit=exp.var("WEEK"))
        return exp.Cast(this=exp.Cast(this=monday, to=exp.DataType.build("date")), to=exp.DataType.build("text"))
    quarter = exp.Cast(this=exp.Extract(this=exp.var("QUARTER"), expression=stamp.copy()),
                       to=exp.DataType.build("text"))
    return exp.DPipe(this=exp.DPipe(this=exp.Substring(this=day, start=exp.Literal.number(1),
                                                       length=exp.Literal.number(4)),
                                    expression=exp.Literal.string("Q")), expression=quarter, safe=True)


def check_group_keys(by: Sequence[str], columns: Sequence[str]) -> None:
    """Refuse a grouping the table cannot give (every engine's check and message; needs no SQL library, so pandas
    runs without the `kpixl[sql]` extra)."""
    for key in by:
        if key in PERIODS:
            if DATE_COLUMN not in columns:
                raise BadInputError(f"grouping by {key} needs a {DATE_COLUMN!r} column")
        elif key not in columns:
            raise BadInputError(f"cannot group by {key!r}: not a column nor one of {', '.join(PERIODS)}")
    if not by:
        raise BadInputError("--by needs at least one column or period")


def group_keys(by: Sequence[str], columns: Sequence[str]) -> dict[str, Any]:
    """Key name → SQLGlot tree: a column of the table, or a period of the date column."""
    check_group_keys(by, columns)
    exp = _exp()
    return {key: _period(key) if key in PERIODS else exp.column(key) for key in by}


def how_for(kpi_id: str, how: str | None, options: Options, network: str | None) -> str:
    """The aggregation used for a KPI, exactly as `kpixl.render.engine.aggregate` chooses it."""
    kpi = _catalog.get(kpi_id)
    how = how if kpi.aggregation == "ratio_of_sums" else None
    chosen = kpi.variant_for(options.variant, network).id
    return how or (chosen if chosen in ("mean", "median") else kpi.aggregation)


def aggregate_kpi(kpi_id: str, options: Options, *, per_network: bool, how: str | None = None) -> Any | None:
    """One KPI aggregated over the rows of a group (ratio of sums, sum, mean, median, last), or None.

    Per network (when the network is a group key): each group uses its network's defaults, as `kpixl.summarize`.
    Rows with a missing input are left out; a zero total denominator gives NULL.
    """
    exp = _exp()
    refs = {name: exp.column(name) for name in options.columns}
    kpi = _catalog.get(kpi_id)
    if kpi.aggregation == "none":
        return None
    networks = options.networks if per_network else (None,)
    plans = {}
    for network in networks:
        expr = _expression(kpi_id, network, options, options.columns)
        if expr is None:
            continue
        method = how_for(kpi_id, how, options, network)
        parts = split_ratio(expr) if method == "ratio_of_sums" else None
        if method == "ratio_of_sums" and parts is None:
            method = "sum" if kpi.unit in ("count", "currency") else "mean"
        plans[network] = (expr, method, parts)
    if not plans:
        return None
    methods = {plan[1] for plan in plans.values()}
    if len(methods) > 1:  # never in the catalog: one aggregation per KPI whatever the network
        raise BadInputError(f"KPI {kpi_id!r} aggregates differently per network: {sorted(methods)}")
    method = methods.pop()

    def guarded(part: Expr, whole: Expr) -> Any:
        complete = exp.Not(this=exp.Paren(this=_absent(exp, [[refs[n] for n in group]
                                                             for group in presence_groups(whole)])))
        return exp.Case(ifs=[exp.If(this=complete, true=render(part, refs, params=options.params))])

    def per_row(pick: Any) -> Any:
        return _by_network(lambda n: pick(*plans[n]) if n in plans else None, options, per_row=per_network)

    if method == "ratio_of_sums":
        numerator = exp.Sum(this=per_row(lambda expr, _, parts: guarded(parts[0], expr)))
        denominator = exp.Sum(this=per_row(lambda expr, _, parts: guarded(parts[1], expr)))
        return exp.Div(this=exp.Cast(this=numerator, to=exp.DataType.build("double")),
                       expression=exp.Nullif(this=denominator, expression=exp.Literal.number(0)))
    value = per_row(lambda expr, *_: render(expr, refs, params=options.params))
    if method == "sum":
        return exp.Sum(this=value)
    if method == "mean":
        return exp.Avg(this=value)
    if method == "median":
        return exp.Median(this=value)
    if method == "last":
        # the value of the latest post that has one (ties: the larger value): `kpixl.summarize` does the same
        if DATE_COLUMN not in options.columns:
            return None
        known = exp.And(this=exp.Not(this=exp.Is(this=timestamp(), expression=exp.Null())),
                        expression=exp.Not(this=exp.Is(this=value.copy(), expression=exp.Null())))
        order = exp.Case(ifs=[exp.If(this=known, true=exp.Struct(expressions=[timestamp(), value.copy()]))])
        return exp.ArgMax(this=value, expression=order)
    raise BadInputError(f"unknown aggregation {method!r}")


def summary_select(table: str, by: Sequence[str], kpis: Iterable[str] | None = None,
                   options: Options | None = None, *, how: str | None = None) -> Any:
    """`SELECT keys, COUNT(*) AS posts, <aggregated KPIs> FROM table GROUP BY keys ORDER BY keys` (SQLGlot tree)."""
    exp = _exp()
    options = options or Options()
    if how is not None and how not in ("ratio_of_sums", "mean", "median"):
        raise BadInputError(f"unknown aggregation {how!r}; choose from: ratio_of_sums, mean, median")
    keys = group_keys(by, options.columns)
    chosen = list(kpis) if kpis is not None else [k.id for k in _catalog.catalog().values()]
    per_network = NETWORK_COLUMN in by
    computed = []
    columns = [exp.column(name) for name in keys]
    columns.append(exp.alias_(exp.Count(this=exp.Star()), COUNT_COLUMN))
    for kpi_id in chosen:
        kpi_id = _catalog.get(kpi_id).id
        if kpi_id == COUNT_COLUMN:
            continue
        tree = aggregate_kpi(kpi_id, options, per_network=per_network, how=how)
        if tree is not None:
            columns.append(exp.alias_(tree, kpi_id))
            computed.append(kpi_id)
    check_requested(None if kpis is None else chosen, computed, options)
    source = prepared(table, options, {name: tree for name, tree in keys.items() if name not in options.columns})
    select = exp.select(*columns).from_(source).group_by(*[exp.column(name) for name in keys])
    return select.order_by(*[exp.Ordered(this=exp.column(name), nulls_first=False) for name in keys])


def summary_sql(dialect: str, table: str, by: Sequence[str], kpis: Iterable[str] | None = None,
                options: Options | None = None, *, how: str | None = None) -> str:
    """The summary query as SQL text in a dialect."""
    return summary_select(table, by, kpis, options, how=how).sql(dialect=check_dialect(dialect), pretty=True)
