"""KPI declarations, one module per area of a social-media plan; importing this package registers them all."""

from kpixl.kpis import audience, conversion, engagement, influencer, paid, reputation

__all__ = ["audience", "conversion", "engagement", "influencer", "paid", "reputation"]
