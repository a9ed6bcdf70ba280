"""The small parts of an .xlsx package read as data: relationships, sheets, defined names, tables, styles, strings.

Parsed with the standard library's expat, hardened against entity tricks: a part whose prolog declares a DOCTYPE
(the only place entities can be declared) is refused before its parser sees it (`PrologGuard`, expat reading the
prolog alone), so no entity expansion ("billion laughs") or external entity can happen.
Shared strings are read by streaming (iterparse), so a large string table does not build a tree.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree.ElementTree import Element, XMLParser, XMLPullParser
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.xlsx import budget
from kpixl.xlsx.refs import split_ref

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TABLE_REL = REL + "/table"
WORKSHEET_REL = REL + "/worksheet"
CALC_CHAIN_REL = REL + "/calcChain"
SHARED_STRINGS_REL = REL + "/sharedStrings"
STYLES_REL = REL + "/styles"


class _RootReached(Exception):
    """The prolog is over: the root element starts."""


class PrologGuard:
    """Refuses a part whose prolog declares a DOCTYPE (the only place entities can be declared).

    The prolog is read by expat itself, fed as the part arrives, so a byte-order mark, UTF-16 or a comment cannot
    hide a DOCTYPE from the check; reading stops at the root element. A prolog expat cannot read is left to the
    part's own parser to report.
    """

    def __init__(self, name: str):
        self.name = name
        self.done = False
        self._probe = expat.ParserCreate()
        self._probe.StartDoctypeDeclHandler = self._refuse
        self._probe.EntityDeclHandler = self._refuse
        self._probe.StartElementHandler = self._root

    def _refuse(self, *_: Any) -> None:
        raise KpixlError(Message("part_doctype", part=self.name))

    def _root(self, *_: Any) -> None:
        raise _RootReached

    def feed(self, data: bytes) -> None:
        """Read more of the part (nothing once the root element has started)."""
        if self.done:
            return
        try:
            self._probe.Parse(data, False)
        except _RootReached:
            self.done = True
        except expat.ExpatError:
            self.done = True


def check_prolog(data: bytes, name: str) -> None:
    """Refuse a part whose prolog declares a DOCTYPE (`data`: the part, or its start up to its root element)."""
    PrologGuard(name).feed(data)


def parse(data: bytes, name: str) -> Element:
    """A small part as an element tree (DOCTYPEs, hence entity declarations, refused)."""
    check_prolog(data, name)
    parser = XMLParser()
    try:
        parser.feed(data)
        return parser.close()
    except Exception as exc:
        raise KpixlError(Message("part_damaged", part=name, why=str(exc))) from None


def iter_elements(source: IO[bytes], name: str, tag: str) -> Iterator[Element]:
    """Each completed element named `tag` (Clark notation), streamed; cleared after use to keep memory flat."""
    parser = XMLPullParser(events=("end",))
    guard = PrologGuard(name)
    try:
        while True:
            chunk = source.read(1 << 20)
            if not chunk:
                break
            guard.feed(chunk)
            parser.feed(chunk)
            for _event, element in parser.read_events():
                if element.tag == tag:
                    yield element
                    element.clear()
        parser.close()
    except KpixlError:
        raise
    except Exception as exc:
        raise KpixlError(Message("part_damaged", part=name, why=str(exc))) from None


def rels_path(part: str) -> str:
    """The relationships part of a part (xl/workbook.xml → xl/_rels/workbook.xml.rels)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    """A relationship target as a zip member name, relative to its source part (or absolute from the root)."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str
    external: bool


def relationships(archive: zipfile.ZipFile, part: str) -> list[Relationship]:
    """The relationships of a part (none when it has no rels part)."""
    name = rels_path(part)
    if name not in archive.NameToInfo:
        return []
    root = parse(archive.read(name), name)
    return [Relationship(r.get("Id", ""), r.get("Type", ""), r.get("Target", ""), r.get("TargetMode") == "External")
            for r in root.iter(f"{{{PKG_REL}}}Relationship")]


def workbook_part(archive: zipfile.ZipFile) -> str:
    """The workbook part named by the package's root relationships."""
    for rel in relationships(archive, ""):
        if rel.type.endswith("/officeDocument"):
            return resolve("", rel.target)
    raise KpixlError(Message("not_excel_workbook"))


@dataclass
class TablePart:
    """A table as declared in its part: name, range, column names and the part that holds it."""

    part: str
    name: str
    ref: str
    columns: list[str]
    totals: int
    header_rows: int


@dataclass
class SheetInfo:
    """A worksheet: its tab name, part, relationship id and tables."""

    name: str
    part: str
    rid: str
    tables: list[TablePart] = field(default_factory=list)


def sheets(archive: zipfile.ZipFile, workbook: Element, book_part: str, *, tables: bool = True) -> list[SheetInfo]:
    """The workbook's worksheets in tab order, each with its tables (chart sheets and others left out).

    A table part a sheet names but the package lacks, and a table whose range does not match its
    columns or spans more cells than the budget (`kpixl.xlsx.budget`), are refused in one line.
    """
    rels = {r.id: r for r in relationships(archive, book_part)}
    out = []
    for sheet in workbook.iter(f"{{{MAIN}}}sheet"):
        rid = sheet.get(f"{{{REL}}}id", "")
        rel = rels.get(rid)
        if rel is None or rel.type != WORKSHEET_REL:
            continue
        part = resolve(book_part, rel.target)
        info = SheetInfo(sheet.get("name", ""), part, rid)
        for trel in relationships(archive, part) if tables else ():
            if trel.type == TABLE_REL and not trel.external:
                info.tables.append(table_part(archive, resolve(part, trel.target)))
        out.append(info)
    return out


CONTENT_TYPES = "[Content_Types].xml"


def require(archive: zipfile.ZipFile, book_part: str, found: list[SheetInfo]) -> None:
    """Refuse, in one line, a package that lacks a part every reader and writer needs: its content types, its
    workbook part or a sheet part the workbook names (table parts are checked as they are read)."""
    for part in (CONTENT_TYPES, book_part, *(s.part for s in found)):
        if part not in archive.NameToInfo:
            raise KpixlError(Message("part_missing", part=part))


def table_part(archive: zipfile.ZipFile, part: str) -> TablePart:
    """A table part as declared, refused when missing, or when its range is not one its columns can fill."""
    if part not in archive.NameToInfo:
        raise KpixlError(Message("part_missing", part=part))
    root = parse(archive.read(part), part)
    table = TablePart(part, root.get("displayName") or root.get("name", ""), root.get("ref", ""),
                      [c.get("name", "") for c in root.iter(f"{{{MAIN}}}tableColumn")],
                      _count(root.get("totalsRowCount"), part), _count(root.get("headerRowCount") or "1", part))
    try:
        (min_col, min_row), (max_col, max_row) = (split_ref(x) for x in table.ref.split(":"))
    except ValueError:
        raise KpixlError(Message("table_damaged_range", table=table.name, ref=table.ref)) from None
    width, height = max_col - min_col + 1, max_row - min_row + 1
    if width < 1 or height < 1:
        raise KpixlError(Message("table_damaged_range", table=table.name, ref=table.ref))
    if width != len(table.columns):
        raise KpixlError(Message("table_ref_width", table=table.name, ref=table.ref, width=budget.grouped(width),
                                 count=budget.grouped(len(table.columns))))
    limit = budget.current().cells
    if width * height > limit:
        raise budget.over_cells(limit, None, rows=height, columns=width, sheet=table.name)
    return table


def _count(value: str | None, part: str) -> int:
    """A table's header or totals row count (0 or 1 as Excel writes them)."""
    if value is None:
        return 0
    if value.strip() not in ("0", "1"):
        raise KpixlError(Message("part_damaged", part=part, why=f"row count {value!r}"))
    return int(value)


_DESTINATION = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?([0-9]+)(?::.*)?$")


def defined_names(workbook: Element) -> dict[str, tuple[str, str]]:
    """Workbook-level defined names that point at one cell (or a range's first cell): name → (sheet, A1 ref)."""
    out = {}
    for name in workbook.iter(f"{{{MAIN}}}definedName"):
        if name.get("localSheetId") is not None or not name.text:
            continue
        match = _DESTINATION.match(name.text.strip())
        if match:
            sheet = (match.group(1) or "").replace("''", "'") or match.group(2)
            out[name.get("name", "")] = (sheet, match.group(3) + match.group(4))
    return out


def date_styles(archive: zipfile.ZipFile, part: str | None) -> set[int]:
    """Cell style ids (`s`) whose number format shows a date, so their serials read back as dates."""
    if part is None or part not in archive.NameToInfo:
        return set()
    root = parse(archive.read(part), part)
    formats = dict(BUILTIN_FORMATS)
    for fmt in root.iter(f"{{{MAIN}}}numFmt"):
        formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
    cell_xfs = root.find(f"{{{MAIN}}}cellXfs")
    found = set()
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        code = formats.get(int(xf.get("numFmtId", "0")))
        if code and is_date_format(code):
            found.add(index)
    return found


def quoted_styles(archive: zipfile.ZipFile, part: str | None) -> dict[int, int]:
    """For each cell style, a style that looks the same but has Excel's quote prefix (text typed with `'`)."""
    if part is None or part not in archive.NameToInfo:
        return {}
    root = parse(archive.read(part), part)
    cell_xfs = root.find(f"{{{MAIN}}}cellXfs")
    xfs = list(cell_xfs) if cell_xfs is not None else []

    def look(xf: Element) -> tuple[Any, ...]:
        protection = xf.find(f"{{{MAIN}}}protection")
        locked = protection.get("locked", "1") if protection is not None else "1"
        return (xf.get("fontId"), xf.get("fillId"), xf.get("borderId"), locked in ("1", "true"))

    quoted = {}
    for index, xf in enumerate(xfs):
        if xf.get("quotePrefix") in ("1", "true"):
            quoted.setdefault(look(xf), index)
    return {i: quoted[look(xf)] for i, xf in enumerate(xfs) if look(xf) in quoted}


def shared_strings(archive: zipfile.ZipFile, part: str | None) -> list[str]:
    """The shared string table, streamed (rich-text runs joined, phonetic runs left out)."""
    if part is None or part not in archive.NameToInfo:
        return []
    out = []
    si, t, rph = f"{{{MAIN}}}si", f"{{{MAIN}}}t", f"{{{MAIN}}}rPh"
    with archive.open(part) as source:
        for item in iter_elements(source, part, si):
            texts = []
            for child in item:
                if child.tag == t:
                    texts.append(child.text or "")
                elif child.tag != rph:
                    texts.extend(x.text or "" for x in child.iter(t))
            out.append("".join(texts))
    return out
