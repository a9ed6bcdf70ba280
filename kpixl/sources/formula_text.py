"""CSV text that spreadsheets never run: OWASP's CSV-injection advice, and its exact reversal when kpixl reads it back.

Which text would run is `kpixl.xlsx.cell_text.needs_escape`, the one rule cells and CSV share. A text that already
starts with apostrophes before such a character (a user's `'=1+1`) gets one more, so reading back removes exactly
the one kpixl added: `=1+1` and `'=1+1` stay two different texts (two posts, never merged into one).
"""

from __future__ import annotations

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
