"""A tiny formula language: every KPI and goal rule is written once as an `Expr` tree.

Two renderers read the same tree: `kpixl.render.engine` computes it in Python, `kpixl.render.excel_formula` writes it
as a
native Excel formula. No I/O, no pandas, no numpy here.

Semantics shared by both renderers ("no value" is explicit, never 0):
- if any input the expression reads is missing (None, NaN, blank cell), the result is no value;
- a division by zero anywhere gives no value (Excel: the whole formula is blank);
- `If` evaluates only the branch it takes, so a guarded division is safe;
- `Reported` nodes are the exception to the first rule: in a `ReportedSum` (the engagements of an interaction set) a
  component blank on a row counts as not reported for that row (0), a `FirstReported` (EMV's exposure: impressions,
  else views) takes the first input the row has; either is no value only when every input is blank.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

Number = int | float


class Expr:
    """Base of every node; operators build trees so declarations read like maths."""

    __slots__ = ()

    def __add__(self, other: object) -> Expr:
        return BinOp("+", self, lift(other))

    def __radd__(self, other: object) -> Expr:
        return BinOp("+", lift(other), self)

    def __sub__(self, other: object) -> Expr:
        return BinOp("-", self, lift(other))

    def __rsub__(self, other: object) -> Expr:
        return BinOp("-", lift(other), self)

    def __mul__(self, other: object) -> Expr:
        return BinOp("*", self, lift(other))

    def __rmul__(self, other: object) -> Expr:
        return BinOp("*", lift(other), self)

    def __truediv__(self, other: object) -> Expr:
        return BinOp("/", self, lift(other))

    def __rtruediv__(self, other: object) -> Expr:
        return BinOp("/", lift(other), self)

    def __pow__(self, other: object) -> Expr:
        return BinOp("^", self, lift(other))

    def __neg__(self) -> Expr:
        return Neg(self)

    # Comparisons build nodes too; `==` keeps dataclass equality, so use eq()/ne() for those.
    def __lt__(self, other: object) -> Expr:
        return Compare("<", self, lift(other))

    def __le__(self, other: object) -> Expr:
        return Compare("<=", self, lift(other))

    def __gt__(self, other: object) -> Expr:
        return Compare(">", self, lift(other))

    def __ge__(self, other: object) -> Expr:
        return Compare(">=", self, lift(other))

    def children(self) -> tuple[Expr, ...]:
        return ()


@dataclass(frozen=True, eq=True)
class Const(Expr):
    """A literal number or text (text is used for goal status codes)."""

    value: Number | str


@dataclass(frozen=True, eq=True)
class Missing(Expr):
    """An explicit "no value": None in Python, a blank cell in Excel (used where a result does not apply)."""


NO_VALUE = Missing()


@dataclass(frozen=True, eq=True)
class Input(Expr):
    """A value supplied by the caller: a canonical field such as `likes`, or another KPI's id."""

    name: str


@dataclass(frozen=True, eq=True)
class Param(Expr):
    """A setting with a default (EMV value per like, status thresholds); Excel reads it from a Settings cell."""

    name: str
    default: Number


@dataclass(frozen=True, eq=True)
class BinOp(Expr):
    """Arithmetic: + - * / ^ ; `/` by zero gives no value."""

    op: str
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, eq=True)
class Neg(Expr):
    """Unary minus."""

    operand: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.operand,)


@dataclass(frozen=True, eq=True)
class Compare(Expr):
    """A comparison giving true/false: < <= > >= = <>."""

    op: str
    left: Expr
    right: Expr

    def children(self) -> tuple[Expr, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, eq=True)
class BoolOp(Expr):
    """AND / OR of conditions."""

    op: str  # "and" | "or"
    operands: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.operands


@dataclass(frozen=True, eq=True)
class If(Expr):
    """IF(condition, then, otherwise); only the taken branch is evaluated."""

    condition: Expr
    then: Expr
    otherwise: Expr

    def __post_init__(self) -> None:
        object.__setattr__(self, "then", lift(self.then))
        object.__setattr__(self, "otherwise", lift(self.otherwise))

    def children(self) -> tuple[Expr, ...]:
        return (self.condition, self.then, self.otherwise)


@dataclass(frozen=True, eq=True)
class Func(Expr):
    """A function both renderers know: MIN, MAX, ABS."""

    name: str  # "min" | "max" | "abs"
    args: tuple[Expr, ...]

    def children(self) -> tuple[Expr, ...]:
        return self.args


FUNCTIONS = ("min", "max", "abs")


@dataclass(frozen=True, eq=True)
class Reported(Expr):
    """Inputs of which a row needs one at least: the others may be blank (not reported for that row)."""

    names: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.names:
            raise ValueError(f"{type(self).__name__} needs at least one input")

    def children(self) -> tuple[Expr, ...]:
        return tuple(Input(name) for name in self.names)


@dataclass(frozen=True, eq=True)
class ReportedSum(Reported):
    """The sum of the components a row reports: a blank component counts as 0 (not reported for that row, as real
    exports leave LinkedIn's Follows blank on organic posts); no value only when every component is blank."""


@dataclass(frozen=True, eq=True)
class FirstReported(Reported):
    """The first of the inputs a row reports (impressions, else views: an Instagram reel reports views and no
    impressions); no value only when every one is blank."""


def lift(value: object) -> Expr:
    """Wrap a Python number or string as a Const; leave expressions as they are."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"cannot use {value!r} in a KPI expression")
    return Const(value)


# Small constructors so declarations stay readable ---------------------------------------------------------------


def i(name: str) -> Input:
    """An input by canonical name."""
    return Input(name)


def total(*names: str) -> Expr:
    """Sum of several inputs: the engagements of an interaction set."""
    if not names:
        raise ValueError("a sum needs at least one input")
    expr: Expr = Input(names[0])
    for name in names[1:]:
        expr = expr + Input(name)
    return expr


def reported_total(*names: str) -> ReportedSum:
    """The engagements of an interaction set: the sum of the interactions a row reports (see `ReportedSum`)."""
    return ReportedSum(tuple(names))


def first_reported(*names: str) -> FirstReported:
    """The first of the inputs a row reports (see `FirstReported`)."""
    return FirstReported(tuple(names))


def eq(left: object, right: object) -> Compare:
    return Compare("=", lift(left), lift(right))


def ne(left: object, right: object) -> Compare:
    return Compare("<>", lift(left), lift(right))


def all_of(*conditions: Expr) -> BoolOp:
    return BoolOp("and", tuple(conditions))


def any_of(*conditions: Expr) -> BoolOp:
    return BoolOp("or", tuple(conditions))


def minimum(*args: object) -> Func:
    return Func("min", tuple(lift(a) for a in args))


def maximum(*args: object) -> Func:
    return Func("max", tuple(lift(a) for a in args))


def clamp(value: Expr, low: object, high: object) -> Func:
    return maximum(lift(low), minimum(value, lift(high)))


def cond(*cases: tuple[Expr, object], otherwise: object) -> Expr:
    """A chain of IFs: the first true condition wins."""
    expr = lift(otherwise)
    for condition, value in reversed(cases):
        expr = If(condition, lift(value), expr)
    return expr


# Tree walking ----------------------------------------------------------------------------------------------------


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node, depth first."""
    yield expr
    for child in expr.children():
        yield from walk(child)


def inputs_of(expr: Expr) -> tuple[str, ...]:
    """Names of the inputs an expression reads, in first-use order, without duplicates."""
    seen: dict[str, None] = {}
    for node in walk(expr):
        if isinstance(node, Input):
            seen.setdefault(node.name, None)
    return tuple(seen)


def presence_groups(expr: Expr) -> tuple[tuple[str, ...], ...]:
    """What a row needs for the expression to have a value (before zero denominators): each group needs one input
    with a number — a plain input is a group of one, a `ReportedSum` a group of its components."""
    groups: dict[tuple[str, ...], None] = {}

    def visit(node: Expr) -> None:
        if isinstance(node, Reported):
            groups.setdefault(node.names, None)
        elif isinstance(node, Input):
            groups.setdefault((node.name,), None)
        else:
            for child in node.children():
                visit(child)

    visit(expr)
    single = {group[0] for group in groups if len(group) == 1}
    return tuple(g for g in groups if len(g) == 1 or not single & set(g))  # a required input makes its group moot


def required_inputs(expr: Expr) -> tuple[str, ...]:
    """The inputs without which the expression has no value: every input not only read inside a `Reported`."""
    return tuple(group[0] for group in presence_groups(expr) if len(group) == 1)


def reported_sums(expr: Expr) -> tuple[tuple[str, ...], ...]:
    """The input groups of the expression's `Reported` nodes (sums, first reported) no required input settles."""
    return tuple(group for group in presence_groups(expr) if len(group) > 1)


def within(expr: Expr, available: Collection[str]) -> Expr:
    """The expression over the inputs a table or a call has: a `Reported` node keeps those it has (a column the table
    lacks is never reported there: TikTok's EMV counts views, having no impressions); one with none stays whole, so
    its inputs are named as missing."""
    subtrees: dict[Expr, Expr] = {}
    for node in walk(expr):
        if isinstance(node, Reported):
            kept = tuple(name for name in node.names if name in available)
            if kept and kept != node.names:
                subtrees[node] = type(node)(kept)
    return replace(expr, subtrees) if subtrees else expr


def params_of(expr: Expr) -> dict[str, Number]:
    """Parameters an expression reads, with their defaults."""
    found: dict[str, Number] = {}
    for node in walk(expr):
        if isinstance(node, Param):
            found.setdefault(node.name, node.default)
    return found


def substitute(expr: Expr, replacements: Mapping[str, Expr]) -> Expr:
    """Replace inputs by expressions (expands `engagements` into its interaction sum, for instance)."""
    return replace(expr, {Input(name): value for name, value in replacements.items()})


def replace(expr: Expr, subtrees: Mapping[Expr, Expr]) -> Expr:
    """Replace whole subtrees (largest first, as found from the root) by other expressions."""
    found = subtrees.get(expr)
    if found is not None:
        return found
    if isinstance(expr, (BinOp, Compare)):
        return type(expr)(expr.op, replace(expr.left, subtrees), replace(expr.right, subtrees))
    if isinstance(expr, Neg):
        return Neg(replace(expr.operand, subtrees))
    if isinstance(expr, BoolOp):
        return BoolOp(expr.op, tuple(replace(e, subtrees) for e in expr.operands))
    if isinstance(expr, If):
        return If(*(replace(e, subtrees) for e in (expr.condition, expr.then, expr.otherwise)))
    if isinstance(expr, Func):
        return Func(expr.name, tuple(replace(e, subtrees) for e in expr.args))
    return expr


def split_ratio(expr: Expr) -> tuple[Expr, Expr] | None:
    """(numerator, denominator) when the expression is a ratio; used for ratio-of-sums aggregation."""
    if isinstance(expr, BinOp) and expr.op == "/":
        return expr.left, expr.right
    return None


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 3}


def to_text(expr: Expr) -> str:
    """Readable maths for docs and `kpixl kpis`: (likes + comments) / reach."""
    if isinstance(expr, Const):
        return repr(expr.value) if isinstance(expr.value, str) else f"{expr.value:g}"
    if isinstance(expr, Input):
        return expr.name
    if isinstance(expr, Missing):
        return "no value"
    if isinstance(expr, ReportedSum):
        return " + ".join(expr.names) if len(expr.names) > 1 else expr.names[0]
    if isinstance(expr, FirstReported):
        return " else ".join(expr.names) if len(expr.names) > 1 else expr.names[0]
    if isinstance(expr, Param):
        return f"{expr.name}[={expr.default:g}]"
    if isinstance(expr, Neg):
        return f"-{_wrapped_text(expr.operand, 4)}"
    if isinstance(expr, BinOp):
        prec = _PRECEDENCE[expr.op]
        left = _wrapped_text(expr.left, prec)
        right = _wrapped_text(expr.right, prec + (0 if expr.op in "+*" else 1))
        return f"{left} {'×' if expr.op == '*' else expr.op} {right}"
    if isinstance(expr, Compare):
        return f"{to_text(expr.left)} {expr.op} {to_text(expr.right)}"
    if isinstance(expr, BoolOp):
        return f" {expr.op} ".join(f"({to_text(e)})" for e in expr.operands)
    if isinstance(expr, If):
        return f"if {to_text(expr.condition)} then {to_text(expr.then)} else {to_text(expr.otherwise)}"
    if isinstance(expr, Func):
        return f"{expr.name}({', '.join(to_text(a) for a in expr.args)})"
    raise TypeError(f"unknown expression node {expr!r}")


def _wrapped_text(expr: Expr, parent_precedence: int) -> str:
    text = to_text(expr)
    if isinstance(expr, BinOp) and _PRECEDENCE[expr.op] < parent_precedence:
        return f"({text})"
    if isinstance(expr, Reported) and len(expr.names) > 1 and parent_precedence > 1:
        return f"({text})"
    return text
