"""Paid and value (pago y valor): costs per result, returns, earned media value (reference §1.9, 1.13)."""

from __future__ import annotations

from kpixl.catalog.declaration import Kpi, register
from kpixl.catalog.expr import Param, first_reported, i
from kpixl.catalog.kpis._build import T, acts, v
from kpixl.catalog.kpis.conversion import COST_ACTIONS

RETURN_ACTIONS = acts(
    below=[
        ("Move budget to the campaigns and creators with the best return; cut the rest.",
         "Pasa el presupuesto a las campañas y creadores con mejor retorno; recorta el resto."),
        ("Check attribution: promo codes and UTM links on every post.",
         "Revisa la atribución: códigos promocionales y enlaces UTM en cada publicación."),
    ],
)


def _cost(id: str, en: str, es: str, denominator, d_en: str, d_es: str, label: tuple[str, str],
          scale: float = 1, source: str = "") -> Kpi:
    numerator = i("spend") * scale if scale != 1 else i("spend")
    return Kpi(id=id, area="paid", name=T(en, es), description=T(d_en, d_es), unit="currency",
               direction="lower", variants=(v("spend", numerator / denominator, *label, source),),
               actions=COST_ACTIONS)


cpm = _cost("cpm", "Cost per mille (CPM)", "Coste por mil impresiones (CPM)", i("impressions"),
            "Spend per 1,000 impressions.", "Inversión por cada 1.000 impresiones.",
            ("spend × 1000 / impressions", "inversión × 1000 / impresiones"), 1000,
            "https://adtrics.eb-help.com/help/articles/cost-per-1,000-impressions-(cpm)")
cpc = _cost("cpc", "Cost per click (CPC)", "Coste por clic (CPC)", i("clicks"), "Spend per click.",
            "Inversión por clic.", ("spend / clicks", "inversión / clics"))
cpa = _cost("cpa", "Cost per acquisition (CPA)", "Coste por adquisición (CPA)", i("conversions"),
            "Spend per conversion (Meta: cost per result).", "Inversión por conversión (Meta: coste por resultado).",
            ("spend / conversions", "inversión / conversiones"))
cpe = _cost("cpe", "Cost per engagement (CPE)", "Coste por interacción (CPE)", i("engagements"),
            "Spend per engagement; which interactions count is a parameter.",
            "Inversión por interacción; qué interacciones cuentan es un parámetro.",
            ("spend / engagements", "inversión / interacciones"),
            source="https://support.grin.co/en/articles/2362662-how-do-i-calculate-cost-per-engagement")
cost_per_post = _cost("cost_per_post", "Cost per post", "Coste por publicación", i("posts"),
                      "Fee or spend divided by the posts delivered.", "Honorarios o inversión por publicación.",
                      ("spend / posts", "inversión / publicaciones"),
                      source="https://help.hypeauditor.com/en/articles/3546047-what-is-cpe-and-how-is-it-calculated")

spend = Kpi(id="spend", area="paid", name=T("Spend", "Inversión"),
            description=T("Money spent (ads, boosts, creator fees).",
                          "Dinero invertido (anuncios, promociones, honorarios)."),
            unit="currency", direction="lower", variants=(v("sum", i("spend"), "total", "total"),),
            aggregation="sum", cumulative=True, actions=COST_ACTIONS)
revenue = Kpi(id="revenue", area="paid", name=T("Revenue", "Ingresos"),
              description=T("Revenue attributed to social.", "Ingresos atribuidos a redes sociales."),
              unit="currency", direction="higher", variants=(v("sum", i("revenue"), "total", "total"),),
              aggregation="sum", cumulative=True, actions=RETURN_ACTIONS)

roas = Kpi(
    id="roas", area="paid", name=T("Return on ad spend (ROAS)", "Retorno de la inversión publicitaria (ROAS)"),
    description=T("Revenue divided by spend: a gross multiple (4.0 means 4 of revenue per 1 spent).",
                  "Ingresos divididos por la inversión: un múltiplo bruto (4,0 = 4 de ingresos por 1 invertido)."),
    unit="multiple", direction="higher",
    variants=(v("spend", i("revenue") / i("spend"), "revenue / spend", "ingresos / inversión",
                "https://metrickittools.com/guides/roi-guide"),),
    actions=RETURN_ACTIONS,
)
roi = Kpi(
    id="roi", area="paid", name=T("Return on investment (ROI)", "Retorno de la inversión (ROI)"),
    description=T("(Revenue − cost) / cost: a net return that can be negative.",
                  "(Ingresos − coste) / coste: un retorno neto que puede ser negativo."),
    unit="fraction", direction="higher",
    variants=(v("net", (i("revenue") - i("spend")) / i("spend"), "(revenue − cost) / cost",
                "(ingresos − coste) / coste", "https://metrickittools.com/guides/roi-guide"),),
    actions=RETURN_ACTIONS,
)

EMV_CPM = Param("emv_cpm", 10.80)  # Duel's Instagram CPM (reference §1.13); users set their own in Settings
EXPOSURE = first_reported("impressions", "views")
"""What a post was seen: its impressions, or its views where it reports views instead (an Instagram reel; TikTok,
which reports no impressions) — one rule for every network, so one workbook's EMVs add up."""
emv = Kpi(
    id="emv", area="paid", name=T("Earned media value (EMV, est.)", "Valor de medios ganados (EMV, estimado)"),
    description=T("Estimated paid-media cost of the organic exposure: impressions (views where a post has none) × "
                  "CPM / 1000, one method on every network; set your CPM.",
                  "Coste estimado como medios pagados: impresiones (o visualizaciones si no las hay) × CPM / 1000, "
                  "el mismo método en todas las redes; pon tu CPM."),
    unit="currency", direction="higher",
    variants=(
        v("cpm", EXPOSURE * EMV_CPM / 1000, "impressions (else views) × CPM / 1000",
          "impresiones (si no, visualizaciones) × CPM / 1000",
          "https://www.influencer-hero.com/blog-detail/how-to-calculate-earned-media-value-in-influencer-marketing"),
        v("actions",
          i("likes") * Param("emv_like", 0.30) + i("comments") * Param("emv_comment", 0.50)
          + i("shares") * Param("emv_share", 2.50) + EXPOSURE * Param("emv_vpm", 0.05) / 1000,
          "value per action (likes, comments, shares, impressions or views per 1000)", "valor por acción",
          "https://help-influence.later.com/hc/en-us/articles/21083269843607-Earned-Media-Value-EMV-Return-on-Investment-ROI"),
        v("hybrid",
          EXPOSURE * EMV_CPM / 1000 + (i("likes") + i("comments")) * Param("emv_engagement", 0.10),
          "impressions (else views) × CPM / 1000 + engagements × value",
          "impresiones (si no, visualizaciones) × CPM / 1000 + interacciones × valor",
          "https://info.duel.tech/help/earned-media-value-emv"),
    ),
    aggregation="sum", cumulative=True, actions=RETURN_ACTIONS,
)
emv_ratio = Kpi(
    id="emv_ratio", area="paid", name=T("EMV ratio", "Ratio EMV"),
    description=T("EMV divided by cost: the multiplier influencer tools often call ROI.",
                  "EMV dividido por el coste: el multiplicador que muchas herramientas llaman ROI."),
    unit="multiple", direction="higher",
    variants=(v("spend", i("emv") / i("spend"), "EMV / cost", "EMV / coste"),),
    actions=RETURN_ACTIONS,
)

register(spend, revenue, cpm, cpc, cpa, cpe, roas, roi, emv, emv_ratio, cost_per_post)
