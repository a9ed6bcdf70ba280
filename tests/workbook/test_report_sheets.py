"""The Top posts and Trends sheets, recalculated by LibreOffice, equal `kpixl.report.posts` over the same rows: the top
post
is the one the engine ranks first (per network and overall, by engagements and by rate among typical-reach posts),
formats and heat-map cells equal the engine's aggregates, the monthly trend has 12 whole months, and both sheets
print on one landscape page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import statistics
import urllib.parse
import warnings
from typing import Any

import openpyxl
import pytest

import kpixl
from kpixl.catalog import kpi as catalog
from kpixl.catalog.expr import inputs_of, presence_groups, split_ratio
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.engine import evaluate_scalar
from kpixl.report import posts as report
from kpixl.report.period import previous as previous_period
from kpixl.text.labels import label
from kpixl.workbook import Layout
from kpixl.workbook.sheets.network import in_table_words
from kpixl.workbook.sheets.top_posts import caption_key, caption_text, networks
from kpixl.workbook.sheets.trends import formats, rate_networks
from tests.workbook.test_libreoffice_values import CASES, Checker, _variant, engine_period, field_sum

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
TEXT_FIELDS = ("published_at", "post_id", "post_type", "permalink", "text", "creator", "promo_code", "utm_content")


def posts_of(layout: Layout, net: str, rows: list[dict[str, Any]]) -> list[report.Post]:
    """Each table row as the engine sees it: engagements, engagement rate and the rate's base."""
    out = []
    has_rate = layout.has_column(net, "kpi:engagement_rate")
    variant = _variant(layout, net, "engagement_rate") if has_rate else None
    expr = catalog.get("engagement_rate").expression(variant, network=net) if has_rate else None
    caption = caption_key(layout, net)
    for index, row in enumerate(rows, start=1):
        inputs = {f: row.get(f) for f, _ in layout.input_columns(net) if f not in TEXT_FIELDS}
        engagements = kpixl.compute("engagements", variant=_variant(layout, net, "engagements"), network=net,
                                    **inputs)
        rate = base = None
        if expr is not None:
            rate = kpixl.compute("engagement_rate", variant=variant, network=net, **inputs)
            if all(any(row.get(name) is not None for name in group) for group in presence_groups(expr)):
                base = evaluate_scalar(split_ratio(expr)[1], row)
        kind = next(in_table_words(layout, net, [row])).get("post_type")  # as the workbook's table writes it
        out.append(report.Post(net, index, dt.datetime.fromisoformat(row["published_at"]), kind,
                               row.get("permalink"), engagements, rate, base, row.get(caption) if caption else None))
    return out


def _load(recalculated, case):
    original, out, spec, rows = recalculated[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layout = Layout.from_workbook(openpyxl.load_workbook(original, read_only=False))
        wb = openpyxl.load_workbook(out, data_only=True)
    return layout, wb, spec, rows


def _day(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def _check_post(check: Checker, ws: Any, cells: dict[str, str], post: report.Post | None, half: str,
                lang: str, where: str, typical: float | None = None) -> None:
    """One ranked row; `typical` (the overall rankings) is the network's median rate or engagements, and the row's
    second figure is then the post's rate or engagements as a multiple of it."""
    first, second = ("engagements", "rate") if half == "left" else ("rate", "engagements")
    if post is None:
        check.same(ws[cells["first"]].value, None, f"{where} value")
        return
    check.same(ws[cells["network"]].value, NETWORK_NAMES[post.network], f"{where} network")
    check.same(ws[cells["date"]].value, post.when, f"{where} date")
    check.same(ws[cells["type"]].value or None, post.type, f"{where} type")
    check.same(ws[cells["post"]].value, caption_text(post.caption, label("wb_open", lang)),
               f"{where} post")
    check.same(ws[cells["first"]].value, post.metric(first), f"{where} {first}")
    second_value = post.metric(second) if typical is None else post.metric(first) / typical  # type: ignore[operator]
    check.same(ws[cells["second"]].value, second_value, f"{where} {second}")


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_top_posts_are_the_engines(recalculated, case):
    layout, wb, spec, rows = _load(recalculated, case)
    check = Checker()
    ws = wb[layout.sheet_name("posts")]
    cells = layout.dashboard["top_posts"]
    start, end = spec.period
    period = {net: report.in_period(posts_of(layout, net, rows[net]), start, end) for net in networks(layout)}
    for half, metric, typical in (("left", "engagements", False), ("right", "rate", True)):
        for net, posts in period.items():
            want = report.top(posts, metric, 3, typical_reach=typical)
            for k, where in enumerate(cells["networks"][net][half]):
                _check_post(check, ws, where, want[k] if k < len(want) else None, half, layout.lang,
                            f"{net} {half} #{k + 1}")
            if half == "right":
                check.same(ws[cells["networks"][net]["median"]].value, report.median_base(posts), f"{net} median")
        overall = report.top_overall(period, metric, 3, typical_reach=typical)
        assert overall, "the sample has posts in the period"
        medians = {net: statistics.median([v for p in posts if (v := p.metric(metric)) is not None])
                   for net, posts in period.items()}
        # across networks: the highest rate or engagements relative to its own network's median post
        relative = sorted((p.metric(metric) / medians[p.network] for net, posts in period.items()
                           for p in report.top(posts, metric, 3, typical_reach=typical)), reverse=True)
        assert [p.metric(metric) / medians[p.network] for p in overall] == relative[:len(overall)]
        for k, where in enumerate(cells["overall"][half]):
            post = overall[k] if k < len(overall) else None
            _check_post(check, ws, where, post, half, layout.lang, f"overall {half} #{k + 1}",
                        medians[post.network] if post else None)
    assert check.count > 100


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_trends_are_the_engines(recalculated, case):
    layout, wb, spec, rows = _load(recalculated, case)
    check = Checker()
    ws = wb[layout.sheet_name("trends")]
    cells = layout.dashboard["trends"]
    start, end = spec.period
    nets = rate_networks(layout)
    posts = {net: report.in_period(posts_of(layout, net, rows[net]), start, end) for net in layout.networks}
    # monthly: 12 whole, consecutive calendar months ending with the period's last whole month
    months = report.months(end)
    assert len(cells["monthly"]["months"]) == 12 == len(months)
    assert months[-1][1] <= end and months[-1][1] + dt.timedelta(days=31) > end
    for (first, last), address, row in zip(months, cells["monthly"]["months"], cells["monthly"]["cells"],
                                              strict=True):
        assert first.day == 1 and (last + dt.timedelta(days=1)).day == 1
        check.same(_day(ws[address].value), first, f"month {first}")
        month_posts = {net: [r for r in rows[net] if first <= dt.date.fromisoformat(r["published_at"][:10]) <= last]
                       for net in layout.networks}
        spans = [(min(days), max(days)) for days in (
            [dt.date.fromisoformat(r["published_at"][:10]) for r in rows[n]] for n in layout.networks) if days]
        covered = report.exports_cover(spans, first, last)  # outside every export: a gap, not 0 posts (#19)
        check.same(ws[row[0]].value, sum(len(v) for v in month_posts.values()) if covered else None, f"{first} posts")
        check.same(ws[row[1]].value, engine_period(layout, list(layout.networks), "engagements", rows, first, last)
                   if covered else None, f"{first} engagements")
        for net in nets:  # each network's own rate, never one over every network's engagements (#19)
            rate = cells["rates"]["networks"][net][cells["monthly"]["months"].index(address)]
            check.same(ws[rate].value, engine_period(layout, [net], "engagement_rate", rows, first, last),
                       f"{first} {net} rate")
        for name in ("reach", "impressions", "views"):
            header = label(f"wb_{name}", layout.lang)
            if header in cells["monthly"]["columns"]:
                address = row[cells["monthly"]["columns"].index(header)]
                values = [field_sum(month_posts[n], name) for n in layout.networks if layout.has_column(n, name)]
                found = [v for v in values if v is not None]
                check.same(ws[address].value, sum(found) if found and covered else None, f"{first} {name}")
    # formats: posts and median engagement rate, pooled and per network
    kinds = formats(layout)
    every = [p for net in layout.networks for p in posts[net]]
    for i, kind in enumerate(cells["formats"]["kinds"]):
        median = report.relative_format_median({n: posts[n] for n in nets}, kind, kinds)
        wanted = {k.lower() for k in ((kind,) if isinstance(kind, str) else kind)} if kind else set()
        mine = [p.rate / statistics.median([q.rate for q in posts[p.network] if q.rate is not None])
                for n in nets for p in posts[n] if p.rate is not None and (  # a format may group types (#19)
                    (p.type or "").lower() in wanted if kind else (p.type or "").lower() not in kinds)]
        assert (median is None) == (not mine) and (not mine or math.isclose(median, statistics.median(mine)))
        all_count, _ = report.format_stats(every, kind, kinds)
        check.same(ws[cells["formats"]["posts"][i]].value, all_count, f"format {kind} posts")
        check.same(ws[cells["formats"]["median"][i]].value, median, f"format {kind} median")
        for net in nets:
            address = cells["formats"]["networks"][net][i]
            if address:
                check.same(ws[address].value, report.format_stats(posts[net], kind, kinds)[1], f"{net} {kind}")
    # heat map: mean engagement rate per weekday and 3-hour slot, every network pooled
    pooled = [p for n in nets for p in posts[n]]
    assert pooled
    typical = {n: statistics.median([p.rate for p in posts[n] if p.rate is not None]) for n in nets}
    for net in nets:
        check.same(ws[cells["heat"]["medians"][net]].value, typical[net], f"{net} median rate")
    for day, row in enumerate(cells["heat"]["cells"], start=1):
        for hour, address in zip(report.HOUR_BUCKETS, row, strict=True):
            slot = [p.rate / typical[p.network] for p in pooled if p.rate is not None and typical[p.network]
                    and p.when.isoweekday() == day and hour <= p.when.hour < hour + 3]
            want = report.relative_heat_cell({n: posts[n] for n in nets}, day, hour)
            assert (want is None) == (not slot) and (not slot or math.isclose(want, sum(slot) / len(slot)))
            check.same(ws[address].value, want, f"heat {day} {hour}")
    assert check.count > 150


def _goal_statuses(layout: Layout, rows: dict[str, list], end: dt.date) -> list[str | None]:
    out = []
    for g in layout.goals:
        nets = list(layout.networks) if g["network"] == "all" else [g["network"]]
        g_start, g_end = dt.date.fromisoformat(g["start"]), dt.date.fromisoformat(g["deadline"])
        actual = engine_period(layout, nets, g["kpi"], rows, g_start, min(g_end, end))
        goal = kpixl.Goal(g["kpi"], target=g["target"], baseline=g["baseline"], start=g_start, deadline=g_end,
                          direction=g["direction"], kind=g["kind"], low=g["low"], high=g["high"])
        out.append(goal.evaluate(actual, on=end).status)
    return out


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_highlights_say_what_the_engine_says(recalculated, case):
    from kpixl.report.goals import STATUS_LEVEL
    from kpixl.workbook.sheets import highlights as hl

    layout, wb, spec, rows = _load(recalculated, case)
    lang, (start, end) = layout.lang, spec.period
    dash = wb[layout.sheet_name("dashboard")]
    sentences = [dash[a].value for a in layout.dashboard["highlights"]]
    period = {net: report.in_period(posts_of(layout, net, rows[net]), start, end) for net in networks(layout)}
    # 1. the best post by rate relative to its network's median (typical reach), with the posts behind it
    best = report.top_overall(period, "rate", 1, typical_reach=True)[0]
    relative = best.rate / report.median_rate(period[best.network])  # type: ignore[operator]
    assert sentences[0] == hl.text("best_post", lang, {
        "network": NETWORK_NAMES[best.network], "type": hl.format_name_text(best.type, lang),
        "date": hl.date_text(best.when.date(), lang), "rate": hl.rate_text(best.rate, lang),
        "relative": hl.value_text(relative, "multiple", "", lang),
        "n": hl.count_text(report.rated_count(period), lang)})
    # 2. the KPI row whose change is largest against the spread of its previous period's posts, among those with
    # 5 posts with a value and a base of 1,000 in both periods
    prev_start, prev_end = previous_period(start, end)  # the calendar quarter before: 1 Jan–31 Mar
    moves = []
    for k in layout.dashboard["kpis"]:
        net, kpi_id = k["network"], k["kpi"]
        value = engine_period(layout, [net], kpi_id, rows, start, end)
        previous = engine_period(layout, [net], kpi_id, rows, prev_start, prev_end)
        now, before = _per_post(layout, net, kpi_id, rows[net], start, end), _per_post(
            layout, net, kpi_id, rows[net], prev_start, prev_end)
        score = report.change_score(value, previous, before[0], (now[1], before[1]), (len(now[0]), len(before[0])),
                                    1000, 5)
        if score is not None:
            moves.append((abs(score), k, value, previous, len(now[0]), len(before[0])))
    if not moves:
        assert sentences[1] == hl.text("no_standout", lang, {"min": "5", "base": hl.count_text(1000, lang)})
    else:
        top_move = max(moves, key=lambda m: m[0])  # the first of equals, as MATCH
        _, k, value, previous, n_now, n_before = top_move
        kpi = catalog.get(k["kpi"])
        change = (value - previous) * 100 if kpi.unit == "fraction" else value / previous - 1
        assert sentences[1] == hl.text("move", lang, {
            "kpi": kpi.name(lang), "network": NETWORK_NAMES[k["network"]],
            "move": hl.move_text(change, kpi.unit == "fraction", lang),
            "previous": hl.value_text(previous, kpi.unit, spec.currency, lang),
            "value": hl.value_text(value, kpi.unit, spec.currency, lang),
            "n": hl.count_text(n_now, lang), "n_previous": hl.count_text(n_before, lang)})
    # 3. goals at risk, behind or missed
    bad = []
    for g, goal, status in zip(layout.goals, spec.goals, _goal_statuses(layout, rows, end), strict=True):
        if status and STATUS_LEVEL[status] in (1, 2) and not goal.example:  # an example goal is not cited
            where = NETWORK_NAMES[g["network"]] if g["network"] != "all" else label("all_networks", lang)
            bad.append((f"{catalog.get(g['kpi']).name(lang)} · {where}", label(status, lang)))
    if spec.goals and all(goal.example for goal in spec.goals):  # the template's examples: said, never "none at risk"
        assert sentences[2] == hl.words("goals_examples", lang)
    else:
        assert sentences[2] == hl.goal_list_text(bad, lang)
    # 4. the best format and the best day × hour slot, each among those with 5 posts, or "not enough posts yet"
    from kpixl.catalog.post_types import type_label
    from kpixl.workbook.sheets.trends import DAYS, format_groups, group_label

    def in_words(posts: list[report.Post]) -> list[report.Post]:  # the types as the workbook's tables write them
        return [dataclasses.replace(p, type=type_label(p.type, lang) if p.type else p.type) for p in posts]

    nets = rate_networks(layout)
    kinds = formats(layout)
    typed = [n for n in layout.networks if layout.has_column(n, "post_type")]
    by_network = {n: in_words(report.in_period(posts_of(layout, n, rows[n]), start, end)) for n in nets}
    pooled = [p for n in typed for p in in_words(report.in_period(posts_of(layout, n, rows[n]), start, end))]
    stats = [(g, report.format_stats(pooled, g, kinds)[0],
              report.relative_format_median({n: by_network[n] for n in nets if n in typed}, g, kinds))
             for g in [*format_groups(layout), None]]
    fmt = report.best_format(stats, 5)
    if fmt is None:
        format_part = hl.text("few_format", lang, {"min": "5"})
    else:
        name = group_label(fmt[0], lang)
        format_part = hl.text("best_format", lang, {"format": name.lower() if lang == "es" else name,
                                                    "n": hl.count_text(fmt[1], lang),
                                                    "rate": hl.value_text(fmt[2], "multiple", "", lang)})
    slot = report.best_slot(by_network, 5)
    if slot is None:
        slot_part = hl.text("few_slot", lang, {"min": "5"})
    else:
        day_name, hour = DAYS[slot[0] - 1][1 if lang == "es" else 0], report.HOUR_BUCKETS[slot[1] - 1]
        slot_part = hl.text("best_slot", lang, {"day": day_name.lower() if lang == "es" else day_name,
                                                "hours": hl.hours_text(hour, lang),
                                                "zone": layout.setting("time_zone").value,
                                                "n": hl.count_text(slot[3], lang)})
    assert sentences[3] == hl.text("format_and_slot", lang, {"format": format_part, "slot": slot_part})


def _per_post(layout: Layout, net: str, kpi_id: str, rows: list[dict[str, Any]], start: dt.date, end: dt.date
              ) -> tuple[list[float], float]:
    """A KPI's per-post values of the posts dated in [start, end] and its base there (the denominator summed over
    the rows that have every input of the ratio, as its hidden den: column)."""
    variant = _variant(layout, net, kpi_id)
    expr = catalog.get(kpi_id).expression(variant, network=net)
    values, base = [], 0.0
    for row in rows:
        if not start <= dt.date.fromisoformat(row["published_at"][:10]) <= end:
            continue
        inputs = {f: row.get(f) for f, _ in layout.input_columns(net) if f not in TEXT_FIELDS}
        value = kpixl.compute(kpi_id, variant=variant, network=net, **inputs)
        if value is not None:
            values.append(value)
        if all(row.get(name) is not None for name in inputs_of(expr)):
            base += evaluate_scalar(split_ratio(expr)[1], row)
    return values, base


@pytest.mark.parametrize("case", [c for c in CASES if c[0] == "influencer"], ids=lambda c: "-".join(c))
def test_creators_are_the_engines(recalculated, case):
    """Per creator: posts, fee, promo-code, UTM and total conversions, revenue and ROAS, ROI, CPE over the creator's
    posts of the period (kpixl.aggregate), a totals row, and the UTM link of each creator on each network."""
    layout, wb, spec, rows = _load(recalculated, case)
    start, end = spec.period
    ws = wb[layout.sheet_name("creators")]
    found = layout.dashboard["creators"]
    check = Checker()
    names = found["names"]
    assert names and len(found["rows"]) > len(names)
    for name, cells in zip(names, found["rows"], strict=False):
        mine = [r for net in layout.networks for r in rows[net]
                if r.get("creator") == name and start <= dt.date.fromisoformat(r["published_at"][:10]) <= end]
        check.same(ws[cells["posts"]].value, len(mine), f"{name} posts")
        for key in ("spend", "promo_conversions", "utm_conversions", "revenue"):
            check.same(ws[cells[key]].value, sum(r[key] for r in mine if r.get(key) is not None), f"{name} {key}")
        promo, utm = [r.get("promo_conversions") for r in mine], [r.get("utm_conversions") for r in mine]
        both = kpixl.aggregate("influencer_conversions", promo_conversions=promo, utm_conversions=utm)
        check.same(ws[cells["conversions"]].value, both if mine else 0, f"{name} total conversions")
        spend = [r.get("spend") for r in mine]
        revenue = [r.get("revenue") for r in mine]
        for kpi_id in ("roas", "roi"):
            check.same(ws[cells[kpi_id]].value, kpixl.aggregate(kpi_id, spend=spend, revenue=revenue) if mine else None,
                       f"{name} {kpi_id}")
    for cells in found["rows"][len(names):]:  # blank rows to type more creators show nothing
        check.same(ws[cells["posts"]].value, None, "spare row")
    total = sum(ws[c["posts"]].value for c in found["rows"][:len(names)])
    check.same(ws[found["total"]["posts"]].value, total, "total posts")
    assert check.count > 40
    # the links to hand out: one per creator and network, as the network sheets build a row's link without content
    settings = {k: layout.setting(k).value for k in ("base_url", "utm_medium", "utm_campaign")}
    links = found["links"]
    assert len(links) == len(found["rows"]) * len(layout.networks)
    for i, link in enumerate(links[:len(names) * len(layout.networks)]):
        name = names[i // len(layout.networks)]
        slug = urllib.parse.quote("_".join(name.lower().split()), safe="")  # URL-encoded (lucía → luc%C3%ADa, #24)
        assert ws[link["creator"]].value == name
        assert ws[link["link"]].value == (f"{settings['base_url']}?utm_source={link['network']}&utm_medium="
                                          f"{settings['utm_medium']}&utm_campaign={settings['utm_campaign']}"
                                          f"&utm_content={slug}")
    net_ws = wb[layout.network_sheet(layout.networks[0])]
    headers = [c.value for c in net_ws[1]]
    creator_col, link_col = headers.index(layout.header(layout.networks[0], "creator")), headers.index(
        layout.header(layout.networks[0], "utm_link"))
    content_col = headers.index(layout.header(layout.networks[0], "utm_content"))
    handed_out = {ws[link["link"]].value for link in links}
    posted = [row for row in net_ws.iter_rows(min_row=2, values_only=True) if row[creator_col] and not row[content_col]]
    assert posted and all(row[link_col] in handed_out for row in posted)  # a post without its own content: same link


def test_heat_map_selector_shows_one_network(tmp_path):
    """Choosing a network above the heat map shows that network's posts only, against its own median (LibreOffice
    in es-ES, as a Spanish reader picks "TikTok" from the list)."""
    from tests import libreoffice
    from tests.workbook.conftest import PERIOD, make

    path, spec, rows = make(tmp_path, "social", "es", size=60, networks=["instagram", "tiktok", "x"])
    layout = spec.layout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    heat = layout.dashboard["trends"]["heat"]
    wb[layout.sheet_name("trends")][heat["selector"]].value = "TikTok"
    chosen = tmp_path / "chosen.xlsx"
    wb.save(chosen)
    out = libreoffice.recalculate(chosen, tmp_path / "out", "es-ES")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ws = openpyxl.load_workbook(out, data_only=True)[layout.sheet_name("trends")]
    tiktok = {"tiktok": report.in_period(posts_of(layout, "tiktok", rows["tiktok"]), *PERIOD)}
    check = Checker()
    for day, row in enumerate(heat["cells"], start=1):
        for hour, address in zip(report.HOUR_BUCKETS, row, strict=True):
            check.same(ws[address].value, report.relative_heat_cell(tiktok, day, hour), f"TikTok {day} {hour}")
    assert check.count == 56 and any(ws[a].value not in (None, "") for r in heat["cells"] for a in r)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_best_post_without_a_type_is_a_post(tmp_path, lang):
    """Exports without a post type (YouTube's, TikTok's) make the best-post sentence say "post", never leave a gap;
    cached and recalculated alike."""
    from kpixl.sources.samples import sample_rows
    from kpixl.workbook import build, prepare
    from tests import libreoffice
    from tests.workbook.conftest import PERIOD

    spec = prepare(template="social", client="Acme", networks=["youtube"], period=PERIOD, lang=lang)
    rows = {net: [{**r, "post_type": None} for r in found]
            for net, found in sample_rows("social", ["youtube"], PERIOD[1], 30).items()}
    path = build(tmp_path / f"untyped_{lang}.xlsx", spec, rows)
    address = spec.layout.dashboard["highlights"][0]
    out = libreoffice.recalculate(path, tmp_path / "out", "es-ES" if lang == "es" else None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cached = openpyxl.load_workbook(path, data_only=True)[spec.layout.sheet_name("dashboard")][address].value
        recalc = openpyxl.load_workbook(out, data_only=True)[spec.layout.sheet_name("dashboard")][address].value
    start = {"en": "Best post: YouTube post of ", "es": "Mejor publicación: publicación de YouTube del "}[lang]
    assert cached.startswith(start), cached
    assert recalc == cached
