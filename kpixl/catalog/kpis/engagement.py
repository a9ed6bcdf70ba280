"""Engagement (compromiso): interactions and the rates built on them (reference §1.1–1.3, 1.6)."""

from __future__ import annotations

from kpixl.catalog.declaration import Kpi, register
from kpixl.catalog.expr import i
from kpixl.catalog.interactions import NETWORK_RATE_BASIS
from kpixl.catalog.kpis._build import T, acts, v

ENGAGEMENT_ACTIONS = acts(
    below=[
        ("Ask a question or add a clear call to action in the caption.",
         "Haz una pregunta o añade una llamada a la acción clara en el texto."),
        ("Post at the hours your audience is active; test formats (Reels, carousels).",
         "Publica en las horas en que tu audiencia está activa; prueba formatos (Reels, carruseles)."),
        ("Reply to comments within the first hour to keep the conversation going.",
         "Responde a los comentarios en la primera hora para mantener la conversación."),
    ],
    above=[
        ("Find what the top posts share and repeat it; boost the best post.",
         "Identifica qué tienen en común las mejores publicaciones y repítelo; promociona la mejor."),
    ],
)

engagements = Kpi(
    id="engagements",
    area="engagement",
    name=T("Engagements", "Interacciones"),
    description=T(
        "Sum of the chosen interactions (likes, comments, shares, saves, clicks, follows…); the set is a parameter.",
        "Suma de las interacciones elegidas (me gusta, comentarios, compartidos, guardados, clics, seguimientos…).",
    ),
    unit="count",
    direction="higher",
    variants=(v("sum", i("engagements"), "Sum of interactions", "Suma de interacciones"),),
    aggregation="sum",
    actions=ENGAGEMENT_ACTIONS,
    cumulative=True,
)

engagement_rate = Kpi(
    id="engagement_rate",
    area="engagement",
    name=T("Engagement rate", "Tasa de interacción"),
    description=T(
        "Engagements divided by reach, impressions, followers at post time or views, depending on the variant.",
        "Interacciones divididas por alcance, impresiones, seguidores al publicar o visualizaciones,"
        " según la variante.",
    ),
    unit="fraction",
    direction="higher",
    variants=(
        v("reach", i("engagements") / i("reach"), "by reach (ERR)", "por alcance",
          "https://blog.hootsuite.com/calculate-engagement-rate/"),
        v("impressions", i("engagements") / i("impressions"), "by impressions (ERI)", "por impresiones",
          "https://support.buffer.com/article/520-facebook-metric-descriptions"),
        v("followers", i("engagements") / i("followers"), "by followers at post time", "por seguidores al publicar",
          "https://help.rivaliq.com/en/articles/2043672-understanding-engagement-metrics"),
        v("views", i("engagements") / i("views"), "by views", "por visualizaciones",
          "https://www.rivaliq.com/blog/tiktok-benchmark-report/"),
    ),
    network_variants=dict(NETWORK_RATE_BASIS),
    actions=ENGAGEMENT_ACTIONS,
)


def _per(name: str, en: str, es: str, field: str, desc_en: str, desc_es: str, actions) -> Kpi:
    """Kaushik's applause/conversation/amplification: per follower (default) or per post."""
    return Kpi(
        id=name,
        area="engagement",
        name=T(en, es),
        description=T(desc_en, desc_es),
        unit="fraction",
        direction="higher",
        variants=(
            v("followers", i(field) / i("followers"), "per follower", "por seguidor",
              "https://www.kaushik.net/avinash/best-social-media-metrics-conversation-amplification-applause-economic-value/"),
            v("post", i(field) / i("posts"), "per post", "por publicación",
              "https://www.truesocialmetrics.com/university/metric-introduction"),
        ),
        actions=actions,
    )


applause_rate = _per(
    "applause_rate", "Applause rate", "Tasa de aplauso", "likes",
    "Likes per follower (or per post): how much the audience approves of the content.",
    "Me gusta por seguidor (o por publicación): cuánto aprueba la audiencia el contenido.",
    acts(below=[("Publish more of the formats that earned the most likes.",
                 "Publica más de los formatos que obtuvieron más me gusta.")]),
)
conversation_rate = _per(
    "conversation_rate", "Conversation rate", "Tasa de conversación", "comments",
    "Comments per follower (or per post): how much the content starts conversations.",
    "Comentarios por seguidor (o por publicación): cuánto conversa la audiencia.",
    acts(below=[("End posts with an open question; answer every comment.",
                 "Termina las publicaciones con una pregunta abierta; responde cada comentario.")]),
)
amplification_rate = _per(
    "amplification_rate", "Amplification rate", "Tasa de amplificación", "shares",
    "Shares per follower (or per post): how often followers pass the content on.",
    "Compartidos por seguidor (o por publicación): cuánto difunden tus seguidores el contenido.",
    acts(below=[("Create shareable content: data, tips, checklists, humour.",
                 "Crea contenido para compartir: datos, consejos, listas, humor.")]),
)


def _rate(name: str, en: str, es: str, numerator: str, bases: tuple[str, ...], desc_en: str, desc_es: str,
          actions, source: str = "") -> Kpi:
    labels = {"impressions": ("by impressions", "por impresiones"), "reach": ("by reach", "por alcance"),
              "views": ("by views", "por visualizaciones")}
    return Kpi(
        id=name,
        area="engagement",
        name=T(en, es),
        description=T(desc_en, desc_es),
        unit="fraction",
        direction="higher",
        variants=tuple(v(b, i(numerator) / i(b), *labels[b], source) for b in bases),
        actions=actions,
    )


virality_rate = _rate(
    "virality_rate", "Virality rate", "Tasa de viralidad", "shares", ("impressions", "reach"),
    "Shares divided by impressions (or reach).", "Compartidos divididos por impresiones (o alcance).",
    acts(below=[("Give people a reason to share: useful, emotional or surprising content.",
                 "Da motivos para compartir: contenido útil, emotivo o sorprendente.")]),
    "https://socialk.it/en/blog/virality-rate-and-amplification-explained",
)
save_rate = _rate(
    "save_rate", "Save rate", "Tasa de guardado", "saves", ("impressions", "reach"),
    "Saves divided by impressions (or reach): content worth coming back to.",
    "Guardados divididos por impresiones (o alcance): contenido al que volver.",
    acts(below=[("Publish reference content: guides, recipes, carousels with steps.",
                 "Publica contenido de referencia: guías, recetas, carruseles con pasos.")]),
    "https://statusbrew.com/help/articles/pinterest-metrics",
)
share_rate = _rate(
    "share_rate", "Share rate", "Tasa de compartidos", "shares", ("reach", "impressions", "views"),
    "Shares divided by reach (or impressions, views).",
    "Compartidos divididos por alcance (o impresiones, visualizaciones).",
    virality_rate.actions,
)
ctr = _rate(
    "ctr", "Click-through rate (CTR)", "Tasa de clics (CTR)", "clicks", ("impressions", "reach"),
    "Clicks divided by impressions.", "Clics divididos por impresiones.",
    acts(below=[("Sharpen the headline and image; put the link and call to action up front.",
                 "Mejora el titular y la imagen; pon el enlace y la llamada a la acción al principio.")]),
    "https://www.autotweet.io/glossary/impressions",
)
profile_visit_rate = _rate(
    "profile_visit_rate", "Profile visit rate", "Tasa de visitas al perfil", "profile_visits",
    ("reach", "impressions"),
    "Profile visits divided by reach: how many who saw a post wanted to know more.",
    "Visitas al perfil divididas por alcance: cuántos quisieron saber más tras ver una publicación.",
    acts(below=[("Make the bio and highlights worth a visit; tease them in posts.",
                 "Haz que la biografía y las historias destacadas merezcan la visita; menciónalas.")]),
)

active_follower_rate = Kpi(
    id="active_follower_rate",
    area="engagement",
    name=T("Active follower rate", "Tasa de seguidores activos"),
    description=T("Followers who interacted in the last 30 days divided by followers.",
                  "Seguidores que interactuaron en los últimos 30 días divididos por seguidores."),
    unit="fraction",
    direction="higher",
    variants=(v("followers", i("active_followers") / i("followers"), "over followers", "sobre seguidores",
                "https://qainsta.com/qa/view/what-does-accounts-engaged-mean-in-instagram-stats"),),
    actions=acts(below=[("Clean inactive audiences; reactivate with stories, polls and lives.",
                         "Reactiva a la audiencia con historias, encuestas y directos.")]),
)

mentions = Kpi(
    id="mentions",
    area="engagement",
    name=T("Mentions", "Menciones"),
    description=T("Times the brand was mentioned.", "Veces que se mencionó la marca."),
    unit="count",
    direction="higher",
    variants=(v("count", i("mentions"), "count", "recuento"),),
    aggregation="sum",
    cumulative=True,
    actions=acts(below=[("Run a hashtag or user-generated-content campaign; work with creators.",
                         "Lanza una campaña de hashtag o de contenido de usuarios; colabora con creadores.")]),
)

mention_growth = Kpi(
    id="mention_growth",
    area="engagement",
    name=T("Mention growth", "Crecimiento de menciones"),
    description=T("Change in mentions against the previous period.",
                  "Variación de las menciones respecto al periodo anterior."),
    unit="fraction",
    direction="higher",
    variants=(v("previous", (i("mentions") - i("previous_mentions")) / i("previous_mentions"),
                "over previous period", "sobre el periodo anterior"),),
    aggregation="none",
    actions=mentions.actions,
)

register(engagements, engagement_rate, applause_rate, conversation_rate, amplification_rate, virality_rate,
         save_rate, share_rate, ctr, profile_visit_rate, active_follower_rate, mentions, mention_growth)
