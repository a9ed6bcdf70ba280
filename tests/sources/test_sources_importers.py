"""Each export family read from its fixture: detection, real parsed values, reports of what was not used."""

from __future__ import annotations

import pytest

from kpixl.catalog.fields import DAILY_FIELDS, POST_FIELDS
from kpixl.errors import KpixlError
from kpixl.sources import normalize, read_export, read_exports

DETECTED = {
    "instagram_posts_en.csv": ("instagram_posts", "posts", "instagram", 5),
    "instagram_posts_es.csv": ("instagram_posts", "posts", "instagram", 3),
    "facebook_posts_en.csv": ("facebook_posts", "posts", "facebook", 3),
    "facebook_posts_es.csv": ("facebook_posts", "posts", "facebook", 3),
    "meta_ads.csv": ("meta_ads", "posts", "facebook", 3),
    "meta_daily_follows.csv": ("meta_daily", "daily", "facebook", 5),
    "meta_daily_visits_es.csv": ("meta_daily", "daily", "instagram", 3),
    "x_tweet_activity.csv": ("x_tweet_activity", "posts", "x", 3),
    "x_content.csv": ("x_content", "posts", "x", 3),
    "x_overview.csv": ("x_overview", "daily", "x", 3),
    "tiktok_content.csv": ("tiktok_content", "posts", "tiktok", 3),
    "tiktok_overview.csv": ("tiktok_overview", "daily", "tiktok", 5),
    "tiktok_follower_history_es.csv": ("tiktok_follower_history", "daily", "tiktok", 4),
    "tiktok_viewers_zh.csv": ("tiktok_viewers", "daily", "tiktok", 3),
    "youtube_table_data.csv": ("youtube_content", "posts", "youtube", 3),
    "linkedin_content.xlsx": ("linkedin_posts", "posts", "linkedin", 3),
    "linkedin_followers.xlsx": ("linkedin_followers", "daily", "linkedin", 3),
}


@pytest.mark.parametrize("name", sorted(DETECTED))
def test_every_fixture_is_detected(exports, reference, name):
    result = read_export(exports / name, reference=reference)
    kind, table, network, count = DETECTED[name]
    assert (result.kind, result.table, result.network, len(result.rows)) == (kind, table, network, count)
    fields = POST_FIELDS if table == "posts" else DAILY_FIELDS
    assert all(list(row) == list(fields) for row in result.rows)
    assert all(row["network"] == network for row in result.rows)


def test_instagram_spanish_values_and_rejected_row(exports):
    result = read_export(exports / "instagram_posts_es.csv")
    rows = {row["post_id"]: row for row in result.rows}
    reel = rows["18050000000000002"]  # row 3 of the file (row 2 is a two-line caption)
    assert reel["likes"] == 1234
    assert reel["published_at"] == "2025-03-25T22:00:00"
    assert reel["views"] == 25000 and reel["impressions"] is None  # Views of a reel are plays
    image = rows["18050000000000001"]
    assert image["impressions"] == 3400 and image["views"] is None  # Views of an image are impressions
    assert image["text"] == "¡Nueva colección! 🎉\r\nEnlace en la bio"
    assert image["follows"] == 6 and image["saves"] == 40
    blank = rows["18050000000000004"]
    assert [blank[f] for f in ("impressions", "reach", "likes", "comments", "saves")] == [None] * 5
    [rejected] = result.rejected
    assert (rejected.row, rejected.column) == (4, "Me gusta")
    assert "doce" in rejected.reason and "instagram_posts_es.csv, row 4, column 'Me gusta'" in str(rejected)


def test_instagram_english_values(exports):
    rows = read_export(exports / "instagram_posts_en.csv").rows
    assert rows[0]["impressions"] == 2150 and rows[0]["reach"] == 1800
    assert rows[0]["text"].startswith("Spring launch 🌸\r\nLine two")
    assert rows[2]["impressions"] is None and rows[2]["follows"] is None  # blank Views stays missing
    assert rows[2]["text"] == 'Carousel: 5 tips "quoted"'
    assert rows[3]["text"] == '=HYPERLINK("http://example.com")'  # kept as written; escaping is for Excel writers
    assert rows[4]["impressions"] == 1203 and rows[4]["text"] is None


def test_facebook_posts(exports):
    result = read_export(exports / "facebook_posts_en.csv")
    photo, reel, link = result.rows
    assert photo["impressions"] == 18400 and photo["text"].startswith("Open day")
    assert reel["views"] == 52000 and reel["text"] == "Our reel" and reel["duration"] == 27
    assert link["link_clicks"] == 230 and link["clicks"] == 250
    assert result.unknown_headers == ["New mystery metric"]
    assert "Custom labels" in result.ignored_headers
    spanish = read_export(exports / "facebook_posts_es.csv")  # cp1252, older Impressions layout
    assert spanish.rows[0]["impressions"] == 5120  # "5.120" in a count column
    assert spanish.rows[1]["text"] == "Nuevo vídeo"
    assert spanish.rows[2]["comments"] is None and spanish.rows[2]["clicks"] is None


def test_meta_ads(exports):
    rows = read_export(exports / "meta_ads.csv").rows
    assert rows[0]["spend"] == 1234.5 and rows[0]["currency"] == "USD"
    assert rows[0]["impressions"] == 88200 and rows[0]["engagements"] == 2950
    assert rows[0]["comments"] is None
    assert rows[2]["spend"] == 0 and rows[2]["impressions"] is None


def test_meta_daily_utf16_with_metric_on_line_two(exports):
    follows = read_export(exports / "meta_daily_follows.csv").rows
    assert [(r["date"], r["new_followers"]) for r in follows][:3] == [
        ("2025-08-01", 20),
        ("2025-08-02", 17),
        ("2025-08-03", None),
    ]
    visits = read_export(exports / "meta_daily_visits_es.csv").rows
    assert [r["profile_visits"] for r in visits] == [140, 1200, 133]


def test_x_exports(exports):
    legacy = read_export(exports / "x_tweet_activity.csv")
    first = legacy.rows[0]
    assert (first["impressions"], first["likes"], first["shares"], first["comments"]) == (1203, 11, 4, 2)
    assert first["published_at"] == "2020-02-10T18:00:00"
    assert legacy.rows[1]["published_at"] == "2020-02-11T08:30:00"  # +0100 converted to UTC
    assert legacy.unknown_headers == []
    assert "promoted impressions" in legacy.ignored_headers
    # clicks = every click on the post: url + detail expands (+ media engagements on row 3); link_clicks = url only
    assert [(r["clicks"], r["link_clicks"]) for r in legacy.rows] == [(17, 9), (2, 0), (26, 0)]
    assert "hashtag clicks" not in legacy.ignored_headers and "media engagements" not in legacy.ignored_headers
    current_result = read_export(exports / "x_content.csv")
    current = current_result.rows
    assert current[0]["published_at"] == "2026-07-14" and current[0]["saves"] == 12 and current[0]["shares"] == 22
    assert [(r["clicks"], r["link_clicks"]) for r in current] == [(126, 31), (20, 0), (1, 0)]
    assert current_result.ignored_headers == ["Shares"]
    overview = read_export(exports / "x_overview.csv").rows
    assert (overview[0]["new_followers"], overview[0]["lost_followers"]) == (11, 2)


def test_x_clicks_missing_stays_missing(tmp_path):
    """No click column: clicks missing; a blank click cell: that post's clicks missing, never a partial sum."""
    head = "Post id,Date,Post text,Impressions,Likes,Replies,Reposts"
    none = tmp_path / "account_analytics_content_none.csv"
    none.write_text(f"{head}\n1,2026-07-14,hi,100,1,2,3\n", encoding="utf-8")
    row = read_export(none).rows[0]
    assert row["clicks"] is None and row["link_clicks"] is None
    some = tmp_path / "account_analytics_content_some.csv"
    some.write_text(f"{head},URL Clicks,Detail Expands\n1,2026-07-14,hi,100,1,2,3,4,5\n2,2026-07-13,ho,90,1,2,3,,5\n",
                    encoding="utf-8")
    first, second = read_export(some).rows
    assert (first["clicks"], first["link_clicks"]) == (9, 4)
    assert (second["clicks"], second["link_clicks"]) == (None, None)


def test_tiktok_year_less_dates_and_suffixes(exports, reference):
    content = read_export(exports / "tiktok_content.csv", reference=reference)
    first, second, third = content.rows
    assert first["published_at"] == "2025-08-28" and first["likes"] == 1200 and first["views"] == 56700
    assert first["shares"] == 18400 and first["post_id"] == "1"  # from the link; too short to hold a time
    assert second["published_at"] == "2026-01-02"
    assert third["likes"] is None and third["saves"] is None  # "undefined" is not 0
    assert any("no year" in w for w in content.warnings)
    overview = read_export(exports / "tiktok_overview.csv", year=2026).rows
    assert [r["date"] for r in overview] == ["2025-12-29", "2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"]
    assert overview[2]["views"] == 2300 and overview[4]["views"] is None
    followers = read_export(exports / "tiktok_follower_history_es.csv", reference=reference).rows
    assert [r["date"] for r in followers] == ["2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01"]
    assert followers[1]["net_followers"] == -12 and followers[1]["followers"] == 10198
    viewers = read_export(exports / "tiktok_viewers_zh.csv", reference=reference).rows
    assert [r["date"] for r in viewers] == ["2025-09-14", "2025-09-15", "2025-09-16"]
    assert viewers[1]["reach"] is None


def test_youtube_skips_total_and_converts_units(exports):
    rows = read_export(exports / "youtube_table_data.csv").rows
    assert [r["post_id"] for r in rows] == ["dQw4w9WgXcQ", "aBcDeFgHiJk", "ZyXwVuTsRqP"]
    assert rows[0]["watch_time"] == 800.25 * 3600 and rows[0]["published_at"] == "2026-09-14"
    assert rows[0]["revenue"] == 30.1 and rows[0]["currency"] == "USD"
    assert rows[1]["revenue"] is None
    assert rows[2]["duration"] == 3725
    assert rows[0]["permalink"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_linkedin_workbook_sheets(exports):
    results = read_exports(exports / "linkedin_content.xlsx")
    posts, metrics = results
    assert (posts.sheet, metrics.sheet) == ("All posts", "Metrics")
    assert [r["post_id"] for r in posts.rows] == ["7300000000000000001", "7300000000000000002", "7300000000000000003"]
    assert posts.rows[0]["published_at"] == "2025-03-03" and posts.rows[0]["impressions"] == 4210
    assert posts.rows[2]["impressions"] == 1050 and posts.rows[2]["clicks"] is None
    assert metrics.rows[1]["likes"] == -2  # negative daily values are kept …
    assert any("negative" in w for w in metrics.warnings)  # … and reported
    assert any("Location" in w for w in posts.warnings)
    main = read_export(exports / "linkedin_content.xlsx")
    assert main.kind == "linkedin_posts" and any("Metrics" in w for w in main.warnings)


def test_generic_file_with_mapping(exports):
    result = read_export(exports / "generic.csv", mapping=exports / "generic_mapping.toml")
    assert result.kind == "generic" and result.network == "instagram"
    first, second, third = result.rows
    assert (first["likes"], first["reach"], first["spend"]) == (1234, 5600, 12.5)
    assert first["published_at"] == "2025-03-01"
    assert second["text"] == "Segunda; con punto y coma" and second["spend"] == 0.99
    assert third["likes"] is None and third["spend"] is None
    assert result.unknown_headers == ["Red"]


def test_generic_file_without_mapping_names_its_headers(exports):
    with pytest.raises(KpixlError) as info:
        read_export(exports / "generic.csv")
    assert info.value.row == 1 and "Me gustas" in str(info.value) and "--mapping" in str(info.value)


def test_bad_mapping_names_the_key(tmp_path, exports):
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\n"Me gustas" = "likez"\n')
    with pytest.raises(KpixlError) as info:
        read_export(exports / "generic.csv", mapping=mapping)
    assert info.value.column == "Me gustas" and "likez" in str(info.value)


def test_format_and_network_override(exports):
    assert read_export(exports / "instagram_posts_en.csv", format="meta_posts").kind == "instagram_posts"
    with pytest.raises(KpixlError):
        read_export(exports / "instagram_posts_en.csv", network="tiktok")
    with pytest.raises(KpixlError, match="unknown format"):
        read_export(exports / "instagram_posts_en.csv", format="myspace")


def test_normalize_merges_daily_files_by_date(exports, reference):
    merged = normalize(
        [exports / "meta_daily_follows.csv", exports / "instagram_posts_en.csv", exports / "instagram_posts_en.csv"],
        reference=reference,
    )
    assert len(merged.posts) == 5  # the re-download is merged, not duplicated
    assert any("repeated" in w for w in merged.warnings)
    assert len(merged.daily) == 5


def test_canonical_output_reads_back(tmp_path, exports):
    from kpixl.commands.normalize import write_outputs

    merged = normalize([exports / "x_content.csv"])
    [path] = write_outputs(merged, tmp_path / "posts.csv")
    again = read_export(path)
    assert again.kind == "kpixl_posts" and again.rows == merged.posts
