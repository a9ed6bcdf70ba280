"""LinkedIn Page analytics workbooks: note on row 1, headers on row 2; sheets "All posts", "Metrics",
"New followers" and "Visitor metrics". Daily values may be negative (removed reactions): kept and reported.
"""

from __future__ import annotations

import re

from kpixl.sources.parsing import normalize_header
from kpixl.sources.reading import Table
from kpixl.sources.spec import ExportSpec, aliases, headers

_VIEWS_NOTE = "note_linkedin_views"


DISTRIBUTIONS = {"organic": "organic", "orgánico": "organic", "organico": "organic", "sponsored": "sponsored",
                 "patrocinado": "sponsored", "promoted": "sponsored"}
"""LinkedIn's "Post type" (Organic / Sponsored, the Spanish UI's Orgánico / Patrocinado) as the canonical flag."""


def _distribution(row: dict[str, object]) -> None:
    """Organic or sponsored as a flag of its own; a label naming neither is kept as exported."""
    value = row.get("distribution")
    if isinstance(value, str):
        row["distribution"] = DISTRIBUTIONS.get(value.strip().casefold(), value.strip())


def _views_meaning(table: Table) -> tuple[dict[str, str], str | None]:
    """2025 files say `Views`: beside an Impressions column they are video views; alone, the renamed impressions."""
    names = {normalize_header(h) for h in table.headers}
    return ({} if "impressions" in names else {"views": "impressions"}), None

SPECS = (
    ExportSpec(
        kind="linkedin_posts",
        table="posts",
        network="linkedin",
        signatures=(
            headers("Post title", "Post link", "Created date"),
            headers("Update title", "Update link", "Created date"),
        ),
        columns=aliases(
            {
                "Post title": "text",
                "Update title": "text",
                "Post link": "permalink",
                "Update link": "permalink",
                "Post type": "distribution",
                "Update type": "distribution",
                "Content Type": "post_type",
                "Content type": "post_type",
                "Created date": "published_at",
                "Impressions": "impressions",
                "Views (excluding off-site video views)": "views",
                "Views": "views",
                "Video views": "views",
                "Clicks": "clicks",
                "Likes": "likes",
                "Reactions": "likes",
                "Comments": "comments",
                "Reposts": "shares",
                "Shares": "shares",
                "Follows": "follows",
                "Followers": "follows",
            }
        ),
        ignored=headers(
            "Campaign name", "Posted by", "Campaign start date", "Campaign end date", "Audience", "Off-site views",
            "Offsite views",
            "Click through rate (CTR)", "Engagement rate",
        ),
        column_notes={"views": _VIEWS_NOTE},
        prepare=_views_meaning,
        finish=_distribution,
        description='LinkedIn Page content export, sheet "All posts"',
    ),
    ExportSpec(
        kind="linkedin_metrics",
        table="daily",
        network="linkedin",
        signatures=(headers("Date", "Impressions (total)", "Clicks (total)"),),
        columns=aliases(
            {
                "Date": "date",
                "Impressions (total)": "impressions",
                "Unique impressions (organic)": "reach",
                "Clicks (total)": "clicks",
                "Reactions (total)": "likes",
                "Comments (total)": "comments",
                "Reposts (total)": "shares",
                "Shares (total)": "shares",
            }
        ),
        ignored=headers(
            *(
                f"{m} ({s})"
                for m in ("Impressions", "Clicks", "Reactions", "Comments", "Reposts", "Shares", "Engagement rate")
                for s in ("organic", "sponsored")
            ),
            "Engagement rate (total)",
        ),
        description='LinkedIn Page content export, sheet "Metrics" (daily)',
    ),
    ExportSpec(
        kind="linkedin_followers",
        table="daily",
        network="linkedin",
        signatures=(headers("Date", "Organic followers", "Total followers"),),
        columns=aliases({"Date": "date", "Total followers": "new_followers"}),
        ignored=headers("Sponsored followers", "Organic followers", "Auto-invited followers"),
        description='LinkedIn Page followers export, sheet "New followers" (new per day, not a running total)',
    ),
    ExportSpec(
        kind="linkedin_visitors",
        table="daily",
        network="linkedin",
        signatures=(headers("Date", "Total page views (total)"),),
        columns=aliases({"Date": "date", "Total page views (total)": "page_views"}),
        ignored_pattern=re.compile(r".*(page views|unique visitors).*"),
        description='LinkedIn Page visitors export, sheet "Visitor metrics"',
    ),
)
