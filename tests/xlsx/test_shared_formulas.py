"""Shared formulas: each follower reads as its own formula, the master's text moved to the follower's cell (relative
references move, `$` ones stay, ranges, other sheets, structured references and text literals such as "A1" do
not move), through every route of the cell decoder and as openpyxl reads it; and when a master cell is replaced,
its followers are written out in full (`orphan`, `standalone`) and still read as the same formulas."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from kpixl.xlsx.cell_values import Formula
from kpixl.xlsx.shared_formulas import Shared, moves, translate
from kpixl.xlsx.sheet_reader import SheetStream, cells, row_number, row_start_tag
from tests.xlsx.packages import prefixed, sheet, workbook
from tests.xlsx.test_cell_decoder import PART, decoder_of, every_route, openpyxl_cells, table_rows

MASTER = "A2+$B$2+SUM(A$1:C2)&amp;\"A1\"&amp;Other!B2&amp;'My Sheet'!$C3:D$4"
"""Relative, absolute and mixed references, a range, a text literal, references to other sheets (as written)."""

ROWS = (
    '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c><c r="E1"><v>4</v></c></row>'
    f'<row r="2"><c r="A2"><v>10</v></c><c r="D2" t="str"><f t="shared" ref="D2:D5" si="0">{MASTER}</f><v>x</v></c>'
    '<c r="E2"><f t="shared" ref="E2:G2" si="1">SUM(A:A)+SUM($1:1)+E1</f><v>0</v></c>'
    '<c r="F2"><f t="shared" si="1"/><v>0</v></c><c r="G2" s="0"><f si="1" t="shared"/><v>0</v></c>'
    '<c r="H2"><f t="shared" ref="H2:H3" si="2">SUM(T[Reach])*A2+SUM(T[[#This Row],[Reach]])</f><v>0</v></c>'
    '<c r="I2"><f t="shared" ref="I2:I3" si="3">TODAY()</f><v>45352</v></c>'
    '<c r="J2" t="str"><f t="shared" ref="J2:J3" si="4">"A1 and B2"&amp;"!"</f><v>A1 and B2!</v></c>'
    '<c r="K2"><f t="shared" ref="K2:L3" si="5">$A1*B$1</f><v>0</v></c><c r="L2"><f t="shared" si="5"/></c></row>'
    '<row r="3"><c r="D3" t="str"><f t="shared" si="0"/><v>x</v></c><c r="H3"><f t="shared" si="2"/><v>0</v></c>'
    '<c r="I3"><f t="shared" si="3"/><v>45352</v></c><c r="J3" t="str"><f t="shared" si="4"/><v>A1 and B2!</v></c>'
    '<c r="K3"><f t="shared" si="5"/><v>0</v></c><c r="L3"><f t="shared" si="5"/><v>0</v></c></row>'
    '<row r="4"><c r="D4" t="str"><f t="shared" si="0"></f><v>x</v></c>'
    '<c r="M4"><f t="shared" si="7"/><v>0</v></c></row>'  # a follower whose master is nowhere: no formula text
    '<row><c><v>5</v></c><c/><c s="0"/><c t="str"><f t="shared" si="0"/><v>x</v></c></row>'  # D5 without r
)
"""Six shared formula groups: a column, a row, a 2 x 2 block, and three whose text does not move."""

EXPECTED = {
    (2, 4): "=A2+$B$2+SUM(A$1:C2)&\"A1\"&Other!B2&'My Sheet'!$C3:D$4",
    (3, 4): "=A3+$B$2+SUM(A$1:C3)&\"A1\"&Other!B3&'My Sheet'!$C4:D$4",
    (4, 4): "=A4+$B$2+SUM(A$1:C4)&\"A1\"&Other!B4&'My Sheet'!$C5:D$4",
    (5, 4): "=A5+$B$2+SUM(A$1:C5)&\"A1\"&Other!B5&'My Sheet'!$C6:D$4",
    (2, 5): "=SUM(A:A)+SUM($1:1)+E1", (2, 6): "=SUM(B:B)+SUM($1:1)+F1", (2, 7): "=SUM(C:C)+SUM($1:1)+G1",
    (2, 8): "=SUM(T[Reach])*A2+SUM(T[[#This Row],[Reach]])", (3, 8): "=SUM(T[Reach])*A3+SUM(T[[#This Row],[Reach]])",
    (2, 9): "=TODAY()", (3, 9): "=TODAY()",
    (2, 10): '="A1 and B2"&"!"', (3, 10): '="A1 and B2"&"!"',
    (2, 11): "=$A1*B$1", (2, 12): "=$A1*C$1", (3, 11): "=$A2*B$1", (3, 12): "=$A2*C$1",
    (4, 13): "=",
}
"""Each formula cell's formula, spelled out (as openpyxl reads them all but D5)."""

UNMOVED = ("formula", EXPECTED[(2, 4)])
"""What openpyxl reads at D5: it translates a follower by its `r` alone, so one without `r` keeps its master's text
unmoved; the decoder places it by its row and column."""


def shared_book(rows: str = ROWS, prefix: str = "") -> dict[str, bytes | str]:
    return workbook({"Values": sheet(prefixed(rows, prefix) if prefix else rows, prefix=prefix),
                     "Other": sheet(""), "My Sheet": sheet("")})


def oracle(book: dict[str, bytes | str]) -> dict[tuple[int, int], tuple[str, Any]]:
    """The sheet's cells as openpyxl reads them, D5 as it should read (`UNMOVED`)."""
    found = openpyxl_cells(book)
    assert found[(5, 4)] == UNMOVED
    return found | {(5, 4): ("formula", EXPECTED[(5, 4)])}


@pytest.mark.parametrize("prefix", ["", "x"], ids=["plain", "prefixed"])
def test_each_follower_reads_as_its_own_formula_by_every_route(prefix):
    book = shared_book(prefix=prefix)
    expected = oracle(book)
    assert {k: v for k, (kind, v) in expected.items() if kind == "formula"} == EXPECTED
    for route, found in every_route(decoder_of(book)).items():
        assert found == expected, route


def test_a_followers_formula_is_formula_text():
    found = decoder_of(shared_book()).sheet_cells(PART)
    assert all(isinstance(found[k][0], Formula) for k in EXPECTED)
    assert found[(3, 4)][1:] == (' t="str"', "x") and found[(2, 12)][1:] == ("", None)  # its cached value as written


@pytest.mark.parametrize(("lo", "hi"), [(12, 12), (6, 7), (4, 4)], ids=["L", "F:G", "D"])
def test_a_table_whose_columns_leave_out_the_master_still_reads_its_followers(lo, hi):
    book = shared_book()
    expected = {k: v for k, v in oracle(book).items() if lo <= k[1] <= hi}
    assert table_rows(decoder_of(book), PART, lo, hi) == expected


def rewritten(part: bytes, replaced: set[tuple[int, int]]) -> bytes:
    """A sheet part with the cells at `replaced` holding the number 7 and every other cell passed through
    `standalone` after the replaced masters were `orphan`ed, as the sheet writer does."""
    source = SheetStream(io.BytesIO(part), PART)
    patterns, orphans, out, n = source.patterns, Shared(), [source.head], 0
    for raw in source.rows():
        n = row_number(raw, n)
        start = row_start_tag(raw)
        if start.endswith(b"/>"):
            out.append(raw)
            continue
        row = []
        for c in cells(raw, patterns):
            if (n, c.column) in replaced:
                orphans.orphan(c, patterns, n)
                q = patterns.prefix + b":" if patterns.prefix else b""
                ref = f"{get_column_letter(c.column)}{n}".encode()
                row.append(b"<" + q + b'c r="' + ref + b'"><' + q + b"v>7</" + q + b"v></" + q + b"c>")
            else:
                row.append(orphans.standalone(c, patterns, n))
        out.append(start + b"".join(row) + patterns.row_end)
    return b"".join(out) + source.tail()


@pytest.mark.parametrize("prefix", ["", "x"], ids=["plain", "prefixed"])
def test_followers_of_a_replaced_master_are_written_out_in_full_and_read_the_same(prefix):
    book = shared_book(prefix=prefix)
    replaced = {(2, 4): ("int", 7), (2, 11): ("int", 7)}  # the masters of groups 0 and 5
    after_book = {**book, PART: rewritten(book[PART], set(replaced))}
    expected = oracle(book) | replaced
    assert openpyxl_cells(after_book) == expected  # D5's formula written out, openpyxl too reads it moved
    for route, found in every_route(decoder_of(after_book)).items():
        assert found == expected, route


def test_standalone_writes_the_formula_escaped_and_keeps_the_rest_of_the_cell():
    book = shared_book()
    after = rewritten(book[PART], {(2, 4)})
    assert b'<c r="D3" t="str"><f>A3+$B$2+SUM(A$1:C3)&amp;"A1"&amp;Other!B3&amp;\'My Sheet\'!$C4:D$4</f><v>x</v></c>' \
        in after
    assert b'<c t="str"><f>A5+$B$2' in after  # a follower without r: its row and column give its place
    assert after.count(b'si="0"') == 0
    for kept in (b'<c r="F2"><f t="shared" si="1"/><v>0</v></c>', b'<c r="L3"><f t="shared" si="5"/><v>0</v></c>',
                 b'<c r="M4"><f t="shared" si="7"/><v>0</v></c>', b'<c r="A1"><v>1</v></c>'):
        assert kept in after  # other groups' followers, followers without a master and plain cells as they were


def test_nothing_orphaned_leaves_every_cell_as_it_was():
    book = shared_book()
    source = SheetStream(io.BytesIO(book[PART]), PART)
    shared, n = Shared(), 0
    for raw in source.rows():
        n = row_number(raw, n)
        for c in cells(raw, source.patterns):
            assert shared.standalone(c, source.patterns, n) is c.xml
    orphaned = Shared()
    row = next(iter(SheetStream(io.BytesIO(book[PART]), PART).rows()))
    for c in cells(row, source.patterns):  # orphaning a cell that is no master remembers nothing
        orphaned.orphan(c, source.patterns, 1)
    assert orphaned.masters == {}


@pytest.mark.parametrize(("formula", "origin", "target", "moved"), [
    ("=A1+$A$1+A$1+$A1", "B2", "C4", "=B3+$A$1+B$1+$A3"),
    ("=SUM(A1:B2)+SUM(A:A)+SUM(1:1)", "C3", "C4", "=SUM(A2:B3)+SUM(A:A)+SUM(2:2)"),
    ("=Other!A1+'My Sheet'!$B1", "A1", "B1", "=Other!B1+'My Sheet'!$B1"),
    ('="A1"&A1', "A1", "A2", '="A1"&A2'),
    ("=SUM(T[Reach])", "A1", "A9", "=SUM(T[Reach])"),
    ("=TODAY()", "A1", "Z99", "=TODAY()"),
    ("=A1", "B2", "B2", "=A1"),
])
def test_translate_moves_a_formula_from_its_masters_cell(formula, origin, target, moved):
    assert translate(formula, origin, target) == moved


@pytest.mark.parametrize(("formula", "expected"), [
    ("=A1", True), ("=$B$2", True), ("=SUM(A:A)", True), ("=SUM(3:3)", True), ("=Other!C3", True),
    ("=SUM(T[Reach])", False), ("=T[[#This Row],[Reach]]*2", False), ("=TODAY()", False), ('="x"', False),
])
def test_moves_tells_formulas_with_a1_references(formula, expected):
    assert moves(formula) is expected
