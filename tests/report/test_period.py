"""Report periods from the data: `kpixl new --sample` without --period reports the latest complete quarter (or month)
that has posts, and `kpixl import` says how many posts fall outside the workbook's period and how to change it."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import openpyxl

from kpixl.report.period import day_of, latest_complete, outside
from kpixl.workbook import Layout, build, prepare

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
D = dt.date


def days(start: dt.date, end: dt.date, step: int = 3) -> list[dt.date]:
    return [start + dt.timedelta(days=k) for k in range(0, (end - start).days + 1, step)]


def test_latest_complete_quarter_with_data_in_every_month():
    assert latest_complete(days(D(2025, 1, 5), D(2025, 11, 20)), D(2025, 11, 30)) == (D(2025, 7, 1), D(2025, 9, 30))


def test_a_quarter_not_over_yet_is_not_complete():
    # today is in Q4: Q3 is the latest complete quarter even though October is over
    assert latest_complete(days(D(2025, 6, 1), D(2025, 10, 31)), D(2025, 11, 2)) == (D(2025, 7, 1), D(2025, 9, 30))


def test_the_latest_complete_month_when_no_quarter_is_covered():
    assert latest_complete(days(D(2025, 8, 10), D(2025, 9, 20)), D(2025, 10, 15)) == (D(2025, 9, 1), D(2025, 9, 30))


def test_data_only_this_month_reports_it_so_far():
    assert latest_complete([D(2025, 10, 2), D(2025, 10, 9)], D(2025, 10, 15)) == (D(2025, 10, 1), D(2025, 10, 9))
    assert latest_complete([], D(2025, 10, 15)) is None


def test_days_and_outside():
    assert day_of("2025-03-04T10:00:00") == D(2025, 3, 4) and day_of(dt.datetime(2025, 3, 4, 9)) == D(2025, 3, 4)
    assert day_of("") is None and day_of(None) is None
    assert outside([D(2025, 1, 1), D(2025, 2, 1), None, D(2025, 4, 1)], (D(2025, 1, 15), D(2025, 3, 31))) == 2


def test_new_sample_without_period_reports_a_complete_period_with_data(tmp_path, run_kpixl):
    out = tmp_path / "s.xlsx"
    result = run_kpixl("new", str(out), "--client", "C", "--sample", "--sample-size", "60", "--networks", "instagram")
    assert result.exit_code == 0, result.output
    found = re.search(r"report period (\w{3} \d+, \d{4}) to (\w{3} \d+, \d{4})", result.output)  # as readers write
    assert found, result.output
    start, end = (dt.datetime.strptime(x, "%b %d, %Y").date() for x in found.groups())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(out)
    layout = Layout.from_workbook(wb)
    assert tuple(D.fromisoformat(str(layout.setting(k).value)[:10]) for k in ("period_start", "period_end")) == (
        start, end)
    assert start.day == 1 and (end + dt.timedelta(days=1)).day == 1 and end < dt.date.today()
    ws = wb[layout.network_sheet("instagram")]
    dates = [r[0] for r in ws.iter_rows(min_row=2, values_only=True) if isinstance(r[0], dt.datetime)]
    assert any(start <= d.date() <= end for d in dates) and max(dates).date() >= end


def test_import_says_how_many_posts_fall_outside_the_period(tmp_path, run_kpixl):
    spec = prepare(template="social", client="Acme", networks=("facebook",), period=(D(2020, 1, 1), D(2020, 3, 31)))
    book = build(tmp_path / "r.xlsx", spec)
    result = run_kpixl("import", str(book), str(EXPORTS / "facebook_posts_en.csv"))
    assert result.exit_code == 0, result.output
    note = re.search(r"(\d+) of (\d+) imported posts fall outside the report period \(Jan 1, 2020 to Mar 31, 2020\)",
                     result.output)
    assert note and note.group(1) == note.group(2), result.output
    assert "Settings" in result.output and "latest complete period with data is" in result.output
    inside = prepare(template="social", client="Acme", networks=("facebook",), period=(D(2000, 1, 1), D(2099, 1, 1)))
    book = build(tmp_path / "all.xlsx", inside)
    result = run_kpixl("import", str(book), str(EXPORTS / "facebook_posts_en.csv"))
    assert result.exit_code == 0 and "fall outside" not in result.output, result.output


def test_previous_period_of_calendar_months_quarters_and_years():
    from kpixl.report.period import previous

    assert previous(D(2026, 7, 1), D(2026, 9, 30)) == (D(2026, 4, 1), D(2026, 6, 30))  # Q3 → Q2, not 31 Mar
    assert previous(D(2026, 1, 1), D(2026, 3, 31)) == (D(2025, 10, 1), D(2025, 12, 31))
    assert previous(D(2024, 3, 1), D(2024, 3, 31)) == (D(2024, 2, 1), D(2024, 2, 29))  # March → leap February
    assert previous(D(2026, 1, 1), D(2026, 12, 31)) == (D(2025, 1, 1), D(2025, 12, 31))
    assert previous(D(2026, 2, 1), D(2026, 3, 31)) == (D(2025, 12, 1), D(2026, 1, 31))  # two whole months


def test_previous_period_of_a_custom_range_is_the_same_number_of_days_before():
    from kpixl.report.period import previous

    assert previous(D(2026, 7, 5), D(2026, 7, 18)) == (D(2026, 6, 21), D(2026, 7, 4))
    assert previous(D(2026, 7, 2), D(2026, 9, 30)) == (D(2026, 4, 2), D(2026, 7, 1))  # not from a first day
    assert previous(D(2026, 7, 1), D(2026, 7, 1)) == (D(2026, 6, 30), D(2026, 6, 30))
