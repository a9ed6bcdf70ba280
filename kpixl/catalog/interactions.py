"""Which interactions count as engagement, and what an engagement rate divides by, per network.

The one place these defaults live: the engine, workbooks, Excel functions and importers all read them here (through
`kpixl.catalog.kpi`, which re-exports them). Depends only on `kpixl.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable

from kpixl.errors import BadInputError

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
