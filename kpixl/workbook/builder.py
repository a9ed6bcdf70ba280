"""Build a client workbook from a template: validate everything first, then write atomically.

The file is written to a temporary file in the target directory and moved into place with `os.replace`, so a
failure leaves nothing behind and an existing file is replaced only with `force=True`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook

from kpixl.atomic import atomic_path
from kpixl.errors import BadInputError
from kpixl.report.goals import Goal
from kpixl.text.languages import check_language
from kpixl.workbook import goals_file, layout_sheet, lite_code, package, templates, webextension
from kpixl.workbook.layout import Layout
from kpixl.workbook.sheets import (
    audience as audience_sheet,
    benchmarks as benchmarks_sheet,
    creators as creators_sheet,
    dashboard as dashboard_sheet,
    goals as goals_sheet,
    network as network_sheet,
    settings as settings_sheet,
    start as start_sheet,
    top_posts as top_posts_sheet,
    trends as trends_sheet,
)

Rows = Mapping[str, Iterable[Mapping[str, Any]]]


@dataclass
class Spec:
    """Everything `kpixl new` needs, validated by `prepare`."""

    template: templates.Template
    layout: Layout
    goals: list[Goal]
    period: tuple[dt.date, dt.date]
    currency: str
    rows: dict[str, Any] = field(default_factory=dict)


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last three full months before today."""
    today = today or dt.date.today()
    end = today.replace(day=1) - dt.timedelta(days=1)
    month = end.month - 2
    year = end.year + (month - 1) // 12
    return dt.date(year, (month - 1) % 12 + 1, 1), end


def parse_period(text: str | None) -> tuple[dt.date, dt.date]:
    """START:END in ISO dates (either side may be omitted for the default)."""
    if not text:
        return default_period()
    parts = text.split(":")
    if len(parts) != 2:
        raise BadInputError(f"--period: expected START:END (YYYY-MM-DD:YYYY-MM-DD), got {text!r}")
    try:
        start, end = (dt.date.fromisoformat(p.strip()) for p in parts)
    except ValueError:
        raise BadInputError(f"--period: not ISO dates (YYYY-MM-DD): {text!r}") from None
    if end < start:
        raise BadInputError(f"--period: end {end} is before start {start}")
    return start, end


def prepare(*, template: str = "social", client: str = "", networks: Sequence[str] | None = None,
            period: tuple[dt.date, dt.date] | None = None, lang: str = "en", currency: str = "EUR",
            goals_path: str | Path | None = None) -> Spec:
    """Validate the options and work out the layout and goals; raises KpixlError, writes nothing."""
    check_language(lang)
    tpl = templates.load(template)
    nets = templates.check_networks(tpl, tuple(networks) if networks else tpl.default_networks)
    period = period or default_period()
    if not currency.isalpha() or len(currency) != 3:
        raise BadInputError(f"--currency: expected an ISO code such as EUR or USD, got {currency!r}")
    layout = Layout.from_template(tpl, lang, nets, client=client, currency=currency.upper(), period=period)
    if goals_path is not None:
        goals = goals_file.parse(goals_file.load(goals_path), str(goals_path), layout, period)
    else:
        entries = [g for g in tpl.goals if g.get("network", "all") in ("all", *nets)]
        goals = goals_file.parse(entries, tpl.source, layout, period, example=True)
    return Spec(tpl, layout, goals, period, currency.upper())


def write_workbook(spec: Spec, target: Any, rows: Rows | None = None, *, fast: bool = True,
                   audience: Iterable[Mapping[str, Any]] = (), lite: bool = True, figures_only: bool = False,
                   memo: network_sheet.RowMemo | None = None) -> Layout:
    """Write the workbook to a path or binary file object (write-only openpyxl); returns the filled layout.

    `fast` renders the network tables' data rows as SpreadsheetML directly (`row_writer`, `package`); without it
    every cell goes through openpyxl. Both write the same cells. `audience` holds daily rows for the Audience sheet.
    `lite` adds the xlwings Lite code (main.py with kpixl inside, requirements.txt) as web-extension parts.
    `figures_only` records the network rows without writing their sheets: the figure sheets (Dashboard, Goals, Top
    posts, Trends, Creators) as `kpixl new` would write them for these rows, for an import's cached values; `memo`
    shares the rows' computed values with the import's.
    """
    rows = rows or {}
    layout, cur = spec.layout, spec.currency
    wb = Workbook(write_only=True)
    bodies: dict[str, IO[bytes]] | None = {} if fast else None
    try:
        start_sheet.write(wb, layout, spec.template, cur)
        dashboard = wb.create_sheet(layout.sheet_name("dashboard"))
        top_posts_sheet.write(wb, layout, cur)
        trends_sheet.write(wb, layout, cur)
        creators = wb.create_sheet(layout.sheet_name("creators")) if creators_sheet.applies(layout) else None
        audience = list(audience)  # read twice: the Dashboard hides the audience rows of networks without figures
        for net in layout.networks:
            if figures_only:
                network_sheet.record(wb, layout, net, rows.get(net, ()), memo)
            else:
                network_sheet.write(wb, layout, net, rows.get(net, ()), cur, bodies)
        # after the network rows: the rows without data are hidden as they are written (dashboard_rows)
        dashboard_sheet.write(wb, layout, spec.template, spec.goals, cur, spec.period, dashboard, audience)
        if creators is not None:  # after the network rows: its creators are the ones in them
            creators_sheet.write(wb, layout, cur, creators)
        audience_sheet.write(wb, layout, audience, cur)
        goals_sheet.write(wb, layout, spec.goals, cur)
        settings_sheet.write(wb, layout, cur)
        benchmarks_sheet.write(wb, layout, cur)
        layout_sheet.write(wb, layout)
        wb.active = 1
        finish = webextension.package_edit(lite_code.for_layout(layout)) if lite else None
        package.save(wb, target, bodies, finish)
    except BaseException:
        _discard(wb)
        raise
    finally:
        for body in (bodies or {}).values():
            body.close()
    return layout


def _discard(workbook: Workbook) -> None:
    """Close what a failed write-only workbook leaves open (each sheet's row stream and temporary file), now rather
    than at some garbage collection, where the streams close in any order and complain."""
    for ws in workbook.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        if rows is not None:
            rows.close()
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError, ValueError):  # already removed if saving had begun
                writer.cleanup()


def build(path: str | Path, spec: Spec, rows: Rows | None = None, *, force: bool = False, fast: bool = True,
          audience: Iterable[Mapping[str, Any]] = (), lite: bool = True) -> Path:
    """Write atomically to `path`; refuses to overwrite an existing file unless `force`."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise BadInputError(f"{path}: the workbook must be an .xlsx file")
    if path.exists() and not force:
        raise BadInputError(f"{path} exists; use --force to overwrite it")
    directory = path.resolve().parent
    if not directory.is_dir():
        raise BadInputError(f"{directory}: no such directory")
    with atomic_path(path) as temp, open(temp, "wb") as handle:
        write_workbook(spec, handle, rows, fast=fast, audience=audience, lite=lite)
    return path
