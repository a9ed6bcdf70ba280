"""Opening a user's .xlsx as a zip safely: non-zips, truncated files and zip bombs are refused with a clear error.

One guard for every .xlsx kpixl opens: the workbook it refreshes (parts streamed one at a time, so only each part's
size matters) and the exports it imports (whole sheets held in memory by calamine or openpyxl, so their caller also
caps the total with `max_unpacked`). Sizes are read from the zip's central directory first (a cheap early refusal),
then every member is inflated once, counted against the one budget (`kpixl.xlsx.budget`: bytes actually inflated,
all members together, never the headers' claim) and checked against its CRC, so a member that inflates past its
declared size, a damaged member or a bomb is refused in one line before any reader (calamine's own unzip
included) sees the file.

No ceiling on the number of members: `zipfile` reads the whole central directory before any check can run, so a
count checked afterwards guards nothing that the file-size limits do not already bound.
"""

from __future__ import annotations

import os
import zipfile
import zlib

from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.xlsx import budget
from kpixl.xlsx.budget import Meter

MAX_PART_BYTES = 4 * 1024 * 1024 * 1024
"""Refuse a workbook whose single part unpacks to more than this (4 GiB, as Apache POI's default; parts are
streamed, never held whole, and a 100,000-row network sheet is about 800 MB of XML)."""

MAX_RATIO = 200
"""Refuse a part that unpacks to more than this many times its compressed size (and more than `BOMB_FLOOR_BYTES`):
sheet XML compresses 10 to 30 times, a zip bomb thousands of times."""

BOMB_FLOOR_BYTES = 10_000_000
"""Parts up to this size (10 MB) are never taken for a bomb, however well they compress (an empty styles part)."""


def check_zip(path: str | os.PathLike[str], *, max_unpacked: int | None = None) -> zipfile.ZipFile:
    """Open an .xlsx as a zip, refusing non-zips, truncated files and zip bombs with a clear error.

    `max_unpacked` caps the total uncompressed size of every part (for callers that hold the whole workbook).
    The caller closes the archive.
    """
    file = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise KpixlError(Message("xlsx_damaged", why=str(exc)), file=file) from None
    try:
        refusal = _refusal(archive.infolist(), max_unpacked)
        if refusal is not None:
            raise KpixlError(refusal, file=file)
        meter = Meter(file, max_unpacked) if max_unpacked is not None else \
            Meter(file, budget.current().workbook_bytes, budget.ENV_WORKBOOK_MB)  # a workbook: streamed part by part
        inflate_all(archive, meter)
    except BaseException:
        archive.close()
        raise
    return archive


def inflate_all(archive: zipfile.ZipFile, meter: Meter) -> None:
    """Inflate every member once, counting the bytes against `meter` and checking each member's CRC."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            with archive.open(info) as source:
                for _ in meter.chunks(source):
                    pass
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError) as exc:
            raise KpixlError(Message("zip_member_damaged", member=info.filename, why=str(exc)),
                             file=meter.file) from None


def _refusal(members: list[zipfile.ZipInfo], max_unpacked: int | None) -> Message | None:
    """Why members that unpack to too much (in total, alone, or for their compressed size) are refused, else None."""
    total = sum(m.file_size for m in members)
    if max_unpacked is not None and total > max_unpacked:
        return Message("xlsx_too_large", size=total / 1e6, limit=max_unpacked / 1e6)
    for member in members:
        if member.file_size > MAX_PART_BYTES:
            return Message("part_too_large", part=member.filename, size=member.file_size)
        if member.file_size > BOMB_FLOOR_BYTES and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return Message("xlsx_bomb", member=member.filename)
    return None
