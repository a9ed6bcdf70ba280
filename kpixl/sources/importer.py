"""Reading one export file into canonical rows: read the tables, detect each one's kind, convert."""

from __future__ import annotations

import datetime as dt
import os

from kpixl.catalog.fields import NETWORKS
from kpixl.errors import KpixlError
from kpixl.sources import fast
from kpixl.sources.archive import is_archive, read_archive
from kpixl.sources.convert import convert_table
from kpixl.sources.detect import detect
from kpixl.sources.generic import Mapping, load_mapping
from kpixl.sources.parsing import ParseError, check_year, normalize_header
from kpixl.sources.reading import MAX_BYTES, read_tables
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message


def read_exports(
    path: str | os.PathLike[str],
    *,
    network: str | None = None,
    format: str | None = None,
    year: int | None = None,
    mapping: str | os.PathLike[str] | Mapping | None = None,
    reference: dt.date | None = None,
    max_bytes: int = MAX_BYTES,
) -> list[ImportResult]:
    """Every recognised table of an export (one per sheet of a workbook); unrecognised sheets become warnings.

    A `mapping` applies to tables that have every header it maps; other tables are detected as usual.
    """
    if network is not None and network not in NETWORKS:
        raise KpixlError(Message("unknown_network", network=network, choices=", ".join(NETWORKS)))
    if year is not None:
        try:
            check_year(year)
        except ParseError as exc:
            raise KpixlError(exc.args[0]) from None
    if is_archive(path):  # a zip download (TikTok Studio): every export inside it
        return read_archive(path, lambda member: read_exports(
            member, network=network, format=format, year=year, mapping=mapping, reference=reference,
            max_bytes=max_bytes), max_bytes)
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    tables = fast.read_tables(path, max_bytes=max_bytes) or read_tables(path, max_bytes=max_bytes)
    results: list[ImportResult] = []
    skipped: list[str] = []
    for table in tables:
        mapped = mapping.spec() if mapping is not None else None
        if mapped is not None and mapped.signatures[0] <= {normalize_header(h) for h in table.headers}:
            spec, note = mapped, None
        else:
            try:
                detection = detect(table, network=network, format=format)
            except KpixlError:
                if len(tables) == 1:
                    raise
                skipped.append(str(table.sheet))
                continue
            spec, note = detection.spec, detection.note
        convert = fast.convert_frame if isinstance(table, fast.FrameTable) else convert_table
        result = convert(
            table,
            spec,
            network=network or (mapping.network if spec is mapped else None),
            year=year,
            reference=reference,
            date_format=mapping.date_format if spec is mapped else None,
            decimal=mapping.decimal if spec is mapped else None,
        )
        if note:
            result.warnings.insert(0, note)
        results.append(result)
    if not results:
        raise KpixlError(Message("no_sheet_known", sheets=", ".join(skipped)), file=str(path))
    if skipped:
        results[0].warnings.append(Message("sheets_skipped", sheets=", ".join(skipped)))
    return results


def read_export(
    path: str | os.PathLike[str],
    *,
    network: str | None = None,
    format: str | None = None,
    year: int | None = None,
    mapping: str | os.PathLike[str] | Mapping | None = None,
    reference: dt.date | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """The main table of an export (posts before daily); other tables of a workbook are named in `.warnings`."""
    results = read_exports(
        path, network=network, format=format, year=year, mapping=mapping, reference=reference, max_bytes=max_bytes
    )
    results.sort(key=lambda r: r.table != "posts")
    main, others = results[0], results[1:]
    if others:
        names = ", ".join(f"{r.sheet or r.kind} ({r.table})" for r in others)
        holder = "workbook" if any(r.sheet for r in results) else "file"
        main.warnings.append(Message(f"also_holds_{holder}", names=names))
    return main
