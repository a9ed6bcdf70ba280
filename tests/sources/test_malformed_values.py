"""Values taken from malformed cells (#24): each one refused naming file, row and column, or read exactly."""

from __future__ import annotations

import datetime as dt

import pytest

from kpixl.errors import KpixlError
from kpixl.sources import read_export
from kpixl.sources.parsing import ParseError, PartialDate, infer_years, parse_amount, parse_date
from kpixl.text.messages import render

GENERIC_HEAD = "network,post_id,published_at,impressions,likes,spend\n"


def _generic(tmp_path, *rows: str):
    path = tmp_path / "posts.csv"
    path.write_text(GENERIC_HEAD + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(("spend", "reason"), [("-5", "cannot be negative"), ("12%", "percentage")])
def test_canonical_spend_is_never_negative_nor_a_percentage(tmp_path, spend, reason):
    result = read_export(_generic(tmp_path, f"instagram,p1,2026-03-01,100,5,{spend}",
                                  "instagram,p2,2026-03-02,90,4,3.5"))
    (rejection,) = result.rejected
    assert (rejection.file, rejection.row, rejection.column) == (str(tmp_path / "posts.csv"), 2, "spend")
    assert reason in render(rejection.reason)
    assert result.rows[0]["spend"] == 3.5


@pytest.mark.parametrize("written", [
    "31/12/99", "0001-01-01", "1850-06-01", "9999-12-31", "2026-03-01T10:00:00+25:00", "2026-03-01T10:00:00+05:75",
    "٢٠٢٦-٠٣-٠١", "２０２６-０３-０１", "٠٣/٠١/٢٠٢٦",
])
def test_malformed_dates_are_refused_with_file_row_and_column(tmp_path, written):
    result = read_export(_generic(tmp_path, f"instagram,p1,{written},100,5,1", "instagram,p2,2026-03-02,90,4,1"))
    (rejection,) = result.rejected
    assert (rejection.row, rejection.column) == (2, "published_at")
    assert [r["post_id"] for r in result.rows] == ["p2"]


def test_real_offsets_and_two_digit_years_still_read():
    assert parse_date("2026-03-01T10:00:00+14:00") == dt.datetime(2026, 2, 28, 20, 0)
    assert parse_date("2026-03-01T10:00:00-12:00") == dt.datetime(2026, 3, 1, 22, 0)
    assert parse_date("31/12/25", day_first=True) == dt.date(2025, 12, 31)
    with pytest.raises(ParseError):
        parse_date(dt.datetime(1850, 6, 1, 10))  # an Excel date cell is held to the same range
    assert parse_amount("12.50") == 12.5 and parse_amount(None) is None


@pytest.mark.parametrize("year", [1899, 1, 9999])
def test_year_option_out_of_range_is_refused(exports, year):
    with pytest.raises(KpixlError, match=f"year {year} is outside"):
        read_export(exports / "tiktok_overview.csv", year=year)


def test_a_year_less_series_is_one_contiguous_run_without_a_download_date():
    """TikTok Follower History: 300 consecutive days, read long after the download (today is inside the calendar
    span of the series): one run in order, never split at today's month and day."""
    today = dt.date.today()
    end = today - dt.timedelta(days=355)  # in the past, its month and day (ten days on) after today's
    days = [end - dt.timedelta(days=n) for n in range(299, -1, -1)]
    inferred = infer_years([PartialDate(d.month, d.day) for d in days])
    assert inferred == sorted(inferred) and len(set(inferred)) == 300
    assert inferred[-1] == end and (inferred[-1] - inferred[0]).days == 299
