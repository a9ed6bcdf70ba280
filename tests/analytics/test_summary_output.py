"""`kpixl summarize` output a spreadsheet opens safely (#24): group keys from the files (a post type, a campaign)
through the one formula-trigger rule, a CR inside a key quoted, and a file's header names never spliced into SQL."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.libreoffice import convert, require_soffice

pytest.importorskip("pandas")

KEYS = ("=1+1", "=cmd|' /C calc'!A0", "@SUM(1)", "photo\rbreak", "video")


def _posts(path, header_extra: str = "") -> None:
    lines = [f"network,post_id,published_at,post_type,likes,comments,shares,reach{header_extra}"]
    for n, key in enumerate(KEYS):
        quoted = '"' + key.replace('"', '""') + '"'
        lines.append(f"instagram,p{n},2026-03-0{n + 1}T10:00:00,{quoted},{10 + n},1,1,{100 + n}"
                     + ("," if header_extra else ""))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_group_keys_are_neutralised_and_quoted_on_stdout_and_in_files(tmp_path, run_kpixl, engine):
    if engine == "duckdb":
        pytest.importorskip("duckdb")
    source = tmp_path / "posts.csv"
    _posts(source)
    result = run_kpixl("summarize", source, "--by", "post_type", "--kpis", "engagement_rate", "--engine", engine)
    assert result.exit_code == 0, result.output
    out = tmp_path / "summary.csv"
    run_kpixl.output_of("summarize", source, "--by", "post_type", "--kpis", "engagement_rate", "--engine", engine,
                        "-o", out)
    with open(out, encoding="utf-8", newline="") as handle:
        written = handle.read()
    for text in (result.stdout, written):
        keys = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
        assert sorted(keys) == sorted(["'=1+1", "'=cmd|' /C calc'!A0", "'@SUM(1)", "photo\rbreak", "video"])
        assert '"photo\rbreak"' in text  # a bare CR inside a key is quoted, never a line break


def test_libreoffice_opens_the_summary_with_no_live_formula(tmp_path, run_kpixl):
    require_soffice()
    source = tmp_path / "posts.csv"
    _posts(source)
    out = tmp_path / "summary.csv"
    run_kpixl.output_of("summarize", source, "--by", "post_type", "--kpis", "engagement_rate", "--engine", "pandas",
                        "-o", out)
    sheet = openpyxl.load_workbook(convert(out, tmp_path / "lo")).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    assert len([c for c in cells if c.column == 1]) == 1 + len(KEYS)  # every key on its own row


def test_a_header_is_an_identifier_never_sql(tmp_path, run_kpixl):
    pytest.importorskip("duckdb")
    source = tmp_path / "posts.csv"
    _posts(source, header_extra=',x") AS y FROM source; SELECT 1 AS "z')
    result = run_kpixl("summarize", source, "--by", "network", "--kpis", "engagement_rate", "--engine", "duckdb")
    assert result.exit_code == 0, result.output
    assert next(csv.reader(io.StringIO(result.stdout))) == ["network", "posts", "engagement_rate"]
