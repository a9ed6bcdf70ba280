"""`kpixl normalize` through click's test runner: output content, summary, errors and atomic writes."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from kpixl.commands.normalize import command
from kpixl.fields import DAILY_FIELDS, POST_FIELDS


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_normalize_mixed_exports(tmp_path, exports):
    out = tmp_path / "posts.csv"
    result = CliRunner().invoke(
        command,
        [
            str(exports / "instagram_posts_en.csv"),
            str(exports / "linkedin_content.xlsx"),
            str(exports / "meta_daily_follows.csv"),
            "-o",
            str(out),
        ],
    )
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


def test_unknown_headers_are_printed(tmp_path, exports):
    result = CliRunner().invoke(command, [str(exports / "facebook_posts_en.csv"), "-o", str(tmp_path / "p.csv")])
    assert result.exit_code == 0
    assert "unknown headers (not imported): New mystery metric" in result.output


def test_rejected_rows_fail_without_writing(tmp_path, exports):
    out = tmp_path / "posts.csv"
    result = CliRunner().invoke(command, [str(exports / "instagram_posts_es.csv"), "-o", str(out)])
    assert result.exit_code == 1
    assert "Error: " in result.stderr
    assert "instagram_posts_es.csv, row 4, column 'Me gusta'" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_skip_bad_rows_writes_the_rest(tmp_path, exports):
    out = tmp_path / "posts.csv"
    result = CliRunner().invoke(command, [str(exports / "instagram_posts_es.csv"), "-o", str(out), "--skip-bad-rows"])
    assert result.exit_code == 0
    assert "rejected: " in result.output
    assert len(_read(out)) == 3


def test_bad_file_is_one_error_line(tmp_path):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    out = tmp_path / "posts.csv"
    result = CliRunner().invoke(command, [str(junk), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {junk}")
    assert "Traceback" not in result.output and not out.exists()


def test_year_mapping_and_format_options(tmp_path, exports):
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        command,
        [
            str(exports / "tiktok_overview.csv"),
            str(exports / "generic.csv"),
            "--year",
            "2026",
            "--mapping",
            str(exports / "generic_mapping.toml"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p["likes"] for p in _read(out)] == ["1234", "98", ""]
    assert _read(tmp_path / "out_daily.csv")[3]["date"] == "2026-01-01"
    result = CliRunner().invoke(command, [str(exports / "x_content.csv"), "--format", "nope", "-o", str(out)])
    assert result.exit_code == 2
