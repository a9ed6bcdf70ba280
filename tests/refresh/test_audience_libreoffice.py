"""End to end, per daily export kind: import into a workbook, recalculate in LibreOffice, and read the Dashboard's
audience block, the weekly followers and the audience goals — every cell equal to the engine (`kpixl.report.audience`),
in English and Spanish, including a one-network workbook fed a long TikTok follower history."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import kpixl
from kpixl.catalog.benchmarks import benchmark_for, compared_value
from kpixl.refresh.core import import_results
from kpixl.refresh.saving import update_file
from kpixl.report import audience
from kpixl.report.period import previous as previous_period
from kpixl.sources import read_exports
from kpixl.text.labels import label
from kpixl.workbook.formulas.aggregates import by_month, months_of
from tests.refresh.audience_files import REFERENCE, audience_rows, follower_history, make_workbook

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

GOALS = """
[[goals]]
kpi = "followers"
network = "{net}"
baseline = {base}
target = {target}
start = "period_start"
deadline = "period_end"

[[goals]]
kpi = "net_follower_growth"
network = "{net}"
baseline = 0
target = 300
start = "period_start"
deadline = "period_end"

[[goals]]
kpi = "new_followers"
network = "all"
baseline = 0
target = 100
start = "period_start"
deadline = "period_end"
"""

# (name, lang, networks, period, export files (fixture names or a generated history))
CASES = [
    ("tiktok_history_long", "en", ("tiktok",), (dt.date(2026, 2, 1), dt.date(2026, 2, 28)), ["<history>"]),
    ("tiktok_history_plain", "es", ("tiktok",), (dt.date(2026, 1, 1), dt.date(2026, 3, 31)), ["<plain>"]),
    ("tiktok_history_es", "es", ("tiktok", "instagram"), (dt.date(2026, 2, 1), dt.date(2026, 3, 31)),
     ["tiktok_follower_history_es.csv", "tiktok_overview.csv", "tiktok_viewers_zh.csv"]),
    ("x_overview", "en", ("x",), (dt.date(2026, 7, 1), dt.date(2026, 7, 31)), ["x_overview.csv"]),
    ("meta_daily", "es", ("facebook", "instagram"), (dt.date(2025, 8, 1), dt.date(2025, 8, 31)),
     ["meta_daily_follows.csv", "meta_daily_visits_es.csv"]),
    ("linkedin_followers", "en", ("linkedin",), (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
     ["linkedin_followers.xlsx"]),
    ("linkedin_content_visitors", "es", ("linkedin", "x"), (dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
     ["linkedin_content.xlsx", "<visitors>"]),
    ("kpixl_daily", "en", ("x", "youtube"), (dt.date(2025, 4, 1), dt.date(2025, 6, 30)), ["<canonical>"]),
]


def visitors_file(path: Path) -> Path:
    """A LinkedIn Page visitors export: a note on row 1, headers on row 2, sheet "Visitor metrics"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Visitor metrics"
    ws.append(["Aggregated visitor metrics for the selected period"])
    ws.append(["Date", "Overview page views (desktop)", "Overview page views (mobile)", "Total page views (total)",
               "Total unique visitors (total)"])
    for day, views in ((1, 40), (2, 0), (3, 55), (5, 61)):
        ws.append([f"03/{day:02d}/2025", views // 2, views - views // 2, views, views // 3])
    wb.save(path)
    return path


def canonical_daily(path: Path) -> Path:
    """`kpixl normalize`'s daily CSV: the canonical columns, every network in one file."""
    import csv

    from kpixl.catalog.fields import DAILY_FIELDS
    from kpixl.sources import samples

    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=DAILY_FIELDS)
        writer.writeheader()
        for net in ("x", "youtube"):
            writer.writerows({**r, "followers": r["followers"] if r["date"][-2:] != "10" else None}
                             for r in samples.daily(net, dt.date(2025, 6, 30)))
    return path


class Checker:
    def __init__(self) -> None:
        self.count = 0

    def same(self, got: Any, want: Any, where: str) -> None:
        self.count += 1
        if want is None:
            assert got in (None, ""), f"{where}: engine says no value, workbook has {got!r}"
        elif isinstance(want, str):
            assert got == want, f"{where}: {got!r} != {want!r}"
        else:
            assert isinstance(got, (int, float)), f"{where}: expected {want!r}, workbook has {got!r}"
            assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {got!r} != {want!r}"


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, request):
    from tests import libreoffice

    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("audience")
    exports = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
    built = {}
    for name, lang, nets, period, files in CASES:
        goals = folder / f"{name}.toml"
        goals.write_text(GOALS.format(net=nets[0], base=5000, target=6000), encoding="utf-8")
        book = make_workbook(folder / f"{name}.xlsx", lang=lang, networks=nets, period=period, goals=goals)
        paths = []
        for f in files:
            if f == "<visitors>":
                paths.append(visitors_file(folder / "visitors.xlsx"))
            elif f == "<canonical>":
                paths.append(canonical_daily(folder / "daily.csv"))
            elif f in ("<history>", "<plain>"):
                target = folder / f"{name}.csv"
                follower_history(target, dt.date(2026, 3, 5), 120 if f == "<history>" else 45, plain=f == "<plain>")
                paths.append(target)
            else:
                paths.append(exports / f)
        results = [r for p in paths for r in read_exports(p, reference=REFERENCE)]
        summary, _ = update_file(book, lambda b, results=results: import_results(b, results))
        assert summary.added > 0 and summary.rejected == 0, summary.lines()
        built[name] = book
    built["posts"] = posts_workbook(folder)
    outs = libreoffice.recalculate_many(list(built.values()), folder / "out")
    return {name: (built[name], out) for name, out in zip(built, outs, strict=True)}


POSTS_PERIOD = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))


def posts_workbook(folder: Path) -> Path:
    """Sample posts without follower counts and daily followers: kpixl fills each post's count from the Audience
    table, so the engagement rate by followers exists for every post."""
    from kpixl.sources import samples
    from kpixl.workbook import build, prepare

    spec = prepare(template="social", client="Acme", networks=("instagram", "tiktok"), period=POSTS_PERIOD,
                   lang="es")
    posts = {n: [{**p, "followers": None} for p in samples.posts(n, 60, POSTS_PERIOD[1])] for n in spec.layout.networks}
    daily = [r for n in spec.layout.networks for r in samples.daily(n, POSTS_PERIOD[1]) if r["date"][-2:] != "15"]
    path = build(folder / "posts.xlsx", spec, posts, audience=daily)
    summary, _ = update_file(path, lambda b: import_results(b, [], rebuild=True))
    assert any(f.kind == "followers at post time" and f.updated > 100 for f in summary.files), summary.lines()
    return path


def test_engagement_rate_by_followers_at_post_time(recalculated):
    original, out = recalculated["posts"]
    layout, days = audience_rows(original)
    wb = openpyxl.load_workbook(original)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        values = openpyxl.load_workbook(out, data_only=True)
    start, end = POSTS_PERIOD
    check = Checker()
    for net in layout.networks:
        ws = wb[layout.network_sheet(net)]
        head = [c.value for c in ws[1]]
        posts = [dict(zip(head, [c.value for c in r], strict=False)) for r in ws.iter_rows(min_row=2)]
        field = {f: layout.header(net, f) for f, _ in layout.input_columns(net)}
        for post in posts:  # every post got the count of its day (or of the latest of the week before)
            day = post[field["published_at"]].date()
            check.same(post[field["followers"]], audience.followers_at(days, net, day), f"{net} followers {day}")
        period = [p for p in posts if start <= p[field["published_at"]].date() <= end]
        inputs = {f: [p[h] for p in period] for f, h in field.items()
                  if f not in ("published_at", "post_id", "post_type", "permalink", "text")}
        want = kpixl.aggregate("engagement_rate", variant="followers", network=net, **inputs)
        bench = benchmark_for(net, "followers")  # Socialinsider's by-follower figure, the same denominator
        if bench is not None:  # compared on the benchmark's own aggregate (its average or median post)
            per_post = [kpixl.compute("engagement_rate", variant="followers", network=net,
                                      **{f: v[i] for f, v in inputs.items()}) for i in range(len(period))]
            want = compared_value(bench.aggregate, [r for r in per_post if r is not None], want)
        cell = layout.dashboard["audience"]["networks"][net]["er_followers"]
        check.same(values[layout.sheet_name("dashboard")][cell].value, want, f"{net} ER by followers")
        cell = layout.dashboard["audience"]["networks"][net]["er_benchmark"]
        check.same(values[layout.sheet_name("dashboard")][cell].value, bench.value if bench else
                   label("wb_no_benchmark", layout.lang), f"{net} benchmark by followers")
    assert check.count > 100


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_dashboard_and_goals_match_the_engine(recalculated, case):
    name, lang, nets, (start, end), _ = case
    original, out = recalculated[name]
    layout, rows = audience_rows(original)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(out, data_only=True)
    dash = wb[layout.sheet_name("dashboard")]
    block = layout.dashboard["audience"]
    prev_start, prev_end = previous_period(start, end)  # the calendar quarter before: 1 Jan–31 Mar
    check = Checker()
    for net in nets:
        cells = block["networks"][net]
        want = {
            "followers_end": audience.followers_end(rows, net, start, end),
            "followers_start": audience.followers_start(rows, net, start, end),
            "net_growth": audience.period_value("net_follower_growth", rows, [net], start, end),
            "net_growth_previous": audience.period_value("net_follower_growth", rows, [net], prev_start, prev_end),
            "growth_rate": audience.period_value("follower_growth_rate", rows, [net], start, end),
            "growth_rate_previous": audience.period_value("follower_growth_rate", rows, [net], prev_start,
                                                          prev_end),
            "new_followers": audience.period_value("new_followers", rows, [net], start, end),
            "reach": audience.period_value("reach", rows, [net], start, end),
            "profile_visits": audience.period_value("profile_visits", rows, [net], start, end),
        }
        for key, value in want.items():
            check.same(dash[cells[key]].value, value, f"{name} {net} {key}")
        # by week from the period's start, or by calendar month for periods over 14 weeks (#19)
        buckets = (months_of((start, end)) if by_month((start, end)) else
                   [(start + dt.timedelta(days=7 * w), min(start + dt.timedelta(days=7 * w + 6), end))
                    for w in range(len(block["weeks"]))])
        assert len(buckets) == len(block["weeks"])
        for w, (week_cell, (first, last)) in enumerate(zip(block["weeks"], buckets, strict=True)):
            assert dash[week_cell].value.date() == first
            check.same(dash[block["followers"][net][w]].value, audience.followers_end(rows, net, first, last),
                       f"{name} {net} week {w}")
    goals_ws = wb[layout.sheet_name("goals")]
    for g in layout.goals:
        g_nets = list(nets) if g["network"] == "all" else [g["network"]]
        g_start, g_end = dt.date.fromisoformat(g["start"]), dt.date.fromisoformat(g["deadline"])
        actual = audience.period_value(g["kpi"], rows, g_nets, g_start, min(g_end, end))
        check.same(goals_ws[g["cells"]["actual"]].value, actual, f"{name} goal {g['kpi']} actual")
        goal = kpixl.Goal(g["kpi"], target=g["target"], baseline=g["baseline"], start=g_start, deadline=g_end,
                          direction=g["direction"], kind=g["kind"])
        result = goal.evaluate(actual, on=end, closed=end < dt.date.today())  # a past period end has ended
        for key in ("progress", "expected_progress", "expected_value", "projection"):
            check.same(goals_ws[g["cells"][key]].value, getattr(result, key), f"{name} goal {g['kpi']} {key}")
        status = label(result.status, lang) if result.status else None
        check.same(goals_ws[g["cells"]["status"]].value, status, f"{name} goal {g['kpi']} status")
        if g["kpi"] == "followers":
            shown = f"{kpixl.get('followers').name(lang)}: {status}" if status else None
            check.same(dash[block["networks"][nets[0]]["goal"]].value, shown, f"{name} dashboard goal")
    print(f"{name}: {check.count} cells compared")


def test_a_plain_history_reads_back_as_exported(recalculated):
    """The other real shape (unquoted, "August 18", an undefined first count) in a one-network Spanish workbook."""
    original, out = recalculated["tiktok_history_plain"]
    history = follower_history(Path(out).parent / "again_plain.csv", dt.date(2026, 3, 5), 45, plain=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dash = openpyxl.load_workbook(out, data_only=True)["Panel"]
    cells = audience_rows(original)[0].dashboard["audience"]["networks"]["tiktok"]
    assert dash[cells["followers_end"]].value == history[-1][1]
    assert dash[cells["net_growth"]].value == sum(h[2] for h in history)


def test_the_long_history_reads_back_as_exported(recalculated):
    """Followers at period end and net growth of a one-network workbook are the file's own figures."""
    original, out = recalculated["tiktok_history_long"]
    history = follower_history(Path(out).parent / "again.csv", dt.date(2026, 3, 5), 120)
    in_feb = [h for h in history if h[0].month == 2]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(out, data_only=True)
    cells = audience_rows(original)[0].dashboard["audience"]["networks"]["tiktok"]
    dash = wb["Dashboard"]
    assert dash[cells["followers_end"]].value == in_feb[-1][1]
    assert dash[cells["net_growth"]].value == sum(h[2] for h in in_feb)
    assert dash[cells["followers_start"]].value == in_feb[0][1] - in_feb[0][2]
