"""TikTok Studio downloads: Content (per video), Overview and FollowerHistory (daily). Dates have no year
("28 August", "28 de febrero", "9月16日"): the year comes from --year or the reference (download) date.
Spanish headers here are kpixl's best reading of the Studio UI; unrecognised ones are reported by name.
"""

from __future__ import annotations

import re

from kpixl.sources.spec import ExportSpec, aliases, headers

_VIDEO_ID = re.compile(r"/video/(\d+)")


def _post_id_from_link(row: dict[str, object]) -> None:
    """The video id is the number after /video/ in the video link."""
    if row["post_id"] is None and isinstance(row["permalink"], str):
        match = _VIDEO_ID.search(row["permalink"])
        if match:
            row["post_id"] = match.group(1)


SPECS = (
    ExportSpec(
        kind="tiktok_content",
        table="posts",
        network="tiktok",
        signatures=(
            headers("Video title", "Video link", "Post time"),
            headers("Título del vídeo", "Enlace del vídeo", "Hora de publicación"),
        ),
        columns=aliases(
            {
                "Video title": "text",
                "Título del vídeo": "text",
                "Video link": "permalink",
                "Enlace del vídeo": "permalink",
                "Post time": "published_at",
                "Hora de publicación": "published_at",
                "Total likes": "likes",
                "Total de me gusta": "likes",
                "Total comments": "comments",
                "Total de comentarios": "comments",
                "Total shares": "shares",
                "Total de veces compartido": "shares",
                "Total views": "views",
                "Total de visualizaciones": "views",
                "Total bookmarks": "saves",
                "Add to favorites": "saves",
                "Total play time": "watch_time",
            }
        ),
        kinds={"total play time": "duration"},
        ignored=headers("Average watch time", "Watched full video"),
        finish=_post_id_from_link,
        description="TikTok Studio Content download (one row per video)",
    ),
    ExportSpec(
        kind="tiktok_overview",
        table="daily",
        network="tiktok",
        signatures=(
            headers("Date", "Video Views", "Profile Views"),
            headers("Fecha", "Visualizaciones de vídeos", "Visualizaciones del perfil"),
        ),
        columns=aliases(
            {
                "Date": "date",
                "Fecha": "date",
                "Video Views": "views",
                "Visualizaciones de vídeos": "views",
                "Profile Views": "profile_visits",
                "Visualizaciones del perfil": "profile_visits",
                "Likes": "likes",
                "Me gusta": "likes",
                "Comments": "comments",
                "Comentarios": "comments",
                "Shares": "shares",
                "Veces compartido": "shares",
            }
        ),
        description="TikTok Studio Overview download (daily)",
    ),
    ExportSpec(
        kind="tiktok_follower_history",
        table="daily",
        network="tiktok",
        signatures=(
            headers("Date", "Followers", "Difference in followers from previous day"),
            headers("Fecha", "Seguidores", "Diferencia de seguidores con respecto al día anterior"),
        ),
        columns=aliases(
            {
                "Date": "date",
                "Fecha": "date",
                "Followers": "followers",
                "Seguidores": "followers",
                "Difference in followers from previous day": "net_followers",
                "Diferencia de seguidores con respecto al día anterior": "net_followers",
            }
        ),
        description="TikTok Studio FollowerHistory download (daily running total and net change)",
    ),
    ExportSpec(
        kind="tiktok_viewers",
        table="daily",
        network="tiktok",
        signatures=(headers("Date", "Total Viewers", "New Viewers"), headers("Fecha", "Espectadores totales")),
        columns=aliases(
            {"Date": "date", "Fecha": "date", "Total Viewers": "reach", "Espectadores totales": "reach"}
        ),
        ignored=headers("New Viewers", "Returning Viewers", "Espectadores nuevos", "Espectadores recurrentes"),
        description='TikTok Studio Viewers download (daily unique viewers; "undefined" = not yet available)',
    ),
)
