"""Interactions a post does not report: the engagements count a blank interaction as 0 when the post reports another
one (LinkedIn leaves Follows blank on organic posts), whatever the Not-in-export column lists, and only the
engagements (ratios of an interaction stay blank); the Python twin of the formulas (cached values) equals
LibreOffice's recalculation on rows with every mix of listed, typed, blank and text cells, and the Dashboard line
says what the engagements leave out."""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest

import kpixl
from kpixl.workbook import Layout, build, prepare
from kpixl.workbook.formulas.not_reported import FIELD, listing, lists
from kpixl.workbook.formulas.rows import column_formulas
from kpixl.workbook.sheets.network import row_values
from kpixl.workbook.templates import load
from tests.workbook.conftest import LOCALES, PERIOD
from tests.workbook.test_cached_values import _load, _same, formula_cells


def test_labels_match_whole_so_shares_and_saves_never_collide():
    assert lists("Saves", "Saves") and lists("Comments, Saves", "Saves") and lists("Saves, Shares", "Shares")
    assert not lists("Shares", "Saves") and not lists("Saves", "Save") and not lists("", "Saves")
    assert not lists("Me gusta", "gusta") and lists("Comentarios, Me gusta", "Me gusta")


def test_a_file_lists_what_it_lacks_and_what_it_has_leaves_the_list():
    labels = (("likes", "Likes"), ("comments", "Comments"), ("shares", "Shares"), ("saves", "Saves"))
    row = {"likes": 3, "comments": None, "shares": 1, "saves": None, FIELD: None}
    assert listing(row, labels, {"likes", "comments", "shares"}, {"saves"}) == "Saves"
    row[FIELD] = "Saves"
    assert listing(row, labels, {"likes"}, ()) == "Saves"  # a file that says nothing of saves keeps the list
    assert listing(row, labels, {"likes", "saves"}, ()) is None  # a file with a saves column: blank is no value
    row["saves"] = 12
    assert listing(row, labels, {"likes", "comments", "shares"}, {"saves"}) is None  # a value typed wins
    row.update(saves=None, comments=None)
    assert listing(row, labels, {"likes"}, {"comments", "shares", "saves"}) == "Comments, Saves"  # shares has 1


def _layout(lang: str = "en", template: str = "social"):
    return prepare(template=template, client="Acme", lang=lang, period=PERIOD).layout


@pytest.mark.parametrize("template", ["social", "influencer"])
def test_the_engagements_count_a_blank_interaction_as_not_reported_like_the_engine(template):
    """Random rows: the row plan's engagements and rates equal the engine's, a blank (or text) interaction counting as
    not reported when another one is there; a row without any interaction is no value."""
    layout = _layout("es", template)
    rng = random.Random(11)
    checked = blank_counted = 0
    for net in layout.networks:
        interactions = [f for f in kpixl.catalog.kpi.interactions_for(net) if layout.has_column(net, f)]
        inputs = [c for c in layout.columns(net) if c.role == "input" and c.format == "integer"]
        compute = row_values(layout, net)
        for _ in range(150):
            row = {c.field: rng.choice([None, None, 0, 5, 1200, "n/a"]) for c in inputs}
            listed = [f for f in interactions if rng.random() < 0.4]
            row[FIELD] = ", ".join(layout.header(net, f) for f in listed) or None
            got = compute(dict(row))
            numbers = {k: (v if isinstance(v, (int, float)) else None) for k, v in row.items() if k != FIELD}
            reported = [f for f in interactions if numbers.get(f) is not None]
            want = kpixl.compute("engagements", network=net, **numbers)
            assert want == (sum(numbers[f] for f in reported) if reported else None)
            assert got["kpi:engagements"] == want, (net, row)
            rate = layout.column(net, "kpi:engagement_rate")
            variant = rate.variant or layout.setting(f"er_variant_{net}").value
            want_rate = None if want is None else kpixl.compute("engagement_rate", variant=variant, network=net,
                                                                **{**numbers, "engagements": want})
            assert (got["kpi:engagement_rate"] is None) if want_rate is None else math.isclose(
                got["kpi:engagement_rate"], want_rate, rel_tol=1e-12), (net, row)
            checked += want is not None
            blank_counted += want is not None and len(reported) < len(interactions)
    assert checked > 50 and blank_counted > 30


def test_only_the_engagements_count_a_blank_never_a_ratio(tmp_path: Path):
    """A TikTok sheet with the amplification rate (shares / followers): shares blank leave it blank."""
    source = Path(kpixl.__file__).resolve().parents[1] / "workbook_templates" / "social.toml"
    text = source.read_text(encoding="utf-8").replace(
        'kpis = ["engagements", "engagement_rate", "emv", "cpe"]',
        'kpis = ["engagements", "engagement_rate", "emv", "cpe", "amplification_rate"]')
    custom = tmp_path / "custom.toml"
    custom.write_text(text, encoding="utf-8")
    spec = prepare(template=str(custom), client="Acme", networks=("tiktok",), period=PERIOD)
    layout = spec.layout
    formulas = column_formulas(layout, "tiktok")
    assert [k for k, f in formulas.items() if "SUM(" in f] == ["kpi:engagements"]
    assert not [k for k, f in formulas.items() if "FIND(" in f]  # the Not-in-export text no longer decides
    got = row_values(layout, "tiktok")({"likes": 10, "comments": 2, "shares": None, "saves": 4, "followers": 1000,
                                        "views": 500, FIELD: None})
    assert got["kpi:engagements"] == 16 and got["kpi:amplification_rate"] is None
    assert got["kpi:engagement_rate"] == pytest.approx(16 / 500)
    none = row_values(layout, "tiktok")({"likes": None, "comments": None, "shares": None, "saves": None,
                                         "views": 500, FIELD: "Saves"})
    assert none["kpi:engagements"] is None and none["kpi:engagement_rate"] is None


def _rows(layout: Layout, rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Sample rows with every mix: a listed blank, a listed column the user typed, a listed one with text, a blank
    in a column the file has, a label that only looks alike ("Shares" for saves), nothing listed."""
    out = {}
    for net, posts in rows.items():
        interactions = [f for f in kpixl.catalog.kpi.interactions_for(net) if layout.has_column(net, f)]
        head = {f: layout.header(net, f) for f in interactions}
        last = interactions[-1]
        other = next((f for f in interactions if f != last), last)
        cases = itertools.cycle([
            ({last: None}, [last]),
            ({}, [last]),  # typed by the user: counts
            ({last: None, other: None}, [last]),  # a blank the file has: no value
            ({last: "n/a"}, [last]),
            ({last: None}, [other]),  # listed something else
            ({f: None for f in interactions[1:]}, interactions[1:]),
            ({}, []),
        ])
        out[net] = []
        for post, (changes, listed) in zip(posts, cases, strict=False):
            out[net].append({**post, **changes, FIELD: ", ".join(head[f] for f in listed) or None})
    return out


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("template,lang", [("social", "es"), ("influencer", "en")])
def test_cached_values_equal_libreoffice_with_listed_interactions(tmp_path: Path, template: str, lang: str):
    from kpixl.sources.samples import sample_rows
    from tests import libreoffice, ooxml

    libreoffice.require_soffice()
    ooxml.require_validator()
    spec = prepare(template=template, client="Acme", period=PERIOD, lang=lang)
    layout = spec.layout
    rows = _rows(layout, sample_rows(template, layout.networks, PERIOD[1], 35))
    path = build(tmp_path / "book.xlsx", spec, rows, lite=False)
    ooxml.assert_valid(path)
    out = libreoffice.recalculate(path, tmp_path / "out", LOCALES[lang])  # Spanish highlights: 1.234,56
    formulas = formula_cells(path)
    cached, recalc = _load(path, data_only=True), _load(out, data_only=True)
    wrong = [f"{s}!{r}: cached {cached[s][r].value!r}, LibreOffice {recalc[s][r].value!r} ({formulas[s, r][:90]})"
             for s, r in formulas if not _same(cached[s][r].value, recalc[s][r].value)]
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong[:20])
    note = recalc[layout.sheet_name("dashboard")][layout.dashboard["not_reported_note"]].value
    assert note and all(n in note for n in ("TikTok", "YouTube")), note
    assert note == cached[layout.sheet_name("dashboard")][layout.dashboard["not_reported_note"]].value
    engagement = {net: [ws_row for ws_row in recalc[layout.network_sheet(net)].iter_rows(min_row=2, values_only=True)]
                  for net in layout.networks}
    assert all(any(isinstance(r[layout.columns(net).index(layout.column(net, "kpi:engagements"))], (int, float))
                   for r in found) for net, found in engagement.items())


def test_templates_place_the_column_last_among_inputs():
    for name in ("social", "influencer"):
        template = load(name)
        assert template.fields[FIELD].format == "text"
        for net, spec in template.networks.items():
            assert spec.inputs[-1] == FIELD, (name, net)
