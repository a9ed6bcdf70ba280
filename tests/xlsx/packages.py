"""Small SpreadsheetML parts and zips written by hand, for the tests of `kpixl.xlsx`: nothing here uses kpixl.

`sheet(rows)` is a worksheet part around `rows` (optionally with a namespace prefix, which `prefixed` puts on the
rows' elements, a prolog before the root, and text after `</sheetData>`); `workbook(sheets)` adds the parts openpyxl
needs to open them (content types, relationships, a workbook part with its 1900 or 1904 date system, shared
strings, cell styles by number format); `package(parts)` zips parts into bytes; `BILLION_LAUGHS` and
`EXTERNAL_ENTITY` are the two classic entity attacks, as a prolog to put before any part's root.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
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


def prefixed(rows: str, prefix: str) -> str:
    """`rows` with a namespace prefix on every element (for `sheet(..., prefix=prefix)`)."""
    return re.sub(r"<(/?)([A-Za-z]\w*)", rf"<\1{prefix}:\2", rows)


def workbook(sheets: dict[str, bytes], *, strings: Sequence[str] = (), styles: Sequence[int | str] = (0,),
             date1904: bool = False) -> dict[str, bytes | str]:
    """The parts of a workbook openpyxl opens: `sheets` (name → worksheet part) as xl/worksheets/sheet1.xml, …;
    `strings` the shared string items (each `<si>`'s inner XML) in xl/sharedStrings.xml; `styles` one cell style
    per entry, by number format (a built-in numFmtId, or a format code of its own) in xl/styles.xml."""
    pr = ' date1904="1"' if date1904 else ""
    names = [f"xl/worksheets/sheet{i}.xml" for i in range(1, len(sheets) + 1)]
    codes = {164 + i: code for i, code in enumerate(c for c in styles if isinstance(c, str))}
    ids = iter(codes)
    xfs = "".join(f'<xf numFmtId="{style if isinstance(style, int) else next(ids)}" fontId="0" fillId="0" '
                  'borderId="0" xfId="0"/>' for style in styles)
    formats = "".join(f'<numFmt numFmtId="{i}" formatCode="{code}"/>' for i, code in codes.items())
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/styles.xml", "styles"),
                 ("/xl/sharedStrings.xml", "sharedStrings")] + [(f"/{name}", "worksheet") for name in names]
    targets = [("styles", "styles.xml"), ("sharedStrings", "sharedStrings.xml")] + [
        ("worksheet", name.removeprefix("xl/")) for name in names]
    return {
        "[Content_Types].xml": f'{DECLARATION}<Types xmlns="{CONTENT_TYPES}">'
                               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                               'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                               + "".join(f'<Override PartName="{part}" ContentType="{SML}.{kind}+xml"/>'
                                         for part, kind in overrides) + "</Types>",
        "_rels/.rels": f'{DECLARATION}<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                       f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                           f"<workbookPr{pr}/><sheets>"
                           + "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i + 2}"/>'
                                     for i, name in enumerate(sheets, start=1)) + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'{DECLARATION}<Relationships xmlns="{PKG_REL}">'
                                      + "".join(f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{target}"/>'
                                                for i, (kind, target) in enumerate(targets, start=1))
                                      + "</Relationships>",
        "xl/styles.xml": f'{DECLARATION}<styleSheet xmlns="{MAIN}"><numFmts count="{len(codes)}">{formats}</numFmts>'
                         '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
                         '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
                         '<borders count="1"><border/></borders>'
                         '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                         f'<cellXfs count="{len(styles)}">{xfs}</cellXfs><cellStyles count="1">'
                         '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        "xl/sharedStrings.xml": f'{DECLARATION}<sst xmlns="{MAIN}" count="{len(strings)}" '
                                f'uniqueCount="{len(strings)}">' + "".join(f"<si>{s}</si>" for s in strings) + "</sst>",
        **dict(zip(names, sheets.values(), strict=True)),
    }


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
