"""The followers-over-time chart of a workbook made before its follower exports (#19 item 5): `kpixl new` without
audience data, then `kpixl import` of real-shaped follower exports (samples/sparse: Instagram's daily new follows,
TikTok's year-less follower history, --year 2026) for November 2026, English and Spanish. The chart is in the file
from the start (an import changes cell values only), reads the hidden chart feed, and LibreOffice (en-US, es-ES)
recalculates every feed cell to a number or #N/A, as cached; the "no follower counts yet" note shows only while the
feed is empty; Microsoft's validator accepts both files. The Refresh button's core (xlwings' dispatcher) fills the
same feed from a pasted follower history."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from kpixl.text.labels import label
from kpixl.workbook.charts import COUNT_AXIS
from kpixl.workbook.sheets.dashboard_audience import NOTE_COLUMN
from tests import libreoffice
from tests.workbook.conftest import LOCALES
from tests.workbook.sparse_books import C, anchors, cells, charts, series_refs

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
SPARSE = Path(__file__).resolve().parents[2] / "samples" / "sparse"
FOLLOWER_EXPORTS = ("instagram_seguidores.csv", "tiktok_historial_seguidores.csv")
PERIOD = "2026-11-01:2026-11-30"
NA = "#N/A"
STAGES = ("new", "imported", "year")
"""As `kpixl new` wrote it, after the import, and a yearly workbook after the same import (followers by month)."""
YEAR = "2026-01-01:2026-12-31"


@pytest.fixture(scope="module")
def books(tmp_path_factory, run_kpixl) -> dict[tuple[str, str], tuple[Path, Path]]:
    """{(lang, stage): (workbook, its LibreOffice recalculation)} for each of STAGES."""
    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("followers")
    made: dict[tuple[str, str], Path] = {}
    for lang in LOCALES:
        new, imported = folder / f"new_{lang}.xlsx", folder / f"imported_{lang}.xlsx"
        run_kpixl.output_of("new", imported, "--client", "Marca", "--lang", lang, "--period", PERIOD)
        shutil.copy(imported, new)
        run_kpixl.output_of("import", imported, *(SPARSE / name for name in FOLLOWER_EXPORTS), "--year", "2026")
        made[lang, "new"], made[lang, "imported"] = new, imported
        year = made[lang, "year"] = folder / f"year_{lang}.xlsx"
        run_kpixl.output_of("new", year, "--client", "Marca", "--lang", lang, "--period", YEAR)
        run_kpixl.output_of("import", year, *(SPARSE / name for name in FOLLOWER_EXPORTS), "--year", "2026")
    out = {}
    for lang, locale in LOCALES.items():
        keys = [(lang, stage) for stage in STAGES]
        found = libreoffice.recalculate_many([made[k] for k in keys], folder / locale, locale)
        out.update({k: (made[k], recalculated) for k, recalculated in zip(keys, found, strict=True)})
    return out


def _followers_chart(path: Path, lang: str) -> Any:
    dashboard = openpyxl.load_workbook(path, read_only=True).sheetnames[1]
    found = [chart for sheet, chart in charts(path)
             if sheet == dashboard and label("wb_followers_chart", lang) in "".join(chart.itertext())]
    assert len(found) == 1, f"{path.name}: {len(found)} followers charts on {dashboard}"
    return found[0]


def _same(cached: Any, recalculated: Any) -> bool:
    if isinstance(cached, (int, float)) and isinstance(recalculated, (int, float)):
        return math.isclose(cached, recalculated, rel_tol=1e-9)
    return cached == recalculated


def _feed(books: dict, lang: str, stage: str) -> tuple[list[list[tuple[Any, Any]]], list[Any], Any]:
    """Per listed series: (cached, recalculated) of every feed cell; the series titles (recalculated); the chart."""
    path, recalculated = books[lang, stage]
    chart = _followers_chart(path, lang)
    refs = series_refs(chart)
    cached, found = openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(recalculated, data_only=True)
    formulas = openpyxl.load_workbook(path)
    series = []
    for ref in refs["values"]:
        sheet, span = ref.rsplit("!", 1)
        low_col, *_ = range_boundaries(span.replace("$", ""))
        ws = formulas[sheet.strip("'")]
        letter = get_column_letter(low_col)
        assert ws.column_dimensions[letter].hidden, f"{ref}: the chart reads a column the client sees"
        assert all(str(ws[a].value).startswith("=IF(ISNUMBER(") for _, a, _ in cells(formulas, ref)), ref
        series.append([(before, after) for (_, _, before), (_, _, after)
                       in zip(cells(cached, ref), cells(found, ref), strict=True)])
    titles = [cells(found, ref)[0][2] for ref in refs["titles"]]
    return series, titles, chart


def _note(books: dict, lang: str, stage: str) -> tuple[Any, Any]:
    """The "no follower counts yet" note's (cached, recalculated) value, found by its formula."""
    path, recalculated = books[lang, stage]
    where = f"{get_column_letter(NOTE_COLUMN)}{_note_row(path, lang)}"
    values = [openpyxl.load_workbook(p, data_only=True).worksheets[1][where].value for p in (path, recalculated)]
    return values[0], values[1]


def _note_row(path: Path, lang: str) -> int:
    """The Dashboard row of the note's formula (in the chart's column)."""
    dashboard = openpyxl.load_workbook(path).worksheets[1]
    text = label("wb_no_audience_data", lang)
    rows = [c.row for row in dashboard.iter_rows() for c in row
            if isinstance(c.value, str) and c.value.startswith("=IF(COUNT(") and text in c.value]
    assert len(rows) == 1 and dashboard.cell(rows[0], NOTE_COLUMN).value.startswith("=IF(COUNT("), rows
    return rows[0]


@pytest.mark.parametrize("lang", list(LOCALES))
def test_importing_follower_exports_draws_the_followers_chart(books, lang):
    series, titles, _ = _feed(books, lang, "imported")
    for values in series:
        for cached, recalculated in values:
            assert recalculated == NA or (isinstance(recalculated, (int, float))
                                          and not isinstance(recalculated, bool)), recalculated
            assert _same(cached, recalculated), f"cached {cached!r}, LibreOffice {recalculated!r}"
    tiktok = series[titles.index("TikTok")]
    assert all(isinstance(after, (int, float)) and after > 2000 for _, after in tiktok)  # a count every week
    no_count = f"· {label('wb_no_audience_short', lang)}"
    assert all(t.endswith(no_count) for t in titles if t != "TikTok")  # Instagram's export has new follows only
    assert _note(books, lang, "imported") in ((None, None), (None, ""), ("", ""), ("", None))


@pytest.mark.parametrize("lang", list(LOCALES))
def test_a_new_workbook_shows_the_note_above_an_empty_chart(books, lang):
    series, titles, chart = _feed(books, lang, "new")
    assert series and all(after == NA and before == NA for values in series for before, after in values)
    assert all(t.endswith(f"· {label('wb_no_audience_short', lang)}") for t in titles)
    note = label("wb_no_audience_data", lang)
    assert _note(books, lang, "new") == (note, note)
    axis = chart.find(f"{C}chart/{C}plotArea/{C}valAx/{C}numFmt")
    assert axis.get("formatCode") == COUNT_AXIS  # an empty 0–1 scale is not labelled 0, 0, 0, 1, 1, 1
    path = books[lang, "new"][0]
    dashboard = openpyxl.load_workbook(path, read_only=True).sheetnames[1]
    where = [(column, row) for column, row, drawn in anchors(path, dashboard)
             if label("wb_followers_chart", lang) in "".join(drawn.itertext())]
    note_row = _note_row(path, lang)
    assert where == [(NOTE_COLUMN, note_row + 1)]  # the chart stands right below the note, never over it


@pytest.mark.parametrize("lang", list(LOCALES))
def test_the_workbooks_are_valid_open_xml(books, lang):
    from tests.ooxml import assert_valid

    for stage in STAGES:  # the empty chart of a new workbook too
        assert_valid(books[lang, stage][0])


def test_the_refresh_button_fills_the_followers_feed(books, tmp_path):
    """The Excel path: xlwings' dispatcher (fake) runs the button's core on the workbook `kpixl new` wrote, with
    TikTok's follower history pasted; LibreOffice then recalculates the feed the chart (already in the file) reads."""
    from kpixl.refresh.core import import_pasted
    from kpixl.text.refresh_labels import text
    from tests.refresh.test_refresh_button import adapters, csv_rows

    path = tmp_path / "button_es.xlsx"
    shutil.copy(books["es", "new"][0], path)
    refs = series_refs(_followers_chart(path, "es"))
    book, wb = adapters(path)["xlwings"]
    import_pasted(book)  # the first click makes the paste sheet
    for row in csv_rows(SPARSE / "tiktok_historial_seguidores.csv"):
        wb[text("paste_sheet", "es")].append(row)
    summary = import_pasted(book)
    assert summary is not None and summary.added > 150
    wb.save(path)
    found = openpyxl.load_workbook(libreoffice.recalculate(path, tmp_path / "es-ES", "es-ES"), data_only=True)
    titles = [cells(found, ref)[0][2] for ref in refs["titles"]]
    series = [[value for _, _, value in cells(found, ref)] for ref in refs["values"]]
    assert all(isinstance(v, (int, float)) and v > 2000 for v in series[titles.index("TikTok")])
    assert all(v == NA for name, values in zip(titles, series, strict=True) if name != "TikTok" for v in values)
    assert found.worksheets[1][f"{get_column_letter(NOTE_COLUMN)}{_note_row(path, 'es')}"].value in (None, "")


@pytest.mark.parametrize("lang", list(LOCALES))
def test_a_yearly_workbook_draws_followers_by_month_from_the_first_count(books, lang):
    series, titles, _ = _feed(books, lang, "year")
    assert len(series[0]) == 12  # one point per month
    tiktok = [after for _, after in series[titles.index("TikTok")]]
    first = next(i for i, v in enumerate(tiktok) if v != NA)  # the history starts on 12 May: no point before
    assert first == 4 and all(v == NA for v in tiktok[:first]) and all(v > 1800 for v in tiktok[first:11])
    assert all(_same(before, after) for values in series for before, after in values)
