"""Monthly workbooks shaped like real sparse exports for the Dashboard's verdicts, built and recalculated by
LibreOffice (en-US, es-ES) once per session: a closed period (March 2025), YouTube without a post in it, a TikTok
export without saves, the template's example goals, and (en) the client's own goals from a --goals file; the Spanish
book judges TikTok by followers (Settings), whose benchmark counts saves.

Import the fixture: `from tests.workbook.verdict_books import verdicts  # noqa: F401`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from kpixl.sources.samples import sample_audience, sample_rows
from kpixl.workbook import build, prepare
from tests.workbook.sparse_books import Book

PERIOD = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))
PREVIOUS = (dt.date(2025, 2, 1), dt.date(2025, 2, 28))
SILENT = "youtube"
GOALS = """
[[goals]]
kpi = "engagement_rate"
network = "instagram"
baseline = 0.03
target = 0.09
start = "period_start"
deadline = "period_end"

[[goals]]
kpi = "engagements"
network = "x"
baseline = 0
target = 100
start = "period_start"
deadline = "period_end"
"""
CASES = {"en": ("en", False), "es": ("es", False), "client_en": ("en", True)}  # name: (lang, client's goals)


def day(row: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(row["published_at"][:10])


def rows_of(networks: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    rows = sample_rows("social", networks, PERIOD[1], 40)
    rows[SILENT] = [r for r in rows[SILENT] if day(r) < PREVIOUS[0]]  # posted before, not in either period
    for row in rows["tiktok"]:
        row["saves"] = None  # a TikTok export without saves
    return rows


def _make(folder: Path, name: str, lang: str, client_goals: bool) -> tuple[Path, Any, dict, list]:
    goals = None
    if client_goals:
        goals = folder / "goals.toml"
        goals.write_text(GOALS, encoding="utf-8")
    spec = prepare(template="social", client="Acme", period=PERIOD, lang=lang, goals_path=goals)
    if lang == "es":  # TikTok judged by followers: Socialinsider's benchmark counts saves, which the export lacks
        settings = tuple(dataclasses.replace(s, value="followers") if s.key == "er_variant_tiktok" else s
                         for s in spec.layout.settings)
        spec = dataclasses.replace(spec, layout=dataclasses.replace(spec.layout, settings=settings))
    rows = rows_of(spec.layout.networks)
    days = sample_audience(spec.layout.networks, PERIOD[1])
    return build(folder / f"{name}.xlsx", spec, rows, audience=days), spec, rows, days


@pytest.fixture(scope="session")
def verdicts(tmp_path_factory) -> dict[str, Book]:
    from tests import libreoffice

    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("verdicts")
    built = {name: _make(folder, name, *case) for name, case in CASES.items()}
    out: dict[str, Book] = {}
    for lang, locale in (("en", "en-US"), ("es", "es-ES")):
        names = [n for n, (case_lang, _) in CASES.items() if case_lang == lang]
        done = libreoffice.recalculate_many([built[n][0] for n in names], folder / f"recalculated_{lang}", locale)
        for name, recalculated in zip(names, done, strict=True):
            path, spec, rows, days = built[name]
            out[name] = Book(path, recalculated, spec, rows, days)
    return out
