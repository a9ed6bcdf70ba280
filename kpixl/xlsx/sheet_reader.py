"""Worksheet XML as a stream of `<row>` elements, without building a tree: flat memory whatever the sheet's size.

A sheet part is split into the text before its rows (`head`), the rows one by one (raw bytes, so untouched rows are
copied byte for byte) and the text after them (`tail`). Rows and cells are found with patterns, as Excel,
LibreOffice and openpyxl write them (a namespace prefix on the elements, rows and cells with or without `r`).
Nothing here expands entities: a part with a DOCTYPE is refused (`kpixl.xlsx.parts.check_prolog`, the one check),
and only XML's five entities and character references are decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.xlsx.parts import check_prolog
from kpixl.xlsx.refs import column_index, split_ref  # noqa: F401  (split_ref: re-exported for sheet readers)

CHUNK = 1 << 20

_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>/]")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


def unescape(text: str) -> str:
    """XML character data or attribute text decoded (the five named entities and character references only)."""
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    return _NAMED[name]


def attributes(tag: bytes) -> dict[bytes, bytes]:
    """The attributes of a start tag, raw (names with their prefix, values still escaped)."""
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR.finditer(tag)}


@dataclass(frozen=True)
class Patterns:
    """The element names of one sheet part (its namespace prefix, if any, is part of every tag)."""

    prefix: bytes
    row_start: re.Pattern[bytes]
    row_end: bytes
    cell_start: re.Pattern[bytes]
    cell_end: bytes
    value: re.Pattern[bytes]
    formula: re.Pattern[bytes]
    inline: re.Pattern[bytes]
    text: re.Pattern[bytes]
    phonetic: re.Pattern[bytes]
    sheet_data: re.Pattern[bytes]
    end_sheet_data: bytes

    @classmethod
    def for_prefix(cls, prefix: bytes) -> Patterns:
        p = re.escape(prefix + b":") if prefix else b""
        q = prefix + b":" if prefix else b""
        return cls(
            prefix=prefix,
            row_start=re.compile(rb"<" + p + rb"row[\s/>]"),
            row_end=b"</" + q + b"row>",
            cell_start=re.compile(rb"<" + p + rb"c[\s/>]"),
            cell_end=b"</" + q + b"c>",
            value=re.compile(rb"<" + p + rb"v>(.*?)</" + p + rb"v>", re.S),
            formula=re.compile(rb"<" + p + rb"f\b([^>]*?)(?:/>|>(.*?)</" + p + rb"f>)", re.S),
            inline=re.compile(rb"<" + p + rb"is>(.*?)</" + p + rb"is>", re.S),
            text=re.compile(rb"<" + p + rb"t(?:\s[^>]*)?(?:/>|>(.*?)</" + p + rb"t>)", re.S),
            phonetic=re.compile(rb"<" + p + rb"rPh\b.*?</" + p + rb"rPh>", re.S),
            sheet_data=re.compile(rb"<" + p + rb"sheetData\b[^>]*?(/?)>"),
            end_sheet_data=b"</" + q + b"sheetData>",
        )


class RawCell:
    """One `<c>` element as found: its column, start tag, inner XML and whole element (raw bytes)."""

    __slots__ = ("_attrs", "column", "inner", "tag", "xml")

    def __init__(self, column: int, tag: bytes, inner: bytes | None, xml: bytes):
        self.column, self.tag, self.inner, self.xml = column, tag, inner, xml
        self._attrs: dict[bytes, bytes] | None = None

    @property
    def attrs(self) -> dict[bytes, bytes]:
        if self._attrs is None:
            self._attrs = attributes(self.tag)
        return self._attrs

    def attr(self, name: bytes) -> bytes | None:
        """One attribute's raw value (fast path for the plain `name="value"` form every writer uses)."""
        tag = self.tag
        at = tag.find(b" " + name + b'="')
        if at >= 0:
            at += len(name) + 3
            return tag[at: tag.index(b'"', at)]
        if b"'" in tag or b"\t" in tag or b"\n" in tag or b"=" in tag.replace(b'="', b""):
            return self.attrs.get(name)
        return None


class SheetStream:
    """Reads a sheet part in chunks: `head` (up to and including `<sheetData>`), then `rows()`, then `tail()`."""

    def __init__(self, source: IO[bytes], name: str):
        self.source = source
        self.name = name
        self._buffer = b""
        self._eof = False
        head = self._read_head()
        self.head = head
        self.empty = False  # `<sheetData/>`: no rows, head ends with the self-closing tag

    def _more(self) -> bool:
        if self._eof:
            return False
        chunk = self.source.read(CHUNK)
        if not chunk:
            self._eof = True
            return False
        self._buffer += chunk
        return True

    def _read_head(self) -> bytes:
        while True:
            root = _ROOT.search(self._buffer)
            if root is not None:
                break
            if not self._more():
                raise KpixlError(Message("not_worksheet_part", part=self.name), file=None)
        check_prolog(self._buffer, self.name)  # the whole prolog is read: the root element starts in the buffer
        self.patterns = Patterns.for_prefix(root.group(1) or b"")
        while True:
            found = self.patterns.sheet_data.search(self._buffer, root.start())
            if found is not None:
                break
            if not self._more():
                raise KpixlError(Message("no_sheet_data", part=self.name))
        head, self._buffer = self._buffer[: found.end()], self._buffer[found.end():]
        self.self_closing = bool(found.group(1))
        return head

    def rows(self) -> Iterator[bytes]:
        """Each `<row>` element's raw bytes, in document order."""
        if self.self_closing:
            return
        start_of, row_end, end = self.patterns.row_start, self.patterns.row_end, self.patterns.end_sheet_data
        pos = 0
        while True:
            buffer = self._buffer
            while True:
                found = start_of.search(buffer, pos)
                stop = buffer.find(end, pos, len(buffer) if found is None else found.start())
                if stop >= 0:
                    if buffer[pos:stop].strip():
                        self._damaged(buffer[pos:stop])
                    self._buffer = buffer[stop:]
                    return
                if found is None:
                    break
                at = found.start()
                if at > pos and buffer[pos:at].strip():
                    self._damaged(buffer[pos:at])
                close = buffer.find(b">", at)
                if close < 0:
                    break
                if buffer[close - 1] == 47:  # "/>": an empty row
                    pos = close + 1
                else:
                    finish = buffer.find(row_end, close)
                    if finish < 0:
                        break
                    pos = finish + len(row_end)
                yield buffer[at:pos]
            if not self._more_after(pos):
                self._damaged(self._buffer[:80])
            pos = 0

    def _damaged(self, near: bytes) -> None:
        raise KpixlError(Message("unexpected_sheet_data", part=self.name, near=near[:80]))

    def _more_after(self, pos: int) -> bool:
        """Drop what was consumed and read another chunk; False at the end of the part."""
        self._buffer = self._buffer[pos:]
        return self._more()

    def tail(self) -> bytes:
        """Everything from `</sheetData>` on (or after `<sheetData/>`)."""
        while self._more():
            pass
        return self._buffer


def row_number(row: bytes, previous: int) -> int:
    """A row's number: its `r` attribute, else the one after the previous row."""
    start = row[: row.index(b">")]
    at = start.find(b' r="')
    if at < 0:
        match = re.search(rb'\sr\s*=\s*["\']([0-9]+)', start)
        return int(match.group(1)) if match else previous + 1
    return int(start[at + 4: start.index(b'"', at + 4)])


def row_start_tag(row: bytes) -> bytes:
    """The row's start tag (self-closing rows give their whole element)."""
    return row[: row.index(b">") + 1]


def cells(row: bytes, patterns: Patterns) -> list[RawCell]:
    """The cells of a row, with their 1-based column (implicit columns follow the previous cell)."""
    out: list[RawCell] = []
    column = 0
    pos = row.index(b">") + 1
    if row[pos - 2] == 47:  # a self-closing row
        return out
    search, end = patterns.cell_start.search, patterns.cell_end
    while True:
        found = search(row, pos)
        if found is None:
            return out
        at = found.start()
        close = row.index(b">", at)
        if row[close - 1] == 47:
            tag, inner, pos = row[at: close - 1], None, close + 1
        else:
            finish = row.index(end, close)
            tag, inner, pos = row[at:close], row[close + 1: finish], finish + len(end)
        ref_at = tag.find(b' r="')
        if ref_at >= 0:
            ref_at += 4
            letters = tag[ref_at: tag.index(b'"', ref_at)].rstrip(b"0123456789").lstrip(b"$")
            column = column_index(letters.decode())
        else:
            ref = attributes(tag).get(b"r")
            column = column_index(ref.rstrip(b"0123456789").lstrip(b"$").decode()) if ref else column + 1
        out.append(RawCell(column, tag, inner, row[at:pos]))


def inline_text(inner: bytes, patterns: Patterns) -> str:
    """The text of an inline or shared string item (rich-text runs joined, phonetic runs left out)."""
    inner = patterns.phonetic.sub(b"", inner)
    return unescape("".join((m.group(1) or b"").decode() for m in patterns.text.finditer(inner)))


def extent(stream: SheetStream) -> tuple[int, int]:
    """(last row, farthest column) of a sheet's rows and cells as they are, streamed: never its declared dimension.

    Readers that hold a sheet as a rectangle from A1 (calamine, openpyxl) need that many cells, so the budget is
    checked on this before they read it. The last cell of a row is its farthest (cells are in column order).
    """
    last_row = columns = 0
    plain = not stream.patterns.prefix
    for raw in stream.rows():
        last_row = row_number(raw, last_row)
        at = raw.rfind(b"<c ") if plain else -1
        if at >= 0 and raw.startswith(b'<c r="', at):
            letters = raw[at + 6: raw.index(b'"', at + 6)].rstrip(b"0123456789").lstrip(b"$")
            column = column_index(letters.decode())
        else:
            found = cells(raw, stream.patterns)
            column = found[-1].column if found else 0
        columns = max(columns, column)
    return last_row, columns
