"""Cell references: column letters as numbers and `AB12` as (column, row), for every reader of sheet parts."""

from __future__ import annotations

import re

_REF = re.compile(r"([A-Z]+)([0-9]+)")

_LETTERS: dict[str, int] = {}


def column_index(letters: str) -> int:
    """1-based column number of column letters (A → 1, XFD → 16384)."""
    index = _LETTERS.get(letters)
    if index is None:
        index = 0
        for ch in letters:
            index = index * 26 + ord(ch) - 64
        _LETTERS[letters] = index
    return index


def split_ref(ref: str) -> tuple[int, int]:
    """(column, row) of a cell reference such as AB12 (dollar signs allowed)."""
    match = _REF.fullmatch(ref.replace("$", "").upper())
    if match is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    return column_index(match.group(1)), int(match.group(2))
