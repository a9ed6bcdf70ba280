"""Import and refresh keep every cell the user typed: a workbook with user edits is compared cell by cell."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.formula import ArrayFormula

IG = "instagram_posts_en.csv"


def snapshot(path: Path) -> dict[str, Any]:
    """Every cell's value and visible formatting, plus charts, validations, tables and names."""
    wb = openpyxl.load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    value = c.value  # an array formula (no __eq__) compares by its range and text
                    value = (value.ref, value.text) if isinstance(value, ArrayFormula) else value
                    cells[(ws.title, c.coordinate)] = (value, c.number_format, c.font.b, c.fill.fgColor.rgb,
                                                       c.data_type)
    return {
        "cells": cells,
        "charts": {ws.title: len(ws._charts) for ws in wb.worksheets},
        "validations": {ws.title: sorted(str(dv.sqref) for dv in ws.data_validations.dataValidation)
                        for ws in wb.worksheets},
        "tables": {t.displayName: t.ref for ws in wb.worksheets for t in ws.tables.values()},
        "names": sorted(wb.defined_names),
        "sheets": wb.sheetnames,
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[tuple[str, str], tuple[Any, Any]]:
    """Cells that differ (missing on one side counts)."""
    keys = set(before["cells"]) | set(after["cells"])
    return {k: (before["cells"].get(k), after["cells"].get(k)) for k in keys
            if before["cells"].get(k) != after["cells"].get(k)}


def table_cell(wb: Any, table: str, row: int, header: str) -> Any:
    """The cell of body row `row` (0-based) under `header` in a table."""
    for ws in wb.worksheets:
        if table in ws.tables:
            tbl = ws.tables[table]
            min_col, min_row, max_col, _ = range_boundaries(tbl.ref)
            headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
            return ws.cell(min_row + 1 + row, min_col + headers.index(header))
    raise KeyError(table)


def user_edits(path: Path) -> None:
    """What a marketer does between imports: goals, settings, notes, hand metrics, own rows, sheets and charts."""
    wb = openpyxl.load_workbook(path)
    goals = wb["Goals"]
    target = next(c for row in goals.iter_rows() for c in row if c.value == "Target")
    goals.cell(target.row + 1, target.column).value = 0.07
    for name, value in (("kpixl_client", "Acme Corp"), ("kpixl_emv_cpm", 9.5)):
        sheet, coord = next(iter(wb.defined_names[name].destinations))
        wb[sheet][coord.replace("$", "")].value = value
    note = table_cell(wb, "tbl_instagram", 0, "Notes")
    note.value = "Boosted on Friday"
    note.font = Font(bold=True)
    note.fill = PatternFill("solid", fgColor="FFFF00")
    table_cell(wb, "tbl_instagram", 1, "Spend").value = 42.5  # a metric the export does not carry
    ws = wb["Instagram"]
    tbl = ws.tables["tbl_instagram"]
    min_col, min_row, max_col, max_row = range_boundaries(tbl.ref)
    headers = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
    hand = max_row + 1  # a post typed by hand, no post id
    ws.cell(hand, min_col + headers.index("Date")).value = ws.cell(max_row, min_col).value
    ws.cell(hand, min_col + headers.index("Text")).value = "Story typed by hand"
    ws.cell(hand, min_col + headers.index("Likes")).value = 77
    for i, col in enumerate(tbl.tableColumns):  # Excel fills calculated columns into a row typed below a table
        if col.calculatedColumnFormula is not None:
            ws.cell(hand, min_col + i).value = "=" + col.calculatedColumnFormula.attr_text
    tbl.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{hand}"
    tbl.autoFilter.ref = tbl.ref
    extra = max_col + 2  # the user's own column beside the table
    ws.cell(min_row, extra).value = "My tag"
    ws.cell(min_row + 1, extra).value = "=LEN(E2)"
    ws.cell(min_row + 2, extra).value = "keep me"
    own = wb.create_sheet("My analysis")
    own.append(["Month", "Budget"])
    for month, budget in (("Jan", 100), ("Feb", 120), ("Mar", 90)):
        own.append([month, budget])
    chart = BarChart()
    chart.add_data(Reference(own, min_col=2, min_row=1, max_row=4), titles_from_data=True)
    own.add_chart(chart, "D2")
    wb["Dashboard"]["A1"].font = Font(bold=True, italic=True, size=20)
    wb.save(path)


def newer_export(tmp: Path, exports: Path) -> Path:
    """The Instagram export downloaded again a week later: the first post has more likes and reach."""
    with open(exports / IG, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    rows[1][header.index("Likes")] = "250"
    rows[1][header.index("Reach")] = "2,000"
    out = tmp / "newer" / IG
    out.parent.mkdir()
    with open(out, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return out


def test_import_and_refresh_keep_every_user_cell(workbook: Path, exports: Path, tmp_path: Path, run_kpixl):
    run_kpixl.output_of("import", str(workbook), str(exports / IG), str(exports / "x_content.csv"))
    user_edits(workbook)
    edited = snapshot(workbook)

    out = run_kpixl.output_of("import", str(workbook), str(exports / IG))  # the same file again: nothing changes
    assert "total: 0 added, 0 updated, 5 unchanged, 0 rejected" in out
    again = snapshot(workbook)
    assert diff(edited, again) == {}
    assert again == edited

    newer = newer_export(tmp_path, exports)
    out = run_kpixl.output_of("import", str(workbook), str(newer))
    assert "total: 0 added, 1 updated, 4 unchanged, 0 rejected" in out
    updated = snapshot(workbook)
    changed = diff(again, updated)
    assert {(k[0], v[0][0], v[1][0]) for k, v in changed.items()} == {("Instagram", 210, 250),
                                                                       ("Instagram", 1800, 2000)}
    assert {k: v for k, v in updated.items() if k != "cells"} == {k: v for k, v in again.items() if k != "cells"}

    folder = tmp_path / "exports"  # refresh: the old and the new download, the newer one last
    folder.mkdir()
    shutil.copy(exports / IG, folder / IG.replace(".csv", "_old.csv"))
    shutil.copy(newer, folder / IG)
    os.utime(folder / IG.replace(".csv", "_old.csv"), (1_600_000_000, 1_600_000_000))
    shutil.copy(exports / "x_content.csv", folder / "x_content.csv")
    out = run_kpixl.output_of("refresh", str(workbook), "--from", str(folder))
    assert "0 added" in out.splitlines()[-2]
    refreshed = snapshot(workbook)
    assert diff(updated, refreshed) == {}
    assert refreshed == updated


def test_hand_row_notes_and_own_sheet_survive(workbook: Path, exports: Path, run_kpixl):
    run_kpixl.output_of("import", str(workbook), str(exports / IG))
    user_edits(workbook)
    run_kpixl.output_of("import", str(workbook), str(exports / IG), str(exports / "instagram_posts_es.csv"),
                        "--skip-bad-rows")
    wb = openpyxl.load_workbook(workbook)
    assert table_cell(wb, "tbl_instagram", 0, "Notes").value == "Boosted on Friday"
    assert table_cell(wb, "tbl_instagram", 1, "Spend").value == 42.5
    assert table_cell(wb, "tbl_instagram", 5, "Text").value == "Story typed by hand"
    assert table_cell(wb, "tbl_instagram", 5, "Post id").value is None
    ids = [table_cell(wb, "tbl_instagram", r, "Post id").value for r in range(9)]
    posts = [i for i in ids if i is not None]
    assert len(posts) == len(set(posts)) == 8  # 5 English + 3 parsed Spanish posts, each once
    assert wb["My analysis"]["B3"].value == 120 and len(wb["My analysis"]._charts) == 1
    assert wb["Instagram"].cell(2, wb["Instagram"].tables["tbl_instagram"].tableColumns.__len__() + 2).value \
        == "=LEN(E2)"


def test_new_rows_get_formats_formulas_and_validation(workbook: Path, exports: Path, run_kpixl):
    run_kpixl.output_of("import", str(workbook), str(exports / IG))
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Instagram"]
    tbl = ws.tables["tbl_instagram"]
    assert tbl.ref.endswith("6")  # header + 5 posts (the blank starter row was filled, not left above them)
    last = table_cell(wb, "tbl_instagram", 4, "Likes")
    first = table_cell(wb, "tbl_instagram", 0, "Likes")
    assert last.number_format == first.number_format == "#,##0"
    assert table_cell(wb, "tbl_instagram", 4, "Date").is_date
    for col in tbl.tableColumns:
        if col.calculatedColumnFormula is not None:
            assert table_cell(wb, "tbl_instagram", 4, col.name).value == "=" + col.calculatedColumnFormula.attr_text
    letter = table_cell(wb, "tbl_instagram", 4, "Type").column_letter
    assert any(f"{letter}6" in dv.sqref for dv in ws.data_validations.dataValidation)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_workbook_language_does_not_matter(tmp_path: Path, exports: Path, lang: str, make_kpixl_workbook, run_kpixl):
    make_workbook = make_kpixl_workbook

    path = make_workbook(tmp_path / f"{lang}.xlsx", lang=lang)
    out = run_kpixl.output_of("import", str(path), str(exports / "facebook_posts_es.csv"))
    assert {"en": "3 added", "es": "3 añadidas"}[lang] in out  # the summary speaks the workbook's language
