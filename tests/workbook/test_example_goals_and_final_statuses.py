"""The template's placeholder goals are marked Example on the Goals sheet (with a note saying what to do) and the
Dashboard cites none of them — not in its KPI table, not in "Goals needing attention" — while the client's goals from
--goals are cited. A closed report period gives final statuses only: achieved / missed (es: conseguido / no
conseguido). Engine and LibreOffice (en-US, es-ES) agree, cached values included."""

from __future__ import annotations

import pytest

from kpixl.report.goals import STATUS_LEVEL
from kpixl.text.labels import label
from kpixl.workbook.sheets import goals as goals_sheet, highlights
from tests.workbook.verdict_books import verdicts  # noqa: F401

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
BLANK = (None, "")
FINAL = {"en": {"Achieved", "Missed"}, "es": {"Conseguido", "No conseguido"}}


def _goal_cells(book, wb, key: str) -> list:
    ws = wb[book.layout.sheet_name("goals")]
    return [ws[g["cells"][key]].value for g in book.layout.goals]


@pytest.mark.parametrize("name", ["en", "es"])
def test_template_goals_are_marked_as_examples(verdicts, name):  # noqa: F811
    book = verdicts[name]
    lang = book.layout.lang
    assert book.layout.goals and all(g["example"] for g in book.layout.goals)
    wb = book.values()
    assert _goal_cells(book, wb, "example") == [{"en": "Example", "es": "Ejemplo"}[lang]] * len(book.layout.goals)
    ws = wb[book.layout.sheet_name("goals")]
    assert ws.cell(goals_sheet.HEADER_ROW - 1, 1).value == label("wb_goals_examples_note", lang)
    assert ws.cell(goals_sheet.HEADER_ROW, goals_sheet.COLUMNS.index("example") + 1).value == label("wb_example", lang)


@pytest.mark.parametrize("name", ["en", "es"])
def test_example_goals_are_not_cited_on_the_dashboard(verdicts, name):  # noqa: F811
    book = verdicts[name]
    lang = book.layout.lang
    statuses = _goal_cells(book, book.values(), "status")
    bad = {label(c, lang) for c, level in STATUS_LEVEL.items() if level in (1, 2)}
    assert bad & set(statuses), "the fixture has an example goal needing attention"
    for wb in (book.values(), book.cached()):
        dash = wb[book.layout.sheet_name("dashboard")]
        goal_cells = [k["goal"] for k in book.layout.dashboard["kpis"] if k["goal"]]
        assert goal_cells, "the KPI table has a goal column for the example goals' KPIs"
        assert all(dash[a].value in BLANK for a in goal_cells)
        sentence = dash[book.layout.dashboard["highlights"][2]].value
        assert sentence == highlights.words("goals_examples", lang)  # examples only: never "none at risk"


def test_the_clients_goals_are_cited(verdicts):  # noqa: F811
    book = verdicts["client_en"]
    assert book.layout.goals and not any(g["example"] for g in book.layout.goals)
    for wb in (book.values(), book.cached()):
        statuses = _goal_cells(book, wb, "status")
        assert _goal_cells(book, wb, "example") == [None, None]
        dash = wb[book.layout.sheet_name("dashboard")]
        er = next(k for k in book.layout.dashboard["kpis"] if k["network"] == "instagram"
                  and k["kpi"] == "engagement_rate")
        assert dash[er["goal"]].value == statuses[0] == "Missed"  # 9 % was out of reach
        sentence = dash[book.layout.dashboard["highlights"][2]].value
        assert sentence == "Goals needing attention: Engagement rate · Instagram (missed)."


@pytest.mark.parametrize("name", ["en", "es", "client_en"])
def test_a_closed_period_gives_final_statuses(verdicts, name):  # noqa: F811
    """March 2025 is over: every goal due at its end is achieved or missed, never on track, behind or at risk."""
    book = verdicts[name]
    lang = book.layout.lang
    for wb in (book.values(), book.cached()):
        statuses = _goal_cells(book, wb, "status")
        assert statuses and set(statuses) <= FINAL[lang], statuses
        levels = _goal_cells(book, wb, "level")
        assert levels == [STATUS_LEVEL["achieved" if s in ("Achieved", "Conseguido") else "missed"]
                          for s in statuses]


@pytest.mark.parametrize("name", ["en", "es", "client_en"])
def test_goals_cached_equal_recalculated(verdicts, name):  # noqa: F811
    book = verdicts[name]
    cached, values = book.cached(), book.values()
    for key in goals_sheet.COLUMNS:
        want, got = _goal_cells(book, values, key), _goal_cells(book, cached, key)
        for a, b in zip(got, want, strict=True):
            assert a == b or (a in BLANK and b in BLANK) or (
                isinstance(a, float) and isinstance(b, (int, float)) and abs(a - b) <= 1e-9 * max(1, abs(b))), key


def test_clearing_the_mark_makes_the_dashboard_cite_the_goal(verdicts, tmp_path):  # noqa: F811
    """The analyst confirms the example goals by clearing their Example cells: LibreOffice's recalculation then
    cites them on the Dashboard (live formulas, not a build-time choice)."""
    import openpyxl

    from tests import libreoffice

    book = verdicts["en"]
    wb = openpyxl.load_workbook(book.path)
    goals = wb[book.layout.sheet_name("goals")]
    for g in book.layout.goals:
        goals[g["cells"]["example"]].value = None
    edited = tmp_path / "confirmed.xlsx"
    wb.save(edited)
    values = openpyxl.load_workbook(libreoffice.recalculate(edited, tmp_path / "out", "en-US"), data_only=True)
    dash = values[book.layout.sheet_name("dashboard")]
    er = next(k for k in book.layout.dashboard["kpis"] if k["network"] == "instagram" and k["kpi"] == "engagement_rate")
    assert dash[er["goal"]].value == "Missed"
    sentence = dash[book.layout.dashboard["highlights"][2]].value
    assert sentence.startswith("Goals needing attention: Engagement rate · Instagram (missed)"), sentence
