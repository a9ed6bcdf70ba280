"""Every Excel function kpixl exports, generated from the engine's catalog: names, arguments and help text.

This registry is the source of truth for both front ends (`kpixl_udfs.lite`, `kpixl_udfs.classic`): open-source
xlwings decorators record no metadata outside Excel, so tests and docs read it from here.

Conventions (one function per KPI, plus goals, ENGAGEMENTS and KPIS):
- inputs first, named like the catalog's fields, in the order the KPI's variants read them; inputs every variant
  needs are required, the others optional (a variant that needs an omitted one gives #VALUE! with the reason);
- KPIs built on engagements take `engagements` (a range of per-post counts; `ENGAGEMENTS(likes, …)` computes it);
- then `variant` when the KPI has more than one (default: the engine's default), `network` when a network
  changes the default (engagement rate's denominator, the interactions ENGAGEMENTS counts), then numeric
  parameters with their defaults (EMV values, goal thresholds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpixl.catalog import kpi as catalog_module
from kpixl.catalog.expr import inputs_of, params_of, required_inputs, to_text
from kpixl.catalog.kpi import DERIVED, INTERACTIONS, NETWORK_INTERACTIONS, Kpi, Text
from kpixl.report.goals import DIRECTIONS, KINDS, rules
from kpixl.text.labels import LABELS, LANGUAGES, label

NAMESPACE = "KPIXL"
"""Excel namespace in xlwings Lite (`=KPIXL.ENGAGEMENT_RATE(…)`); classic names use it as a prefix (`KPIXL_…`)."""

NETWORKS: tuple[str, ...] = tuple(NETWORK_INTERACTIONS)
GOAL_FUNCTIONS: dict[str, str] = {
    "progress": "GOAL_PROGRESS",
    "expected_progress": "GOAL_EXPECTED",
    "status": "GOAL_STATUS",
    "projection": "GOAL_PROJECTION",
    "percent_of_target": "GOAL_PERCENT_OF_TARGET",
    "expected_value": "GOAL_EXPECTED_VALUE",
}
"""Goal rule (kpixl.report.goals.rules key) → Excel function name."""

GOAL_INPUT_ORDER = ("actual", "baseline", "target", "start", "deadline", "on")
GOAL_DATES = ("start", "deadline", "on")
VBA_RESERVED = frozenset({"variant", "on", "end", "type", "date", "name", "string", "integer", "object", "property",
                          "error", "input", "open", "close", "get", "put", "step", "to", "is", "like", "mod"})
"""Words VBA refuses as parameter names; classic xlwings writes a VBA wrapper per function."""

KINDS_OF_PARAM = ("number", "date", "option", "setting", "text")


@dataclass(frozen=True)
class Param:
    """One argument: its name, kind (number, date, option, setting, text), default and help in en/es."""

    name: str
    kind: str
    help: Text
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    source: str = ""  # the engine's name for it (goal input "on" is the argument `on_date`)

    @property
    def engine_name(self) -> str:
        return self.source or self.name

    @property
    def classic_name(self) -> str:
        """The name in classic xlwings' VBA wrapper (VBA keywords get a prefix)."""
        return f"kpi_{self.name}" if self.name in VBA_RESERVED else self.name


@dataclass(frozen=True)
class FunctionSpec:
    """One exported function: `KPIXL.<excel_name>` in Lite, `KPIXL_<excel_name>` in classic xlwings."""

    excel_name: str
    kind: str  # "kpi" | "engagements" | "goal" | "catalog"
    target: str  # KPI id, goal rule key, or "catalog"
    help: Text
    params: tuple[Param, ...]
    returns: Text
    variants: tuple[tuple[str, str], ...] = ()  # (variant id, formula) of a KPI

    @property
    def name(self) -> str:
        """Python name (Lite registers the lower-case name under the KPIXL namespace)."""
        return self.excel_name.lower()

    @property
    def lite_name(self) -> str:
        return f"{NAMESPACE}.{self.excel_name}"

    @property
    def classic_name(self) -> str:
        return f"{NAMESPACE}_{self.excel_name}"

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def docstring(self, lang: str = "en") -> str:
        """Help text with one line per argument (Python's help(); Lite shows the first part as description)."""
        lines = [self.help(lang), "", "Arguments:" if lang == "en" else "Argumentos:"]
        lines += [f"    {p.name}: {p.help(lang)}" for p in self.params]
        if self.variants:
            lines += ["", "Variants:" if lang == "en" else "Variantes:"]
            lines += [f"    {variant}: {formula}" for variant, formula in self.variants]
        lines += ["", ("Returns: " if lang == "en" else "Devuelve: ") + self.returns(lang)]
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Help texts, generated


def _nice(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _input_help(name: str, variants: list[str], all_variants: int) -> Text:
    cells_en, cells_es = "range or single cell", "rango o celda"
    if len(variants) in (0, all_variants):
        return Text(f"{_nice(name)} ({cells_en})", f"{_nice(name)} ({cells_es})")
    return Text(f"{_nice(name)} ({cells_en}); used by variant {', '.join(variants)}",
                f"{_nice(name)} ({cells_es}); lo usa la variante {', '.join(variants)}")


def _setting_help(name: str, default: float) -> Text:
    key = f"wb_param_{name}"
    en = label(key, "en") if key in LABELS else name.replace("_", " ")
    es = label(key, "es") if key in LABELS else en
    return Text(f"{en}; default {default:g}", f"{es}; por defecto {default:g}")


def _variant_param(kpi: Kpi) -> Param:
    network = ", or the network's" if kpi.network_variants else ""
    network_es = " o la de la red" if kpi.network_variants else ""
    return Param("variant", "option", Text(
        f"Definition: {', '.join(kpi.variant_ids)} (default {kpi.default_variant}{network})",
        f"Definición: {', '.join(kpi.variant_ids)} (por defecto {kpi.default_variant}{network_es})",
    ), choices=kpi.variant_ids)


def _network_param(effect_en: str, effect_es: str) -> Param:
    return Param("network", "option", Text(f"Network ({', '.join(NETWORKS)}): {effect_en}",
                                           f"Red ({', '.join(NETWORKS)}): {effect_es}"), choices=NETWORKS)


_RETURNS = {
    "fraction": Text("a fraction (format the cells as %)", "una fracción (formato %)"),
    "currency": Text("an amount of money", "un importe"),
    "count": Text("a count", "un recuento"),
    "ratio": Text("a ratio", "un ratio"),
    "multiple": Text("a multiple (format the cells as 0.00\"×\")", "un múltiplo (formato 0,00\"×\")"),
    "duration": Text("seconds", "segundos"),
    "score": Text("a score", "una puntuación"),
}
_ERRORS = Text("; same shape as the ranges given, #DIV/0! where there is no value (missing input or zero "
               "denominator), #VALUE! for text that is not a number",
               "; misma forma que los rangos, #DIV/0! si no hay valor (falta un dato o el denominador es 0), "
               "#VALUE! si un texto no es un número")


def _plus(a: Text, b: Text) -> Text:
    return Text(a.en + b.en, a.es + b.es)


# ---------------------------------------------------------------------------------------------------------------
# Specs, generated


def kpi_spec(kpi: Kpi) -> FunctionSpec:
    """The function of one KPI: its inputs (union over variants), then variant, network and parameters."""
    if kpi.id == "engagements":
        return _engagements_spec(kpi)
    per_variant = {v.id: inputs_of(kpi.expression(v.id, provided=DERIVED)) for v in kpi.variants}
    order: dict[str, list[str]] = {}
    for variant_id, names in per_variant.items():
        for name in names:
            order.setdefault(name, []).append(variant_id)
    needed = [set(required_inputs(kpi.expression(v.id, provided=DERIVED))) for v in kpi.variants]
    everywhere = [n for n, used in order.items() if len(used) == len(kpi.variants) and all(n in r for r in needed)]
    optional = [n for n in order if n not in everywhere]
    params = [Param(n, "number", _input_help(n, order[n], len(kpi.variants)), required=True) for n in everywhere]
    params += [Param(n, "number", _input_help(n, order[n], len(kpi.variants))) for n in optional]
    if len(kpi.variants) > 1:
        params.append(_variant_param(kpi))
    if kpi.network_variants:
        params.append(_network_param("its default variant applies when variant is empty",
                                     "se aplica su variante por defecto si variant está vacío"))
    settings: dict[str, float] = {}
    for v in kpi.variants:
        settings.update(params_of(kpi.expression(v.id, provided=DERIVED)))
    params += [Param(n, "setting", _setting_help(n, d), default=d) for n, d in settings.items()]
    formula = to_text(kpi.expression(provided=DERIVED))
    help_text = Text(f"{kpi.name.en}: {kpi.description.en} Default: {formula}.",
                     f"{kpi.name.es}: {kpi.description.es} Por defecto: {formula}.")
    variants = tuple((v.id, to_text(kpi.expression(v.id, provided=DERIVED))) for v in kpi.variants)
    return FunctionSpec(kpi.id.upper(), "kpi", kpi.id, help_text, tuple(params), _plus(_RETURNS[kpi.unit], _ERRORS),
                        variants if len(variants) > 1 else ())


def _engagements_spec(kpi: Kpi) -> FunctionSpec:
    params = [Param(n, "number", Text(f"{_nice(n)} per post (range or single cell); leave out if not counted",
                                      f"{_nice(n)} por publicación (rango o celda); omítelo si no cuenta"))
              for n in INTERACTIONS]
    params.append(_network_param("count that network's interactions only (its default set)",
                                 "cuenta solo las interacciones de esa red (su conjunto por defecto)"))
    help_text = Text(f"{kpi.name.en}: sum of the interactions given (or the network's default set) per post.",
                     f"{kpi.name.es}: suma de las interacciones dadas (o las de la red) por publicación.")
    return FunctionSpec("ENGAGEMENTS", "engagements", kpi.id, help_text, tuple(params),
                        _plus(_RETURNS["count"], _ERRORS))


def goal_spec(rule: str) -> FunctionSpec:
    """The function of one goal rule: the goal's cells it reads, then direction, kind, low/high, thresholds."""
    used: set[str] = set()
    settings: dict[str, float] = {}
    kind_matters = False
    for direction in DIRECTIONS:
        outputs = {k: rules(direction, k)[rule] for k in KINDS}
        kind_matters |= len(set(outputs.values())) > 1
        for expr in outputs.values():
            used.update(inputs_of(expr))
            settings.update(params_of(expr))
    required = set(inputs_of(rules("increase", "cumulative")[rule])) - {"on"}
    params = [_goal_input(n, True) for n in GOAL_INPUT_ORDER if n in required]
    if "on" in used:
        params.append(_goal_input("on", False))
    params.append(Param("direction", "option", Text(
        f"Goal direction ({', '.join(DIRECTIONS)}); default increase",
        f"Dirección del objetivo ({', '.join(DIRECTIONS)}); por defecto increase"), choices=DIRECTIONS))
    if kind_matters:
        params.append(Param("kind", "option", Text(
            "cumulative (a flow summed over time, projected at its run rate) or level; default cumulative",
            "cumulative (un flujo acumulado, proyectado a su ritmo) o level; por defecto cumulative"), choices=KINDS))
    params += [_goal_input(n, False) for n in ("low", "high") if n in used]
    params += [Param(n, "setting", _setting_help(n, d), default=d) for n, d in settings.items()]
    if rule == "status":
        params.append(Param("lang", "option", Text(
            "Empty for status codes (on_track, behind …); en or es for labels",
            "Vacío para códigos (on_track, behind …); en o es para etiquetas"), choices=LANGUAGES))
    returns = {
        "progress": Text("progress towards the target, 0–1 (1 = reached)", "progreso hacia el objetivo, 0–1"),
        "expected_progress": Text("the progress expected by that date, 0–1", "el progreso esperado a esa fecha"),
        "status": Text("not_started, on_track, behind, at_risk, achieved or missed",
                       "not_started, on_track, behind, at_risk, achieved o missed"),
        "projection": Text("the value projected to the deadline at the current pace",
                           "el valor proyectado a la fecha límite al ritmo actual"),
        "percent_of_target": Text("actual / target (target / actual when lower is better)",
                                  "real / objetivo (objetivo / real cuando menos es mejor)"),
        "expected_value": Text("where the KPI should be on that date", "dónde debería estar el KPI a esa fecha"),
    }[rule]
    help_text = Text(f"SMART goal: {label(rule, 'en').lower()} of a goal (kpixl.report.goals rules).",
                     f"Objetivo SMART: {label(rule, 'es').lower()} de un objetivo (reglas de kpixl.report.goals).")
    return FunctionSpec(GOAL_FUNCTIONS[rule], "goal", rule, help_text, tuple(params), _plus(returns, _ERRORS))


def _goal_input(name: str, required: bool) -> Param:
    if name == "on":
        return Param("on_date", "date", Text("Evaluation date (date cell, serial or YYYY-MM-DD); default today",
                                             "Fecha de evaluación (fecha, número de serie o AAAA-MM-DD); por "
                                             "defecto hoy"), source="on")
    if name in GOAL_DATES:
        return Param(name, "date", Text(f"{label(name, 'en')} date (date cell, serial or YYYY-MM-DD)",
                                        f"Fecha de {label(name, 'es').lower()} (fecha, número de serie o AAAA-MM-DD)"),
                     required=required)
    en = {"low": "Lower bound of a range goal", "high": "Upper bound of a range goal"}.get(name, label(name, "en"))
    es = {"low": "Límite inferior de un objetivo de rango",
          "high": "Límite superior de un objetivo de rango"}.get(name, label(name, "es"))
    return Param(name, "number", Text(f"{en} (range or single cell)", f"{es} (rango o celda)"), required=required)


def catalog_spec() -> FunctionSpec:
    """KPIS(): the catalog as a table with a header row."""
    return FunctionSpec("KPIS", "catalog", "catalog", Text(
        "The KPI catalog (id, name, unit, default formula) as a table with a header row.",
        "El catálogo de KPIs (id, nombre, unidad, fórmula por defecto) como tabla con encabezado."), (
        Param("lang", "text", Text("Language of names and headers: en or es; default en",
                                   "Idioma de nombres y encabezados: en o es; por defecto en"), default="en"),
        Param("area", "text", Text(f"Only one area ({', '.join(catalog_module.AREAS)}); default all",
                                   f"Solo un área ({', '.join(catalog_module.AREAS)}); por defecto todas")),
    ), Text("a table that spills: one row per KPI", "una tabla que se desborda: una fila por KPI"))


def build() -> dict[str, FunctionSpec]:
    """Every exported function by Python name: KPIs in catalog order, goals, then KPIS."""
    specs = [kpi_spec(k) for k in catalog_module.catalog().values()]
    specs += [goal_spec(rule) for rule in GOAL_FUNCTIONS]
    specs.append(catalog_spec())
    registry = {s.name: s for s in specs}
    if len(registry) != len(specs):
        raise ValueError("two exported functions share a name")
    return registry


REGISTRY: dict[str, FunctionSpec] = build()
