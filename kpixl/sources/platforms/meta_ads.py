"""Meta Ads Manager campaign/ad-level exports: one row per ad, spend with the currency in the header.

Rows go to the posts table: `Ad ID` is the post id (else `Campaign ID` in campaign-level and 2017-style exports),
`Ad name` the text (else `Campaign name`), `Reporting starts` the date. kpixl uses `Post engagements` as the
engagement total rather than summing reactions, comments and shares (often blank). The account-total row some
exports start with ("Results from 12 ads", or a first row with neither id nor name) is never an ad.
An export without `Ad ID` (nor `Campaign ID`) keys each row by campaign, ad set, ad name and reporting start and
end ("Spring sale · Women 25-44 · Carousel A · 2025-03-01 · 2025-03-31"): two ads of one name in different ad sets or
days stay two posts, and re-importing the same export updates them rather than adding them again.
"""

from __future__ import annotations

from kpixl.sources.spec import ExportSpec, aliases, currency_column, headers

SPECS = (
    ExportSpec(
        kind="meta_ads",
        table="posts",
        network="facebook",
        signatures=(
            headers("Ad name", "Reporting starts", "Impressions"),
            headers("Campaign name", "Reporting starts", "Reach"),
            headers("Campaign name", "Campaign ID", "Reporting starts"),
            headers("Nombre del anuncio", "Inicio del informe"),
            headers("Nombre de la campaña", "Inicio del informe"),
        ),
        columns=aliases(
            {
                "Ad ID": "post_id",
                "Identificador del anuncio": "post_id",
                "Campaign ID": "post_id",
                "Identificador de la campaña": "post_id",
                "Ad name": "text",
                "Nombre del anuncio": "text",
                "Campaign name": "text",
                "Nombre de la campaña": "text",
                "Reporting starts": "published_at",
                "Inicio del informe": "published_at",
                "Impressions": "impressions",
                "Impresiones": "impressions",
                "Reach": "reach",
                "Alcance": "reach",
                "Post engagements": "engagements",
                "Post engagement": "engagements",
                "Interacciones con la publicación": "engagements",
                "Post reactions": "likes",
                "Reacciones a la publicación": "likes",
                "Post comments": "comments",
                "Comentarios de la publicación": "comments",
                "Post shares": "shares",
                "Veces que se compartió la publicación": "shares",
                "Link clicks": "link_clicks",
                "Clics en el enlace": "link_clicks",
                "Clicks (all)": "clicks",
                "Clics (todos)": "clicks",
                "ThruPlays": "views",
                "Reproducciones de ThruPlay": "views",
            }
        ),
        ignored=headers(
            "Ad set name", "Reporting ends", "Result type", "Result indicator", "Results",
            "Cost per result", "Frequency", "CTR (link click-through rate)", "CPC (cost per link click)",
            "CPM (cost per 1,000 impressions)", "Purchase ROAS (return on ad spend)", "3-second video plays",
            "Delivery status", "Attribution setting", "Nombre del conjunto de anuncios",
            "Fin del informe", "Tipo de resultado", "Resultados", "Frecuencia", "Estado de la entrega",
            "Configuración de atribución", "Ad set ID", "Starts", "Ends", "Ad delivery", "Account name", "Account ID",
            "Nombre de la cuenta", "Identificador de la cuenta", "Identificador del conjunto de anuncios",
        ),
        currency_columns=(
            currency_column(r"amount spent \(([a-z]{3})\)", "spend"),
            currency_column(r"importe gastado \(([a-z]{3})\)", "spend"),
            currency_column(r"valor usado \(([a-z]{3})\)", "spend"),
            currency_column(r"purchases conversion value \(([a-z]{3})\)", "revenue"),
        ),
        totals_row=True,
        key_headers=(
            "Campaign name", "Nombre de la campaña", "Ad set name", "Nombre del conjunto de anuncios", "Ad name",
            "Nombre del anuncio", "Reporting starts", "Inicio del informe", "Reporting ends", "Fin del informe",
        ),
        description="Meta Ads Manager export (campaign or ad level)",
    ),
)
