"""Influencer workbooks on sparse, real-shaped exports (#19 items 7 and 8): reel views kept, the Creators sheet
rebuilt on every import with one row per creator of the tables (typed ones kept), TikTok's missing reach blank, and
every cached value what LibreOffice recalculates, in English and Spanish, with a network that has no post."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from kpixl.refresh.books.package import open_book
from kpixl.text.labels import label
from kpixl.workbook.formulas.rows import utm_link_value
from kpixl.workbook.layout import Layout
from tests import libreoffice, ooxml
from tests.refresh.test_cached_after_import import _assert_cached_is_recalculated, _edit_cell, _sheet_parts
from tests.workbook.conftest import LOCALES
from tests.workbook.test_cached_values import _load, _same, formula_cells

IG, TT = "instagram_2025_ragged.csv", "tiktok_2025_videos.csv"
TYPED = {"instagram": ["Ana Fit", "bea.cocina"], "tiktok": ["Ana Fit", "tt_only", "Carla Viaja"]}


def _new(tmp_path: Path, lang: str, run_kpixl) -> tuple[Path, Layout]:
    book = tmp_path / f"campaign_{lang}.xlsx"
    run_kpixl.output_of("new", str(book), "--client", "Marca", "--template", "influencer", "--lang", lang,
                        "--networks", "instagram,tiktok,youtube", "--period", "2025-10-01:2025-10-31")
    return book, Layout.from_workbook(openpyxl.load_workbook(book, read_only=True))


def _type(book: Path, sheet: str, ref: str, text: str) -> None:
    _edit_cell(book, sheet, ref, f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode())


def _type_creator(book: Path, layout: Layout, net: str, row: int, name: str) -> None:
    """A creator typed into a table row as Excel saves it: the row's UTM link recalculated with it."""
    sheet = layout.network_sheet(net)
    _type(book, sheet, f"{layout.column_letter(net, 'creator')}{row}", name)
    link = f"{layout.column_letter(net, 'utm_link')}{row}"
    with zipfile.ZipFile(book) as z:
        xml = z.read(_sheet_parts(book)[sheet]).decode()
    cell = re.search(r'<c r="' + link + r'"[^>]*>.*?</c>', xml, re.S).group(0)
    settings = {k: layout.setting(k).value for k in ("base_url", "utm_medium", "utm_campaign")}
    value = escape(utm_link_value(net, settings, name))
    _edit_cell(book, sheet, link, re.sub(r"<v>.*?</v>|<v/>", f"<v>{value}</v>", cell).encode())


def _more_likes(tmp_path: Path, exports: Path) -> Path:
    """The TikTok export downloaded again a day later: one video has more likes."""
    with open(exports / TT, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("Likes")] = "1400"
    out = tmp_path / "later" / TT
    out.parent.mkdir()
    with open(out, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return out


def test_instagram_reel_views_are_kept(tmp_path: Path, exports: Path, run_kpixl):
    book, layout = _new(tmp_path, "en", run_kpixl)
    out = run_kpixl.output_of("import", str(book), str(exports / IG))
    assert "not kept" not in out
    wb = _load(book)
    ws = wb[layout.network_sheet("instagram")]
    headers = [c.value for c in ws[1]]
    views = [ws.cell(r, headers.index(layout.header("instagram", "views")) + 1).value for r in range(2, 5)]
    assert views[1] == 15400  # the reel's views


def test_an_earlier_influencer_workbook_says_which_figures_it_cannot_keep(tmp_path: Path, exports: Path, run_kpixl):
    """A workbook made before Instagram had a Views column: the import says the views are not kept."""
    book = tmp_path / "old.xlsx"
    book.write_bytes((exports.parent / "workbooks" / "influencer_es_402c1ac.xlsx").read_bytes())
    out = run_kpixl.output_of("import", str(book), str(exports / "instagram_posts_es.csv"), "--skip-bad-rows")
    assert "visualizaciones: no se guardan, la hoja Instagram" in out, out


def _imported_twice(lang: str, tmp_path: Path, exports: Path, run_kpixl) -> tuple[Path, Layout]:
    """Instagram and TikTok posts of October (YouTube has none), creators typed into the tables and one into the
    Creators sheet, then a later TikTok export imported."""
    book, layout = _new(tmp_path, lang, run_kpixl)
    run_kpixl.output_of("import", str(book), str(exports / IG), str(exports / TT))
    for net, names in TYPED.items():  # the analyst types who made each post into the tables
        for row, name in enumerate(names, start=2):
            _type_creator(book, layout, net, row, name)
    _type(book, layout.sheet_name("creators"), "A6", "Eva Moda")  # a creator signed, no post yet
    _type(book, layout.sheet_name("creators"), "Z2", "my note")  # the user's own cell, away from kpixl's
    run_kpixl.output_of("import", str(book), str(_more_likes(tmp_path, exports)))
    return book, layout


@pytest.mark.parametrize("lang", ["en", "es"])
def test_creators_are_rebuilt_with_every_creator_and_cached_as_libreoffice(lang: str, tmp_path: Path, exports: Path,
                                                                          run_kpixl):
    libreoffice.require_soffice()
    ooxml.require_validator()
    book, layout = _imported_twice(lang, tmp_path, exports, run_kpixl)
    ooxml.assert_valid(book)
    creators = layout.sheet_name("creators")

    with open_book(book) as opened:
        cells = opened.sheet_cells(creators)
    total = next(r for (r, c), (v, kind, _) in cells.items()
                 if c == 1 and kind is None and v == label("wb_total", lang))
    names = [cells.get((r, 1), (None,))[0] for r in range(6, total)]
    assert names == ["Eva Moda", "Ana Fit", "bea.cocina", "tt_only", "Carla Viaja", None, None, None]
    assert cells[(2, 26)][0] == "my note"
    recalculated = libreoffice.recalculate(book, tmp_path / "recalculated", LOCALES[lang])
    cached, recalc = _load(book, data_only=True)[creators], _load(recalculated, data_only=True)[creators]
    refs = [ref for sheet, ref in formula_cells(book) if sheet == creators]
    assert len(refs) > 200
    wrong = [(ref, cached[ref].value, recalc[ref].value) for ref in refs if not _same(cached[ref].value,
                                                                                       recalc[ref].value)]
    assert not wrong, wrong[:10]

    wb = _load(book, data_only=True)[creators]
    header = [c.value for c in wb[5]]
    reach, views = header.index(label("wb_reach", lang)) + 1, header.index(label("wb_views", lang)) + 1
    assert wb.cell(9, reach).value is None  # tt_only: TikTok reports no reach
    assert wb.cell(9, views).value > 0
    assert label("wb_cpe_fee_posts", lang) in header


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_sparse_influencer_workbook_caches_every_formula_as_libreoffice(lang: str, tmp_path: Path, exports: Path,
                                                                          run_kpixl):
    libreoffice.require_soffice()
    book, layout = _imported_twice(lang, tmp_path, exports, run_kpixl)
    _assert_cached_is_recalculated(book, tmp_path, layout)
