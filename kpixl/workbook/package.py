"""Saving a write-only workbook whose bulk rows were rendered apart and whose formula cells carry cached values
(see `row_xml`).

openpyxl saves everything (styles, tables, validations, formats, names, charts, the other sheets and each
network sheet's header row) into memory; the package is then copied to the target with each pre-rendered body
inserted at the end of its sheet's `sheetData`, and the cached values of formula cells openpyxl wrote put in their
`<v>`. Only those sheet parts change; every other part is copied as is.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Mapping
from typing import IO, Any

from kpixl.workbook.row_xml import add_cached_values, cached_values

END = b"</sheetData>"
ZIP64_SAFE = zipfile.ZIP64_LIMIT // 2
"""Parts this large get ZIP64 headers; smaller ones keep plain headers, as openpyxl writes them."""


def save(workbook: Any, target: Any, bodies: Mapping[str, IO[bytes]] | None = None) -> None:
    """Save `workbook` to a path or binary file, appending `bodies[sheet title]` (rows XML) to those sheets and
    giving formula cells their cached values."""
    bodies = bodies or {}
    buffer = io.BytesIO()
    workbook.save(buffer)
    values = cached_values(workbook)
    parts = {ws.path.lstrip("/"): bodies[ws.title] for ws in workbook.worksheets if ws.title in bodies}
    cached = {ws.path.lstrip("/"): values.pop(ws.title) for ws in workbook.worksheets if ws.title in values}
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as package:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in cached:
                data = add_cached_values(data, cached.pop(info.filename))
            body = parts.pop(info.filename, None)
            if body is None:
                package.writestr(info, data)
            else:
                _splice(package, info, data, body)
    if parts or cached or values:
        raise RuntimeError(f"sheet parts not found in the saved workbook: {sorted([*parts, *cached, *values])}")


def _splice(package: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: bytes, body: IO[bytes]) -> None:
    """Write one sheet part: openpyxl's XML up to `</sheetData>`, the body, then the rest."""
    cut = sheet.find(END)
    if cut < 0 or sheet.find(END, cut + 1) >= 0:
        raise RuntimeError(f"{info.filename}: expected exactly one {END.decode()}")
    size = len(sheet) + body.seek(0, io.SEEK_END)
    body.seek(0)
    with package.open(info.filename, "w", force_zip64=size > ZIP64_SAFE) as out:
        out.write(sheet[:cut])
        shutil.copyfileobj(body, out, 1 << 20)
        out.write(sheet[cut:])
