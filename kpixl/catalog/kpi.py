"""The KPI catalog: each KPI declared once (names, unit, direction, variants as expressions, actions).

Everything else — Python values, Excel formulas, Excel functions, docs — is rendered from these declarations.
The declarations themselves live in `kpixl.catalog.kpis`, one module per area; what a declaration is lives in
`kpixl.catalog.declaration` and the per-network interaction defaults in `kpixl.catalog.interactions`. This module
loads every declaration, looks KPIs up (`catalog`, `get`), and is the one place the rest of kpixl imports the
catalog from: it re-exports the names of those two modules.
"""

from __future__ import annotations

import difflib

import kpixl.catalog.kpis  # noqa: F401  (registers every declaration on import)
from kpixl.catalog.declaration import (
    AGGREGATIONS,
    AREAS,
    DERIVED,
    REGISTRY as _REGISTRY,
    UNITS,
    Actions,
    Kpi,
    Text,
    Variant,
    expand,
    is_input,
    register,
)
from kpixl.catalog.expr import Input
from kpixl.catalog.interactions import (
    GENERIC_INTERACTIONS,
    INTERACTIONS,
    NETWORK_INTERACTIONS,
    NETWORK_RATE_BASIS,
    interactions_for,
)
from kpixl.errors import UnknownKpiError


def catalog() -> dict[str, Kpi]:
    """Every KPI by id, grouped by area in the order of a social-media plan, then in declaration order."""
    ordered = sorted(_REGISTRY.values(), key=lambda k: AREAS.index(k.area))
    return {k.id: k for k in ordered}


def get(kpi_id: str) -> Kpi:
    """One KPI by id (case-insensitive); an unknown id names the closest ones."""
    key = kpi_id.strip().lower()
    if key in _REGISTRY:
        return _REGISTRY[key]
    close = difflib.get_close_matches(key, _REGISTRY, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kpixl kpis` lists them"
    raise UnknownKpiError(f"unknown KPI {kpi_id!r}{hint}")


__all__ = [
    "AGGREGATIONS",
    "AREAS",
    "DERIVED",
    "GENERIC_INTERACTIONS",
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
    "is_input",
    "register",
]
