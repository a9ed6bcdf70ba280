"""The Trends sheet's formats table on real-shaped sparse exports (issue 19 items 5 and 12): it lists only the formats
with posts in the period, most posts first, and Facebook's photo and Instagram's image are one format; the list is
formula-driven, so an import that adds posts of other formats (Facebook's videos) grows it. Spanish workbook, June–July
2026 of samples/sparse; after each import every cached value of the sheet is what LibreOffice recalculates (es-ES)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests import libreoffice
from tests.workbook.test_cached_values import _load, _same, formula_cells

SPARSE = Path(__file__).resolve().parents[2] / "samples" / "sparse"
SHEET = "Tendencias"


def _table(book: Path) -> list[tuple]:
    """(format, posts) of the rows the client reads, until the first blank row."""
    ws = _load(book, data_only=True)[SHEET]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Formato")
    rows = []
    for r in range(header + 1, ws.max_row + 1):
        if ws.cell(r, 1).value in (None, ""):
            break
        rows.append((ws.cell(r, 1).value, ws.cell(r, 2).value))
    return rows


def _mismatches(book: Path, recalculated: Path) -> list[str]:
    cached, recalc = _load(book, data_only=True), _load(recalculated, data_only=True)
    return [f"{ref}: {cached[s][ref].value!r} vs {recalc[s][ref].value!r}" for s, ref in formula_cells(book)
            if s == SHEET and not _same(cached[s][ref].value, recalc[s][ref].value)]


def test_only_formats_with_posts_most_first_photo_and_image_as_one(tmp_path, run_kpixl):
    libreoffice.require_soffice()
    book = tmp_path / "marca.xlsx"
    run_kpixl.output_of("new", book, "--client", "Marca", "--lang", "es", "--period", "2026-06-01:2026-07-31")
    run_kpixl.output_of("import", book, SPARSE / "instagram_contenido.csv", "--year", "2026")
    instagram_only = tmp_path / "instagram_only.xlsx"
    shutil.copy(book, instagram_only)
    run_kpixl.output_of("import", book, SPARSE / "facebook_contenido.csv", "--year", "2026")
    before, after = libreoffice.recalculate_many([instagram_only, book], tmp_path / "out", "es-ES")
    assert not _mismatches(instagram_only, before)
    assert not _mismatches(book, after)

    shown = _table(instagram_only)
    assert [name for name, _ in shown] == ["Reel", "Carrusel", "Foto"]  # Instagram's images under one name
    assert _table(before) == shown
    grown = _table(book)
    assert _table(after) == grown
    names = [name for name, _ in grown]
    assert names == ["Reel", "Foto", "Carrusel", "Vídeo", "Enlace"]  # Facebook's photos joined Instagram's images
    assert dict(grown)["Foto"] == 2 + 5
    assert all(posts > 0 for _, posts in grown) and len(set(names)) == len(names)
    counts = [posts for _, posts in grown]
    assert counts == sorted(counts, reverse=True)
    # the rows past the last format are bare (no rule under an empty row); a row's rule comes with its format
    ws = _load(book)[SHEET]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Formato")
    past = header + len(grown) + 1
    assert ws.cell(past, 2).border.bottom.style is None
    rules = [(str(area), rule.formula) for area, found in ws.conditional_formatting._cf_rules.items()
             for rule in found if rule.type == "expression"]
    assert any(f"A{header + 1}:" in area and formula == [f'$A{header + 1}<>""'] for area, formula in rules), rules
