"""kpixl reads its own normalized CSV back exactly: a text the user began with apostrophes before = + - @ keeps them
(post ids `'=1+1` and `=1+1` stay two posts), carriage returns inside a caption stay carriage returns, on the pure
and the fast (pandas) reading paths alike; the CSV itself still never runs in a spreadsheet. The workbook keeps them
too: a caption's carriage returns are in its cells as kpixl and openpyxl read them (LibreOffice shows the same
lines)."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from kpixl.refresh.books.package import PackageBook
from kpixl.sources.importer import read_exports
from tests.libreoffice import convert
from tests.ooxml import assert_valid
from tests.refresh.test_write_safety import IG, post_ids

IDS = ["'=1+1", "=1+1", "''@home", "@home", "18040000000000005"]
CAPTIONS = ["line one\rline two\r\nline three\nend", "'=SUM(A1:A9)", "\r", "'-5 off", "'plain quote"]


def export_with(path: Path, exports: Path) -> Path:
    """The Instagram fixture with formula-like ids and captions with quotes and carriage returns."""
    with open(exports / IG, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for row, ident, caption in zip(rows[1:], IDS, CAPTIONS, strict=True):
        row[header.index("Post ID")] = ident
        row[header.index("Description")] = caption
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.parametrize("pure", ["1", "0"], ids=["pure path", "fast path"])
def test_normalized_csv_reads_back_exactly(tmp_path: Path, exports: Path, run_kpixl, monkeypatch, pure: str):
    source = export_with(tmp_path / "ig.csv", exports)
    out = tmp_path / "canonical.csv"
    run_kpixl.output_of("normalize", str(source), "-o", str(out))
    with open(out, encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]  # nothing a spreadsheet would run
    monkeypatch.setenv("KPIXL_PURE_PYTHON", pure)
    (result,) = read_exports(out)
    assert [row["post_id"] for row in result.rows] == IDS
    assert [row["text"] for row in result.rows] == CAPTIONS


def test_posts_with_quoted_and_plain_formula_ids_stay_two_posts(workbook: Path, tmp_path: Path, exports: Path,
                                                                run_kpixl):
    out = tmp_path / "canonical.csv"
    run_kpixl.output_of("normalize", str(export_with(tmp_path / "ig.csv", exports)), "-o", str(out))
    run_kpixl.output_of("import", str(workbook), str(out))
    assert sorted(post_ids(workbook)) == sorted(IDS)


def _captions_by_id(path: Path) -> dict[str, str]:
    with PackageBook(path) as book:
        data = book.read_table("tbl_instagram")
    ident, text = data.headers.index("Post id"), data.headers.index("Text")
    return {str(row[ident]): row[text] for row in data.rows}


@pytest.mark.libreoffice
def test_carriage_returns_stay_in_the_workbook_cells(workbook: Path, tmp_path: Path, exports: Path, run_kpixl):
    run_kpixl.output_of("import", str(workbook), str(export_with(tmp_path / "ig.csv", exports)))
    expected = dict(zip(IDS, CAPTIONS, strict=True))
    assert _captions_by_id(workbook) == expected
    again = run_kpixl.output_of("import", str(workbook), str(tmp_path / "ig.csv"))
    assert "nothing written" in again  # compared exactly: the same file changes nothing
    ws = openpyxl.load_workbook(workbook)["Instagram"]
    headers = [c.value for c in ws[1]]
    by_openpyxl = {str(r[headers.index("Post id")]): r[headers.index("Text")]
                   for r in ws.iter_rows(min_row=2, max_row=6, values_only=True)}
    assert by_openpyxl == expected
    assert_valid(workbook)
    saved = convert(workbook, tmp_path / "lo")  # LibreOffice opens it (and saves its own line feeds)
    assert _captions_by_id(saved)[IDS[0]].splitlines() == CAPTIONS[0].splitlines()


@pytest.mark.parametrize("pure", ["1", "0"], ids=["pure path", "fast path"])
def test_raw_text_csv_reads_back_verbatim(tmp_path: Path, exports: Path, run_kpixl, monkeypatch, pure: str):
    """A --raw-text file carries no neutralisation mark, so nothing is taken off the user's own apostrophes."""
    out = tmp_path / "raw.csv"
    run_kpixl.output_of("normalize", str(export_with(tmp_path / "ig.csv", exports)), "-o", str(out), "--raw-text")
    assert out.read_text(encoding="utf-8").startswith("network,post_id,")  # what pandas and SQL read as is
    monkeypatch.setenv("KPIXL_PURE_PYTHON", pure)
    (result,) = read_exports(out)
    assert [row["post_id"] for row in result.rows] == IDS
    assert [row["text"] for row in result.rows] == CAPTIONS


def test_raw_text_posts_keep_their_exact_ids_and_captions_in_the_workbook(workbook: Path, tmp_path: Path,
                                                                          exports: Path, run_kpixl):
    out = tmp_path / "raw.csv"
    run_kpixl.output_of("normalize", str(export_with(tmp_path / "ig.csv", exports)), "-o", str(out), "--raw-text")
    run_kpixl.output_of("import", str(workbook), str(out))
    assert _captions_by_id(workbook) == dict(zip(IDS, CAPTIONS, strict=True))


def test_a_neutralised_csv_says_so_in_its_header_and_pandas_reads_the_same_names(tmp_path: Path, exports: Path,
                                                                                  run_kpixl):
    import pandas as pd

    from kpixl.catalog.fields import POST_FIELDS

    out = tmp_path / "canonical.csv"
    run_kpixl.output_of("normalize", str(export_with(tmp_path / "ig.csv", exports)), "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith('"network","post_id",')
    assert tuple(pd.read_csv(out, dtype=str).columns) == POST_FIELDS
    run_kpixl.output_of("normalize", str(tmp_path / "ig.csv"), "-o", str(out))  # still kpixl's file: replaced
