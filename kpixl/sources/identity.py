"""Post identity from permalinks, and the exact publish time TikTok encodes in every video id (pure functions)."""

from __future__ import annotations

import datetime as dt
import re


class RoundedId(str):
    """An id Excel stored as a number of 2^53 or more: its last digits were already rounded away."""


_PATTERNS: dict[str | None, tuple[re.Pattern[str], ...]] = {
    "instagram": (re.compile(r"instagram\.com/(?:[^/?#]+/)?(?:p|reel|reels|tv)/([A-Za-z0-9_-]+)"),),
    "tiktok": (re.compile(r"/video/(\d+)"), re.compile(r"/photo/(\d+)")),
    "x": (re.compile(r"(?:twitter|x)\.com/[^/?#]+/status(?:es)?/(\d+)"),),
    "linkedin": (re.compile(r"urn:li:[a-zA-Z]+:(\d+)"), re.compile(r"urn%3Ali%3A[a-zA-Z]+%3A(\d+)")),
    "facebook": (
        re.compile(r"[?&](?:story_fbid|fbid|v)=([A-Za-z0-9]+)"),
        re.compile(r"facebook\.com/(?:[^?#]+/)?(?:posts|videos|reel|photos|permalink)/(?:[^/?#]+/)?(pfbid[A-Za-z0-9]+|\d+)"),
    ),
    "youtube": (re.compile(r"(?:[?&]v=|youtu\.be/|/shorts/)([A-Za-z0-9_-]{11})"),),
}
"""Where each network's permalink carries the post id: Instagram /p/ and /reel/ codes, TikTok /video/<id>,
X /status/<id>, LinkedIn urn:li:<type>:<id>, Facebook post/video ids (or the pfbid token), YouTube video ids."""


def post_id_from_link(link: object, network: str | None) -> str | None:
    """The post id inside a permalink, or None when the link has none (e.g. X's `status/undefined`)."""
    if not isinstance(link, str) or not link:
        return None
    for pattern in _PATTERNS.get(network or "", ()) if network else [p for ps in _PATTERNS.values() for p in ps]:
        match = pattern.search(link)
        if match:
            return match.group(1)
    return None


_TIKTOK_FIRST = int(dt.datetime(2016, 9, 1, tzinfo=dt.timezone.utc).timestamp())
"""TikTok (Douyin) launched in September 2016: an id decoding to an earlier moment is not a TikTok video id."""

_TIKTOK_LAST = int(dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc).timestamp())

_TIKTOK_DIGITS = range(15, 21)
"""A TikTok video id is an unsigned 64-bit number: up to 20 digits (19 today); a longer one is not a video id."""


def tiktok_published_at(post_id: object) -> str | None:
    """The UTC publish time ("2025-10-31T10:19:10") encoded in a TikTok video id (`id >> 32` is Unix seconds).

    The one decoder of TikTok ids. None when the id is not a TikTok id: not ASCII digits, longer than 64 bits, or a
    moment before TikTok existed or past 2100 (a 26-digit id would decode to the year 555398228).
    """
    if not isinstance(post_id, str) or not post_id.isascii() or not post_id.isdigit():
        return None
    if len(post_id) not in _TIKTOK_DIGITS:
        return None
    seconds = int(post_id) >> 32
    if not _TIKTOK_FIRST <= seconds < _TIKTOK_LAST:
        return None
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")
