"""A benchmark is judged on its own aggregate: the Dashboard compares a median-post benchmark with the period's median
post rate (never the ratio of sums), says "not comparable" where the network's data cannot meet the definition
(another base; TikTok judged by followers, whose benchmark counts saves the export lacks), and the Benchmarks sheet
states each benchmark's aggregate and base. Engine and LibreOffice (en-US, es-ES) agree, cached values included."""

from __future__ import annotations

import math
import statistics

import pytest

import kpixl
from kpixl.catalog.benchmarks import benchmark_for
from kpixl.text.labels import label
from kpixl.workbook.sheets import benchmarks as benchmarks_sheet
from tests.workbook.verdict_books import PERIOD, day, verdicts  # noqa: F401

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
BLANK = (None, "")


def _row(book, net: str, kpi: str = "engagement_rate") -> dict:
    return next(k for k in book.layout.dashboard["kpis"] if k["network"] == net and k["kpi"] == kpi)


def _post_rates(book, net: str) -> list[float]:
    """Each post's engagement rate in the period, computed by the engine from the row's inputs."""
    layout = book.layout
    variant = layout.column(net, "kpi:engagement_rate").variant or layout.setting(f"er_variant_{net}").value
    rates = []
    for row in book.rows[net]:
        if PERIOD[0] <= day(row) <= PERIOD[1]:
            inputs = {f: row.get(f) for f, _ in layout.input_columns(net) if f != "published_at"}
            rate = kpixl.compute("engagement_rate", variant=variant, network=net, **inputs)
            if rate is not None:
                rates.append(rate)
    return rates


def _same(got, want) -> bool:
    if want in BLANK:
        return got in BLANK
    if isinstance(want, float):
        return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9)
    return got == want


@pytest.mark.parametrize("name", ["en", "es"])
def test_a_median_post_benchmark_is_compared_with_the_median_post(verdicts, name):  # noqa: F811
    book = verdicts[name]
    bench = benchmark_for("x", "impressions")
    assert bench is not None and bench.aggregate == "median_post"
    k = _row(book, "x")
    median = statistics.median(_post_rates(book, "x"))
    for wb in (book.values(), book.cached()):
        dash = wb[book.layout.sheet_name("dashboard")]
        ratio_of_sums = dash[k["value"]].value
        assert _same(dash[k["benchmark"]].value, bench.value)
        assert _same(dash[k["compared"]].value, median)
        assert _same(dash[k["vs_benchmark"]].value, median / bench.value)
        assert not math.isclose(median, ratio_of_sums, rel_tol=1e-6)  # the fixture tells the two apart


@pytest.mark.parametrize(("name", "net"), [("en", "facebook"), ("es", "facebook"), ("es", "tiktok")])
def test_not_comparable_where_the_data_cannot_meet_the_definition(verdicts, name, net):  # noqa: F811
    """Facebook's rate is by reach (no benchmark is); the Spanish book judges TikTok by followers, a benchmark whose
    engagements count saves, which this TikTok export does not have."""
    book = verdicts[name]
    k = _row(book, net)
    want = label("wb_not_comparable", book.layout.lang)
    assert want == {"en": "not comparable", "es": "no comparable"}[book.layout.lang]
    for wb in (book.values(), book.cached()):
        dash = wb[book.layout.sheet_name("dashboard")]
        assert dash[k["value"]].value not in BLANK
        assert dash[k["vs_benchmark"]].value == want
        assert dash[k["action"]].value in BLANK  # no verdict, no action on its account


def test_tiktok_by_views_stays_comparable(verdicts):  # noqa: F811
    book = verdicts["en"]
    k = _row(book, "tiktok")
    dash = book.values()[book.layout.sheet_name("dashboard")]
    assert isinstance(dash[k["vs_benchmark"]].value, float)


@pytest.mark.parametrize("name", ["en", "es"])
def test_the_benchmarks_sheet_states_aggregate_and_base(verdicts, name):  # noqa: F811
    book = verdicts[name]
    lang = book.layout.lang
    ws = book.values()[book.layout.sheet_name("benchmarks")]
    head = [c.value for c in ws[benchmarks_sheet.HEADER_ROW]]
    assert label("wb_aggregate", lang) in head and label("wb_base", lang) in head
    rows: dict = {}  # the first row of each key: the one the Dashboard looks up (newest first)
    for r in ws.iter_rows(min_row=benchmarks_sheet.HEADER_ROW + 1, values_only=True):
        rows.setdefault(r[head.index(label("wb_key", lang))], r)
    x = rows["x|engagement_rate|impressions"]
    assert x[head.index(label("wb_aggregate", lang))] == {"en": "median post", "es": "publicación mediana"}[lang]
    assert x[head.index(label("wb_base", lang))] == {"en": "by impressions (ERI)", "es": "por impresiones"}[lang]
    tiktok = rows["tiktok|engagement_rate|followers"]
    average = {"en": "average post", "es": "media por publicación"}[lang]
    assert tiktok[head.index(label("wb_aggregate", lang))] == average
    assert tiktok[head.index(label("wb_requires", lang))] == {"en": "saves", "es": "guardados"}[lang]


@pytest.mark.parametrize("name", ["en", "es", "client_en"])
def test_kpi_rows_cached_equal_recalculated(verdicts, name):  # noqa: F811
    book = verdicts[name]
    sheet = book.layout.sheet_name("dashboard")
    cached, values = book.cached()[sheet], book.values()[sheet]
    wrong = [f"{k['network']} {k['kpi']} {key} {a}: {cached[a].value!r} != {values[a].value!r}"
             for k in book.layout.dashboard["kpis"] for key, a in k.items()
             if key not in ("network", "kpi", "row") and a and not _same(values[a].value, cached[a].value)]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("name", ["en", "es"])
def test_audience_rate_by_followers_on_the_benchmarks_aggregate(verdicts, name):  # noqa: F811
    """The audience block's rate by followers is the average post's (Socialinsider's aggregate), not the ratio of
    sums; TikTok's by-follower benchmark counts saves, which this export lacks: "not comparable"."""
    book = verdicts[name]
    lang = book.layout.lang
    bench = benchmark_for("x", "followers")
    assert bench is not None and bench.aggregate == "mean_post"
    posts = [r for r in book.rows["x"] if PERIOD[0] <= day(r) <= PERIOD[1]]
    inputs = [{f: r.get(f) for f, _ in book.layout.input_columns("x") if f != "published_at"} for r in posts]
    rates = [x for i in inputs if (x := kpixl.compute("engagement_rate", variant="followers", network="x", **i))
             is not None]
    block = book.layout.dashboard["audience"]["networks"]
    for wb in (book.values(), book.cached()):
        dash = wb[book.layout.sheet_name("dashboard")]
        assert _same(dash[block["x"]["er_followers"]].value, statistics.fmean(rates))
        assert _same(dash[block["x"]["er_benchmark"]].value, bench.value)
        assert dash[block["tiktok"]["er_benchmark"]].value == label("wb_not_comparable", lang)


@pytest.mark.parametrize(("name", "note"), [
    ("en", "No published benchmark: Click-through rate (CTR), Cost per engagement (CPE)."),
    ("es", "Sin referencias publicadas: Tasa de clics (CTR), Coste por interacción (CPE)."),
])
def test_kpis_without_any_benchmark_are_named_once(verdicts, name, note):  # noqa: F811
    """No row repeats "none published" for a KPI no benchmark exists for: one line under the table says so."""
    book = verdicts[name]
    kpis = book.layout.dashboard["kpis"]
    for wb in (book.values(), book.cached()):
        dash = wb[book.layout.sheet_name("dashboard")]
        for k in kpis:
            if k["kpi"] in ("ctr", "cpe"):
                assert k["benchmark"] is None and dash[f"F{k['row']}"].value in BLANK
        assert dash[f"A{kpis[-1]['row'] + 1}"].value == note
