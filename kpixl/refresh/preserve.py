"""Finding the parts of a user's .xlsx that openpyxl would silently drop on load-and-save.

openpyxl keeps tables, conditional formats, validations, defined names, charts and images, but drops DrawingML
shapes (text boxes), sparklines, 2010 data bars, slicers, timelines and form checkboxes. Before saving a workbook
in place, kpixl looks for those parts in the zip (by name and by a byte scan, no XML parsing) and, when it finds
any, writes a copy beside the workbook instead.
"""

from __future__ import annotations

import os
import re
import zipfile

from kpixl.errors import KpixlError

MAX_MEMBER_BYTES = 512 * 1024 * 1024
"""Refuse a workbook whose single part unpacks to more than this (zip-bomb guard)."""

MAX_RATIO = 200
"""Refuse a part that unpacks to more than this many times its compressed size (and more than 10 MB)."""

_BY_NAME = (
    (re.compile(r"^xl/slicers/"), "slicers"),
    (re.compile(r"^xl/slicerCaches/"), "slicers"),
    (re.compile(r"^xl/timelines/"), "timelines"),
    (re.compile(r"^xl/ctrlProps/"), "form controls (checkboxes)"),
)
_IN_SHEETS = (
    (b"sparklineGroup", "sparklines"),
    (b"x14:dataBar", "Excel 2010 data bars"),
    (b"x14:conditionalFormatting", "Excel 2010 conditional formats"),
)
_IN_DRAWINGS = ((b"<xdr:sp>", "shapes or text boxes"), (b"<xdr:sp ", "shapes or text boxes"))


def check_zip(path: str | os.PathLike[str]) -> zipfile.ZipFile:
    """Open an .xlsx as a zip, refusing non-zips, truncated files and zip bombs with a clear error."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise KpixlError(f"not a readable .xlsx workbook ({exc})", file=str(path)) from None
    for info in archive.infolist():
        too_big = info.file_size > MAX_MEMBER_BYTES
        bomb = info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        if too_big or bomb:
            archive.close()
            raise KpixlError(f"workbook part {info.filename} unpacks to {info.file_size:,} bytes; refusing it "
                             "as oversized or a zip bomb", file=str(path))
    return archive


def parts_openpyxl_would_drop(path: str | os.PathLike[str]) -> list[str]:
    """Names of the features in this workbook that a load-and-save through openpyxl would lose."""
    found: dict[str, None] = {}
    with check_zip(path) as archive:
        for name in archive.namelist():
            for pattern, feature in _BY_NAME:
                if pattern.match(name):
                    found.setdefault(feature, None)
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                data = archive.read(name)
                for needle, feature in _IN_SHEETS:
                    if needle in data:
                        found.setdefault(feature, None)
            elif name.startswith("xl/drawings/drawing") and name.endswith(".xml"):
                data = archive.read(name)
                for needle, feature in _IN_DRAWINGS:
                    if needle in data:
                        found.setdefault(feature, None)
    return list(found)
