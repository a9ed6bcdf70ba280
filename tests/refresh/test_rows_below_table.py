"""A table grows only into empty rows: a note, a number, merged cells or another table the user put just below a
network table are never overwritten by an import; it is refused naming the cell, and nothing is written. Cells beside
the table and far below it stay where they are, and the import goes ahead."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from kpixl.errors import KpixlError
from kpixl.refresh.books.openpyxl_book import OpenpyxlBook
from kpixl.refresh.books.xlwings_book import XlwingsBook
from kpixl.refresh.core import import_results
from kpixl.sources.importer import read_exports
from tests.ooxml import assert_valid
from tests.refresh.fake_xlwings import Book as FakeXlwingsBook
from tests.refresh.test_write_safety import IG, post_ids

BELOW = 3  # the Instagram table of a new workbook is A1:AE2; five posts grow it to row 6


def typed_below(path: Path, cells: dict[str, object], merge: str | None = None, table: str | None = None) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Instagram"]
    for ref, value in cells.items():
        ws[ref] = value
    if merge:
        ws.merge_cells(merge)
    if table:
        ws[table.split(":")[0]] = "Budget"
        ws.add_table(Table(displayName="tbl_budget", ref=table))
    wb.save(path)


@pytest.mark.parametrize(("cells", "merge", "table", "named"), [
    ({f"A{BELOW}": "note: boosted posts start here", f"C{BELOW + 2}": 1234}, None, None,
     f"Instagram!A{BELOW} holds 'note: boosted posts start here'"),
    ({f"C{BELOW + 2}": 1234}, None, None, f"Instagram!C{BELOW + 2} holds 1234"),
    ({f"D{BELOW + 1}": "=1+1"}, None, None, f"Instagram!D{BELOW + 1} holds '=1+1'"),
    ({}, f"B{BELOW + 1}:D{BELOW + 1}", None, f"Instagram!B{BELOW + 1}:D{BELOW + 1} holds merged cells"),
    ({}, None, f"F{BELOW + 2}:G{BELOW + 4}", f"Instagram!F{BELOW + 2}:G{BELOW + 4} holds table 'tbl_budget'"),
], ids=["note and number", "number", "formula", "merged", "table"])
def test_an_import_that_would_overwrite_cells_below_a_table_is_refused(workbook: Path, exports: Path, run_kpixl,
                                                                       cells, merge, table, named):
    typed_below(workbook, cells, merge, table)
    before = workbook.read_bytes()
    result = run_kpixl("import", str(workbook), str(exports / IG))
    assert result.exit_code == 1, result.output
    line = result.output.strip()
    assert named in line and "nothing written" in line and f"below row {BELOW + 3}" in line, line
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert workbook.read_bytes() == before and not workbook.with_name("report.bak.xlsx").exists()


def test_the_refusal_in_spanish(tmp_path: Path, exports: Path, make_kpixl_workbook, run_kpixl):
    workbook = make_kpixl_workbook(tmp_path / "informe.xlsx", lang="es")
    typed_below(workbook, {f"A{BELOW}": "nota"})
    result = run_kpixl("import", str(workbook), str(exports / IG))
    assert result.exit_code == 1
    assert f"Instagram!A{BELOW} contiene «nota»" in result.output and "no se ha escrito nada" in result.output


def test_cells_beside_and_far_below_the_table_stay_and_the_import_goes_ahead(workbook: Path, exports: Path,
                                                                             run_kpixl):
    beside, far = f"AG{BELOW}", f"A{BELOW + 40}"
    typed_below(workbook, {beside: "my tag", far: "note far below"})
    run_kpixl.output_of("import", str(workbook), str(exports / IG))
    assert len(post_ids(workbook)) == 5
    ws = openpyxl.load_workbook(workbook)["Instagram"]
    assert ws[beside].value == "my tag" and ws[far].value == "note far below"
    assert ws.tables["tbl_instagram"].ref == f"A1:AE{BELOW + 3}"
    assert_valid(workbook)


def _books(path: Path) -> dict[str, object]:
    fake = FakeXlwingsBook(openpyxl.load_workbook(path))
    return {"openpyxl": OpenpyxlBook(openpyxl.load_workbook(path), name=str(path)),
            "xlwings": XlwingsBook(fake)}


@pytest.mark.parametrize("engine", ["openpyxl", "xlwings"])
def test_the_openpyxl_and_xlwings_adapters_refuse_too(workbook: Path, exports: Path, engine: str):
    typed_below(workbook, {f"C{BELOW + 2}": 1234})
    book = _books(workbook)[engine]
    with pytest.raises(KpixlError) as caught:
        import_results(book, read_exports(exports / IG))  # type: ignore[arg-type]
    assert f"Instagram!C{BELOW + 2} holds 1234" in str(caught.value)


@pytest.mark.parametrize("engine", ["openpyxl", "xlwings"])
def test_the_adapters_grow_past_cells_beside_the_table(workbook: Path, exports: Path, engine: str):
    typed_below(workbook, {f"AG{BELOW}": "my tag"})
    book = _books(workbook)[engine]
    summary = import_results(book, read_exports(exports / IG))  # type: ignore[arg-type]
    assert summary.added == 5
