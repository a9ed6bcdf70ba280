"""The Dashboard's biggest change (issue 19 item 4) on the month it went wrong: LinkedIn's click-through rate went
"up 1.53 pp" on 3 clicks and 117 impressions while Facebook's engagement rate halved on thousands of reach. Only a
KPI whose base reaches Settings' minimum in both periods, with enough posts, may be the biggest change, ranked by
its change against the spread of its per-post values in the previous period, never by raw points; the sentence
gives both periods' values and n. Cached values equal LibreOffice's recalculation in en-US and es-ES, also after
the analyst raises the minimum base so that no change stands out."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import openpyxl
import pytest

from kpixl.report import posts as report
from kpixl.sources.samples import sample_rows
from kpixl.workbook import build, prepare
from tests import libreoffice
from tests.workbook.conftest import LOCALES
from tests.workbook.test_cached_values import _load, _same, formula_cells

PERIOD = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
NETWORKS = ["facebook", "linkedin"]
SAID = {"en": ("Biggest change: Engagement rate on Facebook, down 3.0", "; n = 8 → 8).",
               "Biggest change: no change stands out yet"),
        "es": ("Mayor cambio: Tasa de interacción en Facebook, baja 3,0", "; n = 8 → 8).",
               "Mayor cambio: aún ningún cambio destaca")}


def _row(template: dict, net: str, day: dt.date, **values) -> dict:
    row = {**template, "network": net, "post_id": f"{net}-{day.isoformat()}-{values.pop('n')}",
           "published_at": f"{day.isoformat()}T12:30:00", "post_type": "photo" if net == "facebook" else "image",
           "spend": None, "follows": None, "saves": None, "views": None}
    return {**row, **values}


def month_it_went_wrong() -> dict[str, list[dict]]:
    """October: Facebook's posts at ~6 % of reach, LinkedIn 10 clicks on 971 impressions (1.03 %). November:
    Facebook's rate halved (~3 %) on the same reach, LinkedIn 3 clicks on 117 impressions (2.56 %: up 1.53 pp)."""
    base = sample_rows("social", NETWORKS, PERIOD[1], 2)
    facebook, linkedin = [], []
    for i in range(8):
        for month, rate in ((10, 0.06), (11, 0.03)):
            likes = round(5000 * (rate + (i - 3.5) * 0.001))  # a usual spread of about a quarter of a point
            facebook.append(_row(base["facebook"][0], "facebook", dt.date(2026, month, 2 + 3 * i), n=i,
                                 reach=5000, impressions=8000, likes=likes, comments=0, shares=0, clicks=80 + i))
    october = [(400, 4), (300, 3), (271, 3)]
    november = [(60, 2), (57, 1)]
    for month, posts in ((10, october), (11, november)):
        for i, (impressions, clicks) in enumerate(posts):
            linkedin.append(_row(base["linkedin"][0], "linkedin", dt.date(2026, month, 5 + 7 * i), n=i,
                                 impressions=impressions, clicks=clicks, likes=2, comments=0, shares=0))
    return {"facebook": facebook, "linkedin": linkedin}


def test_a_change_on_a_trivial_base_never_stands_out():
    earlier = [0.0565, 0.0575, 0.0585, 0.0595, 0.0605, 0.0615, 0.0625, 0.0635]
    halved = report.change_score(0.03, 0.06, earlier, (5000, 5000), (8, 8), 1000, 5)
    assert halved is not None and halved < -10  # 3 points down where posts usually differ by a quarter of one
    trivial = report.change_score(3 / 117, 10 / 971, [0.01, 0.01, 0.011], (117, 971), (2, 3), 1000, 5)
    assert trivial is None
    assert report.change_score(0.03, 0.06, [0.06] * 8, (5000, 5000), (8, 8), 1000, 5) is None  # no spread
    assert report.spread([0.05]) is None


def _mismatches(path: Path, recalculated: Path, sheet: str) -> list[str]:
    cached, recalc = _load(path, data_only=True), _load(recalculated, data_only=True)
    return [f"{s}!{ref}: {cached[s][ref].value!r} vs {recalc[s][ref].value!r}" for s, ref in formula_cells(path)
            if s == sheet and not _same(cached[s][ref].value, recalc[s][ref].value)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_biggest_change_is_facebook_halving_not_linkedin_on_117_impressions(tmp_path, lang):
    libreoffice.require_soffice()
    spec = prepare(template="social", client="Acme", networks=NETWORKS, period=PERIOD, lang=lang)
    path = build(tmp_path / f"wrong_month_{lang}.xlsx", spec, month_it_went_wrong())
    layout = spec.layout
    dashboard = layout.sheet_name("dashboard")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    settings = wb[layout.sheet_name("settings")]
    row = next(r for r in settings.iter_rows() if r[0].value == layout.setting("min_base_change").label)
    row[1].value = 100_000  # no KPI of this month has such a base
    raised = tmp_path / f"raised_{lang}.xlsx"
    wb.save(raised)
    out, out_raised = libreoffice.recalculate_many([path, raised], tmp_path / "out", LOCALES[lang])
    assert not _mismatches(path, out, dashboard)

    found, n, none = SAID[lang]
    cell = layout.dashboard["highlights"][1]
    for book in (path, out):
        sentence = _load(book, data_only=True)[dashboard][cell].value
        assert sentence.startswith(found) and sentence.endswith(n), sentence
        assert "LinkedIn" not in sentence
    assert _load(out_raised, data_only=True)[dashboard][cell].value.startswith(none)
