"""A figure sheet whose formulas are not the ones kpixl writes now (an earlier kpixl's, or the user's) never takes the
value today's formulas compute (#19 item 8): after an import its cells carry no cached value (blank until Excel or
LibreOffice recalculates), as do the sheets that read it, and every other formula cell equals LibreOffice.

The case is real: kpixl before 5fc3b7d divided each post's rate by `$M$53` (its network's median) in Trends' formats
table, which LibreOffice turns blank for a whole array when one network has no post in the period (Facebook in
November here), where today's formula gives a number."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from kpixl.workbook.layout import Layout
from tests import libreoffice
from tests.refresh.test_cached_after_import import _assert_cached_is_recalculated, _sheet_parts
from tests.refresh.test_sparse_samples_cached import SPARSE

EARLIER_DIVISOR = re.compile(r"/IF\(N\((\$[A-Z]+\$\d+)\)&gt;0,N\(\1\),1\)")


def _with_earlier_trends(book: Path, sheet: str) -> int:
    """Rewrite the Trends sheet's formats formulas as kpixl wrote them before 5fc3b7d; returns how many changed."""
    part = _sheet_parts(book)[sheet]
    with zipfile.ZipFile(book) as z:
        members = {info: z.read(info) for info in z.infolist()}
    count = 0
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members.items():
            if info.filename == part:
                text, count = EARLIER_DIVISOR.subn(r"/\1", data.decode())
                data = text.encode()
            out.writestr(info, data)
    return count


def test_a_sheet_with_earlier_formulas_takes_no_value_of_todays(tmp_path: Path, run_kpixl):
    libreoffice.require_soffice()
    book = tmp_path / "november.xlsx"
    run_kpixl.output_of("new", book, "--client", "Marca", "--period", "2026-11-01:2026-11-30")
    layout = Layout.from_workbook(openpyxl.load_workbook(book, read_only=True))
    trends = layout.sheet_name("trends")
    assert _with_earlier_trends(book, trends) > 20
    run_kpixl.output_of("import", book, *sorted(SPARSE.glob("*.csv")), *sorted(SPARSE.glob("*.xlsx")), "--year", "2026")
    readers = {layout.sheet_name(k) for k in ("dashboard",)}  # the Dashboard cites the formats table
    _assert_cached_is_recalculated(book, tmp_path, layout, blank=frozenset({trends, *readers}), min_figures=100)
