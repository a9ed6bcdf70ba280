"""The one resource budget (`kpixl.xlsx.budget`): each small file built to take the machine is refused in one line
naming it, by a `kpixl normalize` whose peak memory (measured by the kernel for that child process) stays under
300 MB. The bombs are the ones measured on main for issue #24, written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.xlsx.bombs import PEAK_LIMIT, Run, repeated, run_kpixl, write_zip
from tests.xlsx.packages import package, sheet, workbook

pytestmark = pytest.mark.filterwarnings("ignore")
HEADER = (b'"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",'
          b'Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n')


def post(n: int) -> str:
    """One Instagram post row (Meta Business Suite's export)."""
    return (f'"1804{n:013d}","1784","kpixl.demo","Kpixl Demo","Post {n}",0,"10/02/2025 09:30",'
            f'"https://www.instagram.com/p/D{n}/","IG image",,Lifetime,{n},{n},1,0,0,0,0\n')


def refused(path: Path, *fragments: str, env: dict[str, str] | None = None) -> Run:
    run = run_kpixl("normalize", path.name, "-o", "out.csv", cwd=path.parent, env=env)
    lines = run.stderr.strip().splitlines()
    assert run.code == 1 and len(lines) == 1, (run.code, run.stderr[-2000:])
    assert lines[0].startswith(f"Error: {path.name}"), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert run.peak_bytes < PEAK_LIMIT, f"peak {run.peak_bytes / 1e6:.0f} MB"
    assert not (path.parent / "out.csv").exists()
    return run


def test_a_csv_of_a_header_and_20_mb_of_blank_lines_is_refused_by_its_rows(tmp_path: Path):
    path = tmp_path / "blank.csv"
    with open(path, "wb") as out:
        out.write(b"Date,Reach,Likes\n")
        for chunk in repeated(b"\n", 20_000_000):
            out.write(chunk)
    refused(path, "more than 1,048,576 rows", "KPIXL_MAX_ROWS")


def test_blank_lines_under_the_row_limit_cost_nothing(tmp_path: Path):
    path = tmp_path / "posts.csv"
    with open(path, "wb") as out:
        out.write(HEADER + post(1).encode())
        for chunk in repeated(b"\n", 1_000_000):
            out.write(chunk)
        out.write(post(2).encode())
    run = run_kpixl("normalize", path.name, "-o", "out.csv", "--network", "instagram", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.peak_bytes < PEAK_LIMIT, f"peak {run.peak_bytes / 1e6:.0f} MB"
    assert (tmp_path / "out.csv").read_text().count("\n") == 3


def test_a_zip_of_ten_members_each_under_the_member_limit_is_refused_by_their_total(tmp_path: Path):
    row = b"2025-01-02,100,5\n"
    members = [(f"Content_{i}.csv", iter([b"Date,Reach,Likes\n", *repeated(row, 190_000_000)])) for i in range(10)]
    path = write_zip(tmp_path / "Overview.zip", members)
    assert path.stat().st_size < 10_000_000
    refused(path, "more than 1,024 MB", "KPIXL_MAX_INFLATED_MB")


def test_an_xlsx_member_that_inflates_far_past_the_size_it_declares_is_refused(tmp_path: Path):
    parts = workbook({"Data": b""})
    body = b'<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>'
    head, tail = sheet("").split(b"</sheetData>")
    head = head.removesuffix(b"<sheetData>") + b"<sheetData>"
    members = [(name, iter([data.encode() if isinstance(data, str) else data]))
               for name, data in parts.items() if name != "xl/worksheets/sheet1.xml"]
    members.append(("xl/worksheets/sheet1.xml", iter([head, *repeated(body, 400_000_000), b"</sheetData>" + tail])))
    path = write_zip(tmp_path / "export.xlsx", members, claims={"xl/worksheets/sheet1.xml": 1024})
    refused(path, "xl/worksheets/sheet1.xml inside the file is damaged")


def test_an_xlsx_export_with_one_cell_in_column_xfd_is_refused_by_the_cells_it_spans(tmp_path: Path):
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c><c r="B1" t="inlineStr"><is><t>Reach</t>' \
           '</is></c></row>' + "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>2025-01-02</t></is></c>'
                                       f'<c r="B{n}"><v>{n}</v></c></row>' for n in range(2, 4001))
    rows += '<row r="4001"><c r="XFD4001"><v>1</v></c></row>'
    path = tmp_path / "export.xlsx"
    path.write_bytes(package(workbook({"Data": sheet(rows)})))
    assert path.stat().st_size < 100_000
    refused(path, "span 4,001 rows × 16,384 columns", "KPIXL_MAX_CELLS")


def test_a_raised_limit_lets_a_large_file_through(tmp_path: Path):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER.decode() + "".join(post(n) for n in range(1, 60)))
    refused(path, "more than 50 rows", env={"KPIXL_MAX_ROWS": "50"})
    run = run_kpixl("normalize", path.name, "-o", "out.csv", "--network", "instagram", cwd=tmp_path,
                    env={"KPIXL_MAX_ROWS": "100"})
    assert run.code == 0, run.stderr


def test_the_refusal_in_spanish_groups_thousands_as_a_spanish_reader_writes_them(tmp_path: Path):
    path = tmp_path / "publicaciones.csv"
    path.write_text(HEADER.decode() + "".join(post(n) for n in range(1, 1500)))
    refused(path, "más de 1.000 filas", "KPIXL_MAX_ROWS", env={"KPIXL_MAX_ROWS": "1000", "KPIXL_LANG": "es"})


def test_a_limit_that_is_not_a_number_is_named(tmp_path: Path):
    path = tmp_path / "posts.csv"
    path.write_text(HEADER.decode() + post(1))
    run = run_kpixl("normalize", path.name, "-o", "out.csv", cwd=tmp_path, env={"KPIXL_MAX_CELLS": "lots"})
    assert run.code == 1
    assert run.stderr.strip() == "Error: KPIXL_MAX_CELLS must be a whole number above zero, not 'lots'"


def test_a_legacy_xls_sheet_is_measured_before_it_is_held(tmp_path: Path):
    path = tmp_path / "linkedin_content.xls"
    path.write_bytes((Path(__file__).resolve().parents[1] / "fixtures" / "exports" / path.name).read_bytes())
    refused(path, "span 5 rows × 20 columns", "KPIXL_MAX_CELLS", env={"KPIXL_MAX_CELLS": "60"})
