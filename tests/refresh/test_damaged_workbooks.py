"""A workbook someone sends you may be damaged or crafted: a table whose range spans the whole sheet, a missing table,
sheet or content-types part, a member whose CRC does not match. Each ends in one line naming the workbook, with the
workbook left byte for byte as it was and nothing written beside it; the range bomb under 300 MB of peak memory."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from tests.refresh.conftest import make_workbook
from tests.xlsx.bombs import PEAK_LIMIT, run_kpixl

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "instagram_posts_en.csv"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workbook(tmp_path_factory.mktemp("pristine") / "report.xlsx", networks=("instagram", "tiktok"))


def edited(pristine: Path, folder: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the workbook with each part passed through `edit` (None drops the part)."""
    path = folder / "report.xlsx"
    with zipfile.ZipFile(pristine) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = edit(info.filename, source.read(info))
            if data is not None:
                out.writestr(info.filename, data)
    shutil.copy(EXPORT, folder / EXPORT.name)
    return path


def refused(path: Path, *fragments: str) -> None:
    before = path.read_bytes()
    names = sorted(p.name for p in path.parent.iterdir())
    run = run_kpixl("import", path.name, EXPORT.name, cwd=path.parent)
    lines = run.stderr.strip().splitlines()
    assert run.code == 1 and len(lines) == 1, run.stderr[-2000:]
    assert lines[0].startswith("Error: ") and f"{path.name}: " in lines[0], lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert run.peak_bytes < PEAK_LIMIT, f"peak {run.peak_bytes / 1e6:.0f} MB"
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == names


def table_ref(ref: str) -> Callable[[str, bytes], bytes | None]:
    def edit(name: str, data: bytes) -> bytes:
        return re.sub(rb' ref="[^"]+"', f' ref="{ref}"'.encode(), data, count=1) if name == "xl/tables/table1.xml" \
            else data
    return edit


def test_a_table_whose_range_spans_every_column_of_the_sheet(pristine: Path, tmp_path: Path):
    refused(edited(pristine, tmp_path, table_ref("A1:XFD1048576")), "A1:XFD1048576 spans 16,384 columns")


def test_a_table_whose_range_spans_every_row_of_the_sheet(pristine: Path, tmp_path: Path):
    with zipfile.ZipFile(pristine) as book:
        columns = book.read("xl/tables/table1.xml").count(b"<tableColumn ")
    last = get_column_letter(columns)
    refused(edited(pristine, tmp_path, table_ref(f"A1:{last}1048576")), "1,048,576 rows", "KPIXL_MAX_CELLS")


@pytest.mark.parametrize("part", ["xl/tables/table1.xml", "[Content_Types].xml", "xl/worksheets/sheet3.xml"])
def test_a_missing_part(pristine: Path, tmp_path: Path, part: str):
    refused(edited(pristine, tmp_path, lambda name, data: None if name == part else data),
            f"this workbook is damaged: {part} is missing")


def test_a_member_whose_crc_does_not_match(pristine: Path, tmp_path: Path):
    path = tmp_path / "report.xlsx"
    data = bytearray(pristine.read_bytes())
    with zipfile.ZipFile(pristine) as book:
        info = book.getinfo("xl/styles.xml")
    for at in (data.index(info.CRC.to_bytes(4, "little"), info.header_offset),  # local header, central directory
               data.rindex(info.CRC.to_bytes(4, "little"))):
        data[at: at + 4] = (info.CRC ^ 1).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    shutil.copy(EXPORT, tmp_path / EXPORT.name)
    refused(path, "xl/styles.xml inside the file is damaged", "CRC")


def layout_sheet_part(book: Path) -> str:
    """The part of the hidden layout sheet, through the workbook's relationships."""
    with zipfile.ZipFile(book) as archive:
        sheet = re.search(rb'<sheet [^>]*name="kpixl_meta"[^>]*r:id="([^"]+)"', archive.read("xl/workbook.xml"))
        rels = archive.read("xl/_rels/workbook.xml.rels")
    assert sheet is not None
    target = re.search(rb'Id="' + sheet.group(1) + rb'"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="'
                       + sheet.group(1) + rb'"', rels)
    assert target is not None
    return "xl/" + (target.group(1) or target.group(2)).decode().removeprefix("/xl/")


def test_a_stray_cell_at_the_end_of_the_layout_sheet(pristine: Path, tmp_path: Path):
    part = layout_sheet_part(pristine)

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        return data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    refused(edited(pristine, tmp_path, edit), "1,048,576 rows × 16,384 columns", "KPIXL_MAX_CELLS")
