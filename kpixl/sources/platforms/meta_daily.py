"""Meta Business Suite page-level daily series: UTF-16, `sep=,`, the metric name on line 2, then Date,Primary.

Each file holds one metric; the metric name on line 2 chooses the canonical daily column, and `normalize` merges
the files of one network by date. Some files hold two sections (Facebook, then Instagram), each with its own title
and header lines: the reader splits them (reading.split_sections) and each section takes the network its title
names. A file whose network cannot be told needs --network: rows without a network would match no sheet.
"""

from __future__ import annotations

from kpixl.errors import KpixlError
from kpixl.sources.parsing import fold
from kpixl.sources.reading import Table
from kpixl.sources.spec import ExportSpec, aliases, headers
from kpixl.text.messages import Message

METRICS = {
    "unfollows": "lost_followers",
    "dejaron de seguir": "lost_followers",
    "follows": "new_followers",
    "followers": "new_followers",
    "seguidores": "new_followers",
    "visits": "profile_visits",
    "visitas": "profile_visits",
    "views": "impressions",
    "visualizaciones": "impressions",
    "impressions": "impressions",
    "impresiones": "impressions",
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

_NETWORK_WORDS = {"facebook": "facebook", "instagram": "instagram", "fb": "facebook", "ig": "instagram"}
_FILLER = ("facebook", "instagram", "fb", "ig", "content", "de", "del", "contenido", "en", "on", "page", "pagina")


def metric_column(name: str, file: str) -> tuple[str, str | None]:
    """The daily column and network of a metric name such as "Facebook follows" or "Content interactions"."""
    column, network = _read_title(name)
    if column is None:
        raise KpixlError(Message("meta_unknown_metric", name=name, known=", ".join(sorted(set(METRICS)))), file=file,
                         row=2)
    return column, network


def _read_title(line: str) -> tuple[str | None, str | None]:
    """The metric column and the network a title line names (either may be None)."""
    words = fold(line).replace("-", " ").split()
    network = next((_NETWORK_WORDS[w] for w in words if w in _NETWORK_WORDS), None)
    rest = " ".join(w for w in words if w not in _FILLER)
    for key, column in METRICS.items():
        if rest == key or rest.endswith(" " + key) or rest.startswith(key + " "):
            return column, network
    return None, network


def _metric_from_preamble(table: Table) -> tuple[dict[str, str], str | None]:
    """Map the value column (Primary/Valor) to the metric named in the section's title lines (or the file's first
    ones), and take the network from the section's own title."""
    own = [line for line in table.preamble if not line.lower().startswith("sep=")]
    context = [line for line in table.context if not line.lower().startswith("sep=")]
    column = network = None
    for line in reversed(own):
        found_column, found_network = _read_title(line)
        column, network = column or found_column, network or found_network
    for line in reversed(context if column is None else []):
        column = column or _read_title(line)[0]
    if column is None:
        lines = own or context
        if not lines:
            raise KpixlError(Message("meta_no_metric"), file=table.file, row=2)
        metric_column(lines[-1], table.file)  # raises with the list of known metrics
    return dict.fromkeys(VALUE_HEADERS, column), network


VALUE_HEADERS = headers("Primary", "Valor", "Value", "Principal")
"""The value column, whose canonical name comes from the metric name on line 2."""

SPEC = ExportSpec(
    kind="meta_daily",
    table="daily",
    network=None,
    signatures=(headers("Date", "Primary"), headers("Fecha", "Valor"), headers("Fecha", "Principal")),
    columns=aliases({"Date": "date", "Fecha": "date"}),
    prepare=_metric_from_preamble,
    description="Meta Business Suite daily series (Follows, Visits, Views, Viewers, Interactions, Link clicks)",
)

SPECS = (SPEC,)
