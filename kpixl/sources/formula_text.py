"""CSV text that spreadsheets never run: OWASP's CSV-injection advice, and its exact reversal when kpixl reads it back.

Which text would run is `kpixl.xlsx.cell_text.needs_escape`, the one rule cells and CSV share. A text that already
starts with apostrophes before such a character (a user's `'=1+1`) gets one more, so reading back removes exactly
the one kpixl added: `=1+1` and `'=1+1` stay two different texts (two posts, never merged into one).

A neutralised CSV says so in its header: every name quoted (`"network","post_id",…`), which every CSV reader reads as
the same names. Only such a file is restored when read; a `--raw-text` file (bare header) is read verbatim, so its
`'=1+1` stays `'=1+1`. A spreadsheet that re-saves the file drops the quotes along with the apostrophes it consumed.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence

from kpixl.xlsx.cell_text import needs_escape


def _guarded(text: str) -> bool:
    """Whether the text, without its leading apostrophes, would run in a spreadsheet."""
    return needs_escape(text.lstrip("'"))


def neutralise(text: str) -> str:
    """Text as a spreadsheet shows it but never runs it: a leading ' before = + - @ tab or CR (OWASP's advice), one
    more before apostrophes that already precede one."""
    return "'" + text if _guarded(text) else text


def restore(text: str) -> str:
    """The text `neutralise` was given (kpixl reading its own canonical CSV back)."""
    return text[1:] if text.startswith("'") and _guarded(text) else text


def marked_header(fields: Sequence[str]) -> str:
    """The header line of a neutralised CSV: every (plain, canonical) field name quoted."""
    return ",".join(f'"{name}"' for name in fields)


def is_neutralised(path: str, headers: Sequence[str]) -> bool:
    """Whether the CSV at `path`, whose header is `headers`, was written neutralised (its first line is the marked
    header); an unreadable path (an export inside an archive) is read verbatim."""
    expected = marked_header(headers).encode("utf-8")
    try:
        with open(path, "rb") as handle:
            start = handle.read(len(codecs.BOM_UTF8) + len(expected) + 2)
    except OSError:
        return False
    start = start.removeprefix(codecs.BOM_UTF8)
    return start.startswith(expected) and start[len(expected) : len(expected) + 1] in (b"\r", b"\n", b"")
