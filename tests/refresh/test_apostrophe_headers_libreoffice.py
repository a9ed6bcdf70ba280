"""A custom template's header with an apostrophe (`Likes 'x'`): every formula that reads the column is read by
LibreOffice as by Excel (before: Err:507 on every KPI cell, as LibreOffice takes every `']` for an escaped bracket),
and the values kpixl caches equal LibreOffice's recalculation, in English and Spanish."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from kpixl.workbook import Layout
from tests import libreoffice, ooxml

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

TEMPLATE = Path(__file__).resolve().parents[2] / "workbook_templates" / "social.toml"
EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
LOCALES = {"en": "en-US", "es": "es-ES"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_headers_ending_in_an_apostrophe_recalculate_in_libreoffice(tmp_path: Path, run_kpixl, lang: str):
    libreoffice.require_soffice()
    template = tmp_path / "custom.toml"
    text = TEMPLATE.read_text(encoding="utf-8")
    old = 'likes = { en = "Likes", es = "Me gusta", format = "integer" }'
    assert old in text
    template.write_text(text.replace(old, "likes = { en = \"Likes 'x'\", es = \"Me gusta 'x'\", format = \"integer\" }")
                        .replace('comments = { en = "Comments"', "comments = { en = \"Rock 'n' roll's\""),
                        encoding="utf-8")
    book = tmp_path / "report.xlsx"
    run_kpixl.output_of("new", str(book), "--client", "Acme", "--template", str(template), "--networks",
                        "instagram", "--lang", lang, "--period", "2025-01-01:2025-12-31")
    export = EXPORTS / ("instagram_posts_es.csv" if lang == "es" else "instagram_posts_en.csv")
    run_kpixl.output_of("import", str(book), str(export), "--skip-bad-rows")
    ooxml.assert_valid(book)

    layout = Layout.from_workbook(openpyxl.load_workbook(book, read_only=True))
    sheet = layout.network_sheet("instagram")
    assert "'x'" in layout.header("instagram", "likes")
    recalculated = libreoffice.recalculate(book, tmp_path / "recalculated", LOCALES[lang])
    cached = openpyxl.load_workbook(book, data_only=True)[sheet]
    formulas = openpyxl.load_workbook(book)[sheet]
    fresh = openpyxl.load_workbook(recalculated, data_only=True)[sheet]
    checked = 0
    for row in formulas.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                got = fresh[cell.coordinate].value
                assert not (isinstance(got, str) and got.startswith(("#", "Err:"))), (cell.coordinate, cell.value, got)
                want = cached[cell.coordinate].value
                if isinstance(want, float) and isinstance(got, (int, float)):
                    assert got == pytest.approx(want, rel=1e-9, abs=1e-12), (cell.coordinate, cell.value)
                else:
                    assert got in (want, None if want == "" else want), (cell.coordinate, cell.value, got, want)
                checked += 1
    assert checked > 20
