"""Meta Business Suite per-post CSVs (Facebook and Instagram, English and Spanish headers).

Choice for `Views` (2025+ files): Meta's Views replaced Impressions for photos, carousels, links and text posts and
replaced Plays for reels and videos (reference §1.0). kpixl keeps the shared vocabulary's meaning: Views go to
`impressions` for non-video posts and to `views` for video posts (post type containing "reel", "video" or "live").
Older files say `Impressions`, which always go to `impressions`.
"""

from __future__ import annotations

from kpixl.sources.spec import ExportSpec, aliases, headers

_COMMON = {
    "Post ID": "post_id",
    "Identificador de la publicación": "post_id",
    "Description": "text",
    "Descripción": "text",
    "Title": "text",
    "Título": "text",
    "Duration (sec)": "duration",
    "Duration (secs)": "duration",
    "Duration (seconds)": "duration",
    "Duración (segundos)": "duration",
    "Duración (s)": "duration",
    "Publish time": "published_at",
    "Hora de publicación": "published_at",
    "Permalink": "permalink",
    "Enlace permanente": "permalink",
    "Post type": "post_type",
    "Tipo de publicación": "post_type",
    "Impressions": "impressions",
    "Impresiones": "impressions",
    "Views": "views",
    "Visualizaciones": "views",
    "Reach": "reach",
    "Alcance": "reach",
    "Comments": "comments",
    "Comentarios": "comments",
    "Shares": "shares",
    "Veces que se ha compartido": "shares",
    "Veces compartido": "shares",
    "Compartidos": "shares",
    "Veces que se compartió": "shares",
    "Link Clicks": "link_clicks",
    "Clics en el enlace": "link_clicks",
    "Seconds viewed": "watch_time",
    "Segundos reproducidos": "watch_time",
}
_INSTAGRAM = {
    **_COMMON,
    "Likes": "likes",
    "Me gusta": "likes",
    "Saves": "saves",
    "Veces guardado": "saves",
    "Guardados": "saves",
    "Veces que se guardó": "saves",
    "Follows": "follows",
    "Seguidores": "follows",
    "Seguimientos": "follows",
    "Profile visits": "profile_visits",
    "Visitas al perfil": "profile_visits",
}
_FACEBOOK = {
    **_COMMON,
    "Reactions": "likes",
    "Reacciones": "likes",
    "Total clicks": "clicks",
    "Clics totales": "clicks",
}
_IGNORED = headers(
    "Account ID", "Account username", "Account name", "Page ID", "Page name", "Date", "Fecha", "Data comment",
    "Comentario sobre los datos", "Caption type", "Is crosspost", "Is share", "Languages", "Custom labels",
    "Funded content status", "Reactions, Comments and Shares", "Other Clicks",
    "Matched Audience Targeting Consumption (Photo Click)", "Negative feedback from users: Hide all",
    "Negative feedback from users: Hide", "Average Seconds viewed", "Estimated earnings (USD)",
    "Approximate content monetization earnings", "Qualified Views", "3-Second Video Views", "1-Minute Video Views",
    "Ad impressions", "Ad CPM (USD)", "IMPRESSION:UNIQUE_USERS", "Reach from Organic posts",
    "Reach from Boosted posts", "Views from Organic posts", "Views from Boosted posts",
    "Identificador de la cuenta", "Nombre de usuario de la cuenta", "Nombre de la cuenta",
    "Identificador de la página", "Nombre de la página", "Idiomas", "Etiquetas personalizadas",
    "Comentario de datos", "Tipo de subtítulos", "Es una publicación compartida", "Es contenido compartido",
    "Estado del contenido patrocinado", "Reacciones, comentarios y veces que se compartió", "Otros clics",
    "Promedio de segundos reproducidos", "Ingresos estimados (USD)",
)
_NOTES = {"views": "note_meta_views", "visualizaciones": "note_meta_visualizaciones"}
"""Notes (keys of kpixl.text.message_texts) said when these headers are read."""
_VIDEO_WORDS = ("reel", "video", "live", "vídeo", "directo")


def _views_by_post_type(row: dict[str, object]) -> None:
    """Meta's Views are impressions for non-video posts and plays for video posts (see module docstring)."""
    views = row["views"]
    if views is None:
        return
    post_type = str(row["post_type"] or "").casefold()
    if not any(word in post_type for word in _VIDEO_WORDS):
        if row["impressions"] is None:
            row["impressions"] = views
        row["views"] = None


SPECS = (
    ExportSpec(
        kind="instagram_posts",
        table="posts",
        network="instagram",
        signatures=(
            headers("Post ID", "Account username", "Publish time", "Permalink"),
            headers("Descripción", "Hora de publicación", "Enlace permanente", "Me gusta"),
        ),
        columns=aliases(_INSTAGRAM),
        ignored=_IGNORED,
        finish=_views_by_post_type,
        ragged=True,
        also_reports={"views": ("impressions",)},
        column_notes=_NOTES,
        description="Instagram posts from Meta Business Suite (Insights → Content → Export)",
    ),
    ExportSpec(
        kind="facebook_posts",
        table="posts",
        network="facebook",
        signatures=(
            headers("Post ID", "Page ID", "Publish time", "Permalink"),
            headers("Post ID", "Page name", "Publish time", "Reactions"),
            headers("Hora de publicación", "Enlace permanente", "Reacciones"),
        ),
        columns=aliases(_FACEBOOK),
        ignored=_IGNORED,
        finish=_views_by_post_type,
        ragged=True,
        also_reports={"views": ("impressions",)},
        column_notes=_NOTES,
        description="Facebook posts from Meta Business Suite (Insights → Content → Export)",
    ),
)
