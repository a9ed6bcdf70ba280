"""Recommended actions per network and KPI: what a social-media manager would do on THAT network when a KPI is out
of range (no "Reels" for LinkedIn, no "ads" for a creator fee), falling back to the catalog's generic action."""

from __future__ import annotations

from kpixl.catalog import kpi as catalog
from kpixl.catalog.kpi import Text

T = Text

ENGAGEMENT = {
    "facebook": T("Post native video and Reels, ask a question in the first line and reply to comments within the "
                  "hour.",
                  "Publica vídeo nativo y Reels, haz una pregunta en la primera línea y responde a los comentarios en "
                  "menos de una hora."),
    "instagram": T("Shift the mix to Reels and carousels, ask people to save or share, and post at the best hours "
                   "of the heat map.",
                   "Da más peso a Reels y carruseles, pide guardar o compartir y publica en las mejores horas del "
                   "mapa de calor."),
    "linkedin": T("Publish document posts and native text with a clear point of view; have the team comment in the "
                  "first hour.",
                  "Publica documentos y textos nativos con una opinión clara; que el equipo comente en la primera "
                  "hora."),
    "x": T("Write threads and timely replies on topics your audience follows; add an image or short video to key "
           "posts.",
           "Escribe hilos y responde a temas que sigue tu audiencia; añade una imagen o un vídeo corto a los "
           "mensajes clave."),
    "tiktok": T("Hook viewers in the first two seconds, use trending sounds and answer comments with video replies.",
                "Engancha en los dos primeros segundos, usa sonidos en tendencia y responde a comentarios con "
                "vídeos."),
    "youtube": T("Cut Shorts from your best videos and pin a question in the comments to start the conversation.",
                 "Saca Shorts de tus mejores vídeos y fija una pregunta en los comentarios para abrir la "
                 "conversación."),
    "pinterest": T("Pin vertical images with a text overlay and fresh Idea Pins; save them to relevant boards.",
                   "Publica pines verticales con texto sobre la imagen e Idea Pins nuevos; guárdalos en tableros "
                   "relevantes."),
}
CLICKS = {
    "facebook": T("Use link posts with a clear headline and image; state the offer in the first line.",
                  "Usa publicaciones con enlace, titular claro e imagen; cuenta la oferta en la primera línea."),
    "instagram": T("Add link stickers to Stories and point to the link in bio with an explicit call to action.",
                   "Añade stickers de enlace en Stories y remite al enlace de la biografía con una llamada a la "
                   "acción clara."),
    "linkedin": T("Lead with the benefit and put the link in the post with a one-line call to action.",
                  "Empieza por el beneficio y pon el enlace en la publicación con una llamada a la acción de una "
                  "línea."),
    "x": T("Keep link posts short with one call to action, and pin the best one to the profile.",
           "Haz los mensajes con enlace cortos y con una sola llamada a la acción; fija el mejor en el perfil."),
    "youtube": T("Add end screens, cards and a pinned link in the description and first comment.",
                 "Añade pantallas finales, tarjetas y un enlace fijado en la descripción y el primer comentario."),
    "pinterest": T("Link every Pin to a matching landing page and use rich Pins.",
                   "Enlaza cada pin a una página de destino coherente y usa pines enriquecidos."),
}
PAID_COST = {
    "facebook": T("Boost only posts that already engage organically and narrow the audience to engaged people.",
                  "Promociona solo publicaciones que ya funcionan en orgánico y limita el público a personas "
                  "interesadas."),
    "instagram": T("Boost the Reels and carousels that already engage organically; refresh creatives every week.",
                   "Promociona los Reels y carruseles que ya funcionan en orgánico; renueva los creativos cada "
                   "semana."),
    "linkedin": T("Sponsor the document and opinion posts that engage organically; tighten job-title targeting.",
                  "Patrocina los documentos y artículos de opinión que funcionan en orgánico; ajusta la "
                  "segmentación por cargo."),
    "x": T("Promote only posts with strong organic replies and exclude low-quality placements.",
           "Promociona solo mensajes con muchas respuestas orgánicas y excluye ubicaciones de baja calidad."),
    "tiktok": T("Use Spark Ads on videos that already perform organically; refresh creatives every one to two "
                "weeks.",
                "Usa Spark Ads con vídeos que ya funcionan en orgánico; renueva los creativos cada una o dos "
                "semanas."),
    "youtube": T("Promote the videos and Shorts with the best watch time; drop placements with low engagement.",
                 "Promociona los vídeos y Shorts con más tiempo de visualización; quita ubicaciones con poca "
                 "interacción."),
    "pinterest": T("Promote the Pins with the most saves and narrow targeting to interests that convert.",
                   "Promociona los pines con más guardados y limita la segmentación a intereses que convierten."),
}
CREATOR_COST = T("Renegotiate fees with the creators whose cost per engagement is highest (see the creator table).",
                 "Renegocia los honorarios de los creadores con el coste por interacción más alto (ver la tabla de "
                 "creadores).")
CREATOR_RETURN = T("Move budget to the creators with the best ROAS in the creator table; give every one a promo "
                   "code and UTM link.",
                   "Pasa el presupuesto a los creadores con mejor ROAS de la tabla de creadores; da a cada uno un "
                   "código promocional y un enlace UTM.")

BY_KPI: dict[str, dict[str, Text]] = {
    "engagement_rate": ENGAGEMENT, "engagements": ENGAGEMENT, "ctr": CLICKS, "link_clicks": CLICKS,
    "cpe": PAID_COST, "cpc": PAID_COST, "cpm": PAID_COST,
}
INFLUENCER: dict[str, Text] = {"cpe": CREATOR_COST, "roi": CREATOR_RETURN, "roas": CREATOR_RETURN}


def recommended(kpi_id: str, network: str, lang: str = "en", template: str = "social") -> str:
    """One action for a KPI out of its acceptable range on a network, in the workbook's language."""
    kpi = catalog.get(kpi_id)
    if template == "influencer" and kpi_id in INFLUENCER:
        return INFLUENCER[kpi_id](lang)
    specific = BY_KPI.get(kpi_id, {}).get(network)
    if specific is not None:
        return specific(lang)
    side = kpi.actions.below if kpi.direction == "higher" else kpi.actions.above
    side = side or kpi.actions.below or kpi.actions.above
    return side[0](lang) if side else ""
