"""Post types as the exports mean them: TikTok posts are videos; a YouTube upload is a short or a video (the export's
content type, else a duration up to 60 s); LinkedIn's `Post type` (Organic / Sponsored) is a distribution flag of its
own and the format comes from `Content Type`."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpixl.catalog.post_types import SHORT_MAX_SECONDS, youtube_type
from kpixl.sources import normalize


def _posts(*files: Path) -> list[dict]:
    return normalize(list(files)).posts


@pytest.mark.parametrize("name", ["tiktok_content.csv", "tiktok_content_es.csv", "tiktok_2025_videos.csv"])
def test_tiktok_posts_are_videos(exports: Path, name: str):
    posts = _posts(exports / name)
    assert posts and {p["post_type"] for p in posts} == {"video"}


def test_youtube_uploads_are_shorts_or_videos_by_duration(exports: Path):
    posts = {p["duration"]: p["post_type"] for p in _posts(exports / "youtube_table_data.csv")}
    assert posts == {612: "video", 45: "short", 3725: "video"}


def test_youtube_content_type_wins_over_duration(tmp_path: Path):
    table = tmp_path / "Table data.csv"
    table.write_text("\ufeffContent,Video title,Video publish time,Content type,Duration,Views,Likes\n"
                     "Total,,,,,900,60\n"
                     'aBcDeFgHiJk,A long short,"Mar 3, 2025",Shorts,170,500,40\n'
                     'dQw4w9WgXcQ,Live Q&A,"Mar 5, 2025",Live stream,3600,400,20\n', encoding="utf-8")
    assert {p["post_id"]: p["post_type"] for p in _posts(table)} == {"aBcDeFgHiJk": "short", "dQw4w9WgXcQ": "live"}


def test_youtube_type_rule():
    assert youtube_type(None, SHORT_MAX_SECONDS) == "short" and youtube_type(None, SHORT_MAX_SECONDS + 1) == "video"
    assert youtube_type("Videos", 30) == "video" and youtube_type(None, None) == "video"


@pytest.mark.parametrize("name", ["linkedin_content.xlsx", "linkedin_content.xls", "linkedin_2025.xlsx"])
def test_linkedin_organic_or_sponsored_is_its_own_field(exports: Path, name: str):
    posts = _posts(exports / name)
    assert {p["distribution"] for p in posts} <= {"organic", "sponsored"} and posts
    assert not {p["post_type"] for p in posts} & {"Organic", "Sponsored", "organic", "sponsored"}
    assert {p["post_type"] for p in posts} <= {"Text", "Video", "Image", "Document", "Article"}
