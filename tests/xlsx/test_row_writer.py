"""The row writer: text that would run is written as quote-prefixed text (the one set of formula triggers, shared
with CSV), characters no XML part can hold are refused, and what it writes reads back through the streaming
reader: numbers, booleans, text, shared formulas with their cached values, and dates in 1900 and 1904 workbooks."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, MAC_EPOCH, from_excel
from openpyxl.utils.exceptions import IllegalCharacterError

from kpixl.sources.formula_text import neutralise, restore
from kpixl.xlsx.cell_text import FORMULA_TRIGGERS, XML_ILLEGAL, needs_escape
from kpixl.xlsx.cell_values import to_cell
from kpixl.xlsx.row_writer import ROW, UNKNOWN, FormulaError, FormulaSlot, InputSlot, RowWriter, formula_cell
from kpixl.xlsx.sheet_reader import SheetStream, cells, inline_text, row_number, unescape
from tests.xlsx.packages import sheet

TEXT, QUOTED, NUMBER = 3, 4, 5


def _unusual(value: Any) -> Any:
    raise AssertionError(f"no value here needs openpyxl's writer: {value!r}")


def slot(letter: str, source: str) -> InputSlot:
    return InputSlot(letter, source, lambda v: v, NUMBER, TEXT, QUOTED, _unusual)


def written(writer: RowWriter, rows: list[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    writer.write(out, rows)
    return out.getvalue()


def read_back(rows: bytes) -> dict[tuple[int, int], tuple[bytes | None, bytes | None, str | None]]:
    """Every cell of written rows by (row, column): its `t` and `s` attributes and its text as stored."""
    source = SheetStream(io.BytesIO(sheet(rows.decode())), "sheet")
    out, n, p = {}, 0, source.patterns
    for raw in source.rows():
        n = row_number(raw, n)
        for c in cells(raw, p):
            if c.attr(b"t") == b"inlineStr":
                text = inline_text(p.inline.search(c.inner).group(1), p)
            else:
                found = p.value.search(c.inner or b"")
                text = unescape(found.group(1).decode()) if found else None
            out[(n, c.column)] = (c.attr(b"t"), c.attr(b"s"), text)
    return out


def test_the_formula_triggers_are_owasps_and_shared_by_cells_and_csv():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}
    for text in ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]:
        assert needs_escape(text) and restore(neutralise(text)) == text and neutralise(text) == "'" + text
    for text in ["plain", " =1", "'plain", "1-2", ""]:
        assert not needs_escape(text) and neutralise(text) == text
    for text in ["'=1", "''@x"]:  # a user's own quote before a trigger: one more, so reading back is exact
        assert not needs_escape(text) and neutralise(text) == "'" + text and restore(neutralise(text)) == text
    assert not needs_escape(5)


def test_text_that_would_run_is_written_as_quote_prefixed_text():
    payloads = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@x", "\tTab", "\rCR", "plain <b> & c"]
    rows = written(RowWriter([slot("A", "text")]), [{"text": t} for t in payloads])
    assert b"<f>" not in rows and b"&lt;b&gt; &amp; c" in rows
    back = read_back(rows)
    assert [back[(n, 1)] for n in range(2, 2 + len(payloads))] == [
        *[(b"inlineStr", str(QUOTED).encode(), t) for t in payloads[:-1]],
        (b"inlineStr", str(TEXT).encode(), "plain <b> & c")]


@pytest.mark.parametrize("text", ["bell\x07", "nul\x00", "\ufffe", "\uffff", "lone \ud800"])
def test_characters_no_xml_part_can_hold_are_refused_by_the_writer_and_removed_by_to_cell(text):
    with pytest.raises(IllegalCharacterError):
        written(RowWriter([slot("A", "text")]), [{"text": text}])
    assert not XML_ILLEGAL.search(to_cell("text", text))
    assert to_cell("text", "tab\tand\r\nlines\r") == "tab\tand\r\nlines\r"  # kept: written as &#13;


@pytest.mark.parametrize(("epoch", "calendar", "serial"), [(None, CALENDAR_WINDOWS_1900, 45352),
                                                           (MAC_EPOCH, CALENDAR_MAC_1904, 45352 - 1462)])
def test_dates_are_days_since_the_workbooks_epoch_and_read_back(epoch, calendar, serial):
    day = dt.datetime(2024, 3, 1, 12)
    back = read_back(written(RowWriter([slot("A", "day")], epoch=epoch), [{"day": day}]))
    kind, style, text = back[(2, 1)]
    assert (kind, style, float(text)) == (b"n", str(NUMBER).encode(), serial + 0.5)
    assert from_excel(float(text), calendar) == day


def test_numbers_booleans_and_blanks_read_back_as_written():
    rows = [{"n": 0.001, "b": True}, {"n": 12345678901234567, "b": False}, {"n": float("nan"), "b": None}]
    back = read_back(written(RowWriter([slot("A", "n"), slot("B", "b")], first=5), rows))
    assert float(back[(5, 1)][2]) == 0.001 and back[(5, 2)] == (b"b", b"5", "1")
    assert back[(6, 1)][2] == "1.234567890123457e+16" and back[(6, 2)][2] == "0"
    assert back[(7, 1)] == (None, b"5", None) and back[(7, 2)] == (None, b"5", None)


def test_generated_columns_share_their_formula_and_carry_their_cached_values():
    writer = RowWriter([slot("A", "reach"), FormulaSlot("B", f"=A{ROW}*2", 9, key="double")],
                       compute=lambda row: {"double": row["reach"] * 2})
    rows = written(writer, [{"reach": 1}, {"reach": 2}, {"reach": 3}])
    assert rows.count(b"<f ") == 3 and b'<f t="shared" ref="B2:B4" si="0">A2*2</f>' in rows
    back = read_back(rows)
    assert [back[(n, 2)][2] for n in (2, 3, 4)] == ["2", "4", "6"]


def test_formula_cells_and_their_cached_values():
    assert formula_cell("C3", 1, '=IF(A1<0,"neg","")', "") == (
        '<c r="C3" s="1" t="str"><f>IF(A1&lt;0,"neg","")</f><v></v></c>')
    assert formula_cell("C3", 1, "=1/0", FormulaError("#DIV/0!")) == (
        '<c r="C3" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    assert formula_cell("C3", 1, "=NA()", UNKNOWN) == '<c r="C3" s="1"><f>NA()</f></c>'
    assert formula_cell("C3", 1, "=A1>0", True).endswith('t="b"><f>A1&gt;0</f><v>1</v></c>')
    assert formula_cell("C3", 1, "=1E-3", float("inf")).endswith('t="e"><f>1E-3</f><v>#NUM!</v></c>')
