"""The one import/refresh implementation, over the Book interface (files via openpyxl, live books via xlwings).

- `import_results(book, results)`: put importer results into the network tables, deduplicated by post id with the
  "nothing lost" rules of `kpixl.refresh.merge`; only changed cells are written, new posts fill the table's blank
  tail rows and then grow it; every other cell, row, column and sheet is left alone.
- `refresh(book, folder)`: re-import every export of a folder (oldest first, so newer exports win) and rebuild the
  calculated columns' formulas; a folder without exports is an error (nothing to refresh, nothing written).
- `import_pasted(book)`: the Refresh button — read the paste sheet, import it, clear it, write the status cell.
No pandas or numpy: this runs inside xlwings Lite (Pyodide).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kpixl.catalog.fields import NETWORK_NAMES, POST_METRIC_FIELDS
from kpixl.errors import KpixlError
from kpixl.refresh import audience_import, creators_rebuild, publish_times
from kpixl.refresh.books.protocol import Book, TableData
from kpixl.refresh.exports_folder import EXPORT_SUFFIXES, export_files, exports_folder
from kpixl.refresh.merge import merge_posts, same_value
from kpixl.refresh.summary import FileSummary, Summary
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message, field_names, render
from kpixl.text.refresh_labels import text
from kpixl.workbook.formulas import not_reported
from kpixl.workbook.formulas.rows import column_formula
from kpixl.workbook.layout import REFRESH_STATUS, Layout
from kpixl.workbook.sheets import network as network_sheet
from kpixl.xlsx.cell_values import is_blank, to_cell

FALLBACK_KEY = ("published_at", "text")
"""How an imported post without an id (generic files) is recognised on the next import: same date and text."""

Progress = Callable[[int], None]
AUDIENCE = "\0audience"
"""The routing key of daily account rows (the Audience table), which no network id can equal."""


@dataclass
class _Target:
    """A network table as read, and where each canonical field and generated column sits in it."""

    network: str
    table: str
    data: TableData
    fields: dict[str, int]
    formats: dict[str, str]
    formulas: dict[int, str]
    filled: int  # body rows before the blank tail (the rows the merge sees)
    listable: tuple[tuple[str, str], ...] = ()  # (interaction, header) its Not-in-export column may list
    sheet: str = ""


def first_rejection(results: Iterable[ImportResult]) -> KpixlError | None:
    """The first row an importer could not parse, as the error the CLI reports (file, row, column)."""
    rejected = [r for result in results for r in result.rejected]
    if not rejected:
        return None
    first = rejected[0]
    more = Message("more_rejected", count=len(rejected) - 1) if len(rejected) > 1 else ""
    return KpixlError(Message("first_rejection", reason=first.reason, more=more),
                      file=first.file, row=first.row, column=first.column)


def nothing_imported(summary: Summary) -> KpixlError | None:
    """The error a command reports when every row was rejected (so a script does not go on as if it had worked)."""
    if not summary.rejected or summary.added or summary.updated or summary.unchanged:
        return None
    reasons = [reason for f in summary.files for reason in f.reasons]
    return KpixlError(Message("nothing_imported", reason=reasons[0] if reasons else Message("no_reason")))


def _target(book: Book, layout: Layout, net: str) -> _Target:
    """Read a network table and locate its columns by header (users may insert columns of their own)."""
    table = layout.table_name(net)
    data = book.read_table(table)
    where = {h: i for i, h in enumerate(data.headers)}
    fields, formats, formulas = {}, {}, {}
    for col in layout.columns(net):
        index = where.get(col.header)
        if index is None:
            continue
        if col.role == "input":
            fields[col.field or col.key] = index
            formats[col.field or col.key] = col.format
        elif col.generated:
            formulas[index] = column_formula(layout, net, col)
    if "post_id" not in fields:
        raise KpixlError(Message("table_no_id_column", table=table, header=layout.header(net, "post_id")),
                         file=getattr(book, "name", None))
    keep = [i for i in range(len(data.headers)) if i not in formulas]
    filled = len(data.rows)
    while filled and all(is_blank(data.rows[filled - 1][i]) for i in keep if i < len(data.rows[filled - 1])):
        filled -= 1
    listable = tuple((f, h) for f, h in not_reported.listable(layout, net) if f in fields)
    return _Target(net, table, data, fields, formats, formulas, filled,
                   listable if not_reported.FIELD in fields else (), layout.network_sheet(net))


def _route(result: ImportResult, layout: Layout, summary: FileSummary,
           zone: Callable[[], Any] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Group a result's posts by the network table they go to (daily rows under AUDIENCE); rows with no table are
    counted as rejected. TikTok's id-derived UTC times move to the Settings' `zone` (`publish_times`)."""
    if result.table != "posts":
        return {AUDIENCE: audience_import.route(result.rows, result.network, layout, summary)}
    out: dict[str, list[dict[str, Any]]] = {}
    missing: dict[str, int] = {}
    for row in publish_times.rows_in_zone(result, zone, summary):
        net = row.get("network") or result.network
        if net in layout.tables:  # the export's own type label read as one the table lists, in its language
            out.setdefault(str(net), []).extend(network_sheet.in_table_words(layout, str(net), [row]))
        else:
            missing[str(net)] = missing.get(str(net), 0) + 1
    for net, count in missing.items():
        summary.rejected += count
        if net == "None":
            summary.reasons.append(Message("rows_network_unknown", count=count))
        else:
            summary.reasons.append(Message("rows_no_sheet", count=count, network=NETWORK_NAMES.get(net, net)))
    return out


def import_results(book: Book, results: Sequence[ImportResult], *, strict: bool = True, rebuild: bool = False,
                   layout: Layout | None = None, progress: Progress | None = None) -> Summary:
    """Merge importer results into the book's network tables; `rebuild` rewrites every generated formula."""
    if strict:
        error = first_rejection(results)
        if error is not None:
            raise error
    layout = layout or book.layout()
    summary = Summary()
    zone = publish_times.settings_zone(book, layout)
    routed: list[tuple[FileSummary, ImportResult, dict[str, list[dict[str, Any]]]]] = []
    for result in results:
        sheet = f" [{result.sheet}]" if result.sheet else ""
        fs = FileSummary(f"{result.file}{sheet}", result.kind, network=result.network or "")
        fs.rejected += len(result.rejected)
        fs.reasons.extend(r.located() for r in result.rejected)
        if result.unknown_headers:
            fs.notes.append(Message("unknown_headers", headers=list(result.unknown_headers)))
        fs.notes.extend(result.warnings)
        summary.files.append(fs)
        routed.append((fs, result, _route(result, layout, fs, zone)))
    networks = list(dict.fromkeys(net for _, _, by_net in routed for net in by_net if net != AUDIENCE))
    if rebuild:
        networks = list(layout.networks)
    days = [(fs, by_net[AUDIENCE]) for fs, _, by_net in routed if by_net.get(AUDIENCE)]
    if days:
        audience_import.import_days(book, layout, days)
    kept = {col.field or col.key for n in layout.networks for col in layout.columns(n) if col.role == "input"}
    for net in networks:
        target = _target(book, layout, net)
        batches = [(fs, result, by_net.get(net, [])) for fs, result, by_net in routed]
        for fs, _, incoming in batches:
            _note_not_kept(target, fs, incoming, kept)
        _import_table(book, target, batches, rebuild=rebuild)
        if progress is not None:
            progress(1)
    if days or networks:
        followers = audience_import.fill_post_followers(book, layout)
        if followers is not None:
            summary.files.append(followers)
        creators_rebuild.rebuild(book, layout)  # one row per creator of the tables, in every engine
    return summary


def _note_not_kept(target: _Target, fs: FileSummary, incoming: Sequence[dict[str, Any]], kept: set[str]) -> None:
    """Say which figures of a file this table cannot keep: fields the file has values for that the workbook keeps on
    another network's sheet but this sheet has no column for (so no note can seem to claim they were imported)."""
    lost = [f for f in POST_METRIC_FIELDS if f in kept and f not in target.fields
            and any(row.get(f) is not None and row.get(f) != "" for row in incoming)]
    if lost:
        fs.notes.append(Message("fields_not_kept", fields=field_names(lost), sheet=target.sheet))


def _import_table(book: Book, target: _Target,
                  batches: list[tuple[FileSummary, ImportResult, list[dict[str, Any]]]], *, rebuild: bool) -> None:
    """Merge each file's rows in order (each row it touches then lists what the file does not report), then write
    only what changed."""
    fields = list(target.fields)
    existing = [{f: _at(row, i) for f, i in target.fields.items()} for row in target.data.rows[:target.filled]]
    rows = existing
    for fs, result, incoming in batches:
        if not incoming:
            continue
        cells = [{f: to_cell(target.formats[f], row.get(f)) for f in fields} for row in incoming]
        merged = merge_posts(rows, cells, fields=fields, fallback=FALLBACK_KEY)
        fs.added += merged.added
        fs.updated += merged.updated
        fs.unchanged += merged.unchanged
        rows = merged.rows
        _list_not_reported(target, fs, result, merged.targets)
    changes = {(r, target.fields[f]): new[f] for r, (old, new) in enumerate(zip(existing, rows, strict=False))
               for f in fields if not same_value(old.get(f), new.get(f))}
    if changes:
        book.write_cells(target.table, changes)
    width = len(target.data.headers)
    added = []
    for row in rows[len(existing):]:
        line: list[Any] = [None] * width
        for f, i in target.fields.items():
            line[i] = row.get(f)
        added.append(line)
    if added:
        book.write_rows(target.table, target.filled, added, target.formulas)
    if rebuild and target.formulas:
        book.write_formulas(target.table, target.formulas)


def _list_not_reported(target: _Target, fs: FileSummary, result: ImportResult, rows: Sequence[dict[str, Any]]
                       ) -> None:
    """Each row a file touched lists, in the Not-in-export column, the interactions the file lacks and the row has no
    value for (its engagements count them as 0); a workbook without the column keeps blank engagements, and says so."""
    missing = [f for f in result.missing_interactions if f in target.fields]
    if not target.listable:
        if missing and not_reported.FIELD not in target.fields:
            fs.notes.append(Message("no_not_reported_column", sheet=target.sheet, fields=field_names(missing)))
        return
    reported = set(result.reported)
    if not missing and not reported & {f for f, _ in target.listable}:
        return  # a file without any interaction column says nothing about them
    for row in rows:
        row[not_reported.FIELD] = not_reported.listing(row, target.listable, reported, missing)


def _at(row: Sequence[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


# -- refresh from a folder -------------------------------------------------------------------------------------
def refresh(book: Book, folder: str | os.PathLike[str] | None = None, *, base: str | os.PathLike[str] | None = None,
            strict: bool = True, on_file: Callable[[Path], None] | None = None, year: int | None = None) -> Summary:
    """Re-import every export of the folder (Settings' exports folder unless given) and rebuild the formulas;
    `year` dates year-less exports (the year of their latest date)."""
    from kpixl.sources.importer import read_exports

    layout = book.layout()
    path = Path(folder) if folder is not None else exports_folder(book, layout, base)
    files = export_files(path)
    if not files:  # an empty (or mistyped) folder: say so rather than "0 added", and leave the workbook alone
        raise KpixlError(Message("no_exports_found", folder=str(path), suffixes=", ".join(EXPORT_SUFFIXES)))
    results: list[ImportResult] = []
    for file in files:
        results.extend(read_exports(file, year=year))
        if on_file is not None:
            on_file(file)
    return import_results(book, results, strict=strict, rebuild=True, layout=layout)


# -- the Refresh button ----------------------------------------------------------------------------------------
def import_pasted(book: Book) -> Summary | None:
    """Import what was pasted into the paste sheet, clear it and write a one-line result to the status cell."""
    from kpixl.refresh.export_year import export_year
    from kpixl.sources.pasted import read_values

    layout = book.layout()
    lang = layout.lang
    sheet = text("paste_sheet", lang)
    if sheet not in book.sheet_names():
        book.add_sheet(sheet)
        book.write_name(REFRESH_STATUS, text("status_created", lang, sheet=sheet))
        return None
    values = book.read_sheet(sheet)
    if not any(not is_blank(v) for row in values for v in row):
        book.write_name(REFRESH_STATUS, text("status_empty", lang, sheet=sheet))
        return None
    try:
        result = read_values(values, name=sheet, year=export_year(book))
        summary = import_results(book, [result], strict=False, layout=layout)
    except KpixlError as exc:
        book.write_name(REFRESH_STATUS, text("status_error", lang, error=render(exc, lang)))
        return None
    book.clear_sheet(sheet)
    reason = summary.first_reason(lang)
    line = summary.status(lang) + (f" ({reason})" if reason else "")
    book.write_name(REFRESH_STATUS, line)
    return summary
