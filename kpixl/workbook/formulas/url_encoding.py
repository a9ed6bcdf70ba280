"""A UTM parameter value percent-encoded (RFC 3986, as urllib.parse.quote with safe="") in a formula and in Python.

The values are typed cells (a creator's name, Settings' campaign), so the workbook encodes them itself: ENCODEURL is
missing from Excel for the web and for Mac (so says Microsoft's ENCODEURL page; LibreOffice has it since 4.4 only).
The formula is a SUBSTITUTE chain over `ENCODED`: "%" first, the ASCII characters a name or campaign may hold that
are not unreserved, the accented letters of Spanish, Catalan and Portuguese. A character outside it stays as typed,
by the formula and by `encoded_value` alike (browsers encode it); the chain stays inside Excel's 64 nesting levels.
"""

from __future__ import annotations

from urllib.parse import quote

ENCODED = tuple("% !\"#$&'()*+,/:;=?@áéíóúüñàèìòùçãõÁÉÍÓÚÜÑ")
"""Each character the link encodes, in the order the formula substitutes them ("%" before the codes that add one)."""


def encoded_formula(expression: str) -> str:
    """An expression (no "=") giving `expression`'s text with every `ENCODED` character percent-encoded."""
    for char in ENCODED:
        text = char.replace('"', '""')
        expression = f'SUBSTITUTE({expression},"{text}","{quote(char, safe="")}")'
    return expression


def encoded_value(text: str) -> str:
    """What `encoded_formula` gives for `text`."""
    return "".join(quote(char, safe="") if char in ENCODED else char for char in text)
