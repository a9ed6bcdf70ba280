"""YouTube Studio `Table data.csv` (Advanced mode, Content dimension): `Content` is the video id, the first data
row is `Total` (skipped), watch time is in hours (converted to seconds), revenue has the currency in the header;
`Subscribers` is the net change each video brought (gained − lost), negative on some videos.
`Totals.csv` of the same download is the channel's daily series. `Chart data.csv` (one row per video and day) is
refused with a clear message: its rows are neither posts nor channel days, and summing them is the user's choice.
"""

from __future__ import annotations

import re

from kpixl.catalog.post_types import youtube_type
from kpixl.errors import KpixlError
from kpixl.sources.parsing import normalize_header
from kpixl.sources.reading import Table
from kpixl.sources.spec import ExportSpec, aliases, currency_column, headers
from kpixl.text.messages import Message


def _is_total(cells: list) -> bool:
    """YouTube's `Total` row sums the table; it is not a video."""
    return bool(cells) and str(cells[0]).strip().casefold() == "total"


def _permalink(row: dict[str, object]) -> None:
    """The watch URL of the video id, since the export has no link."""
    if row["permalink"] is None and row["post_id"]:
        row["permalink"] = f"https://www.youtube.com/watch?v={row['post_id']}"


def _finish(row: dict[str, object]) -> None:
    """The watch URL, and the upload's type: video or short (the export's content type, else its duration)."""
    _permalink(row)
    row["post_type"] = youtube_type(row.get("post_type"), row.get("duration"))


def _not_chart_data(table: Table) -> tuple[dict[str, str], str | None]:
    """Refuse `Chart data.csv`: a Date column beside Content means one row per video per day, not per video."""
    if {"date", "fecha"} & {normalize_header(h) for h in table.headers}:
        raise KpixlError(
            Message("youtube_chart_data"),
            file=table.file,
            row=table.header_row,
        )
    return {}, None


SPECS = (
    ExportSpec(
        kind="youtube_content",
        table="posts",
        network="youtube",
        signatures=(
            headers("Content", "Video title", "Video publish time"),
            headers("Contenido", "Título del vídeo", "Hora de publicación del vídeo"),
        ),
        columns=aliases(
            {
                "Content": "post_id",
                "Contenido": "post_id",
                "Video title": "text",
                "Título del vídeo": "text",
                "Content type": "post_type",
                "Tipo de contenido": "post_type",
                "Video publish time": "published_at",
                "Hora de publicación del vídeo": "published_at",
                "Fecha de publicación del vídeo": "published_at",
                "Duration": "duration",
                "Duración": "duration",
                "Views": "views",
                "Visualizaciones": "views",
                "Watch time (hours)": "watch_time",
                "Tiempo de visualización (horas)": "watch_time",
                "Subscribers": "follows",
                "Suscriptores": "follows",
                "Impressions": "impressions",
                "Impresiones": "impressions",
                "Likes": "likes",
                "Me gusta": "likes",
                "Shares": "shares",
                "Veces compartido": "shares",
                "Contenido compartido": "shares",
                "Comments added": "comments",
                "Comentarios añadidos": "comments",
            }
        ),
        kinds={"duration": "duration", "duracion": "duration", "watch time (hours)": "hours",
               "tiempo de visualizacion (horas)": "hours",
               "subscribers": "signed_count", "suscriptores": "signed_count"},  # net: gained − lost, may be < 0
        prepare=_not_chart_data,
        ignored=headers(
            "Impressions click-through rate (%)", "Average view duration", "Average percentage viewed (%)",
            "Subscribers gained", "Subscribers lost", "Dislikes", "Likes (vs. dislikes) (%)", "Engaged views",
            "Unique viewers", "YouTube Premium views", "Stayed to watch (%)",
        ),
        currency_columns=(
            currency_column(r"estimated revenue \(([a-z]{3})\)", "revenue"),
            currency_column(r"ingresos estimados \(([a-z]{3})\)", "revenue"),
        ),
        skip_row=_is_total,
        finish=_finish,
        description="YouTube Studio Table data.csv (Content dimension)",
    ),
    ExportSpec(
        kind="youtube_totals",
        table="daily",
        network="youtube",
        signatures=(
            headers("Date", "Views", "Watch time (hours)"),
            headers("Fecha", "Visualizaciones", "Tiempo de visualización (horas)"),
        ),
        columns=aliases(
            {
                "Date": "date",
                "Fecha": "date",
                "Views": "views",
                "Visualizaciones": "views",
                "Impressions": "impressions",
                "Impresiones": "impressions",
                "Subscribers": "net_followers",
                "Suscriptores": "net_followers",
                "Subscribers gained": "new_followers",
                "Suscriptores obtenidos": "new_followers",
                "Subscribers lost": "lost_followers",
                "Suscriptores perdidos": "lost_followers",
                "Likes": "likes",
                "Me gusta": "likes",
                "Shares": "shares",
                "Comments added": "comments",
            }
        ),
        ignored=headers(
            "Watch time (hours)", "Tiempo de visualización (horas)", "Average view duration", "Unique viewers",
            "Impressions click-through rate (%)", "Average percentage viewed (%)", "Engaged views",
        ),
        ignored_pattern=re.compile(r"(estimated revenue|ingresos estimados).*"),
        skip_row=_is_total,
        description="YouTube Studio Totals.csv (channel daily series)",
    ),
)
