"""Influencer campaigns (influencers): attributed conversions and content output (reference §1.13).

Conversion rate, CPE, EMV and ROI are the shared KPIs of the other areas, applied to creator posts.
"""

from __future__ import annotations

from kpixl.catalog.declaration import Kpi, register
from kpixl.catalog.expr import i
from kpixl.catalog.kpis._build import T, acts, v

influencer_conversions = Kpi(
    id="influencer_conversions", area="influencer", name=T("Influencer conversions", "Conversiones de influencers"),
    description=T("Conversions attributed to a creator by promo code, UTM link, or both.",
                  "Conversiones atribuidas a un creador por código promocional, enlace UTM o ambos."),
    unit="count", direction="higher",
    variants=(v("both", i("promo_conversions") + i("utm_conversions"), "promo code + UTM", "código + UTM",
                "https://socialperks.app/ask/how-do-i-track-influencer-marketing-roi"),
              v("promo_code", i("promo_conversions"), "promo code", "código promocional"),
              v("utm", i("utm_conversions"), "UTM link", "enlace UTM")),
    aggregation="sum", cumulative=True,
    actions=acts(below=[("Give each creator a unique code and a tagged link; brief a clear offer.",
                         "Da a cada creador un código único y un enlace etiquetado; pide una oferta clara.")]),
)
posts = Kpi(
    id="posts", area="influencer", name=T("Posts", "Publicaciones"),
    description=T("Content output: posts published.", "Producción de contenido: publicaciones publicadas."),
    unit="count", direction="higher", variants=(v("count", i("posts"), "count", "recuento"),),
    aggregation="sum", cumulative=True,
    actions=acts(below=[("Plan a content calendar; batch-produce posts weekly.",
                         "Planifica un calendario de contenidos; produce publicaciones por lotes cada semana.")]),
)
posts_per_week = Kpi(
    id="posts_per_week", area="influencer", name=T("Posts per week", "Publicaciones por semana"),
    description=T("Posts divided by the weeks of the period.", "Publicaciones divididas por las semanas del periodo."),
    unit="ratio", direction="higher",
    variants=(v("weeks", i("posts") / i("weeks"), "posts / weeks", "publicaciones / semanas",
                "https://smk.co/?p=31338"),),
    actions=posts.actions,
)

register(influencer_conversions, posts, posts_per_week)
