"""Export bytes that are not one clean encoding, read exactly where the bytes allow it and said with file and rows.

A file edited in two programs mixes UTF-8 lines with Windows-1252 ones; Java's "modified UTF-8" and MySQL utf8mb3
dumps write an emoji as two encoded surrogates (CESU-8). Decoding all of it as Windows-1252 turns every accent and
emoji into mojibake ("Ã©", "í ½í¸€") without a word. Each line is read in the encoding it is written in; a line
holding both, or half an emoji, is refused naming its row.
"""

from __future__ import annotations

import re

from kpixl.errors import KpixlError
from kpixl.text.messages import Message, rows_text

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
"""A character UTF-8 writes in several bytes (Windows-1252 text almost never holds such a run)."""

_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
"""An encoded UTF-16 surrogate: CESU-8, never valid UTF-8."""


def decode_mixed(data: bytes, file: str) -> tuple[str, list[Message]] | None:
    """The text of bytes strict UTF-8 refuses though they hold UTF-8, line by line, with notes naming the rows not
    in UTF-8; None when the bytes hold no UTF-8 at all (a plain Windows-1252 file, for the caller to read as such)."""
    if _SURROGATE.search(data) is None and _UTF8_MULTIBYTE.search(data) is None:
        return None
    lines: list[str] = []
    legacy: list[int] = []
    cesu: list[int] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            lines.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        if _SURROGATE.search(line):
            lines.append(_cesu(line, file, number))
            cesu.append(number)
            continue
        if _UTF8_MULTIBYTE.search(line):
            raise KpixlError(Message("mixed_encoding_line"), file=file, row=number)
        try:
            lines.append(line.decode("cp1252"))
        except UnicodeDecodeError as exc:
            raise KpixlError(Message("unknown_encoding", byte=line[exc.start]), file=file, row=number) from None
        legacy.append(number)
    notes = []
    if legacy:
        notes.append(Message("mixed_encoding", rows=rows_text(legacy)))
    if cesu:
        notes.append(Message("cesu_encoding", rows=rows_text(cesu)))
    return "\n".join(lines), notes


def _cesu(line: bytes, file: str, number: int) -> str:
    """A line whose emoji are written as surrogate pairs, as the characters they encode; half a pair is refused."""
    try:
        paired = line.decode("utf-8", errors="surrogatepass")
        return paired.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise KpixlError(Message("lone_surrogate"), file=file, row=number) from None
