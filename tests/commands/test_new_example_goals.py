"""`kpixl new` without --goals says, in the workbook's language, that the Goals sheet holds the template's example
goals, not the client's; with --goals it says nothing of the kind."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kpixl.text.labels import LABELS

GOALS = """
[[goals]]
kpi = "engagements"
network = "x"
target = 100
start = "period_start"
deadline = "period_end"
"""


@pytest.mark.parametrize(("lang", "words"), [("en", "the template's examples, not the client's"),
                                             ("es", "son ejemplos de la plantilla, no del cliente")])
def test_new_says_the_goals_are_examples(tmp_path: Path, run_kpixl, lang, words):
    out = tmp_path / f"acme_{lang}.xlsx"
    output = run_kpixl.output_of("new", str(out), "--client", "Acme", "--lang", lang, "--no-lite",
                                 "--period", "2025-03-01:2025-03-31")
    lines = output.strip().splitlines()
    assert words in lines[-1] and "4" in lines[-1], output
    sheet = openpyxl.load_workbook(out)[{"en": "Goals", "es": "Objetivos"}[lang]]
    marks = [row[20] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert marks == [LABELS["wb_example"][lang]] * 4


def test_new_with_the_clients_goals_marks_none(tmp_path: Path, run_kpixl):
    goals = tmp_path / "goals.toml"
    goals.write_text(GOALS, encoding="utf-8")
    out = tmp_path / "acme.xlsx"
    output = run_kpixl.output_of("new", str(out), "--client", "Acme", "--goals", str(goals), "--no-lite",
                                 "--period", "2025-03-01:2025-03-31")
    assert "example" not in output.lower()
    sheet = openpyxl.load_workbook(out)["Goals"]
    assert [row[20] for row in sheet.iter_rows(min_row=5, values_only=True)] == [None]
