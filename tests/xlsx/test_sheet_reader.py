"""The streaming sheet reader: a worksheet part split into head, raw rows and tail, cells found with their columns,
strings decoded (XML's own entities only), and a part with a DOCTYPE refused before anything is read."""

from __future__ import annotations

import codecs
import io

import pytest

from kpixl.errors import KpixlError
from kpixl.xlsx import sheet_reader
from kpixl.xlsx.sheet_reader import SheetStream, cells, column_index, inline_text, row_number, split_ref, unescape
from tests.xlsx.packages import BILLION_LAUGHS, EXTERNAL_ENTITY, sheet

ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Reach</t></is></c></row>'
        '<row r="3" spans="1:2"><c r="A3"><v>1E-3</v></c><c r="B3" t="b"><v>1</v></c></row>'
        '<row r="4"/>')


def stream(part: bytes, name: str = "xl/worksheets/sheet1.xml") -> SheetStream:
    return SheetStream(io.BytesIO(part), name)


def numbered(source: SheetStream) -> list[tuple[int, bytes]]:
    """(row number, raw row) of every row, as the adapters number them."""
    out, previous = [], 0
    for raw in source.rows():
        previous = row_number(raw, previous)
        out.append((previous, raw))
    return out


@pytest.mark.parametrize("chunk", [sheet_reader.CHUNK, 7])
def test_head_rows_and_tail_give_back_the_part_byte_for_byte(monkeypatch, chunk):
    monkeypatch.setattr(sheet_reader, "CHUNK", chunk)  # 7 bytes: every row and tag crosses a chunk boundary
    part = sheet(ROWS, tail='<pageMargins left="0.7"/>')
    source = stream(part)
    rows = list(source.rows())
    assert source.head.endswith(b"<sheetData>")
    assert [r[:12] for r in rows] == [b'<row r="1"><', b'<row r="3" s', b'<row r="4"/>']
    tail = source.tail()
    assert tail.startswith(b"</sheetData><pageMargins")
    assert source.head + b"".join(rows) + tail == part


def test_an_empty_sheet_data_has_no_rows():
    source = stream(sheet("").replace(b"<sheetData></sheetData>", b"<sheetData/>"))
    assert source.self_closing and list(source.rows()) == []
    assert source.tail().startswith(b"</worksheet>")


def test_rows_and_cells_without_r_follow_the_previous_one():
    rows = ('<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>'
            '<row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c><c r="F5"><v>5</v></c></row>'
            "<row><c r='B6' t='b'><v>0</v></c></row>")
    source = stream(sheet(rows))
    found = [(n, [(c.column, c.attr(b"t")) for c in cells(raw, source.patterns)]) for n, raw in numbered(source)]
    assert found == [(1, [(1, b"inlineStr"), (2, None)]), (5, [(3, None), (4, None), (6, None)]), (6, [(2, b"b")])]


def test_cells_of_every_kind_as_written():
    rows = ('<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="e"><v>#DIV/0!</v></c>'
            '<c r="C2" t="e"><f>NA()</f><v>#N/A</v></c><c r="D2" t="b"><v>1</v></c>'
            '<c r="E2" t="d"><v>2024-03-01T00:00:00</v></c><c r="F2" s="1"><v>45352</v></c>'
            '<c r="G2"><v>1E-3</v></c><c r="H2" t="str"><f>A1&amp;"x"</f><v>a &lt;b&gt; &amp; c</v></c>'
            '<c r="I2" s="2"/></row>')
    source = stream(sheet(rows))
    (_, raw), = numbered(source)
    p = source.patterns
    got = {}
    for c in cells(raw, p):
        value = p.value.search(c.inner) if c.inner else None
        formula = p.formula.search(c.inner) if c.inner else None
        got[c.column] = (c.attr(b"t"), c.attr(b"s"), value and unescape(value.group(1).decode()),
                         formula and formula.group(2))
    assert got == {1: (b"s", None, "3", None), 2: (b"e", None, "#DIV/0!", None), 3: (b"e", None, "#N/A", b"NA()"),
                   4: (b"b", None, "1", None), 5: (b"d", None, "2024-03-01T00:00:00", None),
                   6: (None, b"1", "45352", None), 7: (None, None, "1E-3", None),
                   8: (b"str", None, "a <b> & c", b'A1&amp;"x"'), 9: (None, b"2", None, None)}
    assert float(got[7][2]) == 0.001


def test_inline_strings_join_rich_text_runs_and_leave_phonetic_runs_out():
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t>東京</t></r>'
            '<r><t xml:space="preserve"> &amp; more </t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh>'
            "<phoneticPr fontId=\"1\"/></is></c><c r=\"B1\" t=\"inlineStr\"><is><t/></is></c></row>")
    source = stream(sheet(rows))
    (_, raw), = numbered(source)
    texts = [inline_text(source.patterns.inline.search(c.inner).group(1), source.patterns)
             for c in cells(raw, source.patterns)]
    assert texts == ["東京 & more ", ""]


def test_a_namespace_prefix_is_part_of_every_pattern():
    rows = '<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c></x:row>'
    source = stream(sheet(rows, prefix="x"))
    (_, raw), = numbered(source)
    cell, = cells(raw, source.patterns)
    assert source.patterns.prefix == b"x" and cell.column == 2
    assert inline_text(source.patterns.inline.search(cell.inner).group(1), source.patterns) == "hi"


def test_only_xml_entities_and_character_references_are_decoded():
    assert unescape("&lt;a&gt; &amp; &quot;&apos; &#65;&#x42;") == "<a> & \"' AB"
    assert unescape("&lol9; &secret;") == "&lol9; &secret;"  # nothing else is an entity here


def test_references_and_columns():
    assert [column_index(c) for c in ("A", "Z", "AA", "XFD")] == [1, 26, 27, 16384]
    assert split_ref("$ab$12") == (28, 12)
    with pytest.raises(ValueError):
        split_ref("12A")


@pytest.mark.parametrize("prolog", [BILLION_LAUGHS, EXTERNAL_ENTITY, "\ufeff" + EXTERNAL_ENTITY,
                                    '<?xml version="1.0"?><!-- a note --><!DOCTYPE worksheet>'])
def test_a_sheet_with_a_doctype_is_refused_and_nothing_expanded(prolog):
    part = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;&secret;</t></is></c></row>', prolog=prolog)
    with pytest.raises(KpixlError, match=r"xl/worksheets/sheet1\.xml declares a DOCTYPE; refusing it"):
        stream(part)


def test_a_byte_order_mark_is_read_as_any_sheet():
    source = stream(codecs.BOM_UTF8 + sheet(ROWS))
    assert [n for n, _ in numbered(source)] == [1, 3, 4]


@pytest.mark.parametrize(("part", "message"), [
    (b'<?xml version="1.0"?><workbook xmlns="x"/>', "is not a worksheet part"),
    (b'<worksheet xmlns="x"><dimension ref="A1"/></worksheet>', "has no sheetData element"),
    (sheet('<row r="1"/>junk<row r="2"/>'), "unexpected content in the sheet data near b'junk'"),
    (sheet('<row r="1"><c r="A1">').replace(b"</sheetData></worksheet>", b""), "unexpected content"),
])
def test_a_damaged_sheet_is_refused_with_a_clear_message(part, message):
    with pytest.raises(KpixlError, match=message):
        list(stream(part).rows())
