"""CSV text that spreadsheets never run: OWASP's CSV-injection advice, and its reversal when kpixl reads it back."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts that make Excel or LibreOffice evaluate a CSV cell as a formula (OWASP "CSV injection")."""


def neutralise(text: str) -> str:
    """Text as a spreadsheet shows it but never runs it: a leading ' before = + - @ tab or CR (OWASP's advice)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """The text `neutralise` was given (kpixl reading its own canonical CSV back)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
