"""The Refresh button: `import_pasted` through both adapters (openpyxl in memory, a live book via xlwings' API)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from kpixl_udfs import refresh_button

from kpixl.refresh.books.openpyxl_book import OpenpyxlBook
from kpixl.refresh.books.protocol import Book
from kpixl.refresh.books.xlwings_book import XlwingsBook
from kpixl.refresh.core import import_pasted
from kpixl.sources.reading import decode
from kpixl.text.refresh_labels import text
from kpixl.workbook.layout import REFRESH_BUTTON, REFRESH_CELL, REFRESH_STATUS
from kpixl.workbook.lite_code import button
from tests.refresh.fake_xlwings import Book as FakeXlwingsBook


def csv_rows(path: Path) -> list[list[str]]:
    """An export's cells as a user would paste them (any encoding the importers know)."""
    return list(csv.reader(io.StringIO(decode(path.read_bytes(), str(path)), newline="")))


def adapters(path: Path) -> dict[str, tuple[Book, object]]:
    wb = openpyxl.load_workbook(path)
    fake = FakeXlwingsBook(openpyxl.load_workbook(path))
    return {"openpyxl": (OpenpyxlBook(wb), wb), "xlwings": (XlwingsBook(fake), fake.wb)}


@pytest.mark.parametrize("engine", ["openpyxl", "xlwings"])
def test_button_creates_the_paste_sheet_then_imports_it(workbook: Path, exports: Path, engine: str):
    book, wb = adapters(workbook)[engine]
    assert isinstance(book, Book)
    sheet = text("paste_sheet", "en")
    assert import_pasted(book) is None  # first click: the sheet is created and the status says what to do
    assert sheet in wb.sheetnames
    assert "paste an export there" in book.read_name(REFRESH_STATUS)
    import_pasted(book)
    assert "empty" in book.read_name(REFRESH_STATUS)

    for row in csv_rows(exports / "instagram_posts_en.csv"):  # what a user pastes: strings, as in the CSV
        wb[sheet].append(row)
    summary = import_pasted(book)
    assert summary is not None and (summary.added, summary.rejected) == (5, 0)
    assert book.read_name(REFRESH_STATUS) == "5 added, 0 updated, 0 unchanged, 0 rejected"
    assert book.read_sheet(sheet) == []
    table = book.read_table("tbl_instagram")
    ids = [r[table.headers.index("Post id")] for r in table.rows]
    assert ids == [f"1804000000000000{i}" for i in range(1, 6)]  # long ids stay text, not 1.804E+16
    assert table.rows[0][table.headers.index("Likes")] == 210

    for row in csv_rows(exports / "instagram_posts_en.csv"):  # pasted again: nothing new
        wb[sheet].append(row)
    import_pasted(book)
    assert book.read_name(REFRESH_STATUS) == "0 added, 0 updated, 5 unchanged, 0 rejected"
    assert len(book.read_table("tbl_instagram").rows) == 5


def test_xlwings_adapter_writes_text_numbers_and_formats_like_excel(workbook: Path, exports: Path):
    fake = FakeXlwingsBook(openpyxl.load_workbook(workbook))
    book = XlwingsBook(fake)
    sheet = text("paste_sheet", "en")
    import_pasted(book)
    rows = csv_rows(exports / "instagram_posts_en.csv")
    rows[1][rows[0].index("Description")] = '=HYPERLINK("http://evil.example")'
    rows[2][rows[0].index("Description")] = "+1"
    for row in rows:
        fake.wb[sheet].append(row)
    import_pasted(book)
    ws = fake.wb["Instagram"]
    headers = [c.value for c in ws[1]]
    text_col, likes_col = headers.index("Text") + 1, headers.index("Likes") + 1
    assert ws.cell(2, text_col).value == '=HYPERLINK("http://evil.example")'  # the apostrophe kept it text
    assert ws.cell(3, text_col).value == "+1"
    assert ws.cell(6, likes_col).number_format == "#,##0"
    last_column = ws.tables["tbl_instagram"].ref.split(":")[1].rstrip("0123456789")
    assert fake.resized == [("tbl_instagram", f"A1:{last_column}6")]  # the starter row filled, then grown
    kpi = headers.index("Engagements") + 1
    assert str(ws.cell(6, kpi).value).startswith("=IF")  # the calculated column's formula, not a value


def test_button_in_a_spanish_workbook(tmp_path: Path, exports: Path, make_kpixl_workbook):
    make_workbook = make_kpixl_workbook

    path = make_workbook(tmp_path / "es.xlsx", lang="es")
    wb = openpyxl.load_workbook(path)
    book = OpenpyxlBook(wb)
    import_pasted(book)
    sheet = "Pega la exportación aquí"
    assert sheet in wb.sheetnames
    for row in csv_rows(exports / "facebook_posts_es.csv"):
        wb[sheet].append(row)
    import_pasted(book)
    assert book.read_name(REFRESH_STATUS).startswith("3 añadidas")


def test_bad_paste_is_reported_in_the_status_cell(workbook: Path):
    wb = openpyxl.load_workbook(workbook)
    book = OpenpyxlBook(wb)
    import_pasted(book)
    wb[text("paste_sheet", "en")].append(["just", "some", "words"])
    wb[text("paste_sheet", "en")].append([1, 2, 3])
    import_pasted(book)
    assert book.read_name(REFRESH_STATUS).startswith("Not imported: ")
    assert wb[text("paste_sheet", "en")]["A1"].value == "just"  # the paste stays for the user to fix


def test_button_script_points_at_the_dashboard_refresh_cell(workbook: Path):
    wb = openpyxl.load_workbook(workbook)
    sheet, coord = next(iter(wb.defined_names[REFRESH_BUTTON].destinations))
    assert f"{sheet}!{coord.replace('$', '')}" == button("Dashboard") == f"Dashboard!{REFRESH_CELL}"
    assert button("Panel") == "Panel!B2" and button("My dashboard") == "'My dashboard'!B2"


def test_button_script_runs_on_a_live_book(workbook: Path, exports: Path):
    fake = FakeXlwingsBook(openpyxl.load_workbook(workbook))
    refresh_button.refresh_button("Dashboard")(fake)  # xlwings' decorators are no-ops on Linux
    for row in csv_rows(exports / "x_content.csv"):
        fake.wb[text("paste_sheet", "en")].append(row)
    assert refresh_button.run(fake) == "3 added, 0 updated, 0 unchanged, 0 rejected"


def test_rejected_rows_are_named_in_the_status(tmp_path: Path, exports: Path, make_kpixl_workbook):
    make_workbook = make_kpixl_workbook

    wb = openpyxl.load_workbook(make_workbook(tmp_path / "ig.xlsx", networks=("instagram",)))
    book = OpenpyxlBook(wb)
    import_pasted(book)
    for row in csv_rows(exports / "x_content.csv"):
        wb[text("paste_sheet", "en")].append(row)
    import_pasted(book)
    assert book.read_name(REFRESH_STATUS) == ("0 added, 0 updated, 0 unchanged, 3 rejected (3 rows: the workbook has "
                                              "no X sheet (add it with `kpixl new --networks …`))")
