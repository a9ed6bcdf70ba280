"""Traffic, leads and customers (tráfico, clientes potenciales, clientes) (reference §1.7, 1.8)."""

from __future__ import annotations

from kpixl.catalog.declaration import Kpi, register
from kpixl.catalog.expr import i
from kpixl.catalog.kpis._build import T, acts, v

CONVERSION_ACTIONS = acts(
    below=[
        ("Check that the landing page matches the post's promise and loads fast on mobile.",
         "Comprueba que la página de destino cumple lo que promete la publicación y carga rápido en el móvil."),
        ("Tag every link with UTM parameters so conversions are attributed.",
         "Etiqueta cada enlace con parámetros UTM para atribuir las conversiones."),
    ],
)
COST_ACTIONS = acts(
    above=[
        ("Pause the most expensive ads and move budget to the best performers.",
         "Pausa los anuncios más caros y pasa el presupuesto a los que mejor funcionan."),
        ("Narrow the targeting and test new creatives.", "Ajusta la segmentación y prueba nuevos creativos."),
    ],
)


def _count(id: str, en: str, es: str, d_en: str, d_es: str) -> Kpi:
    return Kpi(id=id, area="conversion", name=T(en, es), description=T(d_en, d_es), unit="count",
               direction="higher", variants=(v("count", i(id), "count", "recuento"),), aggregation="sum",
               cumulative=True, actions=CONVERSION_ACTIONS)


leads = _count("leads", "Leads", "Clientes potenciales", "Leads generated from social.",
               "Clientes potenciales generados desde redes sociales.")
customers = _count("customers", "Customers", "Clientes", "New customers attributed to social.",
                   "Nuevos clientes atribuidos a redes sociales.")
conversions = _count("conversions", "Conversions", "Conversiones", "Conversions attributed to social.",
                     "Conversiones atribuidas a redes sociales.")
social_sessions = _count("social_sessions", "Social traffic", "Tráfico social", "Website sessions from social.",
                         "Sesiones del sitio web procedentes de redes sociales.")


def _ratio(id: str, en: str, es: str, expr_variants, d_en: str, d_es: str, *, unit: str = "fraction",
           direction: str = "higher", actions=CONVERSION_ACTIONS) -> Kpi:
    return Kpi(id=id, area="conversion", name=T(en, es), description=T(d_en, d_es), unit=unit,
               direction=direction, variants=tuple(expr_variants), actions=actions)


social_traffic_share = _ratio(
    "social_traffic_share", "Social share of traffic", "Cuota de tráfico social",
    [v("sessions", i("social_sessions") / i("sessions"), "over all sessions", "sobre todas las sesiones")],
    "Sessions from social divided by all website sessions.",
    "Sesiones desde redes sociales divididas por todas las sesiones del sitio.",
)
pages_per_session = _ratio(
    "pages_per_session", "Pages per session", "Páginas por sesión",
    [v("sessions", i("page_views") / i("social_sessions"), "page views over sessions", "páginas vistas por sesión")],
    "Page views from social sessions divided by those sessions.",
    "Páginas vistas en sesiones sociales divididas por esas sesiones.", unit="ratio",
)
avg_session_duration = _ratio(
    "avg_session_duration", "Average session duration", "Duración media de la sesión",
    [v("sessions", i("session_seconds") / i("social_sessions"), "seconds per session", "segundos por sesión",
       "https://www.startupeditor.com/what-is-organic-social-in-google-analytics/")],
    "Total time of social sessions (seconds) divided by the sessions (GA4: engagement time per session).",
    "Tiempo total de las sesiones sociales (segundos) dividido por las sesiones.", unit="duration",
)
conversion_rate = _ratio(
    "conversion_rate", "Conversion rate", "Tasa de conversión",
    [v("clicks", i("conversions") / i("clicks"), "over clicks", "sobre clics",
       "https://thesocialcat.com/glossary/conversion-rate"),
     v("sessions", i("conversions") / i("social_sessions"), "over sessions", "sobre sesiones")],
    "Conversions divided by clicks (or by sessions from social).",
    "Conversiones divididas por clics (o por sesiones desde redes sociales).",
)
lead_conversion_rate = _ratio(
    "lead_conversion_rate", "Lead conversion rate", "Tasa de conversión de clientes potenciales",
    [v("leads", i("customers") / i("leads"), "customers over leads", "clientes sobre clientes potenciales")],
    "New customers divided by leads.", "Nuevos clientes divididos por clientes potenciales.",
)
cost_per_lead = _ratio(
    "cost_per_lead", "Cost per lead", "Coste por cliente potencial",
    [v("spend", i("spend") / i("leads"), "spend over leads", "inversión sobre clientes potenciales")],
    "Spend divided by leads.", "Inversión dividida por clientes potenciales.",
    unit="currency", direction="lower", actions=COST_ACTIONS,
)
cac = _ratio(
    "cac", "Customer acquisition cost (CAC)", "Coste de adquisición de cliente (CAC)",
    [v("spend", i("spend") / i("customers"), "spend over new customers", "inversión sobre nuevos clientes",
       "https://ora.limited/en/blog/kak-izmerit-roi-reklamy-u-blogerov")],
    "Spend divided by new customers.", "Inversión dividida por nuevos clientes.",
    unit="currency", direction="lower", actions=COST_ACTIONS,
)

register(leads, customers, conversions, social_sessions, social_traffic_share, pages_per_session,
         avg_session_duration, conversion_rate, lead_conversion_rate, cost_per_lead, cac)
