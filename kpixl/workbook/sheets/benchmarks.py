"""The Benchmarks sheet: the engine's published benchmarks as an editable table the Dashboard looks up."""

from __future__ import annotations

from typing import Any

from kpixl.catalog import kpi as catalog
from kpixl.catalog.benchmarks import benchmarks
from kpixl.catalog.fields import NETWORK_NAMES, NETWORKS
from kpixl.render.excel_formula import column_ref
from kpixl.text.labels import label
from kpixl.workbook.layout import BENCHMARK_TABLE, Layout
from kpixl.workbook.styles import Styler, header_kind, print_setup
from kpixl.workbook.tables import add_table

HEADER_ROW = 3
KEYS = ("network", "kpi", "wb_variant", "wb_value", "wb_report", "wb_year", "wb_definition", "wb_source", "wb_key")
FORMATS = (None, None, None, "percent", None, "year", None, None, None)
WIDTHS = (12, 22, 22, 10, 34, 8, 50, 40, 34)


def headers(lang: str) -> list[str]:
    return [label(k, lang) for k in KEYS]


def lookup(layout: Layout, network: str, kpi: str, variant_ref: str, missing: str = '""') -> str:
    """Formula body: the first benchmark (newest first) of a network, KPI and variant; `missing` (a formula
    expression, blank by default) when none."""
    head = headers(layout.lang)
    key = f'"{network}|{kpi}|"&{variant_ref}'
    return (f'IFERROR(INDEX({column_ref(BENCHMARK_TABLE, head[3])},'
            f'MATCH({key},{column_ref(BENCHMARK_TABLE, head[8])},0)),{missing})')


def write(workbook: Any, layout: Layout, currency: str) -> None:
    """Append the Benchmarks sheet with table `tbl_benchmarks`: network, KPI and variant in the workbook's language,
    the lookup key (network|kpi|variant ids) in the last column."""
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
        values = (NETWORK_NAMES[b.network], kpi.name(lang), kpi.variant_for(b.variant).label(lang), b.value,
                  b.report, b.year, b.definition_in(lang), b.source, f"{b.network}|{b.kpi}|{b.variant}")
        ws.append([styler.cell(v, "input", FORMATS[i], True) if not isinstance(v, str)
                   else styler.text(v, "input" if i < 8 else "cell") for i, v in enumerate(values)])
    ref = f"A{HEADER_ROW}:I{HEADER_ROW + len(rows)}"
    add_table(ws, BENCHMARK_TABLE, ref, [(h, None) for h in head], "TableStyleLight9")
