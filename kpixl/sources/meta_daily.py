"""Meta Business Suite page-level daily series: UTF-16, `sep=,`, the metric name on line 2, then Date,Primary.

Each file holds one metric; the metric name on line 2 chooses the canonical daily column, and `normalize` merges
the files of one network by date.
"""

from __future__ import annotations

from kpixl.errors import KpixlError
from kpixl.sources.parsing import fold
from kpixl.sources.reading import Table
from kpixl.sources.spec import ExportSpec, aliases, headers

METRICS = {
    "follows": "new_followers",
    "seguidores": "new_followers",
    "visits": "profile_visits",
    "visitas": "profile_visits",
    "views": "impressions",
    "visualizaciones": "impressions",
    "viewers": "reach",
    "espectadores": "reach",
    "alcance": "reach",
    "reach": "reach",
    "interactions": "engagements",
    "interacciones": "engagements",
    "link clicks": "clicks",
    "clics en el enlace": "clicks",
}
"""Metric names (without the network word) → canonical daily column; "Views" replaced Impressions in 2025."""


def metric_column(name: str, file: str) -> tuple[str, str | None]:
    """The daily column and network of a metric name such as "Facebook follows" or "Content interactions"."""
    words = fold(name).split()
    network = next((n for n in ("facebook", "instagram") if n in words), None)
    rest = " ".join(w for w in words if w not in ("facebook", "instagram", "content", "de", "del", "contenido", "en"))
    for key, column in METRICS.items():
        if rest == key or rest.endswith(" " + key) or rest.startswith(key + " "):
            return column, network
    raise KpixlError(
        f"unknown Meta daily metric {name!r} on line 2; known: {', '.join(sorted(set(METRICS)))}", file=file, row=2
    )


def _metric_from_preamble(table: Table) -> tuple[dict[str, str], str | None]:
    """Map the value column (Primary/Valor) to the metric named on line 2 of the file."""
    if not table.preamble:
        raise KpixlError("a Meta daily file needs the metric name on line 2", file=table.file, row=2)
    column, network = metric_column(table.preamble[-1], table.file)
    return dict.fromkeys(VALUE_HEADERS, column), network


VALUE_HEADERS = headers("Primary", "Valor")
"""The value column, whose canonical name comes from the metric name on line 2."""

SPEC = ExportSpec(
    kind="meta_daily",
    table="daily",
    network=None,
    signatures=(headers("Date", "Primary"), headers("Fecha", "Valor")),
    columns=aliases({"Date": "date", "Fecha": "date"}),
    prepare=_metric_from_preamble,
    description="Meta Business Suite daily series (Follows, Visits, Views, Viewers, Interactions, Link clicks)",
)

SPECS = (SPEC,)
