"""What kpixl new, import and refresh print (#24): in the workbook's language, posts and days counted apart, each
table of a two-section file named by network, in the order things happen; year-less exports take --year or the
Settings' export year."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from kpixl.refresh.books.openpyxl_book import OpenpyxlBook
from kpixl.refresh.core import import_pasted
from kpixl.text.messages import render
from kpixl.text.refresh_labels import text


@pytest.fixture
def book(tmp_path, run_kpixl) -> Path:
    path = tmp_path / "book.xlsx"
    run_kpixl.output_of("new", path, "--client", "Acme", "--networks", "facebook,instagram,tiktok")
    return path


def _follower_history(folder: Path, days: int, end: dt.date) -> Path:
    """TikTok Studio's FollowerHistory.csv: year-less days ("3 September"), running total and net change."""
    path = folder / "FollowerHistory.csv"
    lines = ["Date,Followers,Difference in followers from previous day"]
    for n in range(days):
        day = end - dt.timedelta(days=days - 1 - n)
        lines.append(f"{day.strftime('%B')} {day.day},{1000 + n},1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_new_in_spanish_says_so_in_spanish(tmp_path, run_kpixl):
    output = run_kpixl.output_of("new", tmp_path / "es.xlsx", "--client", "Acme", "--lang", "es")
    assert output.startswith("Creado ") and "Wrote" not in output


def test_totals_count_posts_and_days_apart(book, tmp_path, exports, run_kpixl):
    history = _follower_history(tmp_path, 300, dt.date.today() - dt.timedelta(days=2))
    output = run_kpixl.output_of("import", book, exports / "tiktok_2025_videos.csv", history)
    assert "total posts: 3 added, 0 updated, 0 unchanged, 0 rejected" in output
    assert "total days: 300 added, 0 updated, 0 unchanged, 0 rejected" in output
    assert "303 added" not in output


def test_a_two_section_meta_daily_file_names_each_network(book, exports, run_kpixl):
    lines = run_kpixl.output_of("import", book, exports / "meta_daily_two_sections.csv").splitlines()
    heads = [line for line in lines if line.startswith(str(exports))]
    assert len(heads) == 2 and len(set(heads)) == 2
    assert "(Facebook)" in heads[0] and "(Instagram)" in heads[1]


def test_refresh_says_what_it_read_before_it_says_saved(book, exports, run_kpixl):
    folder = book.parent / "exports"
    folder.mkdir()
    shutil.copy(exports / "instagram_posts_en.csv", folder)
    stdout = run_kpixl("refresh", book).stdout
    assert stdout.index("read ") < stdout.index("saved ")


def _set_export_year(book: Path, value: object) -> None:
    wb = openpyxl.load_workbook(book)
    sheet, cell = next(iter(wb.defined_names["kpixl_export_year"].destinations))
    wb[sheet][cell.replace("$", "")] = value
    wb.save(book)


def _tiktok_days(book: Path) -> list[str]:
    wb = openpyxl.load_workbook(book, read_only=True)
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            found += [v.date().isoformat() for v in row if isinstance(v, dt.datetime) and v.month == 12 and v.day > 28]
    return found


def test_year_less_exports_take_the_settings_export_year(book, exports, run_kpixl):
    _set_export_year(book, 2024)
    output = run_kpixl.output_of("import", book, exports / "tiktok_overview.csv")
    assert "the year 2024 given for the latest date" in output
    assert "2023-12-29" in _tiktok_days(book)


def test_refresh_takes_a_year_and_refuses_an_impossible_one(book, exports, run_kpixl):
    folder = book.parent / "exports"
    folder.mkdir()
    shutil.copy(exports / "tiktok_overview.csv", folder)
    assert "the year 2025 given" in run_kpixl.output_of("refresh", book, "--year", "2025")
    result = run_kpixl("refresh", book, "--year", "1899")
    assert result.exit_code == 1 and "1899 is outside" in result.output and "Traceback" not in result.output


def test_the_refresh_button_takes_the_settings_export_year(book, exports):
    """xlwings Lite's Refresh button (import_pasted) dates a pasted year-less TikTok export by the export year."""
    _set_export_year(book, 2024)
    wb = openpyxl.load_workbook(book)
    pasted = OpenpyxlBook(wb)
    assert import_pasted(pasted) is None  # the first click makes the paste sheet
    for row in csv.reader(io.StringIO((exports / "tiktok_overview.csv").read_text(encoding="utf-8-sig"))):
        wb[text("paste_sheet", "en")].append(row)
    summary = import_pasted(pasted)
    assert summary is not None and summary.added == 5
    assert any("the year 2024 given" in render(note) for f in summary.files for note in f.notes)


def test_a_settings_export_year_that_is_no_year_is_refused(book, exports, run_kpixl):
    _set_export_year(book, "last year")
    result = run_kpixl("import", book, exports / "tiktok_overview.csv")
    assert result.exit_code == 1 and "export year in Settings" in result.output
