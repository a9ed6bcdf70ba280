"""Reputation and care (reputación y atención): ratings, sentiment, responsiveness (reference §1.10–1.12)."""

from __future__ import annotations

from kpixl.catalog.declaration import Kpi, register
from kpixl.catalog.expr import i
from kpixl.catalog.kpis._build import T, acts, v

CARE_ACTIONS = acts(
    below=[("Answer every review and complaint publicly and quickly; fix the recurring issue.",
            "Responde rápido y en público a cada reseña y queja; corrige el problema recurrente.")],
)

average_rating = Kpi(
    id="average_rating", area="reputation", name=T("Average rating", "Valoración media"),
    description=T("Average review score, pooled across channels by review count (never a mean of averages).",
                  "Puntuación media de las reseñas, ponderada por número de reseñas (nunca media de medias)."),
    unit="score", direction="higher",
    # rating × reviews / reviews is the rating on one row and the pooled average over many (ratio of sums).
    variants=(v("pooled", i("rating") * i("reviews") / i("reviews"), "pooled by review count",
                "ponderada por número de reseñas", "https://kpidepot.com/kpi/online-review-average"),),
    actions=CARE_ACTIONS,
)
rating_volume = Kpi(
    id="rating_volume", area="reputation", name=T("Rating volume", "Volumen de valoraciones"),
    description=T("Number of reviews received.", "Número de reseñas recibidas."),
    unit="count", direction="higher", variants=(v("count", i("reviews"), "count", "recuento"),),
    aggregation="sum", cumulative=True,
    actions=acts(below=[("Ask happy customers for a review after purchase.",
                         "Pide una reseña a los clientes satisfechos tras la compra.")]),
)
net_sentiment = Kpi(
    id="net_sentiment", area="reputation", name=T("Net sentiment", "Sentimiento neto"),
    description=T("(Positive − negative) mentions over positive + negative (or over all, neutral included).",
                  "(Positivas − negativas) sobre positivas + negativas (o sobre todas, neutras incluidas)."),
    unit="fraction", direction="higher",
    variants=(
        v("exclude_neutral", (i("positive") - i("negative")) / (i("positive") + i("negative")),
          "neutral excluded", "sin neutras",
          "https://developer.talkwalker.com/guides/use-histogram-api/sentiment"),
        v("include_neutral", (i("positive") - i("negative")) / (i("positive") + i("neutral") + i("negative")),
          "neutral included", "con neutras", "https://help.symanto.com/knowledge/what-is-net-sentiment"),
    ),
    actions=CARE_ACTIONS,
)
response_rate = Kpi(
    id="response_rate", area="reputation", name=T("Response rate", "Tasa de respuesta"),
    description=T("Messages answered divided by messages received.", "Mensajes respondidos entre mensajes recibidos."),
    unit="fraction", direction="higher",
    variants=(v("messages", i("responses") / i("messages"), "over messages", "sobre mensajes",
                "https://www.07heavenmarketing.co.uk/hm-blog/facebook-response-measurements-how-do-they-do-it"),),
    actions=acts(below=[("Set up saved replies and a daily inbox rota.",
                         "Configura respuestas guardadas y turnos diarios para la bandeja de entrada.")]),
)
response_time = Kpi(
    id="response_time", area="reputation", name=T("Response time", "Tiempo de respuesta"),
    description=T("Time to first reply, in seconds; mean or median over messages.",
                  "Tiempo hasta la primera respuesta, en segundos; media o mediana sobre mensajes."),
    unit="duration", direction="lower",
    variants=(v("mean", i("response_seconds"), "mean", "media"),
              v("median", i("response_seconds"), "median", "mediana",
                "https://support.sproutsocial.com/hc/en-us/articles/208762436-Team-Report")),
    aggregation="mean",
    actions=acts(above=[
        ("Reply within 15 minutes in business hours; use alerts for mentions and DMs.",
         "Responde en menos de 15 minutos en horario laboral; activa avisos de menciones y mensajes."),
    ]),
)

register(average_rating, rating_volume, net_sentiment, response_rate, response_time)
