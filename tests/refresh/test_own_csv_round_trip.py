"""kpixl reads its own normalized CSV back exactly: a text the user began with apostrophes before = + - @ keeps them
(post ids `'=1+1` and `=1+1` stay two posts), carriage returns inside a caption stay carriage returns, on the pure
and the fast (pandas) reading paths alike; the CSV itself still never runs in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kpixl.sources.importer import read_exports
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
