"""A generated workbook imported into (new posts, an updated post) and refreshed reads right before recalculation:
every formula cell of the network tables carries the engine's value and it is LibreOffice's recalculated value;
the Dashboard's and Goals' formula cells, whose inputs changed, carry none (never a stale figure); user cells and
every other byte stay as they were; Microsoft's validator accepts the file."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from kpixl.refresh.package_book import FIGURE_SHEETS, open_book
from kpixl.refresh.sheet_xml import split_ref
from kpixl.workbook.row_xml import row_without_cached, with_cached
from tests import libreoffice, ooxml
from tests.refresh.test_package_in_place import IG, cli, new_posts
from tests.workbook.conftest import make
from tests.workbook.test_cached_values import _load, _same, formula_cells

FORMULA_CELL = re.compile(rb"<c\b[^>]*(?<!/)>(?:(?!</c>).)*<f\b(?:(?!</c>).)*</c>", re.S)


def _formula_cells_by_part(path: Path) -> dict[str, list[bytes]]:
    with zipfile.ZipFile(path) as z:
        return {n: FORMULA_CELL.findall(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def _sheet_parts(path: Path) -> dict[str, str]:
    with open_book(path) as book:
        return {s.name: s.part for s in book.sheets}


def test_imported_and_refreshed_workbook_caches_engine_values(tmp_path: Path, exports: Path):
    libreoffice.require_soffice()
    ooxml.require_validator()
    book, spec, _ = make(tmp_path, "social", "es", size=12, networks=("facebook", "instagram"))
    layout = spec.layout
    cli("import", str(book), str(exports / IG))  # new posts
    out = cli("import", str(book), str(new_posts(tmp_path, exports)))  # 4 new, one with more likes
    assert "4 added, 1 updated" in out
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(exports / IG, folder)
    cli("refresh", str(book), "--from", str(folder))  # the older export again: the updated post goes back
    ooxml.assert_valid(book)

    parts = _sheet_parts(book)
    stripped = {parts[layout.sheet_name(k)] for k in FIGURE_SHEETS if layout.sheet_name(k) in parts}
    for part, found in _formula_cells_by_part(book).items():
        bare = [c for c in found if b"<v>" not in c and b"<v " not in c]
        if part in stripped:
            assert all(b"<v" not in c for c in found), f"{part}: a stale cached value left"
        else:
            assert not bare, f"{part}: formula cells without a cached value: {bare[:3]}"

    recalculated = libreoffice.recalculate(book, tmp_path / "recalculated")
    formulas = formula_cells(book)
    cached, recalc = _load(book, data_only=True), _load(recalculated, data_only=True)
    wrong, checked = [], 0
    ig = layout.network_sheet("instagram")
    for sheet, ref in formulas:
        got, want = cached[sheet][ref].value, recalc[sheet][ref].value
        if parts[sheet] in stripped:
            assert got is None, f"{sheet}!{ref} keeps a cached value"
            continue
        checked += sheet == ig and split_ref(ref)[1] > 13  # rows the imports appended
        if not _same(got, want):
            wrong.append(f"{sheet}!{ref}: cached {got!r}, LibreOffice {want!r} ({formulas[sheet, ref][:80]})")
    assert not wrong, f"{len(wrong)} of {len(formulas)} cached values differ:\n" + "\n".join(wrong[:25])
    assert checked > 50  # the imported Instagram rows were compared


def test_a_cached_value_is_replaced_and_removed_in_place():
    """Only the value and its type change; the formula, style and any other attribute stay as written."""
    cell = b'<x:c r="B2" s="7" t="str" cm="1"><x:f t="shared" si="3"/><x:v>old</x:v></x:c>'
    assert with_cached(cell, 0.25) == b'<x:c r="B2" s="7" cm="1"><x:f t="shared" si="3"/><x:v>0.25</x:v></x:c>'
    assert with_cached(cell, None) == b'<x:c r="B2" s="7" cm="1" t="str"><x:f t="shared" si="3"/><x:v></x:v></x:c>'
    row = (b'<row r="2" spans="1:3"><c r="A2" t="s"><v>4</v></c><c r="B2" s="2"><f>A2*2</f><v>8</v></c>'
           b'<c r="C2" s="1"/></row>')
    assert row_without_cached(row) == row.replace(b"<v>8</v>", b"")
