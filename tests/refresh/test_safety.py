"""Nothing injected, nothing half-written: formula-like text stays text, extension parts stay in place, bad input
leaves the workbook byte-identical with one clear message."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpixl.refresh.books.package import PackageBook
from kpixl.xlsx.row_writer import row_without_cached
from tests.refresh.package_parts import rows_shown

PAYLOADS = ['=HYPERLINK("http://evil.example","click")', "+1", "@x", "-2+3", "\tTab start", "=1+1"]


def export_with_captions(path: Path, exports: Path, captions: list[str]) -> Path:
    """The Instagram fixture with its captions replaced by `captions` (one post each)."""
    with open(exports / "instagram_posts_en.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    out = []
    for i, caption in enumerate(captions):
        row = list(body[i % len(body)])
        row[header.index("Post ID")] = f"9900000000{i:02d}"
        row[header.index("Description")] = caption
        out.append(row)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *out])
    return path


def test_formula_like_captions_are_stored_as_text(workbook: Path, exports: Path, tmp_path: Path, run_kpixl):
    source = export_with_captions(tmp_path / "evil.csv", exports, PAYLOADS)
    result = run_kpixl("import", str(workbook), str(source))
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(workbook)
    ws = book["Instagram"]
    part = f"xl/worksheets/sheet{book.sheetnames.index('Instagram') + 1}.xml"  # sheets are stored in tab order
    headers = [c.value for c in ws[1]]
    col = headers.index("Text") + 1
    cells = [ws.cell(r, col) for r in range(2, 2 + len(PAYLOADS))]
    assert [c.value for c in cells] == PAYLOADS
    assert all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(workbook) as archive:  # no <f> element carries a payload
        xml = archive.read(part).decode()
    assert "evil.example" in xml and "<f>HYPERLINK" not in xml


def _with_sparklines(path: Path) -> None:
    """Add an x14 sparkline extension to a sheet of the workbook (what Excel writes for sparklines)."""
    ext = ('<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" '
           'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups>'
           '<x14:sparklineGroup><x14:sparklines><x14:sparkline><xm:f xmlns:xm="http://schemas.microsoft.com/'
           'office/excel/2006/main">Dashboard!B8:F8</xm:f><xm:sqref xmlns:xm="http://schemas.microsoft.com/'
           'office/excel/2006/main">G8</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>'
           '</x14:sparklineGroups></ext></extLst>')
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</worksheet>", ext.encode() + b"</worksheet>")
            dst.writestr(item, data)
    temp.replace(path)


def test_sparklines_stay_and_the_workbook_is_updated_in_place(workbook: Path, exports: Path, run_kpixl):
    _with_sparklines(workbook)
    with zipfile.ZipFile(workbook) as archive:
        dashboard = archive.read("xl/worksheets/sheet2.xml")
    listing = sorted(p.name for p in workbook.parent.iterdir())
    result = run_kpixl("import", str(workbook), str(exports / "instagram_posts_en.csv"))
    assert result.exit_code == 0, result.output
    assert f"saved {workbook}" in result.output
    assert sorted(p.name for p in workbook.parent.iterdir()) == sorted([*listing, "report.bak.xlsx"])  # no copy
    with zipfile.ZipFile(workbook) as archive:
        # the Dashboard as it was (sparklines included) but for its figures' cached values, recomputed
        assert rows_shown(row_without_cached(archive.read("xl/worksheets/sheet2.xml"))) == \
            rows_shown(row_without_cached(dashboard))  # and which rows kpixl hides (networks without posts)
    assert openpyxl.load_workbook(workbook)["Instagram"].tables["tbl_instagram"].ref.endswith("6")


def test_failure_midway_leaves_the_original_untouched(workbook: Path, exports: Path, monkeypatch, run_kpixl):
    before = workbook.read_bytes()
    listing = sorted(p.name for p in workbook.parent.iterdir())

    def explode(self, filename):
        Path(filename).write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PackageBook, "save", explode)
    result = run_kpixl("import", str(workbook), str(exports / "instagram_posts_en.csv"))
    assert result.exit_code == 1
    assert "No space left on device" in result.output and "original is unchanged" in result.output
    assert workbook.read_bytes() == before
    assert sorted(p.name for p in workbook.parent.iterdir()) == listing


def _bad_number(tmp_path: Path, exports: Path) -> Path:
    """A valid export of 900 posts whose row 812 has a bad number in Likes."""
    with open(exports / "instagram_posts_en.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, model = rows[0], rows[1]
    body = []
    for i in range(900):
        row = list(model)
        row[header.index("Post ID")] = str(18_000_000_000_000_000 + i)
        body.append(row)
    body[810][header.index("Likes")] = "12x"  # file row 812 (header is row 1)
    path = tmp_path / "bad_number.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *body])
    return path


@pytest.mark.parametrize("case", ["bad_number", "truncated", "wrong_file", "unknown_encoding", "not_kpixl"])
def test_bad_input_one_message_nothing_written(workbook: Path, exports: Path, tmp_path: Path, case: str, run_kpixl):
    target, source = workbook, None
    if case == "bad_number":
        source, expect = _bad_number(tmp_path, exports), ["bad_number.csv", "row 812", "'Likes'", "12x"]
    elif case == "truncated":
        data = (exports / "instagram_posts_en.csv").read_bytes()
        source = tmp_path / "truncated.csv"
        source.write_bytes(data[: data.index(b"Spring launch") + 5])
        expect = ["truncated.csv", "row 2", "truncated"]
    elif case == "wrong_file":
        source = tmp_path / "photo.csv"
        source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
        expect = ["photo.csv", "binary"]
    elif case == "unknown_encoding":
        source = tmp_path / "weird.csv"
        source.write_bytes(b"Post ID,Description\n1,caf" + b"\x81\x8d\n")
        expect = ["weird.csv", "row 2", "encoding"]
    else:
        target = tmp_path / "plain.xlsx"
        openpyxl.Workbook().save(target)
        source, expect = exports / "instagram_posts_en.csv", ["plain.xlsx", "not a kpixl workbook"]
    before = target.read_bytes()
    listing = sorted(p.name for p in target.parent.iterdir())
    result = run_kpixl("import", str(target), str(source))
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1, result.output
    for part in expect:
        assert part in lines[0], lines[0]
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == listing


def test_refresh_reads_the_settings_folder_and_reports_bad_files(workbook: Path, exports: Path, run_kpixl):
    folder = workbook.parent / "exports"  # the default exports folder in Settings, relative to the workbook
    folder.mkdir()
    shutil.copy(exports / "youtube_table_data.csv", folder)
    result = run_kpixl("refresh", str(workbook))
    assert result.exit_code == 0, result.output
    assert "youtube_table_data.csv: youtube_content: 3 added" in result.output
    (folder / "notes.csv").write_text("just one column\nhello\n", encoding="utf-8")
    before = workbook.read_bytes()
    result = run_kpixl("refresh", str(workbook))
    assert result.exit_code == 1 and "notes.csv" in result.output
    assert workbook.read_bytes() == before


def test_refresh_of_an_empty_exports_folder_says_so_and_writes_nothing(workbook: Path, tmp_path: Path, run_kpixl):
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "readme.md").write_text("not an export", encoding="utf-8")
    before = workbook.read_bytes()
    listing = sorted(p.name for p in workbook.parent.iterdir())
    result = run_kpixl("refresh", str(workbook), "--from", str(folder))
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(lines) == 1 and f"no exports found in {folder}" in lines[0], result.output
    assert "added" not in result.output
    assert workbook.read_bytes() == before
    assert sorted(p.name for p in workbook.parent.iterdir()) == listing  # no backup, no copy


def test_escaping_one_cell_does_not_quote_cells_that_share_its_style():
    from openpyxl import Workbook

    from kpixl.workbook.styles import escape_text

    ws = Workbook().active
    first, second = ws["A1"], ws["A2"]
    first.value, second.value = "=1+1", "plain"
    second._style = first._style  # as fast row appends share one style array per column
    escape_text(first)
    assert first.quotePrefix and first.data_type == "s"
    assert not second.quotePrefix
