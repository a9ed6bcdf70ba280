"""Workbooks written by an earlier kpixl (before the package was laid out in role folders) still import and refresh,
and the xlwings Lite code they carry still decodes and runs.

The fixtures were written by kpixl at commit 402c1ac (the last flat layout), as a user would have:
    kpixl new social_en_402c1ac.xlsx --client Acme --networks instagram,facebook,youtube --period 2025-03-01:2025-03-31
    kpixl new influencer_es_402c1ac.xlsx --client Marca --template influencer --lang es --networks instagram,tiktok
              --period 2025-03-01:2025-03-31 --no-lite
Their hidden layout sheet and their embedded main.py are that version's; nothing here regenerates them.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpixl.sources.reading import decode
from kpixl.text.refresh_labels import text
from kpixl.workbook import webextension
from kpixl.workbook.layout import Layout
from tests import libreoffice, ooxml
from tests.refresh.test_cached_after_import import _assert_cached_is_recalculated
from tests.udfs.dispatcher import body, book_json, require_dispatcher, run_cpython, workbook_code
from tests.workbook.conftest import LOCALES
from tests.workbook.test_cached_values import _load, _same, formula_cells

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EARLIER = {"en": FIXTURES / "workbooks" / "social_en_402c1ac.xlsx",
           "es": FIXTURES / "workbooks" / "influencer_es_402c1ac.xlsx"}
EXPORT = {"en": FIXTURES / "exports" / "instagram_posts_en.csv", "es": FIXTURES / "exports" / "instagram_posts_es.csv"}
ADDED = {"en": "5 added", "es": "3 añadidas"}  # the Spanish export has a row with "doce" likes: rejected


def _copy(lang: str, tmp_path: Path) -> Path:
    target = tmp_path / EARLIER[lang].name
    shutil.copy(EARLIER[lang], target)
    return target


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_earlier_workbook_imports_and_refreshes(lang: str, tmp_path: Path, run_kpixl):
    """Its layout sheet is read as before; the posts land in its table; a refresh of the same export changes
    nothing and writes nothing; the result is valid Open XML and the imported rows' cached values equal
    LibreOffice's recalculation."""
    book = _copy(lang, tmp_path)
    before = _members(book)
    assert ADDED[lang] in run_kpixl.output_of("import", str(book), str(EXPORT[lang]), "--skip-bad-rows")
    layout = Layout.from_workbook(openpyxl.load_workbook(book, read_only=True))
    wb = openpyxl.load_workbook(book)
    table = wb[layout.network_sheet("instagram")].tables[layout.table_name("instagram")]
    assert int(re.search(r"\d+$", table.ref).group()) - 1 >= int(ADDED[lang].split()[0])
    after = _members(book)
    untouched = {name for name in before if name.startswith(("xl/media/", "xl/webextensions/", "docProps/"))}
    assert all(after[name] == before[name] for name in untouched)  # parts kpixl does not own: byte-identical

    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(EXPORT[lang], folder)
    # the first refresh brings kpixl's formulas up to date in the tables the import did not touch (an earlier
    # kpixl's engagements and EMV columns); a refresh after it of the same export changes nothing
    run_kpixl.output_of("refresh", str(book), "--from", str(folder), "--skip-bad-rows")
    stamp = book.stat().st_mtime_ns
    run_kpixl.output_of("refresh", str(book), "--from", str(folder), "--skip-bad-rows")
    assert book.stat().st_mtime_ns == stamp  # nothing new: nothing written
    ooxml.assert_valid(book)
    recalculated = libreoffice.recalculate(book, tmp_path / "recalculated", LOCALES[layout.lang])
    cached, recalc = _load(book, data_only=True), _load(recalculated, data_only=True)
    sheet = layout.network_sheet("instagram")
    cells = [ref for name, ref in formula_cells(book) if name == sheet]
    assert len(cells) > 40  # a dozen formula columns per imported row
    wrong = [ref for ref in cells if not _same(cached[sheet][ref].value, recalc[sheet][ref].value)]
    assert not wrong, wrong[:10]


def test_an_earlier_workbook_with_a_network_without_posts_caches_every_figure_as_libreoffice(tmp_path: Path, run_kpixl):
    """Its figure sheets keep that version's formulas and labels, so none takes the value today's formulas give
    (with YouTube and Facebook without posts, LibreOffice blanks its formats table where today's kpixl has numbers):
    they carry no cached value until Excel or LibreOffice recalculates; every other formula cell equals LibreOffice."""
    book = _copy("en", tmp_path)
    run_kpixl.output_of("import", str(book), str(EXPORT["en"]))
    layout = Layout.from_workbook(openpyxl.load_workbook(book, read_only=True))
    figures = frozenset(layout.sheet_name(k) for k in ("dashboard", "posts", "trends", "goals"))
    _assert_cached_is_recalculated(book, tmp_path, layout, blank=figures, min_rows=0)


def test_the_lite_code_an_earlier_workbook_carries_still_decodes_and_runs(tmp_path: Path):
    """Its main.py (that version's kpixl inside, as base64) registers every function and its Refresh button
    imports a pasted export, run by xlwings' own Lite dispatcher."""
    require_dispatcher()
    code = workbook_code(EARLIER["en"])
    wheel = re.search(r'KPIXL_WHEEL = """\n(.*?)\n"""', code.main_py, re.S).group(1)
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(wheel.replace("\n", "")))) as embedded:
        assert "kpixl/kpi.py" in embedded.namelist()  # the flat layout of the earlier version, not today's
    wb = openpyxl.load_workbook(EARLIER["en"], data_only=True)
    wb.create_sheet(text("paste_sheet", "en"))
    for row in csv.reader(io.StringIO(decode(EXPORT["en"].read_bytes(), "ig.csv"))):
        wb[text("paste_sheet", "en")].append(row)
    answer = run_cpython({"main_py": code.main_py, "calls": [body("kpis", lang=[["en"]])],
                          "scripts": [{"name": "kpixl_refresh", "book": book_json(wb)}]})
    assert len(answer["functions"]["functions"]) >= 60
    assert answer["calls"][0]["result"][0] == ["Id", "Name", "Unit", "Formula"]
    (run,) = answer["runs"]
    assert "error" not in run, run
    assert run["printed"].startswith("kpixl: 5 added, 0 updated, 0 unchanged, 0 rejected"), run["printed"]
    assert webextension.WEBEXTENSION in _members(EARLIER["en"])
