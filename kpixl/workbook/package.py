"""Saving a write-only workbook whose bulk rows were rendered apart and whose formula cells carry cached values
(see `kpixl.xlsx.row_writer`).

openpyxl saves everything (styles, tables, validations, formats, names, charts, the other sheets and each
network sheet's header row) into memory; the package is then copied to the target with each pre-rendered body
inserted at the end of its sheet's `sheetData`, and the cached values of formula cells openpyxl wrote put in their
`<v>`. Only those sheet parts change; every other part is copied as is, except what a `finish` step (parts openpyxl
does not know, e.g. `webextension.package_edit`) adds or edits.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpixl.workbook.webextension import PackageEdit

from kpixl.xlsx.row_writer import add_cached_values, cached_values
from kpixl.xlsx.zip_copy import ZIP64_SAFE

END = b"</sheetData>"


def save(workbook: Any, target: Any, bodies: Mapping[str, IO[bytes]] | None = None,
         finish: PackageEdit | None = None) -> None:
    """Save `workbook` to a path or binary file, appending `bodies[sheet title]` (rows XML) to those sheets, giving
    formula cells their cached values, then applying `finish` (parts added after openpyxl's, edits of its parts)."""
    bodies = bodies or {}
    buffer = io.BytesIO()
    workbook.save(buffer)
    values = cached_values(workbook)
    parts = {ws.path.lstrip("/"): bodies[ws.title] for ws in workbook.worksheets if ws.title in bodies}
    cached = {ws.path.lstrip("/"): values.pop(ws.title) for ws in workbook.worksheets if ws.title in values}
    edited = dict(finish.edited) if finish else {}
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as package:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in cached:
                data = add_cached_values(data, cached.pop(info.filename))
            body = parts.pop(info.filename, None)
            if info.filename in edited:
                data = edited.pop(info.filename)(data)
            if body is None:
                package.writestr(info, data)
            else:
                _splice(package, info, data, body)
        for name, data in (finish.added if finish else {}).items():
            package.writestr(name, data)
    if parts or cached or values or edited:
        raise RuntimeError(f"parts not found in the saved workbook: {sorted([*parts, *cached, *values, *edited])}")


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
