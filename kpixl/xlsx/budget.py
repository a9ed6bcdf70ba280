"""The one resource budget: how much a file kpixl reads may cost (bytes on disk, bytes inflated, rows, cells).

Every limit counts what is actually there, as it is read: bytes as they are inflated (summed over every member of
a zip, never the sizes its headers claim), rows and cells as they are found (never a sheet's declared dimension or
a table's `ref`). A user may raise each one with an environment variable (README, "Limits"); a file over a limit
is refused with one line naming it, before it can take the machine's memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from kpixl.errors import KpixlError
from kpixl.text.messages import Count, Message

MB = 1024 * 1024
CHUNK = 1 << 20

ENV_FILE_MB = "KPIXL_MAX_FILE_MB"
ENV_INFLATED_MB = "KPIXL_MAX_INFLATED_MB"
ENV_WORKBOOK_MB = "KPIXL_MAX_WORKBOOK_MB"
ENV_ROWS = "KPIXL_MAX_ROWS"
ENV_CELLS = "KPIXL_MAX_CELLS"

DEFAULT_FILE_MB = 200
"""Largest export file read (200 MB on disk)."""
DEFAULT_INFLATED_MB = 1024
"""Most bytes one file may unpack to, all its zip members together (1 GB), counted as they are inflated."""
DEFAULT_WORKBOOK_MB = 4096
"""Most bytes a kpixl workbook (the one `import` and `refresh` edit) may unpack to (4 GB): its parts are streamed one
at a time, never held whole, so it may be larger than an export; still counted as inflated, all parts together."""
DEFAULT_ROWS = 1_048_576
"""Most rows one file may hold (blank lines included): Excel's own sheet limit."""
DEFAULT_CELLS = 5_000_000
"""Most cells a file's sheets may span (a 100,000-post export of 50 columns fits): sheets are held whole as read,
so a sheet is counted as the rectangle of its cells, from A1 to its last row and its farthest filled column."""


@dataclass(frozen=True)
class Budget:
    """The limits in force (read from the environment each time, so a user's raised limit applies at once)."""

    file_bytes: int
    inflated_bytes: int
    workbook_bytes: int
    rows: int
    cells: int


def _limit(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip().replace("_", "").replace(",", "")
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise KpixlError(Message("budget_bad_setting", name=name, value=text)) from None
    if value <= 0:
        raise KpixlError(Message("budget_bad_setting", name=name, value=text))
    return value


def current() -> Budget:
    """The budget in force: the defaults, raised or lowered by the environment."""
    return Budget(file_bytes=_limit(ENV_FILE_MB, DEFAULT_FILE_MB) * MB,
                  inflated_bytes=_limit(ENV_INFLATED_MB, DEFAULT_INFLATED_MB) * MB,
                  workbook_bytes=_limit(ENV_WORKBOOK_MB, DEFAULT_WORKBOOK_MB) * MB,
                  rows=_limit(ENV_ROWS, DEFAULT_ROWS), cells=_limit(ENV_CELLS, DEFAULT_CELLS))


def grouped(number: int) -> Count:
    """A count with its thousands grouped as the reader writes them (1,048,576 · 1.048.576)."""
    return Count(number)


def over_inflated(limit: int, file: str | None, setting: str = ENV_INFLATED_MB) -> KpixlError:
    return KpixlError(Message("budget_inflated", limit=grouped(limit // MB), setting=setting), file=file)


def over_rows(limit: int, file: str | None) -> KpixlError:
    return KpixlError(Message("budget_rows", limit=grouped(limit), setting=ENV_ROWS), file=file)


def over_cells(limit: int, file: str | None, *, rows: int, columns: int, sheet: str | None = None) -> KpixlError:
    where = Message("in_sheet", sheet=sheet) if sheet else ""
    return KpixlError(Message("budget_cells", rows=grouped(rows), columns=grouped(columns), where=where,
                              limit=grouped(limit), setting=ENV_CELLS), file=file)


class Meter:
    """Bytes inflated so far for one file, across all its members; refuses the file past the budget."""

    def __init__(self, file: str | None, limit: int | None = None, setting: str = ENV_INFLATED_MB):
        self.file = file
        self.limit = current().inflated_bytes if limit is None else limit
        self.setting = setting
        self.used = 0

    def add(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise over_inflated(self.limit, self.file, self.setting)

    def chunks(self, source: IO[bytes]) -> Iterator[bytes]:
        """A member's bytes as they are inflated, counted against the budget."""
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                return
            self.add(len(chunk))
            yield chunk
