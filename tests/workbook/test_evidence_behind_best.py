"""Evidence behind every "best" (issue 19) on a sparse month, as real exports are: Facebook without posts in the
period, X and LinkedIn with dates only. The highlights say n = … or "not enough posts yet", the heat map's note
counts the posts without a publish time and names the Settings' time zone, and every cached value of the Dashboard,
Top posts and Trends sheets equals LibreOffice's recalculation in en-US and es-ES — also after the analyst lowers
the minimum of posts in Settings."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import openpyxl
import pytest

from kpixl.sources.samples import sample_rows
from kpixl.workbook import build, prepare
from tests import libreoffice
from tests.workbook.conftest import LOCALES
from tests.workbook.test_cached_values import _load, _same, formula_cells

PERIOD = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
NETWORKS = ["instagram", "facebook", "x", "tiktok", "linkedin"]
NO_POSTS = {"en": "no posts in this period", "es": "sin publicaciones en este periodo"}
SAID = {"en": ("n = ", "not enough posts yet", "posts without a publish time (date-only exports) are not in the map",
               "Hours in UTC time"),
        "es": ("n = ", "aún no hay suficientes publicaciones",
               "publicaciones sin hora de publicación (exportaciones solo con fecha) no están en el mapa",
               "Horas en la zona horaria Europe/Madrid")}


def sparse_workbook(folder: Path, lang: str):
    spec = prepare(template="social", client="Acme", networks=NETWORKS, period=PERIOD, lang=lang)
    rows = sample_rows("social", NETWORKS, PERIOD[1], 40)
    rows["facebook"] = [r for r in rows["facebook"] if r["published_at"][:10] < PERIOD[0].isoformat()]
    for net in ("x", "linkedin"):  # X's content export, LinkedIn: dates only
        for row in rows[net]:
            row["published_at"] = row["published_at"][:10]
    return build(folder / f"sparse_{lang}.xlsx", spec, rows), spec, rows


def _mismatches(path: Path, recalculated: Path, sheets: set[str]) -> list[str]:
    cached, recalc = _load(path, data_only=True), _load(recalculated, data_only=True)
    return [f"{s}!{ref}: {cached[s][ref].value!r} vs {recalc[s][ref].value!r}" for s, ref in formula_cells(path)
            if s in sheets and not _same(cached[s][ref].value, recalc[s][ref].value)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_best_states_its_evidence_and_caches_what_libreoffice_recalculates(tmp_path, lang):
    libreoffice.require_soffice()
    path, spec, _rows = sparse_workbook(tmp_path, lang)
    layout = spec.layout
    sheets = {layout.sheet_name(k) for k in ("dashboard", "posts", "trends")}
    # the analyst lowers the minimum to 1 post: the best time is named, on the evidence it has
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    settings = wb[layout.sheet_name("settings")]
    row = next(r for r in settings.iter_rows() if r[0].value == layout.setting("min_posts_best").label)
    row[1].value = 1
    lowered = tmp_path / f"lowered_{lang}.xlsx"  # another name: both land in one output folder
    wb.save(lowered)
    out, out_lowered = libreoffice.recalculate_many([path, lowered], tmp_path / "out", LOCALES[lang])
    assert not _mismatches(path, out, sheets)

    n, few, untimed, zone = SAID[lang]
    cached = _load(path, data_only=True)
    dash, trends = cached[layout.sheet_name("dashboard")], cached[layout.sheet_name("trends")]
    best_post, _, _, best_time = (dash[a].value for a in layout.dashboard["highlights"])
    assert n in best_post and "×" in best_post  # ranked against its network's median, with its n
    assert few in best_time  # no day × hour slot has 5 posts in this month
    zone_line, untimed_line = (trends[c].value for c in layout.dashboard["trends"]["heat"]["note"][-2:])
    assert zone_line.startswith(zone) and untimed_line.startswith(f"12 {untimed}")  # X's and LinkedIn's of March

    # Top posts: Facebook, without posts in March, is named once with "no posts in this period", no empty ranks
    posts_sheet = {book: _load(book, data_only=True)[layout.sheet_name("posts")] for book in (path, out)}
    for ws in posts_sheet.values():
        for half in ("left", "right"):
            first, *rest = layout.dashboard["top_posts"]["networks"]["facebook"][half]
            assert ws[first["post"]].value == NO_POSTS[lang] and ws[first["rank"]].value in (None, "")
            assert all(ws[r[key]].value in (None, "") for r in rest for key in ("network", "rank", "post"))
            assert ws[layout.dashboard["top_posts"]["networks"]["instagram"][half][1]["rank"]].value == 2

    recalc = _load(out_lowered, data_only=True)[layout.sheet_name("dashboard")]
    named = recalc[layout.dashboard["highlights"][3]].value
    slot = named.split("); ")[-1]  # the best time, after the best format's parenthesis
    assert few not in slot and n in slot, named
    hours = r"de \d\d a \d\d h, hora de Europe/Madrid" if lang == "es" else r", \d\d–\d\d h, UTC time"
    assert re.search(hours, slot), slot  # "de 18 a 21 h" as a Spanish reader says it
