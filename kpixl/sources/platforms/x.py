"""X (Twitter) exports: the legacy tweet-activity CSV, the current account-analytics content CSV and the daily
account overview. Current files have both "Shares" (sent/copied links) and "Reposts"; reposts are the canonical
`shares` (retweets), the X "Shares" column is reported as ignored.

Clicks: native X counts every click on the post as an engagement (reference §1.1), and kpixl's X engagement set is
likes + comments + shares + clicks, so `clicks` is the sum of the post-click columns the file has: URL, hashtag,
detail-expand and permalink clicks, and in the legacy file also app opens, app installs, email tweet, dial phone
and media engagements (clicks on the post's media, X API `media_engagements`). `link_clicks` stays the URL clicks
alone (CTR's link variant). User profile clicks are not in `clicks`: they are `profile_visits` (X "Profile visits"),
and follows are `follows`, so a custom interaction set can add them without counting them twice. None of the click
columns in a file leaves `clicks` missing; a blank cell in one of them leaves that post's `clicks` missing rather
than a partial sum passed off as the total (missing stays missing, never 0).
"""

from __future__ import annotations

import re

from kpixl.sources.spec import ExportSpec, aliases, headers

SPECS = (
    ExportSpec(
        kind="x_tweet_activity",
        table="posts",
        network="x",
        signatures=(headers("Tweet id", "Tweet permalink", "time"),),
        columns=aliases(
            {
                "Tweet id": "post_id",
                "Tweet permalink": "permalink",
                "Tweet text": "text",
                "time": "published_at",
                "impressions": "impressions",
                "engagements": "engagements",
                "retweets": "shares",
                "replies": "comments",
                "likes": "likes",
                "favorites": "likes",
                "user profile clicks": "profile_visits",
                "url clicks": "link_clicks",
                "follows": "follows",
                "media views": "views",
            }
        ),
        sums={
            "clicks": headers(
                "url clicks", "hashtag clicks", "detail expands", "permalink clicks", "app opens", "app installs",
                "email tweet", "dial phone", "media engagements",
            )
        },
        ignored=headers("engagement rate"),
        ignored_pattern=re.compile(r"promoted .*"),
        description="X legacy tweet-activity export (analytics.twitter.com, By Tweet)",
    ),
    ExportSpec(
        kind="x_content",
        table="posts",
        network="x",
        signatures=(headers("Post id", "Date", "Post text"),),
        columns=aliases(
            {
                "Post id": "post_id",
                "Date": "published_at",
                "Post text": "text",
                "Post Link": "permalink",
                "Impressions": "impressions",
                "Likes": "likes",
                "Engagements": "engagements",
                "Bookmarks": "saves",
                "New follows": "follows",
                "Replies": "comments",
                "Reposts": "shares",
                "Profile visits": "profile_visits",
                "URL Clicks": "link_clicks",
            }
        ),
        sums={"clicks": headers("URL Clicks", "Hashtag Clicks", "Detail Expands", "Permalink Clicks")},
        ignored=headers("Shares"),
        description="X account-analytics content export (account_analytics_content_*.csv)",
    ),
    ExportSpec(
        kind="x_overview",
        table="daily",
        network="x",
        signatures=(headers("Date", "New follows", "Unfollows"),),
        columns=aliases(
            {
                "Date": "date",
                "Impressions": "impressions",
                "Likes": "likes",
                "Engagements": "engagements",
                "New follows": "new_followers",
                "Unfollows": "lost_followers",
                "Replies": "comments",
                "Reposts": "shares",
                "Profile visits": "profile_visits",
                "Video views": "views",
            }
        ),
        ignored=headers("Bookmarks", "Shares", "Create Post", "Media views"),
        description="X account overview (account_overview_analytics*.csv, daily)",
    ),
    ExportSpec(
        kind="x_video_overview",
        table="daily",
        network="x",
        signatures=(headers("Date", "Views", "Watch Time (ms)"),),
        columns=aliases({"Date": "date", "Views": "views"}),
        ignored=headers("Watch Time (ms)", "Completion Rate", "Average Watch Time (ms)", "Estimated Revenue"),
        description="X video overview (video_overview_analytics*.csv, daily video views)",
    ),
)
