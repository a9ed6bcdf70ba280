"""Today's real export shapes (issue 9), read from hand-made fixtures: values, not just row counts."""

from __future__ import annotations

import datetime as dt

import pytest

from kpixl.errors import KpixlError
from kpixl.sources import read_export, read_exports
from kpixl.sources.identity import post_id_from_link, tiktok_published_at
from kpixl.sources.parsing import PartialDate, infer_years


def _warned(result, text):
    return any(text in w for w in result.warnings)


# ------------------------------------------------------------------------------------------------------ TikTok


def test_tiktok_studio_2025_videos(exports):
    result = read_export(exports / "tiktok_2025_videos.csv")
    assert result.kind == "tiktok_content" and not result.rejected
    halloween, tip, repost = result.rows
    assert halloween["post_id"] == "7567436668567559943"
    assert halloween["published_at"] == "2025-10-31T17:19:10"  # from the id (UTC); the text says 18:19:10 local
    assert (halloween["views"], halloween["likes"], halloween["comments"]) == (12840, 1200, 87)
    assert (halloween["shares"], halloween["saves"]) == (45, 310)  # Add to Favorites = saves
    assert tip["published_at"] == "2025-10-29T11:02:45"
    assert repost["likes"] is None and repost["saves"] is None  # NAN is no value, never 0
    assert _warned(result, "Add to Favorites") and _warned(result, "video ids")
    assert not _warned(result, "day/month")  # 2025/10/31 is year first, not day first


def test_tiktok_studio_2025_overview(exports):
    result = read_export(exports / "tiktok_2025_overview.csv")
    assert result.kind == "tiktok_overview" and not result.rejected and not result.unknown_headers
    assert "Phone number clicks " in result.ignored_headers  # trailing space as exported
    assert [r["date"] for r in result.rows] == ["2025-10-29", "2025-10-30", "2025-10-31", "2025-11-01"]
    first, second, third, empty = result.rows
    assert (first["views"], first["reach"], first["profile_visits"]) == (1204, 880, 45)
    assert (first["new_followers"], first["lost_followers"], first["net_followers"]) == (9, 4, 5)
    assert second["net_followers"] == -3  # a daily net change may be negative
    assert (third["views"], third["reach"]) == (2310, 1900)
    assert all(empty[f] is None for f in ("views", "reach", "likes", "net_followers"))


def test_tiktok_time_column_is_the_download_date(exports):
    """No reference given: the year-less `Time` column (with the exact id dates) dates the row without a link."""
    result = read_export(exports / "tiktok_content_time.csv")
    summer, winter, draft = result.rows
    assert summer["published_at"] == "2025-07-16T16:45:12" and winter["published_at"] == "2024-12-15T09:05:00"
    assert draft["post_id"] is None and draft["published_at"] == "2025-07-02"
    assert _warned(result, "download date in the Time column, 2025-07-20")
    assert "Time" in result.ignored_headers


def test_tiktok_content_has_no_saves_so_engagements_say_so(exports):
    result = read_export(exports / "tiktok_content_time.csv")
    assert "saves" in result.not_reported and "likes" not in result.not_reported
    summer = result.rows[0]
    assert summer["saves"] is None and summer["engagements"] == 2400 + 51 + 33
    assert result.engagements_from == ("likes", "comments", "shares")
    assert _warned(result, "engagements = likes + comments + shares: this file does not report saves")


def test_tiktok_spanish_content(exports, reference):
    result = read_export(exports / "tiktok_content_es.csv", reference=reference)
    recipe, no_link = result.rows
    assert recipe["published_at"] == "2025-02-27T19:30:00" and recipe["likes"] == 1500 and recipe["views"] == 21400
    assert no_link["published_at"] == "2026-03-03"  # year-less fallback against the download date


def test_year_option_is_the_year_of_the_latest_date_in_any_row_order():
    """Content exports are sorted by views, not dates: --year still rolls earlier months back a year."""
    dates = [PartialDate(2, 27), PartialDate(12, 15), PartialDate(1, 3), PartialDate(11, 2)]
    assert [d.isoformat() for d in infer_years(dates, year=2025)] == [
        "2025-02-27", "2024-12-15", "2025-01-03", "2024-11-02"
    ]


def test_tiktok_id_times_and_links():
    assert tiktok_published_at("7567436668567559943") == "2025-10-31T17:19:10"
    assert tiktok_published_at("1") is None and tiktok_published_at("123456789012345") is None  # before TikTok
    assert post_id_from_link("https://www.tiktok.com/@a/video/7567436668567559943?lang=es", "tiktok") == (
        "7567436668567559943"
    )


@pytest.mark.parametrize(
    ("link", "network", "expected"),
    [
        ("https://www.instagram.com/p/DAbc001/", "instagram", "DAbc001"),
        ("https://www.instagram.com/reel/DAbc002/?igsh=x", "instagram", "DAbc002"),
        ("https://x.com/kpixl/status/1944000000000000001", "x", "1944000000000000001"),
        ("https://twitter.com/kpixl/status/1226924710931038208", "x", "1226924710931038208"),
        ("https://x.com/kpixl/status/undefined", "x", None),
        ("https://www.linkedin.com/feed/update/urn:li:activity:7300000000000000001", "linkedin",
         "7300000000000000001"),
        ("https://www.facebook.com/kpixl/posts/pfbid0abc1", "facebook", "pfbid0abc1"),
        ("https://www.facebook.com/reel/1000000000000002", "facebook", "1000000000000002"),
        ("https://www.facebook.com/permalink.php?story_fbid=123&id=4", "facebook", "123"),
    ],
)
def test_post_id_from_permalinks(link, network, expected):
    assert post_id_from_link(link, network) == expected


# -------------------------------------------------------------------------------------------------------- Meta


def test_meta_2025_ragged_rows_duplicate_header_and_impressions_below_reach(exports):
    result = read_export(exports / "instagram_2025_ragged.csv")
    assert not result.rejected
    image, reel, low = result.rows
    assert image["duration"] == 0 and reel["duration"] == 31  # Duration (secs)
    assert reel["views"] == 15400 and reel["likes"] == 870 and reel["shares"] == 95
    assert reel["follows"] is None and reel["comments"] is None and reel["saves"] is None  # cells missing: blank
    assert _warned(result, "row 3 and") or _warned(result, "rows 3 and 4 end early")
    assert _warned(result, "'Views' appears twice (columns 12 and 19); column 12 is read")
    assert image["impressions"] == 2150  # the first Views column
    assert low["impressions"] == 900 and low["reach"] == 1000
    assert _warned(result, "impressions below reach in row 4")


def test_spanish_export_without_id_column(exports):
    result = read_export(exports / "instagram_es_no_id.csv")
    ids = [r["post_id"] for r in result.rows]
    assert ids == ["DEs0101", "DEs0102", "DEs0103"]  # same caption and minute, two posts; one downloaded twice
    assert _warned(result, "post id DEs0101 appears on row 2 and row 5; row 2 is kept")
    assert result.rows[0]["published_at"] == "2025-04-03T10:00:00"  # day-first: a Spanish export
    assert _warned(result, "assumed day/month/year (a Spanish export)")
    assert result.rows[2]["text"] == "Vídeo nuevo"  # U+FFFF removed …
    assert _warned(result, "U+FFFF")  # … and said
    assert result.rows[0]["impressions"] == 1234  # Spanish thousands


def test_meta_daily_two_sections_each_with_its_network(exports):
    facebook, instagram = read_exports(exports / "meta_daily_two_sections.csv")
    assert (facebook.network, instagram.network) == ("facebook", "instagram")
    assert [(r["date"], r["impressions"]) for r in facebook.rows] == [("2025-08-01", 1200), ("2025-08-02", 980)]
    assert [(r["date"], r["impressions"]) for r in instagram.rows] == [("2025-08-01", 5400), ("2025-08-02", 6100)]
    assert not facebook.rejected and not instagram.rejected
    fb_es, ig_es = read_exports(exports / "meta_daily_two_sections_es.csv")
    assert [r["new_followers"] for r in fb_es.rows] == [20, 17]
    assert [(r["network"], r["new_followers"]) for r in ig_es.rows] == [("instagram", 140), ("instagram", 1200)]


def test_meta_daily_without_network_is_a_clear_error(exports):
    with pytest.raises(KpixlError, match="--network") as info:
        read_export(exports / "meta_daily_no_network.csv")
    assert "Content interactions" in str(info.value)
    rows = read_export(exports / "meta_daily_no_network.csv", network="instagram").rows
    assert rows == [{**rows[0], "network": "instagram", "date": "2025-08-01", "engagements": 75}]


# ---------------------------------------------------------------------------------------------------- Meta Ads


def test_ads_account_total_row_is_never_a_post(exports):
    result = read_export(exports / "meta_ads_totals.csv")
    assert [r["post_id"] for r in result.rows] == ["6500000000001", "6500000000002"]
    assert sum(r["impressions"] for r in result.rows) == 127200  # not 2,254,400 with the total
    assert _warned(result, "row 2 skipped: the account total")


def test_ads_xlsx_spanish_rows_ending_in_empty_cells(exports):
    result = read_export(exports / "meta_ads_es.xlsx")
    assert not result.rejected
    assert [r["post_id"] for r in result.rows] == ["6500000000011", "6500000000012", "6500000000013"]
    carousel, video, static = result.rows
    assert (carousel["spend"], carousel["currency"], carousel["impressions"]) == (600.25, "EUR", 90000)
    assert video["link_clicks"] == 410 and static["spend"] == 0 and static["impressions"] is None
    assert _warned(result, "account total")


def test_ads_2017_export(exports):
    result = read_export(exports / "meta_ads_2017.csv")
    assert result.kind == "meta_ads" and not result.unknown_headers
    launch, retarget = result.rows
    assert (launch["post_id"], launch["text"]) == ("6071234567890", "Launch 2017")  # campaign id and name
    assert launch["engagements"] == 1610  # Post Engagement: the export's own total
    assert (launch["impressions"], launch["likes"], launch["shares"], launch["comments"]) == (48100, 300, 20, 25)
    assert (launch["spend"], launch["currency"], launch["published_at"]) == (690.1, "USD", "2017-03-01")
    assert retarget["link_clicks"] == 60


# ----------------------------------------------------------------------------------------- X, LinkedIn, YouTube


def test_x_placeholder_rows_are_skipped_and_ids_come_from_links(exports):
    result = read_export(exports / "x_content_placeholders.csv")
    assert [r["post_id"] for r in result.rows] == ["1944000000000000001", "1944000000000000002"]
    assert _warned(result, "row 3 skipped: placeholder rows whose link ends in status/undefined")


def test_linkedin_2025_views(exports):
    result = read_export(exports / "linkedin_2025.xlsx")
    first, second = result.rows
    assert first["impressions"] == 5120 and first["views"] is None and second["impressions"] == 8800
    assert _warned(result, "LinkedIn 'Views' (2025 files) read as impressions")
    assert first["post_id"] == "7380000000000000001"


def test_linkedin_views_beside_impressions_are_video_views(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Post title", "Post link", "Created date", "Impressions", "Views", "Likes"])
    book.active.append(["Demo", "https://www.linkedin.com/feed/update/urn:li:activity:7", "10/06/2025", 900, 300, 5])
    book.save(tmp_path / "li.xlsx")
    result = read_export(tmp_path / "li.xlsx")
    assert (result.rows[0]["impressions"], result.rows[0]["views"]) == (900, 300)
    assert _warned(result, "read as views")


def test_youtube_without_comments_or_shares(exports):
    result = read_export(exports / "youtube_no_comments.csv")
    first, second = result.rows
    assert first["engagements"] == 480 and first["comments"] is None
    assert second["engagements"] is None  # a blank Likes cell: no value, not a partial sum
    assert set(result.not_reported) >= {"comments", "shares"}
    assert _warned(result, "engagements = likes: this file does not report comments, shares")


# --------------------------------------------------------------------------------------------- dates and text


def test_english_ambiguous_dates_state_the_assumption(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Post id,Date,Post text,Impressions\n1,03/04/2025,hi,10\n2,05/06/2025,ho,20\n")
    result = read_export(path)
    assert [r["published_at"] for r in result.rows] == ["2025-03-04", "2025-05-06"]
    assert _warned(result, "assumed month/day/year")


def test_spanish_file_proved_month_first_by_a_row(exports):
    result = read_export(exports / "instagram_posts_es.csv")  # "03/25/2025" proves month first
    assert result.rows[1]["published_at"] == "2025-03-25T22:00:00"
    assert not _warned(result, "assumed")


def test_semicolon_file_with_decimal_commas_is_day_first(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Post id;Date;Post text;Impressions\n1;03/04/2025;hi;1.234\n")
    row = read_export(path).rows[0]
    assert (row["published_at"], row["impressions"]) == ("2025-04-03", 1234)


def test_control_character_after_64_kb_is_removed_with_a_note(tmp_path):
    head = "Post id,Date,Post text,Impressions\n"
    body = "".join(f"{i},2026-07-14,caption {i} {'x' * 60},{i}\n" for i in range(1, 1500))
    path = tmp_path / "x.csv"
    path.write_text(head + body + "1500,2026-07-14,bell\x07 and \uffff,5\n", encoding="utf-8")
    result = read_export(path)
    assert result.rows[-1]["text"] == "bell and " and len(result.rows) == 1500
    assert _warned(result, "2 characters a spreadsheet cannot hold")


def test_unknown_file_error_lists_a_few_headers(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"Metric {i}" for i in range(212)) + "\n" + ",".join("1" * 212) + "\n")
    with pytest.raises(KpixlError) as info:
        read_export(path)
    message = str(info.value)
    assert "'Metric 0'" in message and "'Metric 100'" not in message and "more" in message and len(message) < 400


def test_big_ids_stored_as_numbers_are_reported(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Post ID", "Account username", "Publish time", "Permalink", "Reach"])
    book.active.append([18060000000000001, "demo", "10/02/2025 09:30", "https://www.instagram.com/p/DPa1/", 10])
    book.active.append([18060000000000002, "demo", "10/03/2025 09:30", "", 20])
    book.active.append([42, "demo", "10/04/2025 09:30", "", 30])
    book.save(tmp_path / "ig.xlsx")
    result = read_export(tmp_path / "ig.xlsx")
    ids = [r["post_id"] for r in result.rows]
    assert ids[0] == "DPa1" and ids[1].startswith("180600000000000") and ids[2] == "42"  # the rounded id, as stored
    assert _warned(result, "row 2 were stored as numbers of 2^53 or more")
    assert _warned(result, "post ids of row 3 are stored as numbers of 2^53 or more")


def test_xlsx_without_calamine_reads_the_same(exports, monkeypatch):
    """The pure-Python path (openpyxl read-only), as in Pyodide where python-calamine cannot install."""
    fast = [r.rows for r in read_exports(exports / "meta_ads_es.xlsx")]
    monkeypatch.setitem(__import__("sys").modules, "python_calamine", None)
    assert [r.rows for r in read_exports(exports / "meta_ads_es.xlsx")] == fast
    assert read_exports(exports / "linkedin_2025.xlsx")[0].rows[0]["impressions"] == 5120


def test_reference_download_date_is_not_todays_clock(exports):
    """The same file gives the same dates whatever day it is read: the Time column fixes the reference."""
    first = read_export(exports / "tiktok_content_time.csv").rows
    later = read_export(exports / "tiktok_content_time.csv", year=None).rows
    assert first == later and first[2]["published_at"] == "2025-07-02"
    assert dt.date.today().isoformat() not in str(first)


def test_x_video_overview(exports):
    result = read_export(exports / "x_video_overview.csv")
    assert result.kind == "x_video_overview" and [(r["date"], r["views"]) for r in result.rows] == [
        ("2026-07-14", 310), ("2026-07-13", 0)
    ]


def test_youtube_spanish_table_data(exports):
    result = read_export(exports / "youtube_table_data_es.csv")
    first, second = result.rows
    assert (first["post_id"], first["published_at"], first["views"]) == ("dQw4w9WgXcQ", "2026-09-14", 5000)
    assert first["watch_time"] == 800.25 * 3600 and first["revenue"] == 30.1 and first["currency"] == "EUR"
    assert (first["likes"], first["comments"], first["shares"]) == (1200, 70, 30) and not result.unknown_headers
    assert second["views"] == 1544


def test_youtube_totals_and_chart_data(exports):
    totals = read_export(exports / "youtube_totals.csv")
    assert [(r["date"], r["views"], r["net_followers"]) for r in totals.rows] == [
        ("2026-09-14", 1200, 12), ("2026-09-15", 980, -3)
    ]
    with pytest.raises(KpixlError, match="Chart data"):
        read_export(exports / "youtube_chart_data.csv")


def test_section_titles_win_over_the_network_option(exports):
    facebook, instagram = read_exports(exports / "meta_daily_two_sections.csv", network="instagram")
    assert (facebook.network, instagram.network) == ("facebook", "instagram")
    main = read_export(exports / "meta_daily_two_sections.csv")
    assert _warned(main, "this file also holds")
