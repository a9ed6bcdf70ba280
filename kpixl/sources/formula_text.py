"""CSV text that spreadsheets never run: OWASP's CSV-injection advice, and its reversal when kpixl reads it back.

Which text would run is `kpixl.xlsx.cell_text.needs_escape`, the one rule cells and CSV share.
"""

from __future__ import annotations

from kpixl.xlsx.cell_text import needs_escape


def neutralise(text: str) -> str:
    """Text as a spreadsheet shows it but never runs it: a leading ' before = + - @ tab or CR (OWASP's advice)."""
    return "'" + text if needs_escape(text) else text


def restore(text: str) -> str:
    """The text `neutralise` was given (kpixl reading its own canonical CSV back)."""
    return text[1:] if text.startswith("'") and needs_escape(text[1:]) else text
