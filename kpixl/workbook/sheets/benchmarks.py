"""The Benchmarks sheet: the engine's published benchmarks as an editable table the Dashboard looks up, each with its
base (the rate's denominator), its aggregate (median post, average post or period total) and the interactions its
engagements need, so the Dashboard compares like with like (`kpixl.catalog.benchmarks`)."""

from __future__ import annotations

from typing import Any

from kpixl.catalog import kpi as catalog
from kpixl.catalog.benchmarks import AGGREGATES, benchmarks
from kpixl.catalog.fields import NETWORK_NAMES, NETWORKS
from kpixl.render.excel_formula import column_ref, text_literal
from kpixl.text.labels import label
from kpixl.text.messages import field_names, render
from kpixl.workbook.layout import BENCHMARK_TABLE, Layout
from kpixl.workbook.styles import Styler, header_kind, print_setup
from kpixl.workbook.tables import add_table

HEADER_ROW = 3
KEYS = ("network", "kpi", "wb_base", "wb_aggregate", "wb_value", "wb_requires", "wb_report", "wb_year",
        "wb_definition", "wb_source", "wb_key")
FORMATS = (None, None, None, None, "percent", None, None, "year", None, None, None)
WIDTHS = (12, 22, 24, 22, 10, 26, 34, 8, 50, 40, 34)
VALUE, AGGREGATE, KEY = KEYS.index("wb_value"), KEYS.index("wb_aggregate"), KEYS.index("wb_key")


def headers(lang: str) -> list[str]:
    return [label(k, lang) for k in KEYS]


def aggregate_label(aggregate: str, lang: str) -> str:
    """How a benchmark aggregates its posts, in the workbook's language (the Aggregate column's text)."""
    return label(f"agg_{aggregate}", lang)


def _column(layout: Layout, index: int) -> str:
    return column_ref(BENCHMARK_TABLE, headers(layout.lang)[index])


def _find(layout: Layout, network: str, kpi: str, variant_ref: str, index: int, missing: str) -> str:
    key = f'"{network}|{kpi}|"&{variant_ref}'
    return (f'IFERROR(INDEX({_column(layout, index)},MATCH({key},{_column(layout, KEY)},0)),{missing})')


def lookup(layout: Layout, network: str, kpi: str, variant_ref: str, missing: str = '""') -> str:
    """Formula body: the first benchmark (newest first) of a network, KPI and variant; `missing` (a formula
    expression, blank by default) when none."""
    return _find(layout, network, kpi, variant_ref, VALUE, missing)


def aggregate_lookup(layout: Layout, network: str, kpi: str, variant_ref: str) -> str:
    """Formula body: the index (1 median post, 2 average post, 3 period total) of that benchmark's aggregate, as the
    Aggregate column states it; blank when none or the text is not one of the three."""
    names = "{" + ",".join(text_literal(aggregate_label(a, layout.lang)) for a in AGGREGATES) + "}"
    found = _find(layout, network, kpi, variant_ref, AGGREGATE, '""')
    return f'IFERROR(MATCH({found},{names},0),"")'


def write(workbook: Any, layout: Layout, currency: str) -> None:
    """Append the Benchmarks sheet with table `tbl_benchmarks`: network, KPI, base and aggregate in the workbook's
    language, the lookup key (network|kpi|variant ids) in the last column."""
    ws = workbook.create_sheet(layout.sheet_name("benchmarks"))
    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(65 + index)].width = width
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    styler = Styler(ws, currency)
    head = headers(layout.lang)
    ws.append([styler.cell(label("wb_benchmarks_title", layout.lang), "title")])
    ws.append([])
    ws.append([styler.cell(h, header_kind(FORMATS[i])) for i, h in enumerate(head)])
    rows = [b for net in NETWORKS for b in benchmarks(net)]
    lang = layout.lang
    for b in rows:
        kpi = catalog.get(b.kpi)
        values = (NETWORK_NAMES[b.network], kpi.name(lang), kpi.variant_for(b.variant).label(lang),
                  aggregate_label(b.aggregate, lang), b.value, render(field_names(b.counts), lang), b.report,
                  b.year, b.definition_in(lang), b.source, f"{b.network}|{b.kpi}|{b.variant}")
        ws.append([styler.cell(v, "input", FORMATS[i], True) if not isinstance(v, str)
                   else styler.text(v, "input" if i < KEY else "cell") for i, v in enumerate(values)])
    ref = f"A{HEADER_ROW}:{chr(64 + len(KEYS))}{HEADER_ROW + len(rows)}"
    add_table(ws, BENCHMARK_TABLE, ref, [(h, None) for h in head], "TableStyleLight9")
