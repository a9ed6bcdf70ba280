"""Opening a user's .xlsx as a zip safely: non-zips, truncated files and zip bombs are refused with a clear error."""

from __future__ import annotations

import os
import zipfile

from kpixl.errors import KpixlError
from kpixl.text.messages import Message

MAX_MEMBER_BYTES = 4 * 1024 * 1024 * 1024
"""Refuse a workbook whose single part unpacks to more than this (zip-bomb guard; parts are streamed, never held
whole, and a 100,000-row network sheet is about 800 MB of XML)."""

MAX_RATIO = 200
"""Refuse a part that unpacks to more than this many times its compressed size (and more than 10 MB)."""


def check_zip(path: str | os.PathLike[str]) -> zipfile.ZipFile:
    """Open an .xlsx as a zip, refusing non-zips, truncated files and zip bombs with a clear error."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise KpixlError(Message("not_readable_xlsx", why=str(exc)), file=str(path)) from None
    for info in archive.infolist():
        too_big = info.file_size > MAX_MEMBER_BYTES
        bomb = info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        if too_big or bomb:
            archive.close()
            raise KpixlError(Message("part_too_large", part=info.filename, size=info.file_size), file=str(path))
    return archive
