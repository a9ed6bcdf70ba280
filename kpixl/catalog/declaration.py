"""What a KPI declaration is — `Kpi`, its `Variant`s, `Text` and `Actions` — and the registry declarations join.

The declarations (`kpixl.catalog.kpis`, one module per area) build `Kpi`s from here and `register` them; the
catalog's public face, `kpixl.catalog.kpi`, imports them all and looks KPIs up. Keeping the types and the registry
below both is what lets the declarations and the lookup depend on this module and never on each other.

A derived input (`DERIVED`: engagements, emv) is expanded into its own formula: engagements into the sum of the
network's interactions a row reports (`ReportedSum`: a blank component is not reported for that row, counted 0),
emv into the default formula of the registered `emv` KPI, so `Kpi.expression` needs the declarations registered —
they are whenever a KPI came from `kpixl.catalog.kpi` (which imports `kpixl.catalog.kpis`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kpixl.catalog.expr import Expr, inputs_of, params_of, reported_total, substitute
from kpixl.catalog.interactions import GENERIC_INTERACTIONS, interactions_for
from kpixl.errors import BadInputError

UNITS = ("fraction", "currency", "count", "ratio", "multiple", "duration", "score")
"""fraction: 0.034 shown as 3.4 %; ratio: a plain ratio such as pages per session 2.4; multiple: money back per unit
spent, shown as 0.74× (ROAS, EMV ratio); duration: seconds; score: a 1–5 rating."""

AGGREGATIONS = ("ratio_of_sums", "mean", "median", "sum", "last", "none")
"""How a KPI summarises many rows: ratio of sums (default for ratios), mean or median of per-row values,
sum (counts and money), last (snapshots such as followers), none (period KPIs computed from period inputs)."""

AREAS = ("engagement", "reach", "conversion", "paid", "reputation", "influencer")
"""The areas of a social-media plan, in the order the catalog lists them."""


@dataclass(frozen=True)
class Text:
    """A label in English and Spanish."""

    en: str
    es: str

    def __call__(self, lang: str = "en") -> str:
        return self.es if lang == "es" else self.en


@dataclass(frozen=True)
class Actions:
    """What to do when the KPI is below (or above) its acceptable range, in both languages."""

    below: tuple[Text, ...] = ()
    above: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Variant:
    """One of the ways tools disagree on a KPI, with its own expression."""

    id: str
    expr: Expr
    label: Text
    source: str = ""


@dataclass(frozen=True)
class Kpi:
    """A KPI declared once. The first variant is the default unless `network_variants` says otherwise."""

    id: str
    area: str
    name: Text
    description: Text
    unit: str
    direction: str  # "higher" | "lower" is better
    variants: tuple[Variant, ...]
    aggregation: str = "ratio_of_sums"
    network_variants: Mapping[str, str] = field(default_factory=dict)
    actions: Actions = Actions()
    cumulative: bool = False  # a flow summed over time (new followers, leads): goals pace it against elapsed time

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.id}: unknown unit {self.unit!r}")
        if self.direction not in ("higher", "lower"):
            raise ValueError(f"{self.id}: direction must be 'higher' or 'lower'")
        if self.aggregation not in AGGREGATIONS:
            raise ValueError(f"{self.id}: unknown aggregation {self.aggregation!r}")
        if not self.variants:
            raise ValueError(f"{self.id}: needs at least one variant")

    @property
    def variant_ids(self) -> tuple[str, ...]:
        return tuple(v.id for v in self.variants)

    @property
    def default_variant(self) -> str:
        return self.variants[0].id

    def variant_for(self, variant: str | None = None, network: str | None = None) -> Variant:
        """The variant asked for, else the network's default, else the KPI's default."""
        chosen = variant or self.network_variants.get(network or "", None) or self.default_variant
        for v in self.variants:
            if v.id == chosen:
                return v
        raise BadInputError(
            f"KPI {self.id!r} has no variant {chosen!r}; choose one of: {', '.join(self.variant_ids)}"
        )

    def expression(
        self,
        variant: str | None = None,
        *,
        network: str | None = None,
        interactions: Iterable[str] | None = None,
        provided: Iterable[str] = (),
    ) -> Expr:
        """The formula of one variant, with derived inputs (engagements, emv …) expanded unless `provided`."""
        return expand(self.variant_for(variant, network).expr, network=network, interactions=interactions,
                      provided=set(provided))

    def inputs(self, variant: str | None = None, *, network: str | None = None,
               interactions: Iterable[str] | None = None) -> tuple[str, ...]:
        return inputs_of(self.expression(variant, network=network, interactions=interactions))

    def params(self, variant: str | None = None) -> dict[str, float]:
        return params_of(self.expression(variant, interactions=GENERIC_INTERACTIONS))


REGISTRY: dict[str, Kpi] = {}
"""Every declared KPI by id, in declaration order: filled by `register` as `kpixl.catalog.kpis` is imported."""


def register(*kpis: Kpi) -> None:
    """Add declarations to the catalog; an id may be declared only once."""
    for kpi in kpis:
        if kpi.id in REGISTRY:
            raise ValueError(f"KPI {kpi.id!r} declared twice")
        REGISTRY[kpi.id] = kpi


DERIVED = ("engagements", "emv")
"""Inputs that are KPIs themselves: expanded into their own formula unless the caller supplies them."""


def expand(expr: Expr, *, network: str | None = None, interactions: Iterable[str] | None = None,
           provided: set[str] | frozenset[str] = frozenset()) -> Expr:
    """Replace derived inputs by their definitions (recursively), leaving provided ones as inputs."""
    names = set(inputs_of(expr))
    replacements: dict[str, Expr] = {}
    if "engagements" in names and "engagements" not in provided:
        replacements["engagements"] = reported_total(*interactions_for(network, interactions, provided))
    if "emv" in names and "emv" not in provided:
        emv = REGISTRY["emv"]
        replacements["emv"] = expand(emv.variant_for(None, network).expr, network=network,
                                     interactions=interactions, provided=provided)
    return substitute(expr, replacements) if replacements else expr


def is_input(name: str) -> bool:
    """Whether a name is a plain input (not a derived KPI)."""
    return name not in DERIVED
