"""Small SpreadsheetML parts and zips written by hand, for the tests of `kpixl.xlsx`: nothing here uses kpixl.

`sheet(rows)` is a worksheet part around `rows` (optionally with a namespace prefix, a prolog before the root, and
text after `</sheetData>`); `package(parts)` zips parts into bytes; `BILLION_LAUGHS` and `EXTERNAL_ENTITY` are the
two classic entity attacks, as a prolog to put before any part's root.
"""

from __future__ import annotations

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>\n"
)
"""A prolog whose `&lol9;` expands to 10⁹ "lol"s (three gigabytes)."""

EXTERNAL_ENTITY = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
"""A prolog whose `&secret;` would read a local file."""


def sheet(rows: str, *, prefix: str = "", prolog: str = DECLARATION, tail: str = "") -> bytes:
    """A worksheet part holding `rows` (the `<row>` elements, written with the same prefix) in its sheetData."""
    p = prefix + ":" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (f'{prolog}<{p}worksheet {xmlns} xmlns:r="{REL}"><{p}dimension ref="A1"/>'
            f"<{p}sheetData>{rows}</{p}sheetData>{tail}</{p}worksheet>").encode()


def package(parts: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding `parts` (name → content), in the given order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def archive(parts: dict[str, bytes | str]) -> zipfile.ZipFile:
    """`package(parts)` opened for reading."""
    return zipfile.ZipFile(io.BytesIO(package(parts)))
