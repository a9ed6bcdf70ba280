"""Fixtures for workbook tests: sample workbooks built once per session and their LibreOffice recalculations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kpixl.sources.samples import sample_audience, sample_rows
from kpixl.workbook import build, prepare

PERIOD = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
SAMPLE_SIZE = 40
INJECTIONS = ("=SUM(A1) is not a formula here", "-20% this weekend only", "+1 if you agree", "@team thanks!")
LOCALES = {"en": "en-US", "es": "es-ES"}
"""The reader's locale each workbook language is recalculated in."""
CASES = [("social", "en"), ("social", "es"), ("influencer", "en"), ("influencer", "es")]


def make(folder: Path, template: str, lang: str, size: int = SAMPLE_SIZE, networks=None):
    """Build one sample workbook; returns (path, spec, rows)."""
    spec = prepare(template=template, client="Acme", networks=networks, period=PERIOD, lang=lang)
    rows = sample_rows(template, spec.layout.networks, PERIOD[1], size)
    for net_rows in rows.values():  # texts a spreadsheet would take for formulas: they must stay text
        for row, text in zip(net_rows[1::7], INJECTIONS, strict=False):
            row["text" if "text" in row and template == "social" else "post_id"] = text
    # daily followers with a missing day each month and a blank count on another (the Audience sheet's formulas)
    audience = [{**r, "followers": None if r["date"].endswith("-10") else r["followers"]}
                for r in sample_audience(spec.layout.networks, PERIOD[1]) if not r["date"].endswith("-15")]
    path = build(folder / f"{template}_{lang}.xlsx", spec, rows, audience=audience)
    return path, spec, rows


@pytest.fixture(scope="session")
def recalculated(tmp_path_factory):
    """{(template, lang): (original path, recalculated path, spec, rows)} for every case: one soffice run per
    language, Spanish workbooks recalculated as a Spanish reader's LibreOffice does (es-ES: 1.234,56)."""
    from tests import libreoffice

    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("workbooks")
    built = {case: make(folder, *case) for case in CASES}
    found = {}
    for lang, locale in LOCALES.items():
        cases = [c for c in CASES if c[1] == lang]
        outs = libreoffice.recalculate_many([built[c][0] for c in cases], folder / f"recalculated_{lang}", locale)
        found.update({case: (built[case][0], out, *built[case][1:]) for case, out in zip(cases, outs, strict=True)})
    return found
