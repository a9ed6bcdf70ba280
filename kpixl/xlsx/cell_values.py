"""Canonical values as cell values, shared by both adapters: ISO dates become dates, blanks stay blank."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kpixl.xlsx.cell_text import XML_ILLEGAL


class Formula(str):
    """A cell's formula as read (`=` text), told apart from text that merely starts with "=" (a caption)."""


def to_cell(fmt: str, value: Any) -> Any:
    """The value to store in a column of format kind `fmt` (so it compares equal to what the cell reads back)."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and XML_ILLEGAL.search(value):
        value = XML_ILLEGAL.sub("", value)  # control characters, U+FFFE/U+FFFF: no cell (no XML part) can hold them
    if fmt == "date" and isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return parsed.replace(tzinfo=None)
    return value


def is_blank(value: Any) -> bool:
    """A cell a user has not filled (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())
