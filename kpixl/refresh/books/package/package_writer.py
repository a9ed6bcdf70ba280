"""The streamed save of an edited package: owned parts rewritten, every other zip member copied byte for byte.

`save` walks the package's members in order: edited sheets are streamed through `sheet_writer.write_sheet`, grown
or re-formulated tables get their new `ref` and calculated-column formulas (`table_xml`), workbook.xml asks for a
full recalculation on load and lists the new sheets (with their relationships and content types: `small_parts`),
`calcChain.xml` is dropped (Excel rebuilds it), and everything else is copied with its compressed data as is.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from typing import IO

from openpyxl.utils import get_column_letter

from kpixl.refresh.books.package.tables import Table
from kpixl.xlsx import parts
from kpixl.xlsx.row_writer import escape
from kpixl.xlsx.sheet_reader import unescape
from kpixl.xlsx.zip_copy import PackageWriter

CONTENT_TYPES = "[Content_Types].xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b"<sheetData/></worksheet>")

SheetStreamer = Callable[[str, IO[bytes]], None]
"""Writes an edited sheet part (by name) to a stream."""


def save(archive: zipfile.ZipFile, target: str | os.PathLike[str] | IO[bytes], *, sheets: Mapping[str, int],
         write_sheet: SheetStreamer, tables: Mapping[str, Table], small: Mapping[str, bytes], drop: set[str],
         new_sheets: Sequence[tuple[str, str]], added: Mapping[str, bytes] | None = None) -> None:
    """Write the package to `target`: `sheets` (part → rows appended, for the size estimate) through
    `write_sheet`, `tables` (by part) with their new range and formulas, `small` parts replaced, `drop` left out,
    `new_sheets` (name, part) added empty, `added` parts added as given; every other member copied."""
    with PackageWriter(archive, target) as writer:
        for info in archive.infolist():
            name = info.filename
            if name in drop:
                continue
            if name in sheets:
                writer.stream(info, lambda out, name=name: write_sheet(name, out),
                              estimate=info.file_size + sheets[name] * 4096)
            elif name in tables:
                writer.replace(info, table_xml(archive.read(name).decode("utf-8"), tables[name]).encode())
            elif name in small:
                writer.replace(info, small[name])  # copied as is when unchanged
            else:
                writer.copy(info)
        for _name, part in new_sheets:
            writer.add(part, EMPTY_SHEET)
        for part, data in (added or {}).items():
            writer.add(part, data)


def small_parts(archive: zipfile.ZipFile, book_part: str, book_xml: bytes, drop: set[str],
                new_sheets: Sequence[tuple[str, str]]) -> dict[str, bytes]:
    """workbook.xml (recalculate on load, new sheets), its relationships and content types."""
    book = _full_calc_on_load(book_xml.decode("utf-8"))
    rels_name = parts.rels_path(book_part)
    rels = archive.read(rels_name).decode("utf-8")
    types = archive.read(CONTENT_TYPES).decode("utf-8")
    for part in drop:
        rels = _drop_relationship(rels, parts.CALC_CHAIN_REL)
        types = re.sub(r'<Override\b[^>]*PartName="/' + re.escape(part) + r'"[^>]*/>', "", types)
    for name, part in new_sheets:
        rid = _new_rid(rels)
        target = os.path.relpath(part, os.path.dirname(book_part)).replace(os.sep, "/")
        rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{parts.WORKSHEET_REL}" '
                                                f'Target="{target}"/></Relationships>')
        types = types.replace("</Types>", f'<Override PartName="/{part}" ContentType="{WORKSHEET_TYPE}"/></Types>')
        book = _add_sheet(book, name, rid)
    return {book_part: book.encode("utf-8"), rels_name: rels.encode("utf-8"), CONTENT_TYPES: types.encode("utf-8")}


_TABLE_COLUMN = re.compile(r"<tableColumn\b[^>]*?(?:/>|>.*?</tableColumn>)", re.S)
_CALCULATED = re.compile(r"<calculatedColumnFormula\b[^>]*>(.*?)</calculatedColumnFormula>", re.S)


def calculated_formulas(xml: str) -> dict[int, str]:
    """Each table column's calculated-column formula (unescaped, without `=`), from a table part's XML."""
    out = {}
    for i, match in enumerate(_TABLE_COLUMN.finditer(xml)):
        found = _CALCULATED.search(match.group())
        if found:
            out[i] = unescape(found.group(1))
    return out


def table_xml(xml: str, t: Table) -> str:
    """A table part with its new range and calculated-column formulas; everything else as it was."""
    if t.new_last is not None:
        ref = f"{get_column_letter(t.min_col)}{t.min_row}:{get_column_letter(t.max_col)}{t.max_row}"
        old = t.part.ref
        xml = re.sub(r'(<table\b[^>]*?\sref=")[^"]*(")', lambda m: m.group(1) + ref + m.group(2), xml, count=1)
        xml = re.sub(r'(<autoFilter\b[^>]*?\sref=")' + re.escape(old) + '(")', lambda m: m.group(1) + ref + m.group(2),
                     xml, count=1)
    if t.new_formulas:
        columns = list(_TABLE_COLUMN.finditer(xml))
        pieces, last = [], 0
        for i, match in enumerate(columns):
            formula = t.new_formulas.get(i)
            if formula is None:
                continue
            element = match.group()
            text = "<calculatedColumnFormula>" + escape(formula.removeprefix("=")) + "</calculatedColumnFormula>"
            if _CALCULATED.search(element):
                element = _CALCULATED.sub(lambda _m, text=text: text, element, count=1)
            elif element.endswith("/>"):
                element = element[:-2].rstrip() + ">" + text + "</tableColumn>"
            else:
                cut = element.index(">") + 1
                element = element[:cut] + text + element[cut:]
            pieces.append(xml[last: match.start()] + element)
            last = match.end()
        xml = "".join(pieces) + xml[last:]
    return xml


def _full_calc_on_load(book: str) -> str:
    """workbook.xml asking Excel to recalculate everything when it opens the file."""
    match = re.search(r"<calcPr\b[^>]*?(/?)>", book)
    if match is None:
        anchor = re.search(r"<(oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|"
                           r"fileRecoveryPr|webPublishObjects|extLst)\b|</workbook>", book)
        at = anchor.start() if anchor else len(book)
        return book[:at] + '<calcPr fullCalcOnLoad="1"/>' + book[at:]
    tag = match.group()
    if re.search(r'\sfullCalcOnLoad="(1|true)"', tag):
        return book
    tag = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", tag)
    end = -2 if tag.endswith("/>") else -1
    tag = tag[:end].rstrip() + ' fullCalcOnLoad="1"' + tag[end:]
    return book[: match.start()] + tag + book[match.end():]


def _drop_relationship(rels: str, rel_type: str) -> str:
    return re.sub(r'<Relationship\b[^>]*Type="' + re.escape(rel_type) + r'"[^>]*/>', "", rels)


def _new_rid(rels: str) -> str:
    used = set(re.findall(r'Id="([^"]*)"', rels))
    n = 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def _add_sheet(book: str, name: str, rid: str) -> str:
    ids = [int(x) for x in re.findall(r'<sheet\b[^>]*?\ssheetId="([0-9]+)"', book)]
    prefix = re.search(r'xmlns:(\w+)="' + re.escape(parts.REL) + '"', book)
    r = prefix.group(1) if prefix else "r"
    declare = "" if prefix else f' xmlns:r="{parts.REL}"'
    element = (f'<sheet name="{escape(name)}" sheetId="{max(ids, default=0) + 1}" {r}:id="{rid}"{declare}/>')
    return book.replace("</sheets>", element + "</sheets>", 1)
