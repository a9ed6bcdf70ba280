"""Which export a table is: the spec whose header signature matches best, unless the user says otherwise."""

from __future__ import annotations

from dataclasses import dataclass

from kpixl.errors import KpixlError
from kpixl.sources import generic
from kpixl.sources.parsing import normalize_header
from kpixl.sources.platforms import linkedin, meta_ads, meta_daily, meta_posts, tiktok, x, youtube
from kpixl.sources.reading import Table
from kpixl.sources.spec import ExportSpec
from kpixl.text.messages import Message, few

SPECS: tuple[ExportSpec, ...] = (
    *meta_posts.SPECS,
    *meta_daily.SPECS,
    *meta_ads.SPECS,
    *linkedin.SPECS,
    *x.SPECS,
    *tiktok.SPECS,
    *youtube.SPECS,
    *generic.SPECS,
)
"""Every known export family, most specific first (the order breaks ties)."""

FAMILIES = {
    "meta_posts": meta_posts.SPECS,
    "meta_daily": meta_daily.SPECS,
    "meta_ads": meta_ads.SPECS,
    "linkedin": linkedin.SPECS,
    "x": x.SPECS,
    "tiktok": tiktok.SPECS,
    "youtube": youtube.SPECS,
    "kpixl": generic.SPECS,
}
"""Names accepted by --format besides each spec's kind: a family narrows detection to its specs."""


def format_names() -> list[str]:
    """Every value --format accepts."""
    return sorted({s.kind for s in SPECS} | set(FAMILIES))


@dataclass(frozen=True)
class Detection:
    """The chosen spec, and a note when another spec matched as well."""

    spec: ExportSpec
    note: str | None = None


def _score(spec: ExportSpec, names: set[str]) -> tuple[int, int] | None:
    """How well a spec fits: size of its largest matching signature, then how many headers it knows."""
    best = max((len(sig) for sig in spec.signatures if sig <= names), default=None)
    if best is None:
        return None
    return best, sum(1 for n in names if n in spec.columns or n in spec.ignored)


def detect(table: Table, *, network: str | None = None, format: str | None = None) -> Detection:
    """Pick the export spec of a table by header signature; `format` and `network` narrow the candidates."""
    candidates = list(SPECS)
    if format is not None:
        candidates = [s for s in SPECS if s.kind == format] or list(FAMILIES.get(format, ()))
        if not candidates:
            raise KpixlError(Message("unknown_format", format=format, choices=", ".join(format_names())),
                             file=table.file)
    if network is not None:
        narrowed = [s for s in candidates if s.network in (None, network)]
        if not narrowed and format is None:
            raise KpixlError(Message("no_network_match", network=network), file=table.file, row=table.header_row)
        candidates = narrowed or candidates
    names = {normalize_header(h) for h in table.headers} - {""}
    scored = sorted(
        ((score, -i, spec) for i, spec in enumerate(candidates) if (score := _score(spec, names)) is not None),
        key=lambda t: (t[0], t[1]),
        reverse=True,
    )
    if not scored:
        if format is not None and len(candidates) == 1:
            return Detection(candidates[0], Message("forced_format", format=format))
        where = Message("in_sheet", sheet=table.sheet) if table.sheet else ""
        raise KpixlError(
            Message("unknown_export", where=where, headers=few(table.headers)),
            file=table.file,
            row=table.header_row,
        )
    best = scored[0]
    note = None
    if len(scored) > 1 and scored[1][0] == best[0] and scored[1][2].kind != best[2].kind:
        note = Message("ambiguous_format", best=best[2].kind, other=scored[1][2].kind)
    return Detection(best[2], note)
