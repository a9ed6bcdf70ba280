"""Cached values equal recalculation on real-shaped sparse data (#19 item 8): samples/sparse/ (one Spanish brand's
native exports, Jan–Nov 2026: Facebook silent after July, TikTok year-less from June, LinkedIn/X/YouTube dates only,
reels with views) imported with `kpixl import` into social and influencer workbooks, English and Spanish, for a month
and a year; LibreOffice recalculates each in its reader's locale (en-US, es-ES: one soffice start per locale), and
every formula cell of every sheet carries the value it recalculates to, blanks included, numbers to 1e-9 relative."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import libreoffice
from tests.workbook.conftest import LOCALES
from tests.workbook.test_cached_values import _load, _same, formula_cells

SPARSE = Path(__file__).resolve().parents[2] / "samples" / "sparse"
PERIODS = {"month": "2026-11-01:2026-11-30", "year": "2026-01-01:2026-12-31"}
CASES = [(template, lang, period) for template in ("social", "influencer") for lang in ("en", "es")
         for period in PERIODS]


@pytest.fixture(scope="module")
def imported(tmp_path_factory, run_kpixl) -> dict[tuple[str, str, str], tuple[Path, Path]]:
    """{case: (the imported workbook, its LibreOffice recalculation)} for every case."""
    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("sparse")
    exports = [*sorted(SPARSE.glob("*.csv")), *sorted(SPARSE.glob("*.xlsx"))]
    books = {}
    for template, lang, period in CASES:
        book = folder / f"{template}_{lang}_{period}.xlsx"
        run_kpixl.output_of("new", book, "--client", "Marca", "--template", template, "--lang", lang,
                            "--period", PERIODS[period])
        run_kpixl.output_of("import", book, *exports, "--year", "2026")
        books[template, lang, period] = book
    out = {}
    for lang, locale in LOCALES.items():
        cases = [case for case in books if case[1] == lang]
        found = libreoffice.recalculate_many([books[c] for c in cases], folder / locale, locale)
        out.update({case: (books[case], recalculated) for case, recalculated in zip(cases, found, strict=True)})
    return out


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_every_cached_value_is_what_libreoffice_recalculates(imported, case):
    book, recalculated = imported[case]
    formulas = formula_cells(book)
    cached, recalc = _load(book, data_only=True), _load(recalculated, data_only=True)
    wrong = [f"{sheet}!{ref}: cached {cached[sheet][ref].value!r}, LibreOffice {recalc[sheet][ref].value!r} "
             f"({formulas[sheet, ref][:100]})" for sheet, ref in formulas
             if not _same(cached[sheet][ref].value, recalc[sheet][ref].value)]
    assert len(formulas) > 2500
    assert not wrong, f"{len(wrong)} of {len(formulas)} differ:\n" + "\n".join(wrong[:25])
    figures = sum(recalc[sheet][ref].value not in (None, "") for sheet, ref in formulas
                  if sheet in {"Dashboard", "Panel", "Trends", "Tendencias"})
    assert figures > 100  # the figure sheets were compared, not only blanks
