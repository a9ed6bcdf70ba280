"""The KPI catalog: each KPI declared once (names, unit, direction, variants as expressions, actions).

Everything else — Python values, Excel formulas, Excel functions, docs — is rendered from these declarations.
The declarations themselves live in `kpixl.catalog.kpis`, one module per area.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kpixl.catalog.expr import Expr, Input, inputs_of, params_of, substitute, total
from kpixl.errors import BadInputError, UnknownKpiError

UNITS = ("fraction", "currency", "count", "ratio", "multiple", "duration", "score")
"""fraction: 0.034 shown as 3.4 %; ratio: a plain ratio such as pages per session 2.4; multiple: money back per unit
spent, shown as 0.74× (ROAS, EMV ratio); duration: seconds; score: a 1–5 rating."""

AGGREGATIONS = ("ratio_of_sums", "mean", "median", "sum", "last", "none")
"""How a KPI summarises many rows: ratio of sums (default for ratios), mean or median of per-row values,
sum (counts and money), last (snapshots such as followers), none (period KPIs computed from period inputs)."""

INTERACTIONS: tuple[str, ...] = (
    "likes",
    "comments",
    "shares",
    "saves",
    "clicks",
    "follows",
    "profile_visits",
    "other_interactions",
)
"""Canonical interaction fields that can count as engagement."""

NETWORK_INTERACTIONS: dict[str, tuple[str, ...]] = {
    "facebook": ("likes", "comments", "shares"),  # Meta's "Reactions, Comments and Shares"
    "instagram": ("likes", "comments", "shares", "saves"),  # Meta export columns; Later adds shares for Reels
    "x": ("likes", "comments", "shares", "clicks"),  # native X counts clicks; no organic reach exists
    "linkedin": ("likes", "comments", "shares", "clicks", "follows"),  # native LinkedIn engagement
    "tiktok": ("likes", "comments", "shares", "saves"),  # Socialinsider / Studio columns
    "youtube": ("likes", "comments", "shares"),
    "pinterest": ("saves", "clicks"),  # Pinterest: saves + Pin and outbound clicks
}
"""Default engagement numerator per network (reference §1.1); every field here is an action that network has."""

GENERIC_INTERACTIONS: tuple[str, ...] = ("likes", "comments", "shares")

NETWORK_RATE_BASIS: dict[str, str] = {
    "facebook": "reach",
    "instagram": "reach",
    "x": "impressions",
    "linkedin": "impressions",
    "pinterest": "impressions",
    "tiktok": "views",
    "youtube": "views",
}
"""Default engagement-rate denominator per network: Meta reports reach per post; X reports no organic reach and
LinkedIn/Pinterest define their native rate by impressions; TikTok and YouTube are video-first (reference §1.2)."""


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


_REGISTRY: dict[str, Kpi] = {}


def register(*kpis: Kpi) -> None:
    """Add declarations to the catalog; an id may be declared only once."""
    for kpi in kpis:
        if kpi.id in _REGISTRY:
            raise ValueError(f"KPI {kpi.id!r} declared twice")
        _REGISTRY[kpi.id] = kpi


def _load() -> dict[str, Kpi]:
    if not _REGISTRY:
        import kpixl.catalog.kpis  # noqa: F401  (registers every declaration on import)
    return _REGISTRY


AREAS = ("engagement", "reach", "conversion", "paid", "reputation", "influencer")


def catalog() -> dict[str, Kpi]:
    """Every KPI by id, grouped by area in the order of a social-media plan, then in declaration order."""
    ordered = sorted(_load().values(), key=lambda k: AREAS.index(k.area))
    return {k.id: k for k in ordered}


def get(kpi_id: str) -> Kpi:
    """One KPI by id (case-insensitive); an unknown id names the closest ones."""
    registry = _load()
    key = kpi_id.strip().lower()
    if key in registry:
        return registry[key]
    import difflib

    close = difflib.get_close_matches(key, registry, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kpixl kpis` lists them"
    raise UnknownKpiError(f"unknown KPI {kpi_id!r}{hint}")


def interactions_for(network: str | None, interactions: Iterable[str] | None = None,
                     available: Iterable[str] = ()) -> tuple[str, ...]:
    """The interaction set: explicit, else the network default, else what the caller supplied, else generic."""
    if interactions is not None:
        chosen = tuple(interactions)
        unknown = [name for name in chosen if name not in INTERACTIONS]
        if unknown or not chosen:
            raise BadInputError(
                f"unknown interaction(s) {', '.join(unknown) or '(none)'}; choose from: {', '.join(INTERACTIONS)}"
            )
        return chosen
    if network:
        if network not in NETWORK_INTERACTIONS:
            raise BadInputError(f"unknown network {network!r}; choose from: {', '.join(NETWORK_INTERACTIONS)}")
        return NETWORK_INTERACTIONS[network]
    supplied = tuple(name for name in INTERACTIONS if name in set(available))
    return supplied or GENERIC_INTERACTIONS


DERIVED = ("engagements", "emv")
"""Inputs that are KPIs themselves: expanded into their own formula unless the caller supplies them."""


def expand(expr: Expr, *, network: str | None = None, interactions: Iterable[str] | None = None,
           provided: set[str] | frozenset[str] = frozenset()) -> Expr:
    """Replace derived inputs by their definitions (recursively), leaving provided ones as inputs."""
    names = set(inputs_of(expr))
    replacements: dict[str, Expr] = {}
    if "engagements" in names and "engagements" not in provided:
        replacements["engagements"] = total(*interactions_for(network, interactions, provided))
    if "emv" in names and "emv" not in provided:
        emv = _load()["emv"]
        replacements["emv"] = expand(emv.variant_for(None, network).expr, network=network,
                                     interactions=interactions, provided=provided)
    return substitute(expr, replacements) if replacements else expr


def is_input(name: str) -> bool:
    """Whether a name is a plain input (not a derived KPI)."""
    return name not in DERIVED


__all__ = [
    "AGGREGATIONS",
    "DERIVED",
    "INTERACTIONS",
    "NETWORK_INTERACTIONS",
    "NETWORK_RATE_BASIS",
    "UNITS",
    "Actions",
    "Input",
    "Kpi",
    "Text",
    "Variant",
    "catalog",
    "expand",
    "get",
    "interactions_for",
    "register",
]
