"""YouTube Studio `Table data.csv` (Advanced mode, Content dimension): `Content` is the video id, the first data
row is `Total` (skipped), watch time is in hours (converted to seconds), revenue has the currency in the header.
"""

from __future__ import annotations

from kpixl.sources.spec import ExportSpec, aliases, currency_column, headers


def _is_total(cells: list) -> bool:
    """YouTube's `Total` row sums the table; it is not a video."""
    return bool(cells) and str(cells[0]).strip().casefold() == "total"


def _permalink(row: dict[str, object]) -> None:
    """The watch URL of the video id, since the export has no link."""
    if row["permalink"] is None and row["post_id"]:
        row["permalink"] = f"https://www.youtube.com/watch?v={row['post_id']}"


SPECS = (
    ExportSpec(
        kind="youtube_content",
        table="posts",
        network="youtube",
        signatures=(headers("Content", "Video title", "Video publish time"),),
        columns=aliases(
            {
                "Content": "post_id",
                "Video title": "text",
                "Video publish time": "published_at",
                "Duration": "duration",
                "Views": "views",
                "Watch time (hours)": "watch_time",
                "Subscribers": "follows",
                "Impressions": "impressions",
                "Likes": "likes",
                "Shares": "shares",
                "Comments added": "comments",
            }
        ),
        kinds={"duration": "duration", "watch time (hours)": "hours"},
        ignored=headers(
            "Impressions click-through rate (%)", "Average view duration", "Average percentage viewed (%)",
            "Subscribers gained", "Subscribers lost", "Dislikes", "Likes (vs. dislikes) (%)", "Engaged views",
            "Unique viewers", "YouTube Premium views", "Stayed to watch (%)",
        ),
        currency_columns=(currency_column(r"estimated revenue \(([a-z]{3})\)", "revenue"),),
        skip_row=_is_total,
        finish=_permalink,
        description="YouTube Studio Table data.csv (Content dimension)",
    ),
)
