"""The cell decoder reads a sheet's cells as openpyxl reads them: hand-written packages decoded through every route
the package adapter takes (a sheet's cells, its values, one cell, a table's rows with the one-match `fast_row`)
and compared, value and kind, with `openpyxl.load_workbook` on the same bytes; a damaged cell is named."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from kpixl.errors import KpixlError
from kpixl.xlsx import parts
from kpixl.xlsx.cell_decoder import CellDecoder
from kpixl.xlsx.cell_values import Formula
from kpixl.xlsx.shared_formulas import Shared
from kpixl.xlsx.sheet_reader import cells
from tests.xlsx.packages import archive, package, prefixed, sheet, workbook

Parts = dict[str, bytes | str]
Typed = tuple[str, Any]
"""A value with its kind: "formula" for a formula (`=` text), else its Python type's name (True is not 1)."""

PART = "xl/worksheets/sheet1.xml"
STRINGS = ["<t>Reach</t>",
           '<r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r>',
           '<t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/>',
           "<t>a &lt;b&gt; &amp; &#233;</t>",
           "<t>=not a formula</t>",
           "<t/>"]
STYLES = [0, 14, "yyyy-mm-dd hh:mm", "0.00", "[$-409]d mmm yyyy"]
"""Cell styles by number format: 0 General, 1 and 2 and 4 dates, 3 a number."""

VALUES = (
    # shared strings: plain, rich-text runs, phonetic runs left out, entities, text starting with "=", empty
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s" s="3"><v>5</v></c></row>'
    # inline strings: plain, rich with a phonetic run, entities, spaces kept
    '<row r="2"><c r="A2" t="inlineStr"><is><t>inline</t></is></c>'
    '<c r="B2" t="inlineStr"><is><r><rPr><i/></rPr><t>京</t></r><r><t>都</t></r><rPh sb="0" eb="1"><t>キョウ</t>'
    '</rPh></is></c><c r="C2" t="inlineStr"><is><t>Q&amp;A &quot;1&quot;</t></is></c>'
    '<c r="D2" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c></row>'
    # numbers: 1E-3, a big integer, negative, zero, an exponent, a number in a non-date style
    '<row r="3"><c r="A3"><v>1E-3</v></c><c r="B3"><v>12345678901234567890</v></c><c r="C3"><v>-2.5</v></c>'
    '<c r="D3"><v>0</v></c><c r="E3"><v>1.5e+20</v></c><c r="F3" s="3"><v>45352</v></c></row>'
    # booleans and errors (cached, and the result of a formula)
    '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c><c r="C4" t="e"><v>#DIV/0!</v></c>'
    '<c r="D4" t="e"><v>#N/A</v></c><c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
    # t="str" (a cached string, and a formula's result), t="d" ISO dates
    '<row r="5"><c r="A5" t="str"><v>a &lt;b&gt; &amp; c</v></c><c r="B5" t="str"><f>A1&amp;"x"</f><v>Reachx</v></c>'
    '<c r="C5" t="d"><v>2024-03-01T10:30:00</v></c><c r="D5" t="d" s="2"><v>2024-03-01T00:00:00</v></c></row>'
    # serial dates in date styles (built-in 14, custom codes), a time of day, a serial before 1900's leap bug
    '<row r="6"><c r="A6" s="1"><v>45352</v></c><c r="B6" s="2"><v>45352.75</v></c><c r="C6" s="4"><v>1</v></c>'
    '<c r="D6" s="2"><v>0.5</v></c><c r="E6" s="1"><v>59</v></c><c r="F6" s="1"><v>61</v></c></row>'
    # empty cells with only a style
    '<row r="7"><c r="A7" s="3"/><c r="B7" s="1"></c><c r="C7"><v>7</v></c></row>'
    # a row without r, cells without r
    '<row><c t="inlineStr"><is><t>no r</t></is></c><c><v>8</v></c><c r="E8"><v>9</v></c><c s="1"><v>45352</v></c>'
    '</row>'
    # formulas: plain, text literal with entities, comparison, no cached value, another sheet, a function-only one
    '<row r="10"><c r="A10"><f>SUM(A3:D3)</f><v>0.001</v></c><c r="B10" t="str"><f>IF(A3&gt;0,"yes","no")</f>'
    '<v>yes</v></c><c r="C10"><f>NOW()</f></c><c r="D10"><f>\'Other sheet\'!$B$2*2</f><v>4</v></c>'
    '<c r="E10" s="1"><f>TODAY()</f><v>45352</v></c></row>'
    # attributes in another order, extra attributes, a spans row
    '<row r="11" spans="1:4" ht="15" customHeight="1"><c r="A11" t="s" s="3"><v>0</v></c>'
    '<c s="1" r="B11"><v>45352</v></c><c r="C11" cm="1" t="b"><v>1</v></c><c r="D11" s="0" t="n"><v>3</v></c>'
    "<c r='E11' t='inlineStr'><is><t>single quotes</t></is></c></row>"
    '<row r="12"/>'
)
"""One sheet with a cell of every kind the decoder reads."""


def typed(value: Any) -> Typed:
    return ("formula" if isinstance(value, Formula) else type(value).__name__, value)


def openpyxl_cells(book: Parts, name: str = "Values") -> dict[tuple[int, int], Typed]:
    """Every non-empty cell of a sheet of a package as `openpyxl.load_workbook` reads it, with its kind."""
    ws = openpyxl.load_workbook(io.BytesIO(package(book)))[name]
    return {(c.row, c.column): ("formula" if c.data_type == "f" else type(c.value).__name__, c.value)
            for row in ws.iter_rows() for c in row if c.value is not None}


def decoder_of(book: Parts, *, date1904: bool = False) -> CellDecoder:
    """A package's decoder as the package adapter builds it (date styles from styles.xml, the workbook's epoch)."""
    zipped = archive(book)
    return CellDecoder(zipped, "book.xlsx", "xl/sharedStrings.xml", parts.date_styles(zipped, "xl/styles.xml"),
                       CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)


def table_rows(decoder: CellDecoder, part: str, lo: int = 1, hi: int = 16) -> dict[tuple[int, int], Typed]:
    """Columns lo..hi of every row as a table's body is read: `fast_row` when a row has the plain shape, else cell
    by cell (`value`, one `Shared` for the sheet)."""
    out, shared = {}, Shared()
    for n, raw, patterns in decoder.stream(part):
        line: list[Any] = [None] * (hi - lo + 1)
        style: list[int | None] = [None] * (hi - lo + 1)
        if patterns.prefix or not decoder.fast_row(raw, n, lo, hi, line, style, shared):
            for c in cells(raw, patterns):
                if lo <= c.column <= hi:
                    line[c.column - lo] = decoder.value(c, patterns, shared, n)
        out.update({(n, lo + i): typed(v) for i, v in enumerate(line) if v is not None})
    return out


def every_route(decoder: CellDecoder, part: str = PART) -> dict[str, dict[tuple[int, int], Typed]]:
    """A sheet's non-empty cells read each way the package adapter reads them."""
    grid = decoder.sheet_values(part)
    return {
        "sheet_cells": {k: typed(v[0]) for k, v in decoder.sheet_cells(part).items()},
        "sheet_values": {(r, c): typed(v) for r, row in enumerate(grid, 1) for c, v in enumerate(row, 1)
                         if v is not None},
        "table rows": table_rows(decoder, part),
    }


def values_book(*, date1904: bool = False) -> Parts:
    return workbook({"Values": sheet(VALUES), "Other sheet": sheet("")}, strings=STRINGS, styles=STYLES,
                    date1904=date1904)


@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_every_cell_reads_as_openpyxl_reads_it_by_every_route(date1904):
    book = values_book(date1904=date1904)
    expected = openpyxl_cells(book)
    assert len(expected) == 46
    for route, found in every_route(decoder_of(book, date1904=date1904)).items():
        assert found == expected, route


def test_the_values_read_are_the_ones_written():
    """What openpyxl (the oracle) reads here, spelled out: the kinds the decoder must give."""
    found = every_route(decoder_of(values_book()))["sheet_cells"]
    assert [found[(1, c)] for c in range(1, 7)] == [
        ("str", "Reach"), ("str", "Bold and plain"), ("str", "東京"), ("str", "a <b> & é"),
        ("str", "=not a formula"), ("str", "")]  # text starting with "=" is no formula; the empty string a value
    assert [found[(2, c)][1] for c in range(1, 5)] == ["inline", "京都", 'Q&A "1"', " padded "]
    assert [found[(3, c)] for c in range(1, 7)] == [
        ("float", 0.001), ("int", 12345678901234567890), ("float", -2.5), ("int", 0), ("float", 1.5e20),
        ("int", 45352)]
    assert [found[(4, c)] for c in range(1, 6)] == [
        ("bool", True), ("bool", False), ("str", "#DIV/0!"), ("str", "#N/A"), ("formula", "=1/0")]
    assert [found[(5, c)][1] for c in range(1, 5)] == [
        "a <b> & c", '=A1&"x"', dt.datetime(2024, 3, 1, 10, 30), dt.datetime(2024, 3, 1)]
    assert [found[(6, c)][1] for c in range(1, 7)] == [
        dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 1, 18), dt.datetime(1900, 1, 1), dt.time(12),
        dt.datetime(1900, 2, 28), dt.datetime(1900, 3, 1)]
    assert [(k, v) for k, v in found.items() if k[0] in (7, 8)] == [
        ((7, 3), ("int", 7)), ((8, 1), ("str", "no r")), ((8, 2), ("int", 8)), ((8, 5), ("int", 9)),
        ((8, 6), ("datetime", dt.datetime(2024, 3, 1)))]
    assert [found[(10, c)] for c in range(1, 6)] == [
        ("formula", "=SUM(A3:D3)"), ("formula", '=IF(A3>0,"yes","no")'), ("formula", "=NOW()"),
        ("formula", "='Other sheet'!$B$2*2"), ("formula", "=TODAY()")]


def test_serial_dates_count_from_the_workbooks_epoch():
    found = every_route(decoder_of(values_book(date1904=True), date1904=True))["sheet_cells"]
    assert found[(6, 1)] == ("datetime", dt.datetime(2028, 3, 2))  # 45352 days after 1904-01-01
    assert found[(6, 3)] == ("datetime", dt.datetime(1904, 1, 2))
    assert found[(3, 6)] == ("int", 45352)  # a number in a number style stays a number


def test_one_cell_as_a_defined_name_reads_it():
    book = values_book()
    decoder, expected = decoder_of(book), openpyxl_cells(book)
    for (row, column), value in expected.items():
        found = decoder.cell(PART, row, column)
        assert found is not None and typed(decoder.value(*found)) == value, (row, column)
    cell, patterns = decoder.cell(PART, 7, 1)  # a cell with only a style is there, and holds no value
    assert cell.attr(b"s") == b"3" and decoder.value(cell, patterns) is None
    assert decoder.cell(PART, 9, 1) is None and decoder.cell(PART, 99, 1) is None
    assert decoder.cell("xl/worksheets/missing.xml", 1, 1) is None


def test_sheet_cells_give_a_formulas_cached_type_and_value_as_written():
    found = decoder_of(values_book()).sheet_cells(PART)
    assert found[(5, 2)] == ('=A1&"x"', ' t="str"', "Reachx")
    assert found[(4, 5)] == ("=1/0", ' t="e"', "#DIV/0!")
    assert found[(10, 1)] == ("=SUM(A3:D3)", "", "0.001")
    assert found[(10, 3)] == ("=NOW()", "", None)  # no cached value
    assert found[(1, 1)] == ("Reach", None, None)  # not a formula: no cached type or value
    assert decoder_of(values_book()).sheet_values("xl/worksheets/sheet2.xml") == []


def test_sheet_values_pad_rows_to_one_width_from_a1():
    rows = '<row r="2"><c r="B2"><v>1</v></c></row><row r="4"><c r="D4" t="b"><v>0</v></c><c r="E4" s="1"/></row>'
    book = workbook({"S": sheet(rows)})
    assert decoder_of(book).sheet_values(PART) == [
        [None] * 4, [None, 1, None, None], [None] * 4, [None, None, None, False]]


PLAIN = (
    '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3" t="s"><v>3</v></c>'
    '<c r="C1" t="inlineStr"><is><t>in &amp; out</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c>'
    '<c r="E1" s="3"/></row>'
    '<row r="2"><c r="A2"><v>1E-3</v></c><c r="B2"><v>12345678901234567890</v></c><c r="C2" s="1"><v>45352</v></c>'
    '<c r="D2" s="2"><v>45352.25</v></c><c r="E2" s="3"><v>45352</v></c><c r="F2"><v/></c></row>'
    '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><v>#N/A</v></c>'
    '<c r="D3" t="str"><v>&lt;x&gt;</v></c><c r="E3" t="e"><f>NA()</f><v>#N/A</v></c></row>'
    '<row r="4"><c r="A4"><f>SUM(A2:B2)</f><v>1</v></c><c r="B4" t="str"><f aca="false">A1&amp;"!"</f>'
    '<v>Reach!</v></c><c r="C4"><f>NOW()</f></c><c r="D4" s="1"><f>TODAY()</f><v>45352</v></c></row>'
    '<row r="5"><c r="A5"><f t="shared" ref="A5:A7" si="0">A2*2</f><v>0</v></c><c r="B5"><v>5</v></c></row>'
    '<row r="6"><c r="A6"><f t="shared" si="0"/><v>0</v></c></row>'
    '<row r="7"><c r="A7"><f t="shared" si="0"/><v>0</v></c><c r="C7"><f t="shared" si="9"/><v>0</v></c></row>'
    '<row r="8"/>'
)
"""Rows of the plain shape Excel, LibreOffice and kpixl write: every cell with `r`, `s` before `t`."""


def rows_both_ways(decoder: CellDecoder, lo: int, hi: int) -> list[tuple[bool, list[Typed], list[Typed]]]:
    """Each row of a sheet read by `fast_row` and cell by cell (`value`), with whether `fast_row` took it."""
    out = []
    fast_shared, slow_shared = Shared(), Shared()
    for n, raw, patterns in decoder.stream(PART):
        width = hi - lo + 1
        fast, style = [None] * width, [None] * width
        took = decoder.fast_row(raw, n, lo, hi, fast, style, fast_shared)
        slow, slow_style = [None] * width, [None] * width
        for c in cells(raw, patterns):
            if lo <= c.column <= hi:
                slow[c.column - lo] = decoder.value(c, patterns, slow_shared, n)
                slow_style[c.column - lo] = int(c.attr(b"s") or 0)
        out.append((took, [typed(v) for v in fast], [typed(v) for v in slow]))
        if took:
            assert style == slow_style, n
    return out


@pytest.mark.parametrize(("lo", "hi"), [(1, 6), (2, 4)], ids=["every column", "columns B:D"])
def test_fast_row_reads_rows_of_the_plain_shape_as_value_does(lo, hi):
    decoder = decoder_of(workbook({"S": sheet(PLAIN)}, strings=STRINGS, styles=STYLES))
    rows = rows_both_ways(decoder, lo, hi)
    assert len(rows) == 8 and all(took for took, _, _ in rows)
    for n, (_, fast, slow) in enumerate(rows, 1):
        assert fast == slow, n


def test_fast_row_and_value_agree_with_openpyxl_on_the_plain_shape():
    book = workbook({"Values": sheet(PLAIN)}, strings=STRINGS, styles=STYLES)
    assert table_rows(decoder_of(book), PART) == openpyxl_cells(book)


@pytest.mark.parametrize("row", [
    '<row r="1"><c r="A1"><v>1</v></c><c><v>2</v></c></row>',  # a cell without r
    '<row r="1"><c r="A1" t="s" s="1"><v>0</v></c></row>',  # t before s
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>',  # rich inline text
    '<row r="1"><c r="A1" t="d"><v>2024-03-01T00:00:00</v></c></row>',  # an ISO date
    '<row r="1"><c r="A1" t="inlineStr"><is><t/></is></c></row>',  # an empty inline text, self-closing
    '<row r="1">\n  <c r="A1">\n    <v>1</v>\n  </c>\n</row>',  # pretty-printed
])
def test_rows_of_another_shape_are_left_to_value(row):
    decoder = decoder_of(workbook({"S": sheet(row)}, strings=STRINGS, styles=STYLES))
    (took, _, slow), = rows_both_ways(decoder, 1, 3)
    assert not took
    assert {(1, i + 1): v for i, v in enumerate(slow) if v[1] is not None} == table_rows(decoder, PART)


def test_fast_row_reads_a_serial_beyond_the_last_date_as_value_does():
    decoder = decoder_of(workbook({"S": sheet('<row r="1"><c r="A1" s="1"><v>1E+10</v></c></row>')},
                                          styles=STYLES))
    (took, fast, slow), = rows_both_ways(decoder, 1, 1)
    assert slow == [("float", 1e10)]
    assert took and fast == slow


def test_fast_row_reads_an_empty_inline_text_as_value_does():
    book = workbook({"Values": sheet('<row r="1"><c r="A1" t="inlineStr"><is><t></t></is></c></row>')})
    assert openpyxl_cells(book) == {(1, 1): ("str", "")}
    (took, fast, slow), = rows_both_ways(decoder_of(book), 1, 1)
    assert slow == [("str", "")]
    assert took and fast == slow


def test_iso_dates_without_a_time_and_times_without_a_date_read_as_openpyxl_reads_them():
    rows = '<row r="1"><c r="A1" t="d"><v>2024-03-01</v></c><c r="B1" t="d"><v>10:30:00</v></c></row>'
    book = workbook({"Values": sheet(rows)})
    assert openpyxl_cells(book) == {(1, 1): ("date", dt.date(2024, 3, 1)), (1, 2): ("time", dt.time(10, 30))}
    assert every_route(decoder_of(book))["sheet_cells"] == openpyxl_cells(book)


def test_a_namespace_prefix_reads_the_same_cells():
    book = workbook({"Values": sheet(prefixed(VALUES, "x"), prefix="x"), "Other sheet": sheet("")}, strings=STRINGS,
                            styles=STYLES)
    expected = openpyxl_cells(values_book())
    assert openpyxl_cells(book) == expected
    for route, found in every_route(decoder_of(book)).items():
        assert found == expected, route


@pytest.mark.parametrize(("cell", "message"), [
    ('<c r="B3" t="s"><v>6</v></c>', r"cell B3 points to shared string '6', which does not exist"),
    ('<c r="B3" t="s"><v>x</v></c>', r"cell B3 points to shared string 'x'"),
    ('<c r="B3"><v>12abc</v></c>', r"cell B3 holds '12abc', which is not a number"),
])
def test_a_damaged_cell_is_named(cell, message):
    decoder = decoder_of(workbook({"S": sheet(f'<row r="3">{cell}</row>')}, strings=STRINGS))
    for read in (decoder.sheet_values, decoder.sheet_cells, lambda part: table_rows(decoder, part)):
        with pytest.raises(KpixlError, match=message):
            read(PART)
