"""The Creators sheet is rebuilt by the one refresh core in every engine (#19 item 7): the Refresh button on a live
book (xlwings' API) and an openpyxl workbook get one row per creator of the tables as `kpixl import` does, the totals
and links below moved down, the user's own cells (a styled blank cell too) kept."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from kpixl.refresh.books.openpyxl_book import OpenpyxlBook
from kpixl.refresh.books.xlwings_book import XlwingsBook
from kpixl.refresh.core import import_pasted
from kpixl.text.labels import label
from kpixl.text.refresh_labels import text
from kpixl.workbook.layout import Layout
from tests.pyodide import harness
from tests.refresh.fake_xlwings import Book as FakeXlwingsBook
from tests.refresh.test_cached_after_import import _edit_cell, _sheet_parts
from tests.refresh.test_creators_rebuild import _type_creator
from tests.refresh.test_refresh_button import csv_rows
from tests.udfs.dispatcher import book_json, require_dispatcher, run_cpython, run_pyodide, workbook_code

TYPED = ["Ana Fit", "bea.cocina", "Carla Viaja"]  # into the Instagram table's three posts
NAMES = ["Eva Moda", *TYPED]  # Eva typed into the Creators sheet: a creator signed, no post yet
FILL = PatternFill("solid", fgColor="FFFF00")


@pytest.fixture
def influencer(tmp_path: Path, exports: Path, run_kpixl) -> Path:
    book = tmp_path / "campaign.xlsx"
    run_kpixl.output_of("new", book, "--client", "Marca", "--template", "influencer", "--networks",
                        "instagram,tiktok", "--period", "2025-10-01:2025-10-31")
    run_kpixl.output_of("import", book, exports / "instagram_2025_ragged.csv")
    return book


def _names(ws, lang: str = "en") -> tuple[list, int]:
    total = next(r for r in range(6, 60) if ws.cell(r, 1).value == label("wb_total", lang))
    return [ws.cell(r, 1).value for r in range(6, total)], total


@pytest.mark.parametrize("engine", ["openpyxl", "xlwings"])
def test_the_refresh_button_rebuilds_creators(influencer: Path, exports: Path, engine: str):
    wb = openpyxl.load_workbook(influencer)
    layout = Layout.from_workbook(wb)
    table = wb[layout.network_sheet("instagram")]
    column = layout.column_letter("instagram", "creator")
    for row, name in enumerate(TYPED, start=2):  # the analyst types who made each post
        table[f"{column}{row}"] = name
    creators = wb[layout.sheet_name("creators")]
    assert _names(creators)[0] == [None, None, None]
    creators["A6"] = "Eva Moda"
    creators["Z2"] = "my note"
    _, old_total = _names(creators)
    creators[f"Z{old_total}"].fill = FILL  # a styled blank cell beside the totals row, the user's
    book = OpenpyxlBook(wb) if engine == "openpyxl" else XlwingsBook(FakeXlwingsBook(wb))
    import_pasted(book)
    for row in csv_rows(exports / "tiktok_2025_videos.csv"):
        wb[text("paste_sheet", "en")].append(row)
    assert import_pasted(book) is not None

    names, total = _names(creators)
    assert names == [*NAMES, None, None, None]
    assert total == old_total + len(NAMES)
    assert creators["Z2"].value == "my note"
    assert str(creators.cell(6, 2).value).startswith("=IF($A6")  # the creator rows' formulas
    assert creators.cell(6, 2).number_format == creators.cell(6 + len(NAMES), 2).number_format
    links = next(r for r in range(total + 1, 80) if creators.cell(r, 1).value == label("wb_creator", "en"))
    assert creators.cell(links + 2 * (len(NAMES) + 3), 1).value is not None  # a link row per creator per network
    if engine == "openpyxl":  # Lite's API shows values only: its blank cells' formats are Excel's to move
        assert creators[f"Z{total}"].fill.fgColor.rgb == FILL.fgColor.rgb


def _lite_request(influencer: Path, exports: Path) -> tuple[dict, int]:
    """The Refresh button's run as xlwings Lite sends it (the workbook's own main.py, its values as a remote book):
    creators typed into the Instagram table and one into Creators, a TikTok export pasted; and the Creators sheet's
    position."""
    wb = openpyxl.load_workbook(influencer, data_only=True)
    layout = Layout.from_workbook(wb)
    column = layout.column_letter("instagram", "creator")
    for row, name in enumerate(TYPED, start=2):
        wb[layout.network_sheet("instagram")][f"{column}{row}"] = name
    creators = layout.sheet_name("creators")
    wb[creators]["A6"] = "Eva Moda"
    wb.create_sheet(text("paste_sheet", "en"))
    for row in csv_rows(exports / "tiktok_2025_videos.csv"):
        wb[text("paste_sheet", "en")].append(row)
    code = workbook_code(influencer)
    request = {"main_py": code.main_py, "scripts": [{"name": "kpixl_refresh", "book": book_json(wb)}]}
    return request, wb.sheetnames.index(creators)


def _assert_creators_rebuilt(answer: dict, position: int) -> None:
    """The queued writes give Creators a row per creator, formatted from the creator rows, with its figures."""
    (run,) = answer["runs"]
    assert "error" not in run, run
    assert "added" in run["printed"], run["printed"]
    on_creators = [a for a in run["actions"] if a.get("sheet_position") == position]
    written = {(a["start_row"] + 1, a["start_column"] + 1): a["values"] for a in on_creators
               if a["func"] == "setValues"}
    names = [written.get((r, 1), [[None]])[0][0] for r in range(6, 6 + len(NAMES) + 4)]
    assert names == [*NAMES, None, None, None, label("wb_total", "en")]
    assert any(a["func"] == "copyFromRange" and "formats" in a["args"] for a in on_creators)
    assert str(written[(6, 1)][0][1]).startswith("=IF($A6")  # the row's figures beside its name


def test_the_refresh_button_rebuilds_creators_in_xlwings_lite(influencer: Path, exports: Path):
    """xlwings' own Lite dispatcher (CPython) on a remote book: values only, writes queued."""
    require_dispatcher()
    request, position = _lite_request(influencer, exports)
    _assert_creators_rebuilt(run_cpython(request), position)


@pytest.mark.pyodide
@pytest.mark.slow
def test_the_refresh_button_rebuilds_creators_in_pyodide(influencer: Path, exports: Path):
    """The same in xlwings Lite's runtime: Pyodide offline with only the pure wheels requirements.txt installs (no
    numpy or pandas): the shadow workbook the rebuild reads is built there too."""
    harness.require_pyodide()
    request, position = _lite_request(influencer, exports)
    requirements = [line.split("#")[0].strip() for line in workbook_code(influencer).requirements_txt.splitlines()]
    wheels = harness.download_pure_wheels([r for r in requirements if r] + ["et_xmlfile"])
    _assert_creators_rebuilt(run_pyodide(request, wheels), position)


def test_creators_typed_into_the_tables_get_their_rows_though_no_post_is_new(influencer: Path, exports: Path,
                                                                             run_kpixl):
    """The analyst types who made each post, then imports an export with nothing new: the Creators sheet still gets a
    row per creator (the workbook is written for it); imported once more, nothing is written."""
    layout = Layout.from_workbook(openpyxl.load_workbook(influencer, read_only=True))
    creators = layout.sheet_name("creators")
    for row, name in enumerate(TYPED, start=2):
        _type_creator(influencer, layout, "instagram", row, name)
    _, old_total = _names(openpyxl.load_workbook(influencer)[creators])
    _edit_cell(influencer, creators, f"Z{old_total}", f'<c r="Z{old_total}" s="1"/>'.encode())  # styled, blank
    assert "saved" in run_kpixl.output_of("import", influencer, exports / "instagram_2025_ragged.csv")
    names, total = _names(openpyxl.load_workbook(influencer)[creators])
    assert names == [*TYPED, None, None, None]
    with zipfile.ZipFile(influencer) as z:
        xml = z.read(_sheet_parts(influencer)[creators])
    assert f'<c r="Z{total}" s="1"/>'.encode() in xml  # moved down with the totals row, its style kept
    assert "up to date" in run_kpixl.output_of("import", influencer, exports / "instagram_2025_ragged.csv")


@pytest.mark.parametrize("engine", ["openpyxl", "xlwings"])
def test_a_creator_cleared_from_the_sheet_gives_its_rows_back(influencer: Path, exports: Path, engine: str):
    """Two creators typed into Creators only (no post yet), then one cleared: the sheet shrinks again, the totals,
    links and the user's note below them moved back up."""
    wb = openpyxl.load_workbook(influencer)
    layout = Layout.from_workbook(wb)
    creators = wb[layout.sheet_name("creators")]
    creators["A6"], creators["A7"] = "Eva Moda", "Fran Viaja"
    book = OpenpyxlBook(wb) if engine == "openpyxl" else XlwingsBook(FakeXlwingsBook(wb))
    import_pasted(book)

    def paste() -> None:
        for row in csv_rows(exports / "tiktok_2025_videos.csv"):
            wb[text("paste_sheet", "en")].append(row)
        import_pasted(book)

    paste()
    names, total = _names(creators)
    assert names == ["Eva Moda", "Fran Viaja", None, None, None]
    last = max(r for r in range(1, 120) if creators.cell(r, 1).value is not None)
    creators[f"Z{last + 2}"] = "my note below"
    creators["A6"] = None
    paste()
    names, shrunk = _names(creators)
    assert names == ["Fran Viaja", None, None, None]
    assert shrunk == total - 1
    assert creators[f"Z{last + 2 - 1 - 2}"].value == "my note below"  # a creator row and its 2 link rows fewer
    assert max(r for r in range(1, 120) if creators.cell(r, 1).value is not None) == last - 3
