"""The KPI reference in Markdown, generated from the catalog (`kpixl docs`), in English or Spanish."""

from __future__ import annotations

from kpixl.catalog import kpi as _catalog
from kpixl.catalog.expr import to_text
from kpixl.catalog.kpi import Kpi
from kpixl.text.labels import label
from kpixl.text.languages import check_language

WORDS: dict[str, dict[str, str]] = {
    "title": {"en": "kpixl KPI reference", "es": "Referencia de KPIs de kpixl"},
    "intro": {
        "en": "Generated from the catalog by `kpixl docs`; do not edit by hand. Rates are fractions "
              "(0.034 = 3.4 %). A missing input or a zero denominator gives no value, never 0.",
        "es": "Generado a partir del catálogo con `kpixl docs --lang es`; no lo edites a mano. Las tasas son "
              "fracciones (0,034 = 3,4 %). Un dato que falta o un denominador cero no dan valor, nunca 0.",
    },
    "contents": {"en": "Contents", "es": "Contenido"},
    "also": {"en": "Spanish name", "es": "Nombre en inglés"},
    "direction": {"en": "Direction", "es": "Dirección"},
    "aggregation": {"en": "Aggregation", "es": "Agregación"},
    "default_variant": {"en": "Default variant", "es": "Variante por defecto"},
    "network_defaults": {"en": "Network defaults", "es": "Por defecto según la red"},
    "variant": {"en": "Variant", "es": "Variante"},
    "source": {"en": "Source", "es": "Fuente"},
    "below": {"en": "When it is too low", "es": "Si está demasiado bajo"},
    "above": {"en": "When it is too high", "es": "Si está demasiado alto"},
    "actions": {"en": "Actions", "es": "Acciones"},
    "interactions": {
        "en": "`engagements` is the sum of the network's interactions (generic: likes + comments + shares)",
        "es": "`engagements` es la suma de las interacciones de la red (genérica: likes + comments + shares)",
    },
}


def _w(key: str, lang: str) -> str:
    return WORDS[key][lang]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def kpi_section(kpi: Kpi, lang: str = "en") -> str:
    """One KPI as a Markdown section."""
    other = "es" if lang == "en" else "en"
    lines = [f"### {kpi.name(lang)} (`{kpi.id}`)", "", kpi.description(lang), ""]
    lines.append(f"- {_w('also', lang)}: {kpi.name(other)}")
    lines.append(f"- {label('unit', lang)}: {label(kpi.unit, lang)}")
    lines.append(f"- {_w('direction', lang)}: {label(kpi.direction, lang)}")
    lines.append(f"- {_w('aggregation', lang)}: `{kpi.aggregation}`")
    lines.append(f"- {_w('default_variant', lang)}: `{kpi.default_variant}`")
    if kpi.network_variants:
        pairs = ", ".join(f"{network} → `{variant}`" for network, variant in kpi.network_variants.items())
        lines.append(f"- {_w('network_defaults', lang)}: {pairs}")
    lines += ["", f"| {_w('variant', lang)} | {label('formula', lang)} | {_w('source', lang)} |", "|---|---|---|"]
    for variant in kpi.variants:
        source = f"[{_w('source', lang).lower()}]({variant.source})" if variant.source else "–"
        formula = _cell(to_text(kpi.expression(variant.id)))
        lines.append(f"| `{variant.id}` — {_cell(variant.label(lang))} | `{formula}` | {source} |")
    if kpi.actions.below or kpi.actions.above:
        lines += ["", f"**{_w('actions', lang)}**", ""]
        for key, actions in (("below", kpi.actions.below), ("above", kpi.actions.above)):
            for action in actions:
                lines.append(f"- *{_w(key, lang)}:* {action(lang)}")
    return "\n".join(lines) + "\n"


def render(lang: str = "en") -> str:
    """The whole reference: every area, every KPI, every variant."""
    check_language(lang)
    kpis = list(_catalog.catalog().values())
    areas = [area for area in _catalog.AREAS if any(k.area == area for k in kpis)]
    parts = [f"# {_w('title', lang)}", "", _w("intro", lang), "", _w("interactions", lang) + ".", "",
             f"## {_w('contents', lang)}", ""]
    for area in areas:
        parts.append(f"- {label(area, lang)}: " + ", ".join(
            f"[{k.name(lang)}](#{k.id.replace('_', '-')})" for k in kpis if k.area == area))
    parts.append("")
    for area in areas:
        parts += [f"## {label(area, lang)}", ""]
        for kpi in (k for k in kpis if k.area == area):
            parts += [f'<a id="{kpi.id.replace("_", "-")}"></a>', "", kpi_section(kpi, lang)]
    return "\n".join(parts).rstrip() + "\n"
