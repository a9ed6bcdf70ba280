"""TikTok Studio downloads: Content (per video), Overview and FollowerHistory (daily).

Older files write dates without a year ("28 August", "28 de febrero", "9月16日"); late-2025 files write
"2025/10/31 18:19:10". Every video id encodes its exact publish time (`id >> 32` is Unix seconds, UTC), so posts
take their date from the id in the video link (kpixl.sources.identity); year-less text is only a fallback, with the
year from --year (the year of the latest date) or the download date in older Content files' `Time` column.
Spanish headers here are kpixl's best reading of the Studio UI; unrecognised ones are reported by name.
"""

from __future__ import annotations

from kpixl.sources.spec import ExportSpec, aliases, headers


def _video(row: dict[str, object]) -> None:
    """Every post of a Content download is a video (the file has no type column)."""
    row["post_type"] = row.get("post_type") or "video"


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
                "Video views": "views",
                "Visualizaciones del vídeo": "views",
                "Visualizaciones de vídeos": "views",
                "Likes": "likes",
                "Me gusta": "likes",
                "Comments": "comments",
                "Comentarios": "comments",
                "Shares": "shares",
                "Veces compartido": "shares",
                "Compartidos": "shares",
                "Total bookmarks": "saves",
                "Add to favorites": "saves",
                "Añadir a favoritos": "saves",
                "Favoritos": "saves",
                "Total play time": "watch_time",
                "Video ID": "post_id",
                "ID del vídeo": "post_id",
            }
        ),
        kinds={"total play time": "duration"},
        ignored=headers("Average watch time", "Watched full video", "Time", "Hora", "Tiempo medio de visualización"),
        column_notes={"add to favorites": "note_tiktok_favorites"},
        download_header="Time",
        finish=_video,
        description="TikTok Studio Content download (one row per video)",
    ),
    ExportSpec(
        kind="tiktok_overview",
        table="daily",
        network="tiktok",
        signatures=(
            headers("Date", "Video Views", "Profile Views"),
            headers("Date", "Video Views", "Reached audience"),
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
                "Reached audience": "reach",
                "Audiencia alcanzada": "reach",
                "Likes": "likes",
                "Me gusta": "likes",
                "Comments": "comments",
                "Comentarios": "comments",
                "Shares": "shares",
                "Veces compartido": "shares",
                "Net growth": "net_followers",
                "Crecimiento neto": "net_followers",
                "New followers": "new_followers",
                "Nuevos seguidores": "new_followers",
                "Lost followers": "lost_followers",
                "Seguidores perdidos": "lost_followers",
            }
        ),
        ignored=headers(
            "Phone number clicks", "Leads submission", "Email clicks", "Website clicks", "Address clicks",
            "Clics en el número de teléfono", "Envíos de clientes potenciales",
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
