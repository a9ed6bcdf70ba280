"""Short constructors for declarations, so each KPI reads as one compact block."""

from __future__ import annotations

from kpixl.catalog.declaration import Actions, Text, Variant
from kpixl.catalog.expr import Expr

T = Text


def v(id: str, expr: Expr, en: str, es: str, source: str = "") -> Variant:
    """A variant with bilingual label."""
    return Variant(id=id, expr=expr, label=Text(en, es), source=source)


def acts(below: list[tuple[str, str]] = (), above: list[tuple[str, str]] = ()) -> Actions:  # type: ignore[assignment]
    """Actions as (english, spanish) pairs."""
    return Actions(below=tuple(Text(en, es) for en, es in below), above=tuple(Text(en, es) for en, es in above))
