"""Daily exports into the Audience table: days added/updated (never "rejected"), merge rules as for posts, derived
figures marked, typed values kept, and a clear failure when nothing could be imported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl

from tests.refresh.audience_files import audience_rows, follower_history, make_workbook

PERIOD = (dt.date(2026, 2, 1), dt.date(2026, 3, 31))


def test_every_daily_kind_is_imported_as_days(tmp_path: Path, exports: Path, run_kpixl):
    book = make_workbook(tmp_path / "r.xlsx", networks=("facebook", "instagram", "linkedin", "x", "tiktok"),
                         period=PERIOD)
    files = ["tiktok_follower_history_es.csv", "tiktok_overview.csv", "tiktok_viewers_zh.csv", "x_overview.csv",
             "meta_daily_follows.csv", "meta_daily_visits_es.csv", "linkedin_followers.xlsx"]
    result = run_kpixl("import", book, *[exports / f for f in files], "--year", "2026")
    assert result.exit_code == 0, result.output
    assert "rejected: " not in result.output and "posts only" not in result.output
    assert "tiktok_follower_history: 4 days added, 0 updated, 0 unchanged, 0 rejected" in result.output
    assert "x_overview: 3 days added" in result.output
    _, rows = audience_rows(book)
    by = {(r["network"], r["date"].date().isoformat()): r for r in rows}
    assert by[("tiktok", "2026-02-27")]["followers"] == 10198
    assert by[("tiktok", "2026-02-27")]["net_followers"] == -12
    x = by[("x", "2026-07-14")]
    assert (x["new_followers"], x["lost_followers"], x["net_followers"]) == (11, 2, 9)
    assert x["derived"] == "Net growth"  # worked out from new − unfollows, and said so
    assert by[("facebook", "2025-08-03")]["new_followers"] is None  # a blank day stays blank, never 0
    assert by[("instagram", "2025-08-02")]["profile_visits"] == 1200
    assert all(r["followers"] is None for r in rows if r["network"] in ("facebook", "x", "linkedin"))

    again = run_kpixl("import", book, exports / "x_overview.csv")
    assert "x_overview: 0 days added, 0 updated, 3 unchanged, 0 rejected" in again.output


def test_newer_export_wins_blank_never_erases_typed_values_kept(tmp_path: Path, run_kpixl):
    book = make_workbook(tmp_path / "r.xlsx", networks=("tiktok",), period=PERIOD)
    first = follower_history(tmp_path / "a.csv", dt.date(2026, 3, 5), 10)
    assert run_kpixl("import", book, tmp_path / "a.csv", "--year", "2026").exit_code == 0
    wb = openpyxl.load_workbook(book)
    ws = wb["Audience"]
    ws["S2"] = "launch day"  # a note
    ws["G2"] = 4321  # reach typed by hand
    ws["C3"] = None  # a total deleted: the next import puts it back
    wb.save(book)
    (tmp_path / "b.csv").write_text('"Date","Followers","Difference in followers from previous day"\n'
                                    '"5 March","9999",""\n"6 March","10010","11"\n', encoding="utf-8")
    result = run_kpixl("import", book, tmp_path / "b.csv", tmp_path / "a.csv", "--year", "2026")
    assert "b.csv: tiktok_follower_history: 1 day added, 1 updated, 0 unchanged" in result.output
    _, rows = audience_rows(book)
    by = {r["date"].date(): r for r in rows}
    assert by[dt.date(2026, 3, 5)]["followers"] == first[-1][1]  # a.csv was imported last: it wins
    assert by[dt.date(2026, 3, 5)]["net_followers"] == first[-1][2]  # the blank in b.csv erased nothing
    assert by[dt.date(2026, 3, 6)]["followers"] == 10010
    assert rows[0]["notes"] == "launch day" and rows[0]["reach"] == 4321
    assert by[first[1][0]]["followers"] == first[1][1]


def test_totals_derived_from_an_anchor_are_marked_and_recalculated(tmp_path: Path, exports: Path, run_kpixl):
    book = make_workbook(tmp_path / "r.xlsx", networks=("x",), period=PERIOD)
    run_kpixl("import", book, exports / "x_overview.csv")
    wb = openpyxl.load_workbook(book)
    ws = wb["Audience"]
    assert [ws.cell(r, 2).value.date().isoformat() for r in (2, 3, 4)] == ["2026-07-12", "2026-07-13", "2026-07-14"]
    ws["C2"] = 500  # the user types the count of one day
    wb.save(book)
    result = run_kpixl("import", book, exports / "x_overview.csv")
    assert result.exit_code == 0
    _, rows = audience_rows(book)
    assert [r["followers"] for r in rows] == [500, 501, 510]
    assert [r["derived"] for r in rows] == ["Net growth", "Followers (end of day), Net growth",
                                            "Followers (end of day), Net growth"]
    wb = openpyxl.load_workbook(book)
    wb["Audience"]["C2"] = 600  # a corrected anchor: the derived totals follow on the next import
    wb.save(book)
    run_kpixl("import", book, exports / "x_overview.csv")
    assert [r["followers"] for r in audience_rows(book)[1]] == [600, 601, 610]


def test_spanish_workbook_and_a_daily_file_of_a_named_network(tmp_path: Path, exports: Path, run_kpixl):
    book = make_workbook(tmp_path / "r.xlsx", networks=("instagram",), period=PERIOD, lang="es")
    views = tmp_path / "views.csv"  # a Meta daily file whose metric name does not say the network
    views.write_bytes("sep=,\n\"Visualizaciones\"\n\"Fecha\",\"Valor\"\n\"2025-08-01T00:00:00\",\"900\"\n"
                      .encode("utf-16"))
    result = run_kpixl("import", book, views, "--network", "instagram")
    assert result.exit_code == 0, result.output
    assert "1 día añadido" in result.output  # a Spanish workbook: the summary is in Spanish
    wb = openpyxl.load_workbook(book)
    assert "Audiencia" in wb.sheetnames
    assert wb["Audiencia"]["A2"].value == "Instagram" and wb["Audiencia"]["H2"].value == 900


def test_nothing_imported_is_an_error_and_writes_nothing(tmp_path: Path, exports: Path, run_kpixl):
    book = make_workbook(tmp_path / "r.xlsx", networks=("instagram",), period=PERIOD)
    before = book.read_bytes()
    result = run_kpixl("import", book, exports / "x_overview.csv", "--skip-bad-rows")
    assert result.exit_code == 1
    assert "nothing imported" in result.output and "does not report on it" in result.output
    assert book.read_bytes() == before and not book.with_name("r.bak.xlsx").exists()


def test_refresh_picks_daily_files_up(tmp_path: Path, exports: Path, run_kpixl):
    book = make_workbook(tmp_path / "r.xlsx", networks=("x", "tiktok"), period=PERIOD)
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(exports / "x_overview.csv", folder)
    shutil.copy(exports / "x_content.csv", folder)
    result = run_kpixl("refresh", book)
    assert result.exit_code == 0, result.output
    assert "x_overview: 3 days added" in result.output
    assert len(audience_rows(book)[1]) == 3


def test_goals_on_audience_kpis(tmp_path: Path, run_kpixl):
    goals = tmp_path / "goals.toml"
    goals.write_text('[[goals]]\nkpi = "new_followers"\nnetwork = "instagram"\ntarget = 500\n'
                     'start = "period_start"\ndeadline = "period_end"\n', encoding="utf-8")
    out = tmp_path / "g.xlsx"
    result = run_kpixl("new", out, "--client", "Acme", "--networks", "instagram,tiktok", "--goals", goals)
    assert result.exit_code == 0, result.output  # was: "not a KPI column of instagram"
    goals.write_text('[[goals]]\nkpi = "follower_growth_rate"\nnetwork = "all"\ntarget = 0.1\n'
                     'start = "period_start"\ndeadline = "period_end"\n', encoding="utf-8")
    refused = run_kpixl("new", tmp_path / "h.xlsx", "--client", "Acme", "--networks", "instagram,tiktok",
                        "--goals", goals)
    assert refused.exit_code == 1 and "give one network" in refused.output
    paced = run_kpixl("goal", "net_follower_growth", "--target", "300", "--start", "2026-04-01", "--deadline",
                "2026-04-30", "--actual", "100", "--on", "2026-04-15", "--json")
    assert '"kind": "cumulative"' in paced.output and '"status": "at_risk"' in paced.output
    level = run_kpixl("goal", "followers", "--baseline", "10000", "--target", "12000", "--start", "2026-04-01",
                "--deadline", "2026-09-30", "--actual", "11000", "--on", "2026-06-30", "--json")
    assert '"kind": "level"' in level.output and '"projection": null' in level.output


def test_tiktok_zip_downloads_are_read_member_by_member(tmp_path: Path, exports: Path, run_kpixl):
    """TikTok Studio downloads a zip per tab; the Followers zip also holds files kpixl does not import."""
    import zipfile

    history = follower_history(tmp_path / "FollowerHistory.csv", dt.date(2026, 3, 5), 20, plain=True)
    archive = tmp_path / "Followers_acme.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(tmp_path / "FollowerHistory.csv", "FollowerHistory.csv")
        z.writestr("FollowerActivity.csv", "Date,Hour,Active followers\nMarch 5,0,120\n")
        z.writestr("FollowerGender.csv", "Gender,Distribution\nFemale,0.59\nMale,0.41\n")
        z.writestr("__MACOSX/._FollowerHistory.csv", "junk")
    book = make_workbook(tmp_path / "r.xlsx", networks=("tiktok",), period=PERIOD)
    result = run_kpixl("import", book, archive, "--year", "2026")
    assert result.exit_code == 0, result.output
    assert "Followers_acme.zip/FollowerHistory.csv: tiktok_follower_history: 20 days added" in result.output
    assert "not a known export" in result.output and "FollowerGender.csv" in result.output
    assert [r["followers"] for r in audience_rows(book)[1]][-1] == history[-1][1]

    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(archive, folder)
    assert "20 unchanged" in run_kpixl("refresh", book).output  # refresh picks zips up from the exports folder

    only_unknown = tmp_path / "Demographics.zip"
    with zipfile.ZipFile(only_unknown, "w") as z:
        z.writestr("FollowerGender.csv", "Gender,Distribution\nFemale,0.59\n")
    refused = run_kpixl("import", book, only_unknown)
    assert refused.exit_code == 1 and "Demographics.zip/FollowerGender.csv" in refused.output


def test_follower_history_quirks(tmp_path: Path, run_kpixl):
    """BOM, CRLF, a trailing blank line, "1.2K", "+15", an undefined difference, abbreviated and ISO dates."""
    (tmp_path / "f.csv").write_bytes(b'\xef\xbb\xbf"Date","Followers","Difference in followers from previous day"\r\n'
                                     b'"Aug 18","1.2K","+15"\r\n"Aug 19","1,215","undefined"\r\n'
                                     b'"2026-08-20","1216","-1"\r\n\r\n')
    book = make_workbook(tmp_path / "r.xlsx", networks=("tiktok",), period=PERIOD)
    result = run_kpixl("import", book, tmp_path / "f.csv", "--year", "2026")
    assert result.exit_code == 0, result.output
    rows = audience_rows(book)[1]
    assert [(r["followers"], r["net_followers"], r["derived"]) for r in rows] == [
        (1200, 15, None), (1215, 15, "Net growth"), (1216, -1, None)]  # the undefined difference worked out
