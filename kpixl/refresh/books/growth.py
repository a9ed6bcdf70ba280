"""A table grows only into empty rows: the one refusal every adapter raises when something of the user's lies there.

Excel's own table growth takes in whatever lies below; kpixl refuses instead, naming the first cell in the way (its
value), merged range or other table, so a note typed under a table never becomes a post's date or id.
"""

from __future__ import annotations

import re
from typing import Any

from kpixl.errors import KpixlError
from kpixl.text.messages import Message

SHOWN = 40
"""Characters of a value the message quotes."""


def where(sheet: str, ref: str) -> str:
    """`Sheet!A57` as Excel writes it (the sheet quoted when its name needs it)."""
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet)
    return f"{sheet if plain else chr(39) + sheet.replace(chr(39), chr(39) * 2) + chr(39)}!{ref}"


def _shown(value: Any) -> str:
    text = str(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def in_the_way(file: str, sheet: str, table: str, first: int, last: int, ref: str, *, value: Any = None,
               merged: bool = False, other_table: str | None = None) -> KpixlError:
    """The refusal: what lies at `ref`, in rows `first`..`last` that table `table` must grow into."""
    if other_table is not None:
        what = Message("below_other_table", table=other_table)
    elif merged:
        what = Message("below_merged")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        what = Message("below_number", value=value)
    else:
        what = Message("below_value", value=_shown(value))
    return KpixlError(Message("rows_below_table", cell=where(sheet, ref), what=what, table=table, first=first,
                              last=last), file=file)
