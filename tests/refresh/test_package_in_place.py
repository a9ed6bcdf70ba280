"""Import and refresh edit the package in place: a workbook saved by LibreOffice, then given the parts a user's Excel
adds (image, threaded comment, dynamic array, x14 validation, sparklines, xlwings Lite's main.py, a pivot cache),
keeps every part kpixl does not own byte for byte, every cell and extension of the sheets it touches, validates with
Microsoft's Open XML SDK, and recalculates in LibreOffice to the engine's values.

Fails in CI (CI=true) when soffice or the validator is missing, skips elsewhere.
"""

from __future__ import annotations

import csv
import math
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from python_calamine import CalamineWorkbook

import kpixl
from kpixl.refresh.figures import FIGURE_SHEETS
from kpixl.text.labels import label
from kpixl.workbook import Layout
from kpixl.xlsx.row_writer import row_without_cached
from tests import libreoffice, ooxml
from tests.refresh.conftest import make_workbook
from tests.refresh.package_parts import ADDED, MAIN_PY, USER_CELLS, add_user_parts, rows_shown, sheet_part

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
IG = "instagram_posts_en.csv"


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def new_posts(tmp: Path, exports: Path, count: int = 4) -> Path:
    """Next week's Instagram export: the five known posts (one with more likes) and `count` new ones."""
    with open(exports / IG, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    body[0][header.index("Likes")] = "260"
    for i in range(count):
        row = list(body[i % len(body)])
        row[header.index("Post ID")] = f"1899000000000000{i}"
        row[header.index("Likes")] = str(100 + i)
        body.append(row)
    out = tmp / "next_week" / IG
    out.parent.mkdir(exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    return out


def cells_by_ref(xml: bytes) -> dict[str, str]:
    """Every cell of a sheet part as canonical XML, by reference."""
    root = ElementTree.fromstring(xml)
    return {c.get("r"): ElementTree.tostring(c, encoding="unicode") for c in root.iterfind(".//m:sheetData/m:row/m:c",
                                                                                          NS)}


def others(xml: bytes) -> dict[str, str]:
    """The sheet's children other than its cells, used range and kpixl's own list validation."""
    root = ElementTree.fromstring(xml)
    skip = {f"{{{NS['m']}}}{t}" for t in ("sheetData", "dimension", "dataValidations")}
    return {f"{i}:{child.tag}": ElementTree.tostring(child, encoding="unicode") for i, child in enumerate(root)
            if child.tag not in skip}


def table_bounds(xml: bytes) -> tuple[int, int]:
    """The table's last column (1-based) and last row."""
    ref = ElementTree.fromstring(xml).get("ref")
    from kpixl.xlsx.sheet_reader import split_ref

    return split_ref(ref.split(":")[1])


def engine_matches(recalculated: Path, layout: Layout, net: str) -> int:
    """Every KPI cell of the network table equals kpixl.compute on that row's inputs; returns how many were checked."""
    rows = CalamineWorkbook.from_path(str(recalculated)).get_sheet_by_name(layout.network_sheet(net)).to_python()
    header, body = rows[0], [r for r in rows[1:] if any(v not in (None, "") for v in r[:20])]
    checked = 0
    for cells in body:
        row = dict(zip(header, cells, strict=False))
        inputs = {c.field: (None if row.get(c.header) in ("", None) else row[c.header])
                  for c in layout.columns(net) if c.role == "input" and c.format not in ("date", "text", "url")}
        for col in layout.columns(net):
            if col.role != "kpi":
                continue
            variant = col.variant or layout.setting(f"er_variant_{net}").value
            want = kpixl.compute(col.kpi, variant=variant, network=net, **inputs)
            got = row[col.header]
            if want is None:
                assert got in (None, ""), (net, col.header, got)
            else:
                assert isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9), (col.header, got, want)
            checked += 1
    return checked


def test_import_and_refresh_keep_every_part_of_an_office_saved_workbook(tmp_path: Path, exports: Path, run_kpixl):
    libreoffice.require_soffice()
    ooxml.require_validator()
    # --no-lite: LibreOffice re-saves xlwings Lite's web-extension parts wrongly (keeps taskpanes.xml as
    # application/xml, drops webextension1.xml: an invalid package); their survival is tested in test_webextension.py
    made = make_workbook(tmp_path / "made.xlsx", networks=("instagram", "x"), lite=False)
    run_kpixl.output_of("import", str(made), str(exports / IG))
    book = libreoffice.convert(made, tmp_path / "saved_by_libreoffice")  # the file as an office suite saves it
    where = add_user_parts(book)
    assert ooxml.validate(book) == []
    before = members(book)
    ig_sheet = where["sheet"]

    out = run_kpixl.output_of("import", str(book), str(new_posts(tmp_path, exports)))
    assert "4 added, 1 updated, 4 unchanged" in out
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(exports / "x_content.csv", folder)
    out = run_kpixl.output_of("refresh", str(book), "--from", str(folder))
    assert "3 added" in out
    after = members(book)

    with zipfile.ZipFile(book) as archive:
        x_sheet = sheet_part(archive, "X")
        figures = {sheet_part(archive, label(f"wb_sheet_{kind}", "en")) for kind in FIGURE_SHEETS
                   if label(f"wb_sheet_{kind}", "en") in archive.read("xl/workbook.xml").decode()}
    for name in figures:  # figures computed before the import: only their cached values change (formulas stay), and
        # which Dashboard rows are hidden (a network without posts in the period: dashboard_rows)
        assert rows_shown(row_without_cached(after[name])) == rows_shown(row_without_cached(before[name])), name
    owned = {ig_sheet, x_sheet, *figures, "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    owned |= {name for name in before if name.startswith("xl/tables/")}
    for name, data in before.items():
        if name == "xl/calcChain.xml":
            assert name not in after, "calcChain.xml must be dropped (Excel rebuilds it)"
        elif name not in owned:
            assert after.get(name) == data, f"{name} changed"
    for name in ADDED:
        if name != "xl/calcChain.xml":
            assert after[name] == before[name]
    assert MAIN_PY.replace("\n", "\\n").encode() in after["xl/webextensions/webextension1.xml"]
    assert b"calcChain" not in after["[Content_Types].xml"] + after["xl/_rels/workbook.xml.rels"]
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    assert b"pivotCache" in after["xl/workbook.xml"]

    table = next(before[n] for n in before if n.startswith("xl/tables/") and b"tbl_instagram" in before[n])
    last_col, _ = table_bounds(table)
    new_table = next(after[n] for n in after if n.startswith("xl/tables/") and b"tbl_instagram" in after[n])
    assert table_bounds(new_table) == (last_col, 10)  # header + 5 + 4 new posts
    old_cells, new_cells = cells_by_ref(before[ig_sheet]), cells_by_ref(after[ig_sheet])
    from kpixl.xlsx.sheet_reader import split_ref

    outside = {ref: xml for ref, xml in old_cells.items() if split_ref(ref)[0] > last_col}
    assert outside and all(new_cells.get(ref) == xml for ref, xml in outside.items())
    for cell in USER_CELLS.values():
        ref = cell.split('"')[1]
        assert ref in new_cells, ref
    assert others(after[ig_sheet]) == others(before[ig_sheet])  # drawing, tableParts, extLst (x14, sparklines)
    assert ooxml.validate(book) == []

    recalculated = libreoffice.recalculate(book, tmp_path / "recalculated")
    from kpixl.refresh.books.package import PackageBook

    with PackageBook(book) as package:
        layout = package.layout()
    assert engine_matches(recalculated, layout, "instagram") >= 9 * 5
    assert engine_matches(recalculated, layout, "x") >= 3 * 5
