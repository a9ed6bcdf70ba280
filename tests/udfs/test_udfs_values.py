"""Every exported function called the way Excel calls it (2-D ranges, single cells, text numbers, blanks, errors),
compared with the engine (`kpixl.compute`, `kpixl.report.goals`) on the same values."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from kpixl_udfs import classic, lite
from kpixl_udfs.evaluate import UdfInputError
from kpixl_udfs.excel_values import EXCEL_EPOCH
from kpixl_udfs.registry import REGISTRY

import kpixl
from kpixl.catalog.expr import inputs_of, to_text
from kpixl.catalog.fields import FRACTIONAL_INPUTS, NET_CHANGE_FIELDS
from kpixl.catalog.kpi import DERIVED, INTERACTIONS, NETWORK_INTERACTIONS
from kpixl.report.goals import Goal
from kpixl.text.labels import label

# (what Excel hands over, the number it means)
CELLS = [(120, 120), ("1,234", 1234), ("12.5", 12.5), ("1.5%", 0.015), (None, None), ("", None), (0, 0),
         (7.25, 7.25), (" 3 ", 3), (2_000_000, 2_000_000), ("-4", -4), (55, 55)]
NOT_COUNTS = {"12.5", "1.5%", 7.25, "-4"}
"""Cells that are no count (likes, reach, posts …): a fraction, a percentage, a negative number (#VALUE!)."""
NOT_AMOUNTS = {"1.5%", "-4"}
"""Cells that are no amount (spend, seconds, a rating): a percentage or a negative number (#VALUE!)."""


def _refused(name: str) -> set[object]:
    """The cells of CELLS an input refuses: a net change (net followers) may be negative, an amount fractional."""
    if name in FRACTIONAL_INPUTS:
        return NOT_AMOUNTS
    return NOT_COUNTS - {"-4"} if name in NET_CHANGE_FIELDS else NOT_COUNTS
KPI_SPECS = [s for s in REGISTRY.values() if s.kind == "kpi"]


def column(offset: int, rows: int = 12) -> list[tuple[object, object]]:
    """Cells for one input: a different walk through CELLS per input, so rows mix blanks, zeros and text."""
    step = 1 + offset % 5
    return [CELLS[(offset * 3 + j * step) % len(CELLS)] for j in range(rows)]


def expected(kpi_id: str, variant: str | None, row: dict[str, tuple[object, object]], **options):
    """What the function must return for one row: the engine's value, #DIV/0! for none, blank for a blank row."""
    if all(raw is None or (isinstance(raw, str) and not raw.strip()) for raw, _ in row.values()):
        return ""
    if any(raw in _refused(name) for name, (raw, _) in row.items()):
        return "#VALUE!"
    value = kpixl.compute(kpi_id, variant=variant, **{k: v for k, (_, v) in row.items()}, **options)
    return "#DIV/0!" if value is None else value


def same(actual, wanted) -> bool:
    if isinstance(wanted, (int, float)) and not isinstance(actual, str):
        return actual == pytest.approx(wanted, rel=1e-12, abs=1e-15)
    return actual == wanted


def variant_cases():
    for spec in KPI_SPECS:
        kpi = kpixl.get(spec.target)
        for variant in kpi.variant_ids:
            yield pytest.param(spec.name, variant, id=f"{spec.name}-{variant}")


@pytest.mark.parametrize(("name", "variant"), list(variant_cases()))
def test_every_kpi_variant_on_a_column_matches_the_engine(name, variant):
    spec = REGISTRY[name]
    kpi = kpixl.get(spec.target)
    names = list(inputs_of(kpi.expression(variant, provided=DERIVED)))
    columns = {n: column(i) for i, n in enumerate(names)}
    args = {n: [[raw] for raw, _ in cells] for n, cells in columns.items()}
    options = {"variant": variant} if len(kpi.variants) > 1 else {}
    result = getattr(lite, name)(**args, **options)
    assert len(result) == 12 and all(len(r) == 1 for r in result)
    for j in range(12):
        want = expected(kpi.id, variant, {n: columns[n][j] for n in names})
        assert same(result[j][0], want), (j, {n: columns[n][j] for n in names}, result[j][0], want)
    # the classic module computes the same
    assert getattr(classic, spec.classic_name)(**args, **_classic(spec, options)) == result


def _classic(spec, options):
    return {spec.param(k).classic_name: v for k, v in options.items()}


def test_a_2d_block_keeps_its_shape_and_single_cells_broadcast():
    likes = [[10, "20", None], ["1,000", 0, "5%"]]
    result = lite.engagement_rate(likes, 200)
    assert [len(r) for r in result] == [3, 3]
    flat = [cell for row in likes for cell in row]
    want = ["" if c is None else kpixl.compute("engagement_rate", engagements=n, reach=200)
            for c, n in zip(flat[:5], [10, 20, None, 1000, 0], strict=True)]
    assert [c for row in result for c in row][:5] == pytest.approx(want)
    assert result[1][2] == "#VALUE!"  # "5%" is no count of engagements
    # a 1-D list (no ndim=2) stays 1-D; a single cell, bare or as [[x]], gives a scalar
    assert lite.engagement_rate([10, 20], [100, 0]) == [0.1, "#DIV/0!"]
    assert lite.engagement_rate(50, 1000) == 0.05
    assert lite.engagement_rate([[50]], [[1000]]) == 0.05


def test_zero_denominators_blanks_and_bad_text():
    clicks = [[5], [5], [None], ["abc"], [True], [3], [None]]
    result = lite.ctr(clicks, [[0], [None], [100], [100], [100], ["x"], [None]])
    assert result == [["#DIV/0!"], ["#DIV/0!"], ["#DIV/0!"], ["#VALUE!"], ["#VALUE!"], ["#VALUE!"], [""]]
    # "12,5" is a decimal comma, not 125: refused rather than misread
    assert lite.ctr([["12,5"], [1]], 10) == [["#VALUE!"], [0.1]]


def test_error_cells_pass_through():
    assert lite.ctr([["#N/A"], [1]], [[10], ["#DIV/0!"]]) == [["#N/A"], ["#DIV/0!"]]


def test_a_broken_call_is_one_error_with_its_reason():
    with pytest.raises(UdfInputError, match="unknown variant 'bogus'"):
        lite.engagement_rate([[1], [2]], [[10], [20]], variant="bogus")
    with pytest.raises(UdfInputError, match="variant 'impressions' needs impressions"):
        lite.engagement_rate([[1]], [[10]], variant="impressions")
    with pytest.raises(UdfInputError, match="same size"):
        lite.engagement_rate([[1], [2]], [[10], [20], [30]])
    with pytest.raises(UdfInputError, match="not a count"):
        lite.engagement_rate("lots", 10)
    # classic xlwings would print a traceback into the cell: it gets the reason as text instead
    assert classic.KPIXL_ENGAGEMENT_RATE(1, 10, kpi_variant="bogus").startswith("#VALUE! unknown variant 'bogus'")
    assert classic.KPIXL_KPIS(lang="fr").startswith("#VALUE! unknown language")


@pytest.mark.parametrize("network", sorted(NETWORK_INTERACTIONS))
def test_engagement_rate_network_picks_the_default_denominator(network):
    denominators = {"reach": [[1000], [0]], "impressions": [[4000], [10]], "followers": [[500], [5]],
                    "views": [[800], [None]]}
    result = lite.engagement_rate([[40], [3]], **denominators, network=network)
    for j in range(2):
        want = kpixl.compute("engagement_rate", network=network, engagements=40 if j == 0 else 3,
                             **{k: v[j][0] for k, v in denominators.items()})
        assert result[j][0] == ("#DIV/0!" if want is None else pytest.approx(want))
    # an explicit variant wins over the network's default
    assert lite.engagement_rate(40, 1000, 4000, variant="impressions", network="facebook") == 0.01


def test_engagements_sums_what_is_given_or_the_network_set():
    data = {name: [[j + i for j in range(3)]] for i, name in enumerate(INTERACTIONS)}
    assert lite.engagements(data["likes"], data["comments"]) == [[1, 3, 5]]
    for network, fields in NETWORK_INTERACTIONS.items():
        result = lite.engagements(**data, network=network)
        for j in range(3):
            row = {k: v[0][j] for k, v in data.items()}
            assert result[0][j] == kpixl.compute("engagements", network=network, **row)
        assert result == [[sum(data[f][0][j] for f in fields) for j in range(3)]]
    with pytest.raises(UdfInputError, match="at least one interaction"):
        lite.engagements()
    with pytest.raises(UdfInputError, match="network 'instagram' counts"):
        lite.engagements([[1]], [[1]], network="instagram")
    assert lite.engagements([[1], ["2"], [None]], [[1], ["1,000"], [None]]) == [[2], [1002], [""]]


def test_settings_override_defaults():
    want = kpixl.compute("emv", variant="cpm", impressions=5000, emv_cpm=20)
    assert lite.emv([[5000]], variant="cpm", emv_cpm=20) == pytest.approx(want)
    assert lite.emv(5000) == pytest.approx(kpixl.compute("emv", impressions=5000))
    assert lite.emv(5000, emv_cpm="12.5") == pytest.approx(kpixl.compute("emv", impressions=5000, emv_cpm=12.5))


def test_variant_per_row():
    result = lite.applause_rate([[10], [10]], [[100], [100]], [[5], [5]], variant=[["followers"], ["post"]])
    assert result == [[0.1], [2]]


# --------------------------------------------------------------------------------------------------- goals

START, DEADLINE = dt.date(2024, 4, 1), dt.date(2024, 4, 30)
GOAL_CASES = [  # direction, kind, baseline, target, low, high
    ("increase", "cumulative", 0, 1000, None, None),
    ("increase", "level", 0.02, 0.04, None, None),
    ("decrease", "level", 100, 60, None, None),
    ("stay_above", "level", 0, 0.03, None, None),
    ("stay_below", "level", 0, 50, None, None),
    ("range", "level", 0, 0, 0.02, 0.05),
]
DAYS = [dt.date(2024, 3, 20), START, dt.date(2024, 4, 10), dt.date(2024, 4, 15), DEADLINE, dt.date(2024, 5, 3)]
ACTUALS = [None, 0, 0.025, 0.035, 30, 55, 80, 500, 1000, 1200]


def serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH.date()).days


@pytest.mark.parametrize(("direction", "kind", "baseline", "target", "low", "high"), GOAL_CASES)
def test_goal_functions_match_goal_evaluate(direction, kind, baseline, target, low, high):
    goal = Goal(kpi="engagements", target=target, baseline=baseline, start=START, deadline=DEADLINE,
                direction=direction, kind=kind, low=low, high=high)
    rows = list(itertools.product(ACTUALS, DAYS))
    actual = [[a] for a, _ in rows]
    on = [[serial(d)] for _, d in rows]  # Lite hands dates over as serial numbers
    common = dict(start=START.isoformat(), deadline=serial(DEADLINE), on_date=on, direction=direction)
    bounds = {"low": low, "high": high} if direction == "range" else {}
    results = {
        "progress": lite.goal_progress(actual, baseline, target, direction=direction, **bounds),
        "expected_progress": lite.goal_expected(common["start"], common["deadline"], on, direction=direction),
        "status": lite.goal_status(actual, baseline, target, **common, **bounds),
        "projection": lite.goal_projection(actual, baseline, common["start"], common["deadline"], on,
                                           direction=direction, kind=kind),
        "percent_of_target": lite.goal_percent_of_target(actual, target, direction=direction),
        "expected_value": lite.goal_expected_value(baseline, target, START, DEADLINE, on, direction=direction),
    }
    for j, (a, day) in enumerate(rows):
        want = goal.evaluate(a, on=day)
        for key, got in results.items():
            value = getattr(want, key)
            blank_row = a is None and key in ("progress", "percent_of_target")
            wanted = "" if blank_row else ("#DIV/0!" if value is None else value)
            assert same(got[j][0], wanted), (key, a, day, got[j][0], wanted)


def test_goal_status_labels_dates_and_errors():
    args = dict(start=dt.datetime(2024, 1, 1), deadline="2024-12-31", on_date="2024-07-01")
    assert lite.goal_status(50, 0, 100, **args) == "on_track"
    assert lite.goal_status(50, 0, 100, **args, lang="es") == "En camino"
    assert lite.goal_status([[50], [10]], 0, 100, **args, lang="en") == [["On track"], ["At risk"]]
    with pytest.raises(UdfInputError, match="deadline is before start"):
        lite.goal_status(50, 0, 100, "2024-12-31", "2024-01-01")
    with pytest.raises(UdfInputError, match="range goal needs low and high"):
        lite.goal_progress(5, 0, 0, direction="range")
    with pytest.raises(UdfInputError, match="not a date"):
        lite.goal_expected("soon", "2024-12-31")
    # on_date left out means today
    today = dt.date.today()
    assert lite.goal_expected(today - dt.timedelta(days=9), today + dt.timedelta(days=10)) == pytest.approx(0.5)


def test_goal_dates_with_a_time_of_day_count_as_their_day():
    """A date cell holding a time (=NOW(), an export's timestamp) is that day, as in Goal.evaluate."""
    goal = Goal("new_followers", baseline=0, target=1000, start="2025-04-01", deadline="2025-04-30")
    on = dt.datetime(2025, 4, 15, 18, 0)
    want = goal.evaluate(485, on=on)
    start, deadline = dt.datetime(2025, 4, 1, 9, 30), dt.datetime(2025, 4, 30, 23, 0)
    assert lite.goal_status(485, 0, 1000, start, deadline, on) == want.status == "on_track"
    assert lite.goal_expected(start, deadline, on) == pytest.approx(want.expected_progress)
    assert lite.goal_projection(485, 0, start, deadline, on) == pytest.approx(want.projection)
    serial = (on - EXCEL_EPOCH).total_seconds() / 86400  # =NOW() handed over as a number
    assert lite.goal_expected_value(0, 1000, "2025-04-01", "2025-04-30", serial) == pytest.approx(want.expected_value)


# --------------------------------------------------------------------------------------------------- catalog


@pytest.mark.parametrize("lang", ["en", "es"])
def test_kpis_spills_the_catalog_with_a_header(lang):
    table = lite.kpis(lang)
    assert table[0] == [label(k, lang) for k in ("id", "name", "unit", "formula")]
    catalog = list(kpixl.catalog().values())
    assert [row[0] for row in table[1:]] == [k.id for k in catalog]
    for row, kpi in zip(table[1:], catalog, strict=True):
        assert row == [kpi.id, kpi.name(lang), label(kpi.unit, lang), to_text(kpi.expression())]
    assert lite.kpis() == lite.kpis("en")
    assert {row[0] for row in lite.kpis("en", "paid")[1:]} == {k.id for k in catalog if k.area == "paid"}


@pytest.mark.parametrize("cell", ["١٢٣", "１２３", "-5", -5, 1.5, "1.5", "12%", "1e400", "1e20", 1e20,
                                  "100000000000000000001"])
def test_a_count_that_is_no_count_is_value_error_never_a_guess(cell):
    """#24: Arabic-Indic and full-width digits, negatives, fractions, percentages and numbers past 10^15 (which
    a float cannot hold exactly) are #VALUE! for a count, never 125, 0.12 or #DIV/0!."""
    assert lite.engagements([[cell], [2]], [[2], [2]]) == [["#VALUE!"], [4]]
    assert classic.KPIXL_ENGAGEMENTS([[cell], [2]], [[2], [2]]) == [["#VALUE!"], [4]]


def test_an_amount_is_never_negative_nor_a_percentage():
    assert lite.roas([[100], [100], [100]], [["-5"], ["12%"], [50]]) == [["#VALUE!"], ["#VALUE!"], [2]]


@pytest.mark.parametrize("cell", ["١٢٣", "１２３", "1e400"])
def test_goal_numbers_take_only_ascii_digits_and_finite_values(cell):
    """#24: a goal's actual typed with Arabic-Indic or full-width digits is no number (float() reads '١٢٣' as 123),
    nor is a number past what a cell holds."""
    assert lite.goal_progress([[cell], [50]], 0, 100) == [["#VALUE!"], [0.5]]
