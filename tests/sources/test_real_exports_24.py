"""Rules that real exports contradicted (#24): values as the platforms write them, read as they mean them."""

from __future__ import annotations

import datetime as dt

import pytest

from kpixl.sources import read_export
from kpixl.sources.identity import tiktok_published_at


def _write(path, text):
    path.write_text(text, encoding="utf-8-sig")
    return path


YOUTUBE_HEAD = ("Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
                "Estimated revenue (USD),Impressions,Impressions click-through rate (%),Average view duration,Likes\n"
                "Total,,,,20544,1020.5,130,45.20,310000,4.1,0:02:59,1700\n")


def test_youtube_table_data_subscribers_are_a_net_change_and_may_be_negative(tmp_path):
    file = _write(tmp_path / "Table data.csv", YOUTUBE_HEAD
                  + 'dQw4w9WgXcQ,"Part 1","Sep 14, 2026",612,15000,800.25,-2,30.10,250000,4.5,0:03:12,1200\n'
                  + 'aBcDeFgHiJk,Shorts,"Sep 20, 2026",45,5400,90.0,25,,52000,3.2,0:00:36,480\n')
    result = read_export(file)
    assert not result.rejected
    assert [r["follows"] for r in result.rows] == [-2, 25]


def test_youtube_gross_counts_are_still_never_negative(tmp_path):
    file = _write(tmp_path / "Table data.csv", YOUTUBE_HEAD
                  + 'dQw4w9WgXcQ,"Part 1","Sep 14, 2026",612,15000,800.25,3,30.10,250000,4.5,0:03:12,-1200\n')
    result = read_export(file)
    (rejection,) = result.rejected
    assert (rejection.row, rejection.column) == (3, "Likes") and "negative" in str(rejection.reason)


def _tiktok_id(moment: str) -> str:
    """A video id encoding `moment` (UTC), as TikTok's ids do (`id >> 32` is Unix seconds)."""
    seconds = int(dt.datetime.fromisoformat(moment).replace(tzinfo=dt.timezone.utc).timestamp())
    return str((seconds << 32) | 1234567)


TIKTOK_HEAD = "Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views\n"


def _tiktok_file(tmp_path, *rows: tuple[str, str]):
    lines = [f"Video {i},https://www.tiktok.com/@kpixl/video/{vid},{day},10,1,0,100\n" for i, (vid, day) in
             enumerate(rows)]
    return _write(tmp_path / "Content.csv", TIKTOK_HEAD + "".join(lines))


def test_tiktok_written_local_day_wins_over_the_utc_day_of_the_id(tmp_path):
    """An evening post in the US is the next day in UTC: the file's "September 3" is the day TikTok Studio shows."""
    evening = _tiktok_id("2025-09-04T02:30:00")
    morning = _tiktok_id("2025-09-02T15:00:00")
    result = read_export(_tiktok_file(tmp_path, (evening, "September 3"), (morning, "September 2")),
                         reference=dt.date(2026, 3, 10))
    assert [r["published_at"] for r in result.rows] == ["2025-09-03T02:30:00", "2025-09-02T15:00:00"]
    assert any("year of 2 videos" in str(w) for w in result.warnings)


def test_tiktok_explicit_year_wins_over_the_id(tmp_path):
    agrees, disagrees = _tiktok_id("2024-05-01T10:00:00"), _tiktok_id("2025-09-03T18:00:00")
    result = read_export(_tiktok_file(tmp_path, (agrees, "May 1"), (disagrees, "September 3")), year=2024)
    assert [r["published_at"] for r in result.rows] == ["2024-05-01T10:00:00", "2024-09-03"]
    assert any("row 3: the date in the video id is more than a day" in str(w) for w in result.warnings)


def test_tiktok_written_full_date_far_from_the_id_is_kept(tmp_path):
    result = read_export(_tiktok_file(tmp_path, (_tiktok_id("2025-10-01T08:00:00"), "2025/10/31 18:19:10")))
    assert result.rows[0]["published_at"] == "2025-10-31T18:19:10"


@pytest.mark.parametrize("video_id", ["12345678901234567890123456", "99999999999999999999", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"])
def test_tiktok_long_or_odd_id_is_not_decoded_and_never_crashes(tmp_path, video_id):
    assert tiktok_published_at(video_id) is None
    result = read_export(_tiktok_file(tmp_path, (video_id, "September 3")), reference=dt.date(2026, 3, 10))
    assert result.rows[0]["published_at"] == "2025-09-03"


def _meta_ads_without_ids(tmp_path):
    """An ad-level Ads Manager export without `Ad ID`: 50 ads, 10 names reused across ad sets and days."""
    lines = ["Campaign name,Ad set name,Ad name,Reporting starts,Reporting ends,Amount spent (USD),Reach,Impressions"]
    for n in range(50):
        day = f"2025-03-{1 + n // 10:02d}"
        lines.append(f"Spring sale,Set {n % 5},Creative {n % 10},{day},{day},{10 + n}.50,{1000 + n},{2000 + n}")
    path = tmp_path / "ads.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_meta_ads_without_ad_ids_keep_every_ad(tmp_path):
    result = read_export(_meta_ads_without_ids(tmp_path))
    assert len(result.rows) == 50 and len({r["post_id"] for r in result.rows}) == 50
    first = result.rows[0]
    assert first["post_id"] == "Spring sale · Set 0 · Creative 0 · 2025-03-01 · 2025-03-01"
    assert first["text"] == "Creative 0" and first["spend"] == 10.5
    assert "Ad set name" not in result.ignored_headers  # it is part of the key


def test_meta_ads_without_ad_ids_import_every_ad_once(tmp_path, run_kpixl):
    book = tmp_path / "book.xlsx"
    run_kpixl.output_of("new", book, "--client", "Acme", "--networks", "facebook")
    ads = _meta_ads_without_ids(tmp_path)
    assert ": 50 added, 0 updated" in run_kpixl.output_of("import", book, ads)
    assert ": 0 added, 0 updated, 50 unchanged" in run_kpixl.output_of("import", book, ads)


def test_tiktok_video_without_a_written_date_takes_the_whole_moment_of_its_id(tmp_path):
    result = read_export(_tiktok_file(tmp_path, (_tiktok_id("2025-09-04T02:30:00"), "")))
    assert result.rows[0]["published_at"] == "2025-09-04T02:30:00"
    assert any("publish date and time of 1 video taken from the video ids" in str(w) for w in result.warnings)
