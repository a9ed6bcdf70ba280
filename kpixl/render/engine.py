"""Expressions → Python values, over scalars, lists, numpy arrays and pandas Series.

"No value" is explicit: a missing input or a zero denominator gives None for scalars and lists, NaN for arrays.
Scalars and lists are evaluated in pure Python (this module runs in Pyodide without numpy); numpy is imported
only when the caller already passes arrays or Series.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

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
    params_of,
    presence_groups,
    required_inputs,
    split_ratio,
    walk,
    within,
)
from kpixl.errors import BadInputError, MissingInputError

OPTIONS = ("variant", "network", "interactions")


class _NoValue(Exception):
    """Raised inside scalar evaluation when a division by zero or an undefined power makes the result no value."""


# ---------------------------------------------------------------------------------------------------------------
# Scalars


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(name: str, value: Any) -> float | int | None:
    """A plain Python number, or None for missing; anything else is a clear error naming the input."""
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        raise BadInputError(f"input {name!r} must be a number, not {value!r}")
    if isinstance(value, (int, float)):
        return value
    try:  # numpy scalars, Decimal, Fraction
        as_float = float(value)
    except (TypeError, ValueError):
        raise BadInputError(f"input {name!r} must be a number, not {value!r}") from None
    if math.isnan(as_float):
        return None
    return int(value) if float(as_float).is_integer() and "int" in type(value).__name__ else as_float


def _eval(expr: Expr, env: Mapping[str, Any]) -> Any:
    """Evaluate one node on plain Python values; env holds inputs and parameters."""
    if isinstance(expr, Input):
        return env[expr.name]
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, BinOp):
        left, right = _eval(expr.left, env), _eval(expr.right, env)
        op = expr.op
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if op == "/":
            if right == 0:
                raise _NoValue
            return left / right
        return _power(left, right)
    if isinstance(expr, Param):
        return env.get(expr.name, expr.default)
    if isinstance(expr, If):
        return _eval(expr.then if _eval(expr.condition, env) else expr.otherwise, env)
    if isinstance(expr, Compare):
        left, right = _eval(expr.left, env), _eval(expr.right, env)
        return _COMPARE[expr.op](left, right)
    if isinstance(expr, Neg):
        return -_eval(expr.operand, env)
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return all(_eval(e, env) for e in expr.operands)
        return any(_eval(e, env) for e in expr.operands)
    if isinstance(expr, Func):
        values = [_eval(a, env) for a in expr.args]
        return {"min": min, "max": max}[expr.name](values) if expr.name != "abs" else abs(values[0])
    if isinstance(expr, (ReportedSum, FirstReported)):
        reported = [value for value in (env.get(name) for name in expr.names) if value is not None]
        if not reported:
            raise _NoValue
        return sum(reported) if isinstance(expr, ReportedSum) else reported[0]
    if isinstance(expr, Missing):
        raise _NoValue
    raise TypeError(f"unknown expression node {expr!r}")


@functools.lru_cache(maxsize=1024)
def _optional(expr: Expr) -> frozenset[str]:
    """Inputs read only inside a `Reported` node: a row may leave them blank."""
    return frozenset(inputs_of(expr)) - frozenset(required_inputs(expr))


def _power(base: float, exponent: float) -> float:
    """x ^ y as spreadsheets compute it: an odd root of a negative number is real ((-8) ^ (1/3) = -2)."""
    try:
        if base < 0 and exponent != int(exponent):
            if not _is_odd_root(exponent):
                raise _NoValue
            return -((-base) ** exponent)
        result = base**exponent
    except (ZeroDivisionError, OverflowError):
        raise _NoValue from None
    if isinstance(result, complex):
        raise _NoValue
    return result


def _is_odd_root(exponent: Any, np: Any = None) -> Any:
    """Whether 1 / exponent is an odd whole number (LibreOffice and Excel then give the real root)."""
    if np is None:
        if exponent == 0:
            return False
        inverse = 1 / exponent
        return inverse == round(inverse) and round(inverse) % 2 == 1
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse = 1 / exponent
        whole = np.isfinite(inverse) & (inverse == np.round(inverse))
        return whole & (np.abs(np.fmod(np.where(whole, inverse, 0), 2)) == 1)


_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "=": lambda a, b: a == b,
    "<>": lambda a, b: a != b,
}


def evaluate_scalar(expr: Expr, values: Mapping[str, Any], names: Sequence[str] | None = None,
                    params: Sequence[str] | None = None) -> Any:
    """One value: None when an input is missing or a denominator is zero (`names` and `params`: the inputs and
    parameters to read, when the caller already knows them)."""
    env: dict[str, Any] = {}
    optional = _optional(expr)
    for name in names if names is not None else inputs_of(expr):
        number = _number(name, values.get(name) if name in optional else values[name])
        if number is None and name not in optional:
            return None
        env[name] = number
    for name in optional:
        if name not in env:
            env[name] = _number(name, values.get(name))
    for name in params if params is not None else params_of(expr):
        if name in values and values[name] is not None:
            env[name] = _number(name, values[name])
    try:
        result = _eval(expr, env)
    except _NoValue:
        return None
    if isinstance(result, float) and (math.isnan(result) or math.isinf(result)):
        return None
    return result


# ---------------------------------------------------------------------------------------------------------------
# Arrays (numpy, imported only when arrays are passed in)


def _needs_mask(expr: Expr) -> bool:
    """Whether NaN might not propagate by itself (comparisons, branches, powers): then mask missing rows."""
    return any(isinstance(n, (Compare, If, BoolOp, Func, Missing)) or (isinstance(n, BinOp) and n.op == "^")
               for n in walk(expr))


def _absent(groups: Sequence[Sequence[str]], arrays: Mapping[str, Any], np: Any) -> Any:
    """Rows where some presence group (`presence_groups`) has no number at all: the expression is no value."""
    shape = np.broadcast(*[arrays[n] for group in groups for n in group]).shape
    missing = np.zeros(shape, dtype=bool)
    for group in groups:
        blank = np.ones(shape, dtype=bool)
        for name in group:
            blank &= np.isnan(arrays[name])
        missing |= blank
    return missing


def evaluate_array(expr: Expr, values: Mapping[str, Any]) -> Any:
    """Vectorised evaluation with numpy: NaN where an input is missing or a denominator is zero."""
    import numpy as np

    names = inputs_of(expr)
    arrays = {name: _as_float_array(name, values[name]) for name in names}
    for name in params_of(expr):
        if name in values and values[name] is not None:
            arrays[name] = _as_float_array(name, values[name])
    with np.errstate(all="ignore"):
        result = _eval_np(expr, arrays, np)
        if _needs_mask(expr) and names:
            missing = _absent(presence_groups(expr), arrays, np)
            result = np.where(missing, None if result.dtype == object else np.nan, result)
        if result.dtype != object:
            infinite = np.isinf(result)
            if infinite.any():
                result = np.where(infinite, np.nan, result)
        if any(result is array for array in arrays.values()):
            result = result.copy()  # a bare input: never hand back (a view of) the caller's own data
    return result


def _as_float_array(name: str, value: Any) -> Any:
    import numpy as np

    if hasattr(value, "to_numpy"):
        try:
            return value.to_numpy(dtype=float, na_value=np.nan)
        except (TypeError, ValueError):
            value = list(value)
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        bad = next((v for v in np.ravel(np.asarray(value, dtype=object)) if not _is_number_like(v)), value)
        raise BadInputError(f"input {name!r} must hold numbers, not {bad!r}") from None


def _is_number_like(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return value is None
    return True


def _eval_np(expr: Expr, env: Mapping[str, Any], np: Any) -> Any:
    if isinstance(expr, Input):
        return env[expr.name]
    if isinstance(expr, Const):
        return np.asarray(expr.value, dtype=object if isinstance(expr.value, str) else float)
    if isinstance(expr, Param):
        return env.get(expr.name, np.asarray(float(expr.default)))
    if isinstance(expr, Missing):
        return np.asarray(np.nan)
    if isinstance(expr, ReportedSum):
        parts = [env[name] for name in expr.names]
        total = sum(np.where(np.isnan(part), 0.0, part) for part in parts)
        return np.where(_absent((expr.names,), env, np), np.nan, total)
    if isinstance(expr, FirstReported):
        first = np.asarray(np.nan)
        for name in reversed(expr.names):
            first = np.where(np.isnan(env[name]), first, env[name])
        return np.asarray(first, dtype=float)
    if isinstance(expr, BinOp):
        left, right = _eval_np(expr.left, env, np), _eval_np(expr.right, env, np)
        if expr.op == "+":
            return left + right
        if expr.op == "-":
            return left - right
        if expr.op == "*":
            return left * right
        if expr.op == "/":
            quotient = np.asarray(left / right)  # fresh array; x/0 gives inf or NaN, made NaN here
            np.copyto(quotient, np.nan, where=right == 0)
            return quotient
        # IEEE pow gives 1 for 1^NaN and NaN^0: a no-value operand (say a zero denominator) must stay no value
        result = np.power(left, right)
        odd = (left < 0) & _is_odd_root(right, np)
        result = np.where(odd, -np.power(-left, right), result)
        # a negative base to an infinite power is undefined (the scalar path gives no value too)
        # and to a fractional power that is not an odd root (IEEE gives (-inf) ^ -0.5 = 0; the scalar path none)
        fractional = (left < 0) & (right != np.floor(right)) & ~odd
        undefined = np.isnan(left) | np.isnan(right) | ((left < 0) & np.isinf(right)) | fractional
        return np.where(undefined, np.nan, result)
    if isinstance(expr, Neg):
        return -_eval_np(expr.operand, env, np)
    if isinstance(expr, Compare):
        left, right = _eval_np(expr.left, env, np), _eval_np(expr.right, env, np)
        return _COMPARE[expr.op](left, right)
    if isinstance(expr, BoolOp):
        parts = [_eval_np(e, env, np) for e in expr.operands]
        return np.logical_and.reduce(parts) if expr.op == "and" else np.logical_or.reduce(parts)
    if isinstance(expr, If):
        condition = _eval_np(expr.condition, env, np)
        then, otherwise = _eval_np(expr.then, env, np), _eval_np(expr.otherwise, env, np)
        if then.dtype == object or otherwise.dtype == object:
            then, otherwise = _nan_to_none(then, np), _nan_to_none(otherwise, np)
        return np.where(condition, then, otherwise)
    if isinstance(expr, Func):
        args = [_eval_np(a, env, np) for a in expr.args]
        if expr.name == "abs":
            return np.abs(args[0])
        reduce = np.fmin if expr.name == "min" else np.fmax
        result = args[0]
        for arg in args[1:]:
            result = reduce(result, arg)
        # fmin/fmax skip NaN; a NaN argument must stay NaN ("no value" propagates)
        nan = np.zeros(np.shape(result), dtype=bool)
        for arg in args:
            nan = nan | np.isnan(arg)
        return np.where(nan, np.nan, result)
    raise TypeError(f"unknown expression node {expr!r}")


def _nan_to_none(array: Any, np: Any) -> Any:
    if array.dtype == object:
        return array
    out = array.astype(object)
    out[np.isnan(array)] = None
    return out


# ---------------------------------------------------------------------------------------------------------------
# Dispatch on the shape of the inputs


def _kind(values: Iterable[Any]) -> str:
    """'series', 'array', 'list' or 'scalar' — the richest container among the inputs."""
    kind = "scalar"
    for value in values:
        module = type(value).__module__
        if module.startswith("pandas"):
            return "series"
        if module.startswith("numpy") and getattr(value, "ndim", 0) > 0:
            kind = "array"
        elif isinstance(value, (list, tuple)) and kind == "scalar":
            kind = "list"
    return kind


def evaluate(expr: Expr, values: Mapping[str, Any]) -> Any:
    """Evaluate on whatever the caller passed: scalar → scalar, list → list, array → array, Series → Series (a
    `Reported` node reads the inputs passed: one left out is not reported)."""
    expr = within(expr, values)
    names = inputs_of(expr)
    for name in names:
        if name not in values:
            raise MissingInputError(f"missing input {name!r}")
    used = [values[n] for n in (*names, *params_of(expr)) if n in values]
    kind = _kind(used)
    if kind == "scalar":
        return evaluate_scalar(expr, values, names)
    if kind == "list":
        return _evaluate_list(expr, values, names)
    result = evaluate_array(expr, values)
    if kind == "series":
        series = next(v for v in used if type(v).__module__.startswith("pandas"))
        return type(series)(result, index=series.index, copy=False)  # result is a fresh array
    return result


def _evaluate_list(expr: Expr, values: Mapping[str, Any], names: Sequence[str]) -> list[Any]:
    """Element-wise over lists (pure Python); scalars broadcast, lengths must agree."""
    lengths = {len(v) for v in values.values() if isinstance(v, (list, tuple))}
    if len(lengths) > 1:
        raise BadInputError(f"inputs have different lengths: {sorted(lengths)}")
    n = lengths.pop()
    columns = {k: (v if isinstance(v, (list, tuple)) else [v] * n) for k, v in values.items()}
    return [evaluate_scalar(expr, {k: col[j] for k, col in columns.items()}, names) for j in range(n)]


# ---------------------------------------------------------------------------------------------------------------
# KPIs


def expression_for(kpi_id: str, *, variant: str | None = None, network: str | None = None,
                   interactions: Iterable[str] | None = None, provided: Iterable[str] = ()) -> Expr:
    """The expression of a KPI variant, expanded for the inputs the caller provides."""
    return _catalog.get(kpi_id).expression(variant, network=network, interactions=interactions,
                                           provided=provided)


def compute(kpi_id: str, *, variant: str | None = None, network: str | None = None,
            interactions: Iterable[str] | None = None, **inputs: Any) -> Any:
    """Compute a KPI from its inputs; broadcasts over scalars, lists, numpy arrays and pandas Series.

    >>> compute("engagement_rate", variant="reach", likes=80, comments=15, shares=5, reach=2000)
    0.05
    """
    kpi = _catalog.get(kpi_id)
    expr = within(kpi.expression(variant, network=network, interactions=interactions, provided=inputs), inputs)
    missing = [name for name in inputs_of(expr) if name not in inputs]
    if missing:
        raise MissingInputError(
            f"KPI {kpi.id!r} ({kpi.variant_for(variant, network).id}) needs input(s): {', '.join(missing)}"
        )
    return evaluate(expr, inputs)


AGGREGATION_CHOICES = ("ratio_of_sums", "mean", "median")


def aggregate(kpi_id: str, *, how: str | None = None, variant: str | None = None, network: str | None = None,
              interactions: Iterable[str] | None = None, **columns: Any) -> float | int | None:
    """One value for many rows: ratio of sums (default for ratios), mean or median of per-row values, sum, last.

    Rows with a missing input are left out; a zero total denominator gives None.
    """
    kpi = _catalog.get(kpi_id)
    chosen_variant = kpi.variant_for(variant, network).id
    how = how or (chosen_variant if chosen_variant in ("mean", "median") else kpi.aggregation)
    if how == "none":
        raise BadInputError(f"KPI {kpi.id!r} is computed from period values; use compute() with period inputs")
    if how not in (*AGGREGATION_CHOICES, "sum", "last"):
        raise BadInputError(f"unknown aggregation {how!r}; choose from: {', '.join(AGGREGATION_CHOICES)}")
    expr = within(kpi.expression(variant, network=network, interactions=interactions, provided=columns), columns)
    names = inputs_of(expr)
    missing = [name for name in names if name not in columns]
    if missing:
        raise MissingInputError(f"KPI {kpi.id!r} needs input(s): {', '.join(missing)}")
    lists = {k: _to_list(v) for k, v in columns.items()}
    n = max((len(v) for v in lists.values() if isinstance(v, list)), default=0)
    lists = {k: (v if isinstance(v, list) else [v] * n) for k, v in lists.items()}
    groups = presence_groups(expr)
    complete = [j for j in range(n) if all(any(not _is_missing(lists[name][j]) for name in group)
                                           for group in groups)]
    parts = split_ratio(expr) if how == "ratio_of_sums" else None
    if how == "ratio_of_sums" and parts is None:
        how = "sum" if kpi.unit in ("count", "currency") else "mean"
    if parts is not None:
        numerator, denominator = parts
        num = _sum_over(numerator, lists, complete)
        den = _sum_over(denominator, lists, complete)
        return None if num is None or den in (None, 0) else num / den
    per_row = [v for v in _rows(expr, lists, complete) if v is not None]
    if not per_row:
        return None
    if how == "sum":
        return sum(per_row)
    if how == "last":
        return per_row[-1]
    if how == "mean":
        return sum(per_row) / len(per_row)
    ordered = sorted(per_row)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _to_list(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value


def _rows(expr: Expr, lists: Mapping[str, list[Any]], rows: Sequence[int]) -> list[Any]:
    names = inputs_of(expr)
    return [evaluate_scalar(expr, {k: v[j] for k, v in lists.items()}, names) for j in rows]


def _sum_over(expr: Expr, lists: Mapping[str, list[Any]], rows: Sequence[int]) -> float | int | None:
    values = [v for v in _rows(expr, lists, rows) if v is not None]
    return sum(values) if values else None
