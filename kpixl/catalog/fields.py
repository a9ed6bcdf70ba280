"""The canonical vocabulary shared by the engine, importers, workbooks and Excel functions.

Every importer yields rows keyed by these names; every KPI input is one of them (or a goal/parameter name);
every workbook column maps to one. Changing a name here is a breaking change for saved CSVs.
"""

from __future__ import annotations

NETWORKS: tuple[str, ...] = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube", "pinterest")
"""Network ids used everywhere: CLI, templates, canonical data."""

NETWORK_NAMES: dict[str, str] = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "linkedin": "LinkedIn",
    "x": "X",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "pinterest": "Pinterest",
}

POST_TEXT_FIELDS: tuple[str, ...] = (
    "network",
    "post_id",
    "published_at",
    "post_type",
    "distribution",  # organic | sponsored (LinkedIn's "Post type" column): a flag of its own, not a format
    "text",
    "permalink",
    "currency",  # ISO code of spend/revenue when the export says it ("Amount spent (USD)")
)
"""Descriptive columns of the canonical posts table (strings; published_at is ISO 8601)."""

POST_METRIC_FIELDS: tuple[str, ...] = (
    "impressions",  # times on screen (Meta "Views" since 2025 for non-video posts)
    "reach",  # unique accounts reached
    "views",  # video views / plays (TikTok, YouTube, Reels)
    "likes",  # likes or reactions
    "comments",  # comments or replies
    "shares",  # shares, reposts, retweets
    "saves",  # saves, bookmarks
    "clicks",  # all clicks (link + other) when the platform reports them
    "link_clicks",
    "profile_visits",
    "follows",  # follows attributed to the post
    "followers",  # follower count at post time
    "watch_time",  # seconds watched in total
    "spend",  # money spent on the post (boost, fee)
    "conversions",
    "promo_conversions",  # conversions attributed by a creator's promo code (influencer campaigns)
    "utm_conversions",  # conversions attributed by a creator's UTM link (the analytics export's utm_content)
    "revenue",
    "engagements",  # the platform's own engagement total (Meta Ads "Post engagements", X "engagements")
    "duration",  # video length in seconds
)
"""Numeric columns of the canonical posts table; missing stays missing (None), never 0."""

POST_FIELDS: tuple[str, ...] = POST_TEXT_FIELDS + POST_METRIC_FIELDS

DAILY_FIELDS: tuple[str, ...] = (
    "network",
    "date",  # ISO date
    "followers",  # running total at end of day
    "new_followers",
    "lost_followers",
    "impressions",
    "reach",
    "views",
    "page_views",
    "profile_visits",
    "likes",
    "comments",
    "shares",
    "clicks",
    "engagements",
    "net_followers",  # followers gained minus lost (TikTok "Difference in followers from previous day")
)
"""Columns of the canonical daily (account-level) table."""

FRACTIONAL_FIELDS: frozenset[str] = frozenset({"spend", "revenue", "watch_time", "duration", "conversions"})
"""Metric fields that may hold fractions (amounts, seconds); every other metric is a count, whole ("5.120" is five
thousand one hundred). Neither is ever negative, except a net change."""

FRACTIONAL_INPUTS: frozenset[str] = FRACTIONAL_FIELDS | {"emv", "rating", "response_seconds", "session_seconds",
                                                         "weeks"}
"""KPI inputs that may hold fractions: the fractional fields and the inputs of listening, review and traffic KPIs
that are amounts, ratings or durations; every other KPI input is a count."""

NET_CHANGE_FIELDS: frozenset[str] = frozenset({"net_followers"})
"""Counts that are net changes (gained − lost) and may be negative; every other count is gross and never negative.
An export column holding a net change under a gross field's name (YouTube Studio's per-video `Subscribers`, read
into `follows`) declares it in its export spec (`kinds`: "signed_count")."""
