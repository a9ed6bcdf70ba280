"""Published engagement-rate benchmarks, each with its source, year and definition (reference §3).

Never compare across denominators: a benchmark applies only to the engagement-rate variant it was measured with,
so `acceptable_range` returns nothing rather than a figure of another definition. Nor across aggregates: a median-post
benchmark is compared with the period's median post rate, an average-post one with the mean post rate, a
ratio-of-sums one with the period's ratio of sums (`compared_value`); and a benchmark whose engagements count an
interaction the network's data lacks (TikTok saves) is not comparable (`comparable`).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

AGGREGATES = ("median_post", "mean_post", "ratio_of_sums")
"""How a benchmark aggregates its posts: the median post's rate, the mean of the posts' rates, or the period's
sum of engagements over the sum of the base."""


@dataclass(frozen=True)
class Benchmark:
    """One published figure: a median or average engagement rate for a network, as a fraction."""

    network: str
    kpi: str
    variant: str
    value: float
    report: str
    year: int
    definition: str
    source: str
    secondary: bool = False  # figure taken from an article summarising the report
    definition_es: str = ""  # the definition in Spanish (Spanish workbooks); empty = use the English one
    aggregate: str = "median_post"
    counts: tuple[str, ...] = ()  # interactions its engagements need beyond likes and comments (input fields)

    def definition_in(self, lang: str) -> str:
        """The definition in a language ("en" or "es")."""
        return self.definition_es if lang == "es" and self.definition_es else self.definition


SOCIALINSIDER = "https://www.socialinsider.io/social-media-benchmarks"
BUFFER_COUNTS = {"facebook": ("clicks",), "instagram": ("saves",), "x": ("clicks",)}
"""What Buffer's engagements count beyond likes and comments (reference §1.1): Facebook clicks, Instagram saves,
X link and profile clicks."""
RIVAL_IQ = "https://www.rivaliq.com/blog/social-media-industry-benchmark-report/"

BENCHMARKS: tuple[Benchmark, ...] = (
    # Buffer 2025 (posts Jan 2024–Jan 2025): engagements / impressions
    *(
        Benchmark(net, "engagement_rate", "impressions", value, "Buffer State of Social 2025", 2025,
                  "engagements / impressions, per-post median, organic", "https://www.shortsintel.com/statistics/"
                  "social-media-engagement-benchmarks", True,
                  "interacciones / impresiones, mediana por publicación, orgánico", "median_post",
                  BUFFER_COUNTS.get(net, ()))
        for net, value in (("facebook", 0.0507), ("instagram", 0.0116), ("x", 0.0231), ("linkedin", 0.0650),
                           ("tiktok", 0.0486), ("youtube", 0.0441))
    ),
    # Socialinsider 2026 (70 M posts, 2024–2025): average ER per post by followers (the report itself is cited;
    # the figures were read from summaries of it, hence secondary)
    *(
        Benchmark(net, "engagement_rate", "followers", value, "Socialinsider benchmarks 2026", 2026,
                  "engagements / followers, average per post", SOCIALINSIDER, True,
                  "interacciones / seguidores, media por publicación", "mean_post",
                  ("saves",) if net == "tiktok" else ())
        for net, value in (("facebook", 0.0015), ("instagram", 0.0048), ("x", 0.0012), ("tiktok", 0.0370))
    ),
    Benchmark("linkedin", "engagement_rate", "followers", 0.0385, "Socialinsider benchmarks 2025", 2025,
              "engagements / followers, average per post", SOCIALINSIDER, True,
              "interacciones / seguidores, media por publicación", "mean_post", ("clicks",)),
    # Rival IQ Social Media Industry Benchmark Report: median ER per post by followers across 14 industries × 150
    # brands (2024 report for Facebook and TikTok, 2023 report for Instagram and X, which 2024 did not give)
    *(
        Benchmark(net, "engagement_rate", "followers", value, f"Rival IQ Social Media Industry Benchmark Report "
                  f"{year}", year, "engagements / followers at post time, median per post across brands", RIVAL_IQ,
                  True, "interacciones / seguidores al publicar, mediana por publicación entre marcas")
        for net, value, year in (("facebook", 0.00063, 2024), ("tiktok", 0.0263, 2024), ("instagram", 0.0047, 2023),
                                 ("x", 0.00035, 2023))
    ),
    # Rival IQ TikTok report 2024: median ER by view, lowest industry median
    Benchmark("tiktok", "engagement_rate", "views", 0.026, "Rival IQ TikTok benchmark report 2024", 2024,
              "engagements / views, industry medians 2.6 %–9.2 % (lowest shown)",
              "https://www.rivaliq.com/blog/tiktok-benchmark-report/",
              definition_es="interacciones / visualizaciones, medianas por sector del 2,6 % al 9,2 % (la más baja)"),
)

TOLERANCE = 0.75
"""Default acceptable range: at least 75 % of the benchmark (a quarter below the published median)."""


def compared_value(aggregate: str, post_rates: Sequence[float], ratio_of_sums: float | None) -> float | None:
    """The network's period figure on a benchmark's own aggregate: the median or mean of the posts' rates (posts
    with a rate), or the period's ratio of sums; None when there is none (or the aggregate is unknown)."""
    rates = [r for r in post_rates if not math.isnan(r)]
    if aggregate == "median_post":
        return statistics.median(rates) if rates else None
    if aggregate == "mean_post":
        return math.fsum(rates) / len(rates) if rates else None
    return ratio_of_sums if aggregate == "ratio_of_sums" else None


def comparable(benchmark: Benchmark, reported: Callable[[str], bool]) -> bool:
    """Whether the network's data can meet the benchmark's definition: every interaction its engagements count is
    `reported` (a column of the network's table with a number in the period)."""
    return all(reported(field) for field in benchmark.counts)


def benchmarks(network: str | None = None, kpi: str = "engagement_rate") -> list[Benchmark]:
    """Benchmarks of a KPI, optionally for one network, newest first."""
    found = [b for b in BENCHMARKS if b.kpi == kpi and (network is None or b.network == network)]
    return sorted(found, key=lambda b: -b.year)


def benchmark_for(network: str, variant: str, kpi: str = "engagement_rate") -> Benchmark | None:
    """The newest benchmark measured with exactly this definition, or None."""
    return next((b for b in benchmarks(network, kpi) if b.variant == variant), None)


def acceptable_range(network: str, variant: str, kpi: str = "engagement_rate",
                     tolerance: float = TOLERANCE) -> tuple[float, float | None] | None:
    """(low, high) acceptable values from the matching benchmark; high is open (None) for higher-is-better KPIs."""
    found = benchmark_for(network, variant, kpi)
    if found is None:
        return None
    return (found.value * tolerance, None)
