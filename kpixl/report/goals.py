"""SMART goals: progress, pace, projection and on-track status, declared as expressions.

The rules are `Expr` trees over the goal's cells (actual, baseline, target, low, high, start, deadline, on), so the
engine evaluates them here and `kpixl.render.excel_formula` writes the very same rules into the Goals sheet.
Dates enter as day numbers (`date.toordinal()` here, serial numbers in Excel): only differences matter.

Rules (reference §2): progress = (actual − baseline) / (target − baseline), which also works for decrease goals;
expected progress is the elapsed share of the period; status compares progress with expected progress:
on track at ≥ 95 %, behind at ≥ 75 %, else at risk (thresholds are parameters). Threshold goals (stay above,
stay below, range) are met or not: progress 1 or 0. Once the goal's period is over (the evaluation date is after the
deadline, or is the deadline of a closed report period: a day that has ended) the status is final, achieved or missed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kpixl.catalog import kpi as _catalog
from kpixl.catalog.expr import NO_VALUE, Expr, If, Param, all_of, any_of, cond, eq, i
from kpixl.errors import BadInputError
from kpixl.render.engine import evaluate_scalar

DIRECTIONS = ("increase", "decrease", "stay_above", "stay_below", "range")
KINDS = ("cumulative", "level")
STATUSES = ("not_started", "on_track", "behind", "at_risk", "achieved", "missed")
STATUS_LEVEL = {"achieved": 3, "on_track": 3, "behind": 2, "at_risk": 1, "missed": 1, "not_started": 0}
"""Traffic-light level of each status (3 green, 2 amber, 1 red, 0 grey) for icon sets and fills."""

ON_TRACK_AT = Param("on_track_at", 0.95)
BEHIND_AT = Param("behind_at", 0.75)
CLOSED = Param("closed", 0)
"""1 when the evaluation date is a day that has ended (a closed report period's last day), 0 while it runs (today)."""

actual, baseline, target = i("actual"), i("baseline"), i("target")
low, high = i("low"), i("high")
start, deadline, on = i("start"), i("deadline"), i("on")

elapsed: Expr = If(on < start, 0, If(on >= deadline, 1, (on - start + 1) / (deadline - start + 1)))
"""Share of the goal's period gone by at the end of the evaluation day, 0…1, counting both ends
(an April 1–30 goal is half-way at the end of April 15)."""

over: Expr = any_of(on > deadline, all_of(CLOSED > 0, on >= deadline))
"""Whether the goal's period has ended: evaluated after the deadline, or on the deadline once that day is over
(`closing` rules; the GOAL_* Excel functions, which take no `closed` argument, use `on > deadline`)."""


def met(direction: str) -> Expr:
    """Whether the actual value satisfies the goal's target in its direction."""
    return {
        "increase": actual >= target,
        "stay_above": actual >= target,
        "decrease": actual <= target,
        "stay_below": actual <= target,
        "range": all_of(actual >= low, actual <= high),
    }[direction]


def _check(direction: str, kind: str) -> None:
    if direction not in DIRECTIONS:
        raise BadInputError(f"unknown goal direction {direction!r}; choose from: {', '.join(DIRECTIONS)}")
    if kind not in KINDS:
        raise BadInputError(f"unknown goal kind {kind!r}; choose from: {', '.join(KINDS)}")


def is_paced(direction: str) -> bool:
    return direction in ("increase", "decrease")


def progress(direction: str) -> Expr:
    """(actual − baseline) / (target − baseline); 1 or 0 for threshold goals and when target equals baseline."""
    binary = If(met(direction), 1, 0)
    if not is_paced(direction):
        return binary
    return If(eq(target, baseline), binary, (actual - baseline) / (target - baseline))


def percent_of_target(direction: str) -> Expr:
    """How much of the target is reached, 100 % and more when met: actual / target, or target / actual for goals
    where lower is better (a CPE of 0.16 against a target of 0.30 is 188 %, never a 53 % beside "Achieved");
    no value for range goals."""
    if direction == "range":
        return NO_VALUE
    return target / actual if direction in ("decrease", "stay_below") else actual / target


def expected_progress(direction: str) -> Expr:
    """Linear pacing for increase/decrease goals; a threshold must hold from the start (1)."""
    return elapsed if is_paced(direction) else If(on < start, 0, 1)


def expected_value(direction: str) -> Expr:
    """Where the KPI should be today: baseline + (target − baseline) × elapsed; the threshold itself otherwise."""
    if is_paced(direction):
        return baseline + (target - baseline) * elapsed
    return NO_VALUE if direction == "range" else target


def projection(direction: str, kind: str) -> Expr:
    """Run-rate projection to the deadline for cumulative goals: baseline + gain so far / elapsed share."""
    if kind != "cumulative" or not is_paced(direction):
        return NO_VALUE
    return If(elapsed <= 0, NO_VALUE, baseline + (actual - baseline) / elapsed)


def status(direction: str, closing: bool = False) -> Expr:
    """not_started, achieved, missed, on_track, behind or at_risk; with `closing`, final on the deadline of a closed
    period (the CLOSED parameter)."""
    ended = over if closing else on > deadline
    if not is_paced(direction):
        return cond(
            (on < start, "not_started"),
            (ended, If(met(direction), "achieved", "missed")),
            (met(direction), "on_track"),
            otherwise="at_risk",
        )
    done = progress(direction)
    return cond(
        (on < start, "not_started"),
        (done >= 1, "achieved"),
        (ended, "missed"),
        (elapsed <= 0, "on_track"),
        (done >= ON_TRACK_AT * elapsed, "on_track"),
        (done >= BEHIND_AT * elapsed, "behind"),
        otherwise="at_risk",
    )


def rules(direction: str, kind: str, closing: bool = False) -> dict[str, Expr]:
    """Every goal output as an expression, in the order the Goals sheet shows them; `closing` (the Goals sheet, the
    engine) makes the status final on the deadline of a closed period."""
    _check(direction, kind)
    return {
        "progress": progress(direction),
        "percent_of_target": percent_of_target(direction),
        "expected_progress": expected_progress(direction),
        "expected_value": expected_value(direction),
        "projection": projection(direction, kind),
        "status": status(direction, closing),
    }


@dataclass(frozen=True)
class GoalResult:
    """What a goal says about an actual value on a date."""

    progress: float | None
    percent_of_target: float | None
    expected_progress: float | None
    expected_value: float | None
    projection: float | None
    status: str | None

    @property
    def level(self) -> int:
        return STATUS_LEVEL.get(self.status or "", 0)


def _day(value: dt.date | str | int | float) -> int | float:
    if isinstance(value, dt.datetime):
        return value.date().toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10]).toordinal()
        except ValueError:
            raise BadInputError(f"not a date (use YYYY-MM-DD): {value!r}") from None
    return value


@dataclass(frozen=True)
class Goal:
    """A SMART goal: KPI, network (or all), baseline, target, start, deadline, direction, kind."""

    kpi: str
    target: float
    start: dt.date
    deadline: dt.date
    baseline: float = 0.0
    direction: str | None = None
    kind: str | None = None
    network: str | None = None
    low: float | None = None
    high: float | None = None
    owner: str = ""
    on_track_at: float = 0.95
    behind_at: float = 0.75
    name: str = ""
    example: bool = False  # a template's placeholder, not the client's: the Dashboard does not cite it
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        kpi = _catalog.get(self.kpi)
        object.__setattr__(self, "kpi", kpi.id)
        if self.direction is None:
            object.__setattr__(self, "direction", "increase" if kpi.direction == "higher" else "decrease")
        if self.kind is None:
            object.__setattr__(self, "kind", "cumulative" if kpi.cumulative else "level")
        for name in ("start", "deadline"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, dt.date.fromordinal(int(_day(value))))
        _check(self.direction, self.kind)  # type: ignore[arg-type]
        if _day(self.deadline) < _day(self.start):
            raise BadInputError(f"goal deadline {self.deadline} is before its start {self.start}")
        if self.direction == "range":
            missing = [name for name in ("low", "high") if getattr(self, name) is None]
            if missing:
                raise BadInputError(f"a range goal needs both bounds, low and high (missing: {', '.join(missing)})")
            if self.low > self.high:  # type: ignore[operator]
                raise BadInputError(f"a range goal needs low <= high (got low {self.low}, high {self.high})")
        if self.direction == "increase" and self.target < self.baseline:
            raise BadInputError(f"increase goal with target {self.target} below baseline {self.baseline}; "
                                "use direction 'decrease'")
        if self.direction == "decrease" and self.target > self.baseline:
            raise BadInputError(f"decrease goal with target {self.target} above baseline {self.baseline}; "
                                "use direction 'increase'")
        if not 0 <= self.behind_at <= self.on_track_at:
            raise BadInputError("thresholds must satisfy 0 <= behind_at <= on_track_at")

    def values(self, actual: float | None, on: dt.date | str, closed: bool = False) -> dict[str, Any]:
        """The cells a goal row holds, as plain numbers (dates as day numbers); `closed`: the day `on` has ended."""
        return {
            "actual": actual, "baseline": self.baseline, "target": self.target,
            "low": self.low, "high": self.high, "start": _day(self.start), "deadline": _day(self.deadline),
            "on": _day(on), "on_track_at": self.on_track_at, "behind_at": self.behind_at, "closed": int(closed),
        }

    def evaluate(self, actual: float | None, on: dt.date | str | None = None, closed: bool = False) -> GoalResult:
        """Progress, expected progress and value, projection and status of `actual` on date `on` (today); `closed`
        when the day `on` has ended (a past date), so a goal whose deadline it is gets its final status."""
        values = self.values(actual, on or dt.date.today(), closed)
        results = {key: evaluate_scalar(expr, values)
                   for key, expr in rules(self.direction, self.kind, closing=True).items()}  # type: ignore[arg-type]
        if results["status"] is None and values["on"] < values["start"]:
            results["status"] = "not_started"  # no data before the start is expected, not an error
        return GoalResult(**results)
