"""A generated workbook imported into (new posts, an updated post) and refreshed reads right before recalculation:
every formula cell — the network tables' rows and the Dashboard, Goals, Top posts, Trends and Creators figures over
them — carries the engine's value and it is LibreOffice's recalculated value; where the user changed what a figure
sheet reads, its cells carry none (never a stale figure); Microsoft's validator accepts the file."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from kpixl.refresh.books.package import open_book
from kpixl.refresh.figures import FIGURE_SHEETS
from kpixl.xlsx.row_writer import row_without_cached, with_cached
from kpixl.xlsx.sheet_reader import split_ref
from tests import libreoffice, ooxml
from tests.refresh.test_package_in_place import IG, new_posts
from tests.workbook.conftest import LOCALES, make
from tests.workbook.test_cached_values import _load, _same, formula_cells

FORMULA_CELL = re.compile(rb"<c\b[^>]*(?<!/)>(?:(?!</c>).)*<f\b(?:(?!</c>).)*</c>", re.S)


def _formula_cells_by_part(path: Path) -> dict[str, list[bytes]]:
    with zipfile.ZipFile(path) as z:
        return {n: FORMULA_CELL.findall(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


def _sheet_parts(path: Path) -> dict[str, str]:
    with open_book(path) as book:
        return {s.name: s.part for s in book.sheets}


def test_imported_and_refreshed_workbook_caches_engine_values(tmp_path: Path, exports: Path, run_kpixl):
    libreoffice.require_soffice()
    ooxml.require_validator()
    book, spec, _ = make(tmp_path, "social", "es", size=12, networks=("facebook", "instagram"))
    layout = spec.layout
    run_kpixl.output_of("import", str(book), str(exports / IG))  # new posts
    out = run_kpixl.output_of("import", str(book), str(new_posts(tmp_path, exports)))  # 4 new, one with more likes
    assert "4 añadidas, 1 actualizadas" in out  # a Spanish workbook: kpixl import reports in Spanish
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(exports / IG, folder)
    run_kpixl.output_of("refresh", str(book), "--from", str(folder))  # the older export again: the updated post is back
    ooxml.assert_valid(book)

    _assert_cached_is_recalculated(book, tmp_path, layout, min_rows=51, min_figures=101)


def _assert_cached_is_recalculated(book: Path, tmp_path: Path, layout, *, blank: frozenset[str] = frozenset(),
                                   min_rows: int = 0, min_figures: int = 0) -> None:
    """Every formula cell carries a cached value equal to LibreOffice's recalculation, except those of the `blank`
    sheets, which carry none; at least `min_rows` of the imported Instagram rows' cells and `min_figures` figures
    of the figure sheets are compared."""
    parts = _sheet_parts(book)
    blank_parts = {parts[sheet] for sheet in blank}
    figure_parts = {parts[layout.sheet_name(k)] for k in FIGURE_SHEETS if layout.sheet_name(k) in parts}
    for part, found in _formula_cells_by_part(book).items():
        bare = [c for c in found if b"<v>" not in c and b"<v " not in c]
        if part in blank_parts:
            assert all(b"<v" not in c for c in found), f"{part}: a stale cached value left"
        else:
            assert not bare, f"{part}: formula cells without a cached value: {bare[:3]}"

    recalculated = libreoffice.recalculate(book, tmp_path / "recalculated", LOCALES[layout.lang])
    formulas = formula_cells(book)
    cached, recalc = _load(book, data_only=True), _load(recalculated, data_only=True)
    wrong, checked, figures = [], 0, 0
    ig = layout.network_sheet("instagram")
    for sheet, ref in formulas:
        got, want = cached[sheet][ref].value, recalc[sheet][ref].value
        if sheet in blank:
            assert got is None, f"{sheet}!{ref} keeps a cached value"
            continue
        checked += sheet == ig and split_ref(ref)[1] > 13  # rows the imports appended
        figures += parts[sheet] in figure_parts and want not in (None, "")
        if not _same(got, want):
            wrong.append(f"{sheet}!{ref}: cached {got!r}, LibreOffice {want!r} ({formulas[sheet, ref][:80]})")
    assert not wrong, f"{len(wrong)} of {len(formulas)} cached values differ:\n" + "\n".join(wrong[:25])
    assert checked >= min_rows  # the imported Instagram rows were compared
    assert figures >= min_figures  # and the figures over them


def test_a_cached_value_is_replaced_and_removed_in_place():
    """Only the value and its type change; the formula, style and any other attribute stay as written."""
    cell = b'<x:c r="B2" s="7" t="str" cm="1"><x:f t="shared" si="3"/><x:v>old</x:v></x:c>'
    assert with_cached(cell, 0.25) == b'<x:c r="B2" s="7" cm="1"><x:f t="shared" si="3"/><x:v>0.25</x:v></x:c>'
    assert with_cached(cell, None) == b'<x:c r="B2" s="7" cm="1" t="str"><x:f t="shared" si="3"/><x:v></x:v></x:c>'
    row = (b'<row r="2" spans="1:3"><c r="A2" t="s"><v>4</v></c><c r="B2" s="2"><f>A2*2</f><v>8</v></c>'
           b'<c r="C2" s="1"/></row>')
    assert row_without_cached(row) == row.replace(b"<v>8</v>", b"")


def _edit_cell(book: Path, sheet: str, ref: str, xml: bytes) -> None:
    """Replace (or add, at the end of its row) one cell of a sheet, as a user typing into it would."""
    part = _sheet_parts(book)[sheet]
    with zipfile.ZipFile(book) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    data = members[part]
    cell = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    if cell.search(data):
        data = cell.sub(xml, data, count=1)
    else:
        row = split_ref(ref)[1]
        found = re.search(rb'<row r="' + str(row).encode() + rb'"[^>]*>.*?</row>', data, re.S)
        assert found, f"{sheet}!{ref}: no row {row}"
        end = found.end() - len(b"</row>")
        data = data[:end] + xml + data[end:]
    members[part] = data
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for name, value in members.items():
            z.writestr(name, value)


def _figures_cached(book: Path, sheet: str) -> int:
    """How many formula cells of a sheet carry a cached value."""
    part = _sheet_parts(book)[sheet]
    return sum(b"<v>" in c for c in _formula_cells_by_part(book)[part])


def test_influencer_creators_and_an_edited_goal_are_recomputed(tmp_path: Path, exports: Path, run_kpixl):
    """The Creators sheet and a goal whose target the user changed get the figures LibreOffice recalculates."""
    libreoffice.require_soffice()
    book, spec, _ = make(tmp_path, "influencer", "en", size=12, networks=("instagram", "tiktok"))
    layout = spec.layout
    goal = layout.goals[0]
    target = goal["cells"]["target"]
    _edit_cell(book, layout.sheet_name("goals"), target, f'<c r="{target}" s="0"><v>2.5</v></c>'.encode())
    run_kpixl.output_of("import", str(book), str(exports / IG))
    assert _figures_cached(book, layout.sheet_name("creators")) > 20
    assert _figures_cached(book, layout.sheet_name("goals")) > 10
    _assert_cached_is_recalculated(book, tmp_path, layout, min_rows=51, min_figures=101)


def test_a_creator_typed_into_a_spare_row_is_kept_and_computed(tmp_path: Path, exports: Path, run_kpixl):
    """A creator typed into a spare row of Creators: the import rebuilds the sheet with that creator kept (#19), after
    the creators above it and with 3 spare rows again, every figure computed as LibreOffice recalculates it."""
    libreoffice.require_soffice()
    book, spec, _ = make(tmp_path, "influencer", "es", size=12, networks=("instagram", "tiktok"))
    layout = spec.layout
    creators = layout.sheet_name("creators")
    with open_book(book) as opened:
        names = opened.sheet_cells(creators)
    spare = next(r for (r, c), (value, _, _) in names.items() if c == 1 and value == "Total") - 1  # a blank row
    _edit_cell(book, creators, f"A{spare}", f'<c r="A{spare}" t="inlineStr"><is><t>nueva_creadora</t></is></c>'
               .encode())
    run_kpixl.output_of("import", str(book), str(exports / IG))
    with open_book(book) as opened:
        cells = opened.sheet_cells(creators)
    total = next(r for (r, c), (value, _, _) in cells.items() if c == 1 and value == "Total")
    rows = [cells.get((r, 1), (None,))[0] for r in range(6, total)]
    assert rows[-4:] == ["nueva_creadora", None, None, None]  # after the other creators, 3 spare rows below it
    assert _figures_cached(book, creators) > 300
    assert _figures_cached(book, layout.sheet_name("dashboard")) > 20
    _assert_cached_is_recalculated(book, tmp_path, layout)
