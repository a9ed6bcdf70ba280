"""KPI declarations, one module per area of a social-media plan; importing this package registers them all."""

from kpixl.catalog.kpis import conversion, engagement, influencer, paid, reach, reputation

__all__ = ["conversion", "engagement", "influencer", "paid", "reach", "reputation"]
