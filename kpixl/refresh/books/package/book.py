"""`PackageBook`: the Book interface over an .xlsx package, edited in place; only the parts kpixl owns change.

The adapter carries bytes: reads go through the cell decoder (`decoder`) and the located tables (`tables`),
writes are recorded in the edit log (`edits`) as cells rendered by the one SpreadsheetML writer
(`cell_render`), and `save` streams a new package (`package_writer`, `sheet_writer`): touched sheets copied row
by row with only kpixl's cells replaced, their tables given a new `ref`, every other zip member copied byte for
byte. `calcChain.xml` is dropped and `fullCalcOnLoad` set, as Excel rebuilds the chain and recalculates. The
cached values of the formula cells it writes are the core's (`write_cached`, from
`kpixl.refresh.cached_at_save`): the adapter computes none.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from kpixl.errors import KpixlError
from kpixl.refresh.books.layout_values import layout_from_rows
from kpixl.refresh.books.package import package_writer
from kpixl.refresh.books.package.cell_render import CellRender
from kpixl.refresh.books.package.edits import Append, Compute, EditLog, Rebuild
from kpixl.refresh.books.package.room import check_room
from kpixl.refresh.books.package.sheet_writer import write_sheet
from kpixl.refresh.books.package.tables import Table, locate, read_body
from kpixl.refresh.books.protocol import CachedValues, RowValues, SheetRebuild, TableData
from kpixl.text.messages import Message
from kpixl.workbook.layout import Layout
from kpixl.workbook.layout_sheet import LAYOUT_SHEET
from kpixl.xlsx import parts
from kpixl.xlsx.cell_decoder import CellDecoder, Cells
from kpixl.xlsx.row_writer import UNKNOWN
from kpixl.xlsx.shared_formulas import SI
from kpixl.xlsx.sheet_reader import split_ref, unescape


class _Known(dict):
    """Cached values by slot key; a formula column kpixl computes nothing for has none (`UNKNOWN`)."""

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(key, UNKNOWN)


class PackageBook:
    """A kpixl workbook file edited as a package; see `kpixl.refresh.books.protocol.Book` for the operations."""

    def __init__(self, path: str | os.PathLike[str] | IO[bytes], *, name: str | None = None):
        from kpixl.xlsx.zip_guard import check_zip

        self.path = Path(path) if isinstance(path, (str, os.PathLike)) else Path(name or "workbook.xlsx")
        self.name = name or str(path)
        self.archive = check_zip(path)  # type: ignore[arg-type]
        try:
            self._load()
        except KpixlError as exc:  # a damaged part: one line naming the workbook
            self.archive.close()
            if exc.file is not None:
                raise
            raise KpixlError(exc.message, file=self.name) from None
        except BaseException:
            self.archive.close()
            raise

    def _load(self) -> None:
        archive = self.archive
        self.book_part = parts.workbook_part(archive)
        if self.book_part not in archive.NameToInfo:
            raise KpixlError(Message("not_excel_workbook"), file=self.name)
        self.book_xml = archive.read(self.book_part)
        root = parts.parse(self.book_xml, self.book_part)
        self.sheets = parts.sheets(archive, root, self.book_part)
        parts.require(archive, self.book_part, self.sheets)
        self.names = parts.defined_names(root)
        pr = root.find(f"{{{parts.MAIN}}}workbookPr")
        self.epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") \
            else CALENDAR_WINDOWS_1900
        self.book_rels = parts.relationships(archive, self.book_part)
        by_type = {r.type: parts.resolve(self.book_part, r.target) for r in self.book_rels if not r.external}
        self.styles_part = by_type.get(parts.STYLES_REL)
        self.calc_chain = by_type.get(parts.CALC_CHAIN_REL)
        self.mac_dates = self.epoch == CALENDAR_MAC_1904
        self.decoder = CellDecoder(archive, self.name, by_type.get(parts.SHARED_STRINGS_REL),
                                   parts.date_styles(archive, self.styles_part), self.epoch)
        self.render = CellRender(archive, self.styles_part, self.mac_dates)
        self._tables: dict[str, Table] = {}
        self.edits = EditLog()
        self._cached: CachedValues | None = None
        self.rebuilt: dict[str, SheetRebuild] = {}
        """kpixl's sheets this run writes again (`rebuild_sheet`), by name: saved as `kpixl.refresh.cached_at_save`
        renders them."""
        self._row_values: dict[str, RowValues | None] = {}

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> PackageBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def changed(self) -> bool:
        """Whether any write was recorded (a run that changes nothing writes nothing)."""
        return self.edits.changed(list(self._tables.values())) or bool(self.rebuilt)

    @property
    def tables_changed(self) -> bool:
        """Whether this run changed a table's rows (the figures that sum them up are then stale)."""
        return self.edits.tables_changed(list(self._tables.values()))

    # -- layout and sheets -----------------------------------------------------------------------------------------
    def layout(self) -> Layout:
        if LAYOUT_SHEET not in self.sheet_names():
            raise KpixlError(Message("not_kpixl_workbook"), file=self.name)
        return layout_from_rows(self.read_sheet(LAYOUT_SHEET), file=self.name)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def _sheet(self, name: str) -> parts.SheetInfo:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KpixlError(Message("no_sheet", sheet=name), file=self.name)

    def add_sheet(self, name: str) -> None:
        used = set(self.archive.NameToInfo) | {p for _, p in self.edits.new_sheets}
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in used:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.edits.new_sheets.append((name, part))
        self.sheets.append(parts.SheetInfo(name, part, ""))

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        return self.decoder.sheet_values(self._sheet(sheet).part)

    def sheet_cells(self, sheet: str) -> Cells:
        """Every cell of a sheet by (row, column): its value (formulas as `=` text) and, for a formula, its cached
        value's type attribute and `<v>` text as written (None when it has none)."""
        return self.decoder.sheet_cells(self._sheet(sheet).part)

    def clear_sheet(self, sheet: str) -> None:
        self.edits.of(self._sheet(sheet).part).clear = True

    # -- defined names ---------------------------------------------------------------------------------------------
    def _name_cell(self, name: str) -> tuple[parts.SheetInfo, int, int] | None:
        found = self.names.get(name)
        if found is None or found[0] not in self.sheet_names():
            return None
        column, row = split_ref(found[1])
        return self._sheet(found[0]), row, column

    def read_name(self, name: str) -> Any:
        where = self._name_cell(name)
        if where is None:
            return None
        sheet, row, column = where
        found = self.decoder.cell(sheet.part, row, column)
        return self.decoder.value(*found) if found is not None else None

    def write_name(self, name: str, value: Any) -> None:
        where = self._name_cell(name)
        if where is None:
            raise KpixlError(Message("no_defined_name", name=name), file=self.name)
        sheet, row, column = where
        found = self.decoder.cell(sheet.part, row, column)
        style = int(found[0].attr(b"s") or 0) if found is not None else 0
        self.edits.of(sheet.part).cells.setdefault(row, {})[column] = self.render.value(column, row, value, style)

    # -- tables ----------------------------------------------------------------------------------------------------
    def _table(self, table: str) -> Table:
        found = self._tables.get(table)
        if found is None:
            found = self._tables[table] = locate(self.sheets, table, self.name)
        return found

    def has_table(self, table: str) -> bool:
        """Whether a sheet holds a table of that name."""
        return any(table == t.name for s in self.sheets for t in s.tables)

    def read_table(self, table: str) -> TableData:
        t = self._table(table)
        read_body(t, self.decoder)
        t.overlay(t.rows, self.edits.appends(t.sheet.part))
        return TableData(t.sheet.name, t.headers, t.rows)

    def table_now(self, table: str) -> TableData:
        """A table as this run leaves it: the rows as read with this run's writes, then the rows it appends (read
        from the file only if this run has not read it yet)."""
        t = self._table(table)
        if not t.read:
            return self.read_table(table)
        count = t.body_last - t.body_first + 1
        rows = [list(r) for r in t.rows[:count]] + [[None] * t.width for _ in range(count - len(t.rows))]
        t.overlay(rows, self.edits.appends(t.sheet.part))
        return TableData(t.sheet.name, list(t.headers), rows)

    def _style(self, t: Table, body_row: int, offset: int) -> int:
        """The style id of a body cell as read (a missing cell takes the column's style from a nearby row)."""
        if not t.read:
            self.read_table(t.part.name)
        return t.style(body_row, offset)

    def write_cells(self, table: str, cells_: Mapping[tuple[int, int], Any]) -> None:
        t = self._table(table)
        sheet = self.edits.of(t.sheet.part)
        edits = sheet.cells
        for (row, col), value in cells_.items():
            r, c = t.body_first + row, t.min_col + col
            append = next((a for a in sheet.appends if a.table == table and a.first <= r <= a.last), None)
            if append is not None:  # a row this run appends: change it there
                line = append.rows[r - append.first] = list(append.rows[r - append.first])
                line.extend([None] * (col + 1 - len(line)))
                line[col] = value
                continue
            t.values[(row, col)] = value
            t.by_row.setdefault(row, {})[col] = value
            edits.setdefault(r, {})[c] = self.render.value(c, r, value, self._style(t, row, col))

    def write_rows(self, table: str, start: int, rows: Sequence[Sequence[Any]], formulas: Mapping[int, str]) -> None:
        if not rows:
            return
        t = self._table(table)
        if t.part.totals:
            raise KpixlError(Message("totals_row", table=table), file=self.name)
        model = min(max(start - 1, 0), t.body_last - t.body_first)
        slots = [self.render.slot(t.min_col + i, self._style(t, model, i), formulas.get(i), source=i)
                 for i in range(t.width)]
        first = t.body_first + start
        edits = self.edits.of(t.sheet.part)
        # a second table growing on this sheet: full formulas, so no si can clash; else shared formula groups
        # numbered after every si the sheet already uses
        si_base = None if edits.appends else self._free_si(t.sheet.part)
        append = Append(first, list(rows), slots, t.max_col, table, dict(formulas), si_base, self.render.epoch)
        check_room(self.archive, self.decoder, t, append.last, self.name)
        edits.appends.append(append)
        if append.last > t.body_last:
            edits.grown.append((t.min_col, t.max_col, t.body_last, append.last))
            t.new_last = append.last
            t.max_row = append.last

    def _free_si(self, part: str) -> int:
        """The first shared-formula index no cell of the sheet uses."""
        used = -1
        with self.archive.open(part) as source:
            tail = b""
            while chunk := source.read(1 << 20):
                data = tail + chunk
                used = max([used, *(int(x) for x in SI.findall(data))])
                tail = data[-16:]
        return used + 1

    def write_formulas(self, table: str, formulas: Mapping[int, str]) -> None:
        t = self._table(table)
        if not t.read:
            self.read_table(table)
        stale = {i: f for i, f in formulas.items() if t.formulas.get(i) != f}
        current = package_writer.calculated_formulas(self.archive.read(t.part.part).decode("utf-8"))
        names_stale = any(current.get(i) != unescape(f.removeprefix("=")) for i, f in formulas.items())
        if not stale and not names_stale:
            return
        t.new_formulas.update(formulas)
        if stale:
            self.edits.of(t.sheet.part).rebuilds.append(
                Rebuild(t.body_first, t.body_last, {t.min_col + i: f for i, f in stale.items()}, t))

    def rebuild_sheet(self, sheet: str, rebuild: SheetRebuild) -> None:
        self._sheet(sheet)
        self.rebuilt[sheet] = rebuild

    # -- cached values, saving -------------------------------------------------------------------------------------
    def write_cached(self, cached: CachedValues | None) -> None:
        self._cached = cached
        self._row_values.clear()

    def _values_of(self, t: Table) -> RowValues | None:
        """The cached-values function of a table's rows, as handed over (None: kpixl computes nothing for it)."""
        name = t.part.name
        if name not in self._row_values:
            cached = self._cached
            self._row_values[name] = None if cached is None else cached.rows(name, t.part.columns)
        return self._row_values[name]

    def _compute(self, t: Table) -> Compute | None:
        """The row writer's `compute` for rows appended to a table: generated columns' values by column number."""
        values = self._values_of(t)
        if values is None:
            return None
        lo = t.min_col
        return lambda row: _Known({str(lo + i): v for i, v in values(row).items()})

    def _row_cached(self, part: str, n: int) -> dict[int, Any]:
        """The cached values, by column, of the existing table body row `n` of sheet `part` that this run changed."""
        for t in self._tables.values():
            body = n - t.body_first
            if t.sheet.part != part or not 0 <= body < len(t.rows):
                continue
            values = self._values_of(t)
            if values is None:
                return {}
            row = dict(enumerate(t.rows[body]))
            row.update(t.by_row.get(body, {}))
            return {t.min_col + i: v for i, v in values(row).items()}
        return {}

    def save(self, target: str | os.PathLike[str] | IO[bytes]) -> None:
        """Write the edited package to `target`: owned parts rewritten, every other member copied byte for byte."""
        tables = {t.part.part: t for t in self._tables.values() if t.new_last is not None or t.new_formulas}
        by_name = {s.name: s.part for s in self.sheets}
        refigure = {by_name[name]: given for name, given in (self._cached.figures if self._cached else {}).items()
                    if name in by_name}
        rebuilt = {by_name[name]: rows for name, rows in (self._cached.rebuilt if self._cached else {}).items()
                   if name in by_name}
        hidden = {by_name[name]: rows for name, rows in (self._cached.hidden_rows if self._cached else {}).items()
                  if name in by_name and by_name[name] in refigure}
        for sheet in self.edits.sheets.values():
            for append in sheet.appends:
                append.prepare(self._compute(self._tables[append.table]))
        sheets = {part: sum(len(a.rows) for a in self.edits.appends(part))
                  for part in (*self.edits.sheets, *refigure, *rebuilt)}
        drop = {self.calc_chain} if self.calc_chain else set()
        edits = self.edits

        def streamed(part: str, out: IO[bytes]) -> None:
            if part in rebuilt:
                out.write(_with_rows(self.archive.read(part), rebuilt[part]))
                return
            write_sheet(self.archive, part, edits.of(part), out, render=self.render, row_cached=self._row_cached,
                        refigure=refigure.get(part), hidden=hidden.get(part, {}))

        small = package_writer.small_parts(self.archive, self.book_part, self.book_xml, drop, edits.new_sheets)
        added = self._lite_parts(small)
        package_writer.save(self.archive, target, sheets=sheets, write_sheet=streamed, tables=tables,
                            small=small, drop=drop, new_sheets=edits.new_sheets, added=added)

    def _lite_parts(self, small: dict[str, bytes]) -> dict[str, bytes]:
        """The xlwings Lite parts another program dropped or mis-declared, restored (kpixl owns them): edits of
        existing parts go into `small`; the parts to add are returned."""
        from kpixl.workbook import lite_code, webextension

        names = self.archive.NameToInfo

        def read(name: str) -> bytes:
            return small[name] if name in small else self.archive.read(name)

        edit = webextension.repair(names, read, lambda: lite_code.for_layout(self.layout()))
        if edit is None:
            return {}
        for name, change in edit.edited.items():
            if name in names:
                small[name] = change(read(name))
        small.update({name: data for name, data in edit.added.items() if name in names})
        return {name: data for name, data in edit.added.items() if name not in names}


def _with_rows(sheet: bytes, rows: bytes) -> bytes:
    """A sheet part with its cells replaced by `rows` (a sheet kpixl rebuilt); its dimension dropped (optional)."""
    sheet = re.sub(rb"<dimension\b[^>]*/>", b"", sheet, count=1)
    data = re.compile(rb"<sheetData\b[^>]*?(?:/>|>.*?</sheetData>)", re.S)
    return data.sub(lambda _: b"<sheetData>" + rows + b"</sheetData>", sheet, count=1)


def open_book(path: str | os.PathLike[str], *, name: str | None = None) -> PackageBook:
    """Open a workbook file as a package (refusing non-zips, zip bombs and parts with DOCTYPEs)."""
    return PackageBook(path, name=name)
