"""Reach and audience (alcance y audiencia): exposure, frequency, follower growth, share of voice (§1.4, 1.5, 1.10)."""

from __future__ import annotations

from kpixl.catalog.declaration import Kpi, register
from kpixl.catalog.expr import i
from kpixl.catalog.kpis._build import T, acts, v

REACH_ACTIONS = acts(
    below=[
        ("Post more consistently and at peak hours; use trending audio and hashtags sparingly.",
         "Publica con más constancia y en horas punta; usa audios y hashtags en tendencia con moderación."),
        ("Boost the best organic post to a lookalike audience.",
         "Promociona la mejor publicación orgánica a un público similar."),
    ],
)


def _count(id: str, en: str, es: str, d_en: str, d_es: str, *, aggregation: str = "sum",
           cumulative: bool = True, actions=REACH_ACTIONS) -> Kpi:
    return Kpi(id=id, area="reach", name=T(en, es), description=T(d_en, d_es), unit="count", direction="higher",
               variants=(v("count", i(id), "count", "recuento"),), aggregation=aggregation,
               cumulative=cumulative, actions=actions)


followers = _count("followers", "Followers", "Seguidores", "Follower count at a date (a snapshot).",
                   "Número de seguidores en una fecha (una foto fija).", aggregation="last", cumulative=False)
new_followers = _count("new_followers", "New followers", "Nuevos seguidores",
                       "Follows gained in the period (before unfollows).",
                       "Seguidores ganados en el periodo (antes de restar los que dejaron de seguir).")
impressions = _count("impressions", "Impressions", "Impresiones", "Times content was on screen (Meta: Views).",
                     "Veces que el contenido apareció en pantalla (Meta: visualizaciones).")
reach = _count("reach", "Reach", "Alcance",
               "Unique accounts that saw the content, summed over posts or days (not de-duplicated across them).",
               "Cuentas únicas que vieron el contenido, sumadas por publicación o por día (sin quitar repetidas).")
views = _count("views", "Views", "Visualizaciones", "Video views or plays.", "Reproducciones de vídeo.")
profile_visits = _count("profile_visits", "Profile visits", "Visitas al perfil", "Visits to the profile.",
                        "Visitas al perfil.")

reach_rate = Kpi(
    id="reach_rate", area="reach", name=T("Reach rate", "Tasa de alcance"),
    description=T("Reach divided by followers.", "Alcance dividido por seguidores."),
    unit="fraction", direction="higher",
    variants=(v("followers", i("reach") / i("followers"), "over followers", "sobre seguidores",
                "https://instabf.net/instagram-metrics-you-should-know-part-1/"),),
    actions=REACH_ACTIONS,
)

frequency = Kpi(
    id="frequency", area="reach", name=T("Frequency", "Frecuencia"),
    description=T("Impressions divided by reach: times each account saw the content.",
                  "Impresiones divididas por alcance: veces que cada cuenta vio el contenido."),
    unit="ratio", direction="higher",
    variants=(v("reach", i("impressions") / i("reach"), "impressions over reach", "impresiones sobre alcance"),),
    actions=acts(above=[("Frequency is high: refresh creatives and widen the audience to avoid fatigue.",
                         "Frecuencia alta: renueva los creativos y amplía la audiencia para evitar fatiga.")],
                 below=[("Repeat key messages; retarget people who already saw them.",
                         "Repite los mensajes clave; impacta de nuevo a quien ya los vio.")]),
)

net_follower_growth = Kpi(
    id="net_follower_growth", area="reach", name=T("Net follower growth", "Crecimiento neto de seguidores"),
    description=T("New followers minus lost followers.", "Nuevos seguidores menos seguidores perdidos."),
    unit="count", direction="higher",
    variants=(
        v("net", i("new_followers") - i("lost_followers"), "new − lost", "nuevos − perdidos"),
        v("daily", i("net_followers"), "daily net growth (reported, new − lost, or the change in the total)",
          "crecimiento neto diario (el informado, nuevos − perdidos o la variación del total)"),
    ),
    aggregation="sum", cumulative=True,
    actions=acts(below=[("Check which posts lost followers; run a follow-worthy series or a giveaway.",
                         "Revisa qué publicaciones hicieron perder seguidores; lanza una serie o un sorteo.")]),
)

follower_growth_rate = Kpi(
    id="follower_growth_rate", area="reach", name=T("Follower growth rate", "Tasa de crecimiento de seguidores"),
    description=T("Change in followers over the period, relative to the start (or end), or compounded per week.",
                  "Variación de seguidores en el periodo, sobre el inicio (o el final), o compuesta por semana."),
    unit="fraction", direction="higher",
    variants=(
        v("start", (i("followers_end") - i("followers_start")) / i("followers_start"), "over start",
          "sobre el inicio", "https://keyhole.co/blog/how-do-i-calculate-follower-growth-rate/"),
        v("end", (i("followers_end") - i("followers_start")) / i("followers_end"), "over end", "sobre el final",
          "https://blog.hootsuite.com/calculate-engagement-rate/"),
        v("weekly", (i("followers_end") / i("followers_start")) ** (1 / i("weeks")) - 1, "compounded per week",
          "compuesta por semana", "https://academy.fanpagekarma.com/en/instagram-metrics/"),
    ),
    aggregation="none",
    actions=net_follower_growth.actions,
)

share_of_voice = Kpi(
    id="share_of_voice", area="reach", name=T("Share of voice", "Cuota de voz"),
    description=T("Your mentions (or engagement, impressions) over the market's: you plus competitors.",
                  "Tus menciones (o interacciones, impresiones) sobre las del mercado: tú más la competencia."),
    unit="fraction", direction="higher",
    variants=tuple(
        v(kind, i(f"brand_{kind}") / (i(f"brand_{kind}") + i(f"competitor_{kind}")), en, es,
          "https://mention.com/en/share-of-voice-calculator/")
        for kind, en, es in (("mentions", "by mentions", "por menciones"),
                             ("engagements", "by engagement", "por interacciones"),
                             ("impressions", "by impressions", "por impresiones"))
    ),
    actions=acts(below=[("Join the conversations competitors lead; publish on trending topics.",
                         "Participa en las conversaciones que lidera la competencia; publica sobre tendencias.")]),
)

register(followers, new_followers, impressions, reach, views, profile_visits, reach_rate, frequency,
         net_follower_growth, follower_growth_rate, share_of_voice)
