"""Show only what has data (#19 item 12): a network without a post in the period takes no row in the Dashboard's
overview, previous period, change and KPI tables (the sentence above names it once), nor does a KPI without a value
(CPE without spend). `kpixl new` writes the Dashboard before any import, so the import hides the rows: real-shaped
sparse exports (samples/sparse: Facebook silent after July, YouTube without September) imported into a Spanish and an
English workbook for November 2026 hide Facebook's and YouTube's rows; a sample workbook where every network posts
hides none of the networks. The rows are hidden, never removed: every cell `layout.dashboard` records keeps its
figure, cached = LibreOffice's recalculation (en-US / es-ES), hidden rows stay hidden in LibreOffice's copy (print
and PDF leave them out) and Microsoft's validator accepts the files. When the period is then moved in Settings to
one a hidden network posted in (July: Facebook), the sentence names it and says how to show its rows. In the
audience block, a network whose figures are all blank (no follower count, new followers, reach or visits in the
period, no rate by followers) takes no row either, while another network has a figure: its benchmark alone is no
row (samples/sparse: only Instagram and TikTok have audience exports); a new workbook, without any, hides none."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpixl.catalog import kpi as catalog
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.refresh.books.package import open_book
from kpixl.text.labels import label
from kpixl.workbook.layout_sheet import LAYOUT_SHEET
from kpixl.workbook.sheets import dashboard_audience, dashboard_rows
from kpixl.workbook.sheets.dashboard import FEED
from tests import libreoffice, ooxml
from tests.workbook.conftest import LOCALES

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
SPARSE = Path(__file__).resolve().parents[2] / "samples" / "sparse"
SILENT = ("facebook", "youtube")
"""samples/sparse's networks without a post in November 2026."""


@pytest.fixture(scope="module")
def books(tmp_path_factory, run_kpixl) -> dict[str, tuple[Path, Path]]:
    """{case: (workbook, LibreOffice's recalculation)}: new + import of samples/sparse (es, en), the evenly filled
    sample (en: every network posts)."""
    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("rows_without_data")
    exports = sorted(SPARSE.glob("*.csv")) + sorted(SPARSE.glob("*.xlsx"))
    made = {}
    for lang in LOCALES:
        path = made[f"sparse_{lang}"] = folder / f"sparse_{lang}.xlsx"
        run_kpixl.output_of("new", path, "--client", "Acme", "--lang", lang, "--period", "2026-11-01:2026-11-30")
        run_kpixl.output_of("import", path, *exports, "--year", "2026")
        stale = made[f"stale_{lang}"] = folder / f"stale_{lang}.xlsx"  # the period moved in Settings, no import
        with open_book(path) as book:
            book.write_name("kpixl_period_start", dt.date(2026, 7, 1))
            book.write_name("kpixl_period_end", dt.date(2026, 7, 31))
            book.save(stale)
    path = made["year_en"] = folder / "year_en.xlsx"  # 2025, its previous period, has no post at all
    run_kpixl.output_of("new", path, "--client", "Acme", "--lang", "en", "--period", "2026-01-01:2026-12-31")
    run_kpixl.output_of("import", path, *exports, "--year", "2026")
    path = made["sample_en"] = folder / "sample_en.xlsx"
    run_kpixl.output_of("new", path, "--client", "Acme", "--sample", "--sample-size", "120")
    out = {}
    for lang, locale in LOCALES.items():
        cases = [case for case in made if case.endswith(lang)]
        found = libreoffice.recalculate_many([made[c] for c in cases], folder / locale, locale)
        out.update({c: (made[c], r) for c, r in zip(cases, found, strict=True)})
    return out


def _layout(path: Path) -> Any:
    with open_book(path) as book:
        assert LAYOUT_SHEET in book.sheet_names()
        return book.layout()


def _dashboards(books: dict[str, tuple[Path, Path]], case: str) -> tuple[Path, Any, Any, Any]:
    """A case's workbook, its layout, and its Dashboard as cached and as LibreOffice recalculated it."""
    path, recalculated = books[case]
    layout = _layout(path)
    sheet = layout.sheet_name("dashboard")
    return (path, layout, openpyxl.load_workbook(path, data_only=True)[sheet],
            openpyxl.load_workbook(recalculated, data_only=True)[sheet])


def _hidden(ws: Any) -> set[int]:
    return {r for r, d in ws.row_dimensions.items() if d.hidden}


def _network_rows(layout: Any, net: str) -> set[int]:
    dash = layout.dashboard
    rows = {int(dash["overview"][net]["posts"][1:])}
    for part in ("previous", "change"):
        rows |= {int(cell[1:]) for cell in dash["volumes"][part][net].values() if cell}
    return rows | {k["row"] for k in dash["kpis"] if k["network"] == net}


def _rounded(value: Any, like: Any) -> Any:
    """`value`, or `like` when both are the same number (to 1e-9)."""
    return like if _same(value, like) else value


def _same(a: Any, b: Any) -> bool:
    a, b = (None if v == "" else v for v in (a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


@pytest.mark.parametrize("case", ["sparse_es", "sparse_en"])
def test_silent_networks_and_kpis_without_value_take_no_row(books, case):
    path, layout, cached, fresh = _dashboards(books, case)
    hidden = _hidden(cached)
    decided = set(dashboard_rows.decided(layout.dashboard))
    assert hidden and hidden <= decided
    for net in layout.networks:
        rows = _network_rows(layout, net)
        if net in SILENT:
            assert rows <= hidden, (net, sorted(rows - hidden))
        else:
            assert int(layout.dashboard["overview"][net]["posts"][1:]) not in hidden, net
    for k in layout.dashboard["kpis"]:  # a KPI row shows exactly when it has a value in the period
        has_value = fresh[k["value"]].value not in (None, "")
        assert (k["row"] in hidden) is (not has_value or k["network"] in SILENT), (k["network"], k["kpi"])
        assert _same(cached[k["value"]].value, fresh[k["value"]].value), k
    assert _hidden(fresh) == hidden  # LibreOffice keeps them hidden: its print and PDF leave them out
    for row in decided:  # hidden rows keep their cells: every recorded figure still computes, cached = recalculated
        for cell in cached[row]:
            assert _same(cell.value, fresh[cell.coordinate].value), cell.coordinate
    names = ", ".join(NETWORK_NAMES[n] for n in layout.networks if n in SILENT)
    sentence = label("wb_no_posts_networks", layout.lang).format(networks=names)
    assert cached[layout.dashboard["volumes"]["no_posts"]].value == sentence  # named once
    assert fresh[layout.dashboard["volumes"]["no_posts"]].value == sentence
    # the engagement-rate chart's feed lists the networks that posted, top to bottom, then blanks (no bar, no name)
    rows = sorted(int(layout.dashboard["overview"][n]["posts"][1:]) for n in layout.networks)
    feed = [(fresh.cell(r, FEED).value, fresh.cell(r, FEED + 1).value) for r in rows]
    assert feed == [(cached.cell(r, FEED).value, _rounded(cached.cell(r, FEED + 1).value, feed[i][1]))
                    for i, r in enumerate(rows)]
    posting = [n for n in layout.networks if n not in SILENT]
    assert [name.split(" · ")[0] for name, _ in feed if name] == [NETWORK_NAMES[n] for n in posting]
    assert all(name in (None, "") and rate == "#N/A" for name, rate in feed[len(posting):])
    # the KPIs without a published benchmark: CTR only, as no CPE row is shown (no spend in the exports)
    note = label("wb_no_benchmark_for", layout.lang).format(kpis=catalog.get("ctr").name(layout.lang))
    below = f"A{layout.dashboard['kpis'][-1]['row'] + 1}"
    assert cached[below].value == note == fresh[below].value
    ooxml.assert_valid(path)


def test_every_network_posting_hides_no_network(books):
    path, layout, cached, fresh = _dashboards(books, "sample_en")
    hidden = _hidden(cached)
    for net in layout.networks:
        overview = int(layout.dashboard["overview"][net]["posts"][1:])
        assert overview not in hidden and cached[f"B{overview}"].value > 0, net
    for k in layout.dashboard["kpis"]:
        assert (k["row"] in hidden) is (fresh[k["value"]].value in (None, "")), (k["network"], k["kpi"])
    assert cached[layout.dashboard["volumes"]["no_posts"]].value in (None, "")
    for net, r in _audience_rows(layout).items():  # every network has followers at post time in the sample
        assert (r in hidden) is (not _has_figures(fresh, layout, net)), net
    ooxml.assert_valid(path)


def _audience_rows(layout: Any) -> dict[str, int]:
    return {net: int(f["followers_end"][1:]) for net, f in layout.dashboard["audience"]["networks"].items()}


def _has_figures(ws: Any, layout: Any, net: str) -> bool:
    cells = layout.dashboard["audience"]["networks"][net]
    return any(ws[cells[key]].value not in (None, "") for key in dashboard_audience.FIGURES)


@pytest.mark.parametrize("case", ["sparse_es", "sparse_en"])
def test_networks_without_audience_figures_take_no_audience_row(books, case):
    _, layout, cached, fresh = _dashboards(books, case)
    rows = _audience_rows(layout)
    assert set(rows.values()) <= set(dashboard_rows.decided(layout.dashboard))
    hidden = {net for net, r in rows.items() if r in _hidden(cached)}
    assert hidden == {net for net in rows if not _has_figures(fresh, layout, net)}  # as LibreOffice computes them
    assert hidden == {"facebook", "linkedin", "x", "youtube"}  # no audience export, no followers at post time
    assert {net for net, r in rows.items() if r in _hidden(fresh)} == hidden
    for r in rows.values():  # hidden, not removed: the benchmark and every blank figure still compute
        for cell in cached[r]:
            assert _same(cell.value, fresh[cell.coordinate].value), cell.coordinate


def test_audience_rows_show_without_any_audience_figure(tmp_path, run_kpixl):
    """A new workbook (no import yet): no network has an audience figure, every row shows what it will hold."""
    path = tmp_path / "new.xlsx"
    run_kpixl.output_of("new", path, "--client", "Acme", "--lang", "es", "--period", "2026-11-01:2026-11-30")
    layout = _layout(path)
    ws = openpyxl.load_workbook(path)[layout.sheet_name("dashboard")]
    assert not set(_audience_rows(layout).values()) & _hidden(ws)


@pytest.mark.parametrize("lang", list(LOCALES))
def test_a_hidden_network_with_posts_is_named(books, lang):
    path, recalculated = books[f"stale_{lang}"]
    layout = _layout(path)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)[layout.sheet_name("dashboard")]
    assert set(layout.networks) >= {"facebook"}
    first, last = label("wb_hidden_rows_with_posts", lang).split("{networks}")
    sentence = fresh[layout.dashboard["volumes"]["no_posts"]].value
    assert first + "Facebook" + last in sentence, sentence  # posted in July, its rows hidden at November's import
    assert "YouTube" not in sentence.split(first)[1]
    assert int(layout.dashboard["overview"]["facebook"]["posts"][1:]) in _hidden(fresh)


def test_a_previous_period_without_posts_takes_no_table(books):
    """2025 has no post in any export: the previous-period and change tables are hidden whole, headings included
    (the highlights say the previous period has no data); the overview shows every network (all posted in 2026)."""
    path, recalculated = books["year_en"]
    layout = _layout(path)
    cached = openpyxl.load_workbook(path, data_only=True)[layout.sheet_name("dashboard")]
    hidden = _hidden(cached)
    volumes = layout.dashboard["volumes"]
    for part in ("previous", "change"):
        rows = {int(cell[1:]) for net in layout.networks for cell in volumes[part][net].values() if cell}
        top = min(rows)
        assert rows | {top - 1, top - 2} <= hidden, part  # its rows, its header and its heading
    for net in layout.networks:
        assert int(layout.dashboard["overview"][net]["posts"][1:]) not in hidden, net
    assert _hidden(openpyxl.load_workbook(recalculated)[layout.sheet_name("dashboard")]) == hidden
