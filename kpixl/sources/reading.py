"""Reading export files into tables of cells: size limits, encodings, CSV dialects, preambles, .xlsx and .xls."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kpixl.errors import KpixlError
from kpixl.sources.mixed_encoding import decode_mixed
from kpixl.text.messages import Message
from kpixl.xlsx import budget, parts
from kpixl.xlsx.cell_text import XML_ILLEGAL
from kpixl.xlsx.sheet_reader import SheetStream, extent
from kpixl.xlsx.zip_guard import check_zip

MAX_BYTES = budget.DEFAULT_FILE_MB * budget.MB
"""Largest export file read by default (200 MB; `KPIXL_MAX_FILE_MB` raises it); bigger files are refused."""

MAX_UNPACKED_BYTES = budget.DEFAULT_INFLATED_MB * budget.MB
"""Largest total size an .xlsx inflates to (1 GB; `KPIXL_MAX_INFLATED_MB`): its sheets are held whole, so a zip
bomb or an oversized workbook is refused as it is inflated, before a reader opens it (`kpixl.xlsx.zip_guard`)."""

_PREAMBLE_ROWS = 10
"""How many leading one-cell rows (notes, `sep=,`, metric names) may precede the header row."""

csv.field_size_limit(16 * 1024 * 1024)


@dataclass
class Table:
    """One table of an export: its header row and data rows, each with the row number the user sees."""

    file: str
    headers: list[str]
    header_row: int
    rows: list[tuple[int, list]]
    sheet: str | None = None
    preamble: list[str] = field(default_factory=list)
    complete: bool = True
    delimiter: str | None = None
    notes: list[str] = field(default_factory=list)
    """What reading changed and the user must hear (removed characters), copied to the result's warnings."""
    positional: bool = False
    """Cells sit at their sheet positions (.xlsx): a short row only lacks empty trailing cells."""
    context: list[str] = field(default_factory=list)
    """The preamble of the file's first section, for later sections whose title says less (Meta daily)."""
    sectioned: bool = False
    """One of several sections of a file (each titled with its own network)."""


def read_tables(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> list[Table]:
    """Read every table of a CSV, .xlsx or .xls export (one per sheet), refusing oversized and damaged files."""
    name = str(path)
    limits = budget.current()
    if max_bytes == MAX_BYTES:  # the default: the budget in force (a user may have raised it)
        max_bytes = limits.file_bytes
    check_file(path, max_bytes)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return read_xlsx(name, max_unpacked=max(limits.inflated_bytes, 5 * max_bytes))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return read_xls(name)
    data = Path(path).read_bytes()
    found: list[Message] = []
    text, notes = clean_text(decode(data, name, found))
    notes = found + notes
    tables = split_sections(read_csv_text(text, name))
    for table in tables:
        table.notes.extend(notes)
    return tables


def check_file(path: str | os.PathLike[str], max_bytes: int) -> None:
    """Refuse a file that is missing, empty, larger than `max_bytes` or (a text file) has more lines than the row
    budget, counted in one streamed pass before anything holds the file (a reader would hold every line)."""
    name = str(path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise KpixlError(Message("file_too_large", size=size / 1e6, limit=max_bytes / 1e6), file=name)
        if size == 0:
            raise KpixlError(Message("file_empty"), file=name)
        limit = budget.current().rows
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
                return  # workbooks: their rows are counted sheet by sheet
            lines = head.count(b"\n")
            for chunk in iter(lambda: handle.read(budget.CHUNK), b""):
                lines += chunk.count(b"\n")
                if lines > limit:
                    raise budget.over_rows(limit, name)
    except OSError as exc:
        raise KpixlError(Message("cannot_read_file", why=exc.strerror or str(exc)), file=name) from None


def clean_text(text: str) -> tuple[str, list[Message]]:
    """Remove the characters a spreadsheet cannot hold, anywhere in the text, and say how many and where."""
    first = XML_ILLEGAL.search(text)
    if first is None:
        return text, []
    line = text.count("\n", 0, first.start()) + 1
    cleaned, count = XML_ILLEGAL.subn("", text)
    return cleaned, [removed_note(count, Message("first_on_line", line=line), first.group())]


def removed_note(count: int, where: str, example: str) -> Message:
    """The note about removed characters."""
    return Message("removed_chars" if count > 1 else "removed_char", count=count, where=where, code=ord(example))


def decode(data: bytes, file: str, notes: list[Message] | None = None) -> str:
    """Decode export bytes: UTF-8 with or without BOM, UTF-16 LE/BE (BOM or not), else cp1252; refuse binary junk.
    UTF-8 mixed with cp1252 or CESU-8 is read line by line (`mixed_encoding`), said in `notes`."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        sample = data[:4000]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 4 and even == 0:
            encoding = "utf-16-le"
        elif even > len(sample) // 4 and odd == 0:
            encoding = "utf-16-be"
        elif 0 in sample:
            raise KpixlError(Message("binary_file"), file=file, row=_line_of(data, 0))
        else:
            encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16"):
            raise KpixlError(
                Message("bad_utf16", encoding=encoding.upper(), at=exc.start),
                file=file,
                row=_line_of(data, exc.start, wide=True),
            ) from None
        mixed = decode_mixed(data, file)
        if mixed is not None:
            text, found = mixed
            if notes is not None:
                notes.extend(found)
        else:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc2:
                raise KpixlError(
                    Message("unknown_encoding", byte=data[exc2.start]),
                    file=file,
                    row=_line_of(data, exc2.start),
                ) from None
    head = text[:4000]
    if head and len(XML_ILLEGAL.findall(head)) > max(8, len(head) // 50):
        raise KpixlError(Message("control_characters"), file=file)
    return text


def _line_of(data: bytes, offset: int, *, wide: bool = False) -> int:
    """1-based line number of a byte offset (counting UTF-16 newlines when `wide`)."""
    newline = b"\n\x00" if wide and data[1:2] == b"\x00" else b"\n"
    return data.count(newline, 0, offset) + 1


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of comma, semicolon and tab outside quotes."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_text(text: str, file: str) -> Table:
    """Split decoded CSV text into a Table: handles `sep=,` lines, one-cell preambles and the delimiter."""
    delimiter = None
    first_end = text.find("\n")
    first = text[: first_end if first_end >= 0 else len(text)].strip().strip('"')
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]
    lines = text[:65536].splitlines()
    header_guess = next((ln for ln in lines[1 if delimiter else 0 :][:_PREAMBLE_ROWS + 1] if ln.strip()), "")
    delimiter = delimiter or sniff_delimiter(header_guess)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        rows = _counted_records(reader, file)
    except csv.Error as exc:
        number = len(_records_before_error(text, delimiter))
        message = str(exc)
        if "unexpected end of data" in message or "EOF" in message:
            message = Message("csv_truncated_quote")
        raise KpixlError(Message("csv_unreadable", why=message), file=file, row=number + 1) from None
    table = _split_header(file, rows, None, complete=text.endswith(("\n", "\r")), texts=True)
    table.delimiter = delimiter
    return table


def _counted_records(reader: Iterable[list[str]], file: str) -> list[tuple[int, list]]:
    """The non-blank records of a CSV with their line numbers, counted against the budget as they are read (blank
    lines count as rows but are not kept, so memory follows the data)."""
    limits = budget.current()
    rows: list[tuple[int, list]] = []
    cells = 0
    for number, record in enumerate(reader, 1):
        if number > limits.rows:
            raise budget.over_rows(limits.rows, file)
        if not any(record):
            continue
        cells += len(record)
        if cells > limits.cells:
            widest = max((len(r) for _, r in rows[-1000:]), default=len(record))
            raise budget.over_cells(limits.cells, file, rows=number, columns=widest)
        rows.append((number, record))
    return rows


def _records_before_error(text: str, delimiter: str) -> list[list[str]]:
    """The records the csv module reads before it fails (to name the row of the failure)."""
    records: list[list[str]] = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            records.append(cells)
    except csv.Error:
        pass
    return records


def _split_header(
    file: str, rows: list[tuple[int, list]], sheet: str | None, *, complete: bool = True, texts: bool = False
) -> Table:
    """Find the header row: the first row with two or more filled cells; earlier one-cell rows are the preamble."""
    preamble: list[str] = []
    for index, (number, cells) in enumerate(rows):
        filled = [c for c in cells if c is not None and str(c).strip()]
        if len(filled) >= 2:
            headers = ["" if c is None else str(c) for c in cells]
            rest = rows[index + 1 :]
            if texts:  # CSV cells are strings: a blank line is [] and an empty row is all ""
                data = [(n, c) for n, c in rest if c and (c[0] or any(c)) and (len(c) > 1 or c[0].strip())]
            else:
                data = [(n, c) for n, c in rest if any(v is not None and v != "" for v in c)]
            return Table(file, headers, number, data, sheet, preamble, complete)
        if filled:
            if len(preamble) >= _PREAMBLE_ROWS:
                break
            preamble.append(str(filled[0]).strip())
    where = Message("in_sheet", sheet=sheet) if sheet else ""
    raise KpixlError(Message("no_header_row", where=where), file=file)


def split_sections(table: Table) -> list[Table]:
    """Split a table whose header row comes back later (Meta's two-section daily files: a Facebook section, then
    an Instagram one, each with its own title and header lines) into one table per section.

    A section starts at a row repeating the header; the one-cell rows just before it are its title (preamble).
    """
    from kpixl.sources.parsing import normalize_header

    header = [normalize_header(h) for h in table.headers]
    width = len([h for h in header if h])
    first = str(table.headers[0] or "").lstrip("\ufeff").strip() if table.headers else ""

    def repeats(cells: list) -> bool:  # the first cell's plain text first: normalising every row is slow
        head = cells[0] if cells else None
        return (
            len(cells) >= width
            and isinstance(head, str)
            and head.strip() == first
            and [normalize_header(c) for c in cells[: len(header)]] == header
        )

    starts = [i for i, (_, cells) in enumerate(table.rows) if repeats(cells)]
    if not starts:
        return [table]
    sections: list[Table] = []
    begin, preamble, header_row = 0, table.preamble, table.header_row
    for start in [*starts, len(table.rows)]:
        titles_from = start
        while titles_from > begin and _one_cell(table.rows[titles_from - 1][1]):
            titles_from -= 1
        part = Table(table.file, table.headers, header_row, table.rows[begin:titles_from], table.sheet,
                     preamble, table.complete if start == len(table.rows) else True, table.delimiter,
                     positional=table.positional, context=table.preamble, sectioned=True)
        sections.append(part)
        if start < len(table.rows):
            preamble = [str(_first(c)).strip() for _, c in table.rows[titles_from:start]]
            header_row, begin = table.rows[start][0], start + 1
    return sections


def _one_cell(cells: list) -> bool:
    """Whether a row has exactly one filled cell (a title line)."""
    return sum(1 for c in cells if c is not None and str(c).strip()) == 1


def _first(cells: list) -> object:
    """The first filled cell of a row."""
    return next(c for c in cells if c is not None and str(c).strip())


def read_xlsx(file: str, *, max_unpacked: int = MAX_UNPACKED_BYTES) -> list[Table]:
    """Read every non-empty sheet of an .xlsx (cached values, not formulas): python-calamine (compiled, about ten
    times faster) where it installs, openpyxl's read-only mode otherwise (Pyodide in xlwings Lite)."""
    with check_zip(file, max_unpacked=max_unpacked) as archive:  # damaged zips and zip bombs refused first
        _check_extents(file, archive)
    sheets = _calamine_sheets(file)
    if sheets is None:
        sheets = _openpyxl_sheets(file)
    return _workbook_tables(file, sheets)


def _check_extents(file: str, archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose sheets span more cells than the budget (a stray cell in column XFD makes calamine
    and openpyxl hold every row 16,384 cells wide), measured on the cells actually there, sheet by sheet."""
    limits = budget.current()
    try:
        book_part = parts.workbook_part(archive)
        if book_part not in archive.NameToInfo:
            raise KpixlError(Message("part_missing", part=book_part))
        found = parts.sheets(archive, parts.parse(archive.read(book_part), book_part), book_part, tables=False)
        parts.require(archive, book_part, found)
        extents = []
        for sheet in found:
            with archive.open(sheet.part) as source:
                extents.append((sheet.name, *extent(SheetStream(source, sheet.part))))
    except KpixlError as exc:
        raise KpixlError(exc.message, file=file) from None
    total = 0
    for name, rows, columns in extents:
        if rows > limits.rows:
            raise budget.over_rows(limits.rows, file)
        total += rows * columns
        if total > limits.cells:
            raise budget.over_cells(limits.cells, file, rows=rows, columns=columns, sheet=name)


def _calamine_sheets(file: str) -> list[tuple[str, list[tuple[int, list]]]] | None:
    """Every sheet's rows (numbered from 1, empty cells as "") read by python-calamine; None when not installed."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    try:
        book = CalamineWorkbook.from_path(file)
    except Exception as exc:  # calamine raises its own types for damaged files; all mean the same to the user
        raise KpixlError(Message("workbook_unopenable", why=f"{type(exc).__name__}: {exc}"), file=file) from None
    sheets = []
    limit = budget.current().cells
    try:
        for name in book.sheet_names:
            try:
                sheet = book.get_sheet_by_name(name)
                end_row, end_column = sheet.end or (0, 0)  # to_python(skip_empty_area=False) fills from A1
                if (end_row + 1) * (end_column + 1) > limit:  # .xls files: no sheet XML to measure beforehand
                    raise budget.over_cells(limit, file, rows=end_row + 1, columns=end_column + 1, sheet=name)
                rows = sheet.to_python(skip_empty_area=False)
            except KpixlError:
                raise
            except Exception as exc:  # damaged sheet XML
                raise KpixlError(Message("sheet_unreadable", sheet=name, why=f"{type(exc).__name__}: {exc}"),
                                 file=file) from None
            sheets.append((name, list(enumerate(rows, 1))))
    finally:
        book.close()
    return sheets


def _openpyxl_sheets(file: str) -> list[tuple[str, list[tuple[int, list]]]]:
    """Every sheet's rows read by openpyxl in read-only mode (pure Python)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files; all mean the same to the user
        raise KpixlError(Message("xlsx_unopenable", why=f"{type(exc).__name__}: {exc}"), file=file) from None
    sheets = []
    try:
        for sheet in book.worksheets:
            try:
                sheet.reset_dimensions()
                rows = [(n, list(r)) for n, r in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1)]
            except Exception as exc:  # damaged sheet XML
                raise KpixlError(
                    Message("sheet_unreadable", sheet=sheet.title, why=f"{type(exc).__name__}: {exc}"), file=file
                ) from None
            sheets.append((sheet.title, rows))
    finally:
        book.close()
    return sheets


def _workbook_tables(file: str, sheets: list[tuple[str, list[tuple[int, list]]]]) -> list[Table]:
    """The tables of a workbook's sheets: text cleaned of characters a spreadsheet cannot hold, cells positional."""
    tables: list[Table] = []
    for name, rows in sheets:
        count, where, example = 0, "", ""
        for number, cells in rows:
            for i, value in enumerate(cells):
                if type(value) is str and XML_ILLEGAL.search(value):
                    if not count:
                        where, example = Message("first_in_row", row=number), XML_ILLEGAL.search(value).group()
                    cleaned, n = XML_ILLEGAL.subn("", value)
                    cells[i], count = cleaned, count + n
        for table in _sheet_table(file, name, rows):
            for section in split_sections(table):
                section.positional = True
                if count:
                    section.notes.append(removed_note(count, where, example))
                tables.append(section)
    if not tables:
        raise KpixlError(Message("no_sheet_with_header"), file=file)
    return tables


def _sheet_table(file: str, sheet: str, rows: list[tuple[int, list]]) -> Iterable[Table]:
    """A sheet's table, or nothing for an empty sheet or one without a header row (a chart, a note)."""
    if not any(any(v is not None and str(v).strip() for v in cells) for _, cells in rows):
        return []
    try:
        return [_split_header(file, rows, sheet)]
    except KpixlError:
        return []


def read_xls(file: str) -> list[Table]:
    """Read a legacy .xls (LinkedIn) with python-calamine or xlrd; with neither, ask the user to save it as .xlsx."""
    sheets = _calamine_sheets(file)
    if sheets is not None:
        return _workbook_tables(file, sheets)
    try:
        import xlrd  # type: ignore[import-not-found]
    except ImportError:
        raise KpixlError(Message("old_xls"), file=file) from None
    try:
        book = xlrd.open_workbook(file)
    except Exception as exc:  # xlrd raises its own and struct errors for damaged files
        raise KpixlError(Message("xls_unopenable", why=str(exc)), file=file) from None
    sheets = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            cells = []
            for cell in sheet.row(r):
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate_as_datetime(value, book.datemode)
                cells.append(value)
            rows.append((r + 1, cells))
        sheets.append((sheet.name, rows))
    return _workbook_tables(file, sheets)
