"""The rules for text in a cell, in one place: which characters no cell can hold, and which text would run.

`XML_ILLEGAL` is every character XML 1.0 forbids (control characters but tab, LF and CR; U+FFFE, U+FFFF; lone
surrogates): no SpreadsheetML part can hold them, so readers remove them and writers refuse them.

`FORMULA_TRIGGERS` are the first characters that make a spreadsheet evaluate typed or imported text: OWASP's
CSV-injection list (= + - @ tab CR). `=` starts a formula in Excel and LibreOffice; `+` and `-` start one when
typed or imported (`+1+2`, `-2+3` are computed); `@` is Lotus-style function syntax Excel still accepts
(`@SUM(A1)`); a leading tab or CR is stripped by many importers, exposing what follows. Text starting with one of
them is stored as text with Excel's quote prefix (or a leading `'` in CSV), so it shows as typed and never runs.
"""

from __future__ import annotations

import re
from typing import Any

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters no XML part may hold (openpyxl's check misses U+FFFE, U+FFFF and lone surrogates)."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Text starting with these would be read as a formula (OWASP's CSV-injection list)."""


def needs_escape(value: Any) -> bool:
    """Whether a text value would be read as a formula (or a CSV-injection payload) if typed into a cell."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
