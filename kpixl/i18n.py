"""Labels and messages in English and Spanish: status words, units, areas, directions, generic UI words."""

from __future__ import annotations

LANGUAGES = ("en", "es")

LABELS: dict[str, dict[str, str]] = {
    # goal statuses
    "not_started": {"en": "Not started", "es": "Sin empezar"},
    "on_track": {"en": "On track", "es": "En camino"},
    "behind": {"en": "Behind", "es": "Retrasado"},
    "at_risk": {"en": "At risk", "es": "En riesgo"},
    "achieved": {"en": "Achieved", "es": "Conseguido"},
    "missed": {"en": "Missed", "es": "No alcanzado"},
    # goal directions and kinds
    "increase": {"en": "Increase", "es": "Aumentar"},
    "decrease": {"en": "Decrease", "es": "Reducir"},
    "stay_above": {"en": "Stay above", "es": "Mantener por encima"},
    "stay_below": {"en": "Stay below", "es": "Mantener por debajo"},
    "range": {"en": "Range", "es": "Rango"},
    "cumulative": {"en": "Cumulative", "es": "Acumulado"},
    "level": {"en": "Level", "es": "Nivel"},
    # goal outputs
    "progress": {"en": "Progress", "es": "Progreso"},
    "percent_of_target": {"en": "% of target", "es": "% del objetivo"},
    "expected_progress": {"en": "Expected progress", "es": "Progreso esperado"},
    "expected_value": {"en": "Expected value", "es": "Valor esperado"},
    "projection": {"en": "Projection", "es": "Proyección"},
    "status": {"en": "Status", "es": "Estado"},
    "baseline": {"en": "Baseline", "es": "Valor inicial"},
    "target": {"en": "Target", "es": "Objetivo"},
    "actual": {"en": "Actual", "es": "Real"},
    "start": {"en": "Start", "es": "Inicio"},
    "deadline": {"en": "Deadline", "es": "Fecha límite"},
    "direction": {"en": "Direction", "es": "Dirección"},
    "kind": {"en": "Kind", "es": "Tipo"},
    "owner": {"en": "Owner", "es": "Responsable"},
    "network": {"en": "Network", "es": "Red"},
    "all_networks": {"en": "All networks", "es": "Todas las redes"},
    "kpi": {"en": "KPI", "es": "KPI"},
    # units
    "fraction": {"en": "percent", "es": "porcentaje"},
    "currency": {"en": "currency", "es": "moneda"},
    "count": {"en": "count", "es": "recuento"},
    "ratio": {"en": "ratio", "es": "ratio"},
    "duration": {"en": "seconds", "es": "segundos"},
    "score": {"en": "score", "es": "puntuación"},
    # KPI directions
    "higher": {"en": "higher is better", "es": "más es mejor"},
    "lower": {"en": "lower is better", "es": "menos es mejor"},
    # areas
    "engagement": {"en": "Engagement", "es": "Compromiso"},
    "reach": {"en": "Reach and audience", "es": "Alcance y audiencia"},
    "conversion": {"en": "Traffic and conversion", "es": "Tráfico y conversión"},
    "paid": {"en": "Paid and value", "es": "Pago y valor"},
    "reputation": {"en": "Reputation and care", "es": "Reputación y atención"},
    "influencer": {"en": "Influencers", "es": "Influencers"},
    # generic words
    "id": {"en": "Id", "es": "Id"},
    "name": {"en": "Name", "es": "Nombre"},
    "unit": {"en": "Unit", "es": "Unidad"},
    "variants": {"en": "Variants", "es": "Variantes"},
    "formula": {"en": "Formula", "es": "Fórmula"},
    "description": {"en": "Description", "es": "Descripción"},
    "area": {"en": "Area", "es": "Área"},
    "no_value": {"en": "no value", "es": "sin valor"},
}


def label(key: str, lang: str = "en") -> str:
    """A label in the language asked for; English when the language or key has no translation."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


def check_language(lang: str) -> str:
    """Validate a language code."""
    from kpixl.errors import BadInputError

    if lang not in LANGUAGES:
        raise BadInputError(f"unknown language {lang!r}; choose from: {', '.join(LANGUAGES)}")
    return lang
