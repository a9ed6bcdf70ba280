"""Parts a user's Excel adds to a workbook, added by hand to a kpixl workbook for the preservation tests.

`add_user_parts(path, sheet)` adds, as Excel writes them: an image with its drawing, a threaded comment with its
persons (and the legacy comment Excel keeps beside it), a dynamic-array formula (`cm` + `xl/metadata.xml`), an x14
data validation and a sparkline group in the sheet's `extLst`, the xlwings Lite web-extension parts (`main.py`,
`requirements.txt`), a pivot cache and a calcChain. Cells of the user's own go beside the table (`USER_CELLS`).
"""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
                       "AAAABJRU5ErkJggg==")
MAIN_PY = "import xlwings as xw\nfrom kpixl_udfs.lite import *  # the user's own script\n"

USER_CELLS = {  # column AG on: right of the 30-column Instagram table
    2: '<c r="AG2" cm="1"><f t="array" ref="AG2">SUM(I2:I3*2)</f><v>0</v></c>',
    3: '<c r="AH3" t="inlineStr"><is><t>keep me</t></is></c>',
}

EXT_LST = (
    f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
    f'<x14:dataValidations count="1" xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1" '
    'showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>Settings!$B$4:$B$6</xm:f></x14:formula1>'
    "<xm:sqref>AI2:AI20</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
    f'<ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}"><x14:sparklineGroups xmlns:xm="{XM}">'
    '<x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:colorNegative '
    'rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/><x14:colorMarkers rgb="FFD00000"/><x14:colorFirst '
    'rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/>'
    "<x14:sparklines><x14:sparkline><xm:f>Instagram!I2:L2</xm:f><xm:sqref>AJ2</xm:sqref></x14:sparkline>"
    "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
)

DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{REL}"><xdr:oneCellAnchor>'
    "<xdr:from><xdr:col>33</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff>"
    '</xdr:from><xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo"/>'
    '<xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch>'
    '</xdr:blipFill><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>'
    "</xdr:wsDr>"
)
PERSON_ID = "{11111111-1111-4111-8111-111111111111}"
THREAD_ID = "{22222222-2222-4222-8222-222222222222}"
THREADED = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
    f'xmlns:x="{MAIN}"><threadedComment ref="AH3" dT="2025-04-01T10:00:00.00" personId="{PERSON_ID}" '
    f'id="{THREAD_ID}"><text>Revisar este post con el cliente</text></threadedComment></ThreadedComments>'
)
PERSONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
    f'xmlns:x="{MAIN}"><person displayName="Ana García" id="{PERSON_ID}" userId="ana@example.com" '
    'providerId="None"/></personList>'
)
COMMENTS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<comments xmlns="{MAIN}"><authors><author>tc={THREAD_ID}</author></authors><commentList>'
    f'<comment ref="AH3" authorId="0" shapeId="0"><text><t>Revisar este post con el cliente</t></text></comment>'
    "</commentList></comments>"
)
METADATA = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<metadata xmlns="{MAIN}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" '
    'pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" '
    'coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst>'
    '<ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/>'
    '</ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
    "</metadata>"
)
TASKPANES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">'
    '<wetp:taskpane dockstate="right" visibility="0" width="350" row="4">'
    f'<wetp:webextensionref xmlns:r="{REL}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>'
)
WEBEXTENSION = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11" '
    'id="{33333333-3333-4333-8333-333333333333}"><we:reference id="wa200008175" version="1.0.0.0" '
    'store="en-US" storeType="OMEX"/><we:alternateReferences/><we:properties>'
    '<we:property name="main.py" value="&quot;' + MAIN_PY.replace("\n", "\\n") + '&quot;"/>'
    '<we:property name="requirements.txt" value="&quot;kpixl&quot;"/></we:properties><we:bindings/>'
    f'<we:snapshot xmlns:r="{REL}"/></we:webextension>'
)
PIVOT_CACHE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{REL}" refreshOnLoad="1" recordCount="0">'
    '<cacheSource type="worksheet"><worksheetSource ref="A3:B5" sheet="Settings"/></cacheSource>'
    '<cacheFields count="2"><cacheField name="Setting" numFmtId="0"><sharedItems/></cacheField>'
    '<cacheField name="Value" numFmtId="0"><sharedItems/></cacheField></cacheFields></pivotCacheDefinition>'
)
CALC_CHAIN = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="{MAIN}">'
              '<c r="Q2" i="3"/></calcChain>')

TYPES = {
    "/xl/media/image9.png": None,
    "/xl/drawings/drawing9.xml": "application/vnd.openxmlformats-officedocument.drawing+xml",
    "/xl/threadedComments/threadedComment9.xml": "application/vnd.ms-excel.threadedcomments+xml",
    "/xl/persons/person.xml": "application/vnd.ms-excel.person+xml",
    "/xl/comments9.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
    "/xl/metadata.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml",
    "/xl/webextensions/taskpanes.xml": "application/vnd.ms-office.webextensiontaskpanes+xml",
    "/xl/webextensions/webextension1.xml": "application/vnd.ms-office.webextension+xml",
    "/xl/pivotCache/pivotCacheDefinition9.xml":
        "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml",
    "/xl/calcChain.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml",
}

ADDED = [name.lstrip("/") for name in TYPES] + ["xl/drawings/_rels/drawing9.xml.rels",
                                                 "xl/webextensions/_rels/taskpanes.xml.rels"]


def _rel(rid: str, kind: str, target: str) -> str:
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'


def _rels(*items: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(items) +
            "</Relationships>")


def _add_rels(xml: str, *items: str) -> str:
    return xml.replace("</Relationships>", "".join(items) + "</Relationships>")


def sheet_part(archive: zipfile.ZipFile, sheet: str) -> str:
    """The worksheet part of a sheet by its tab name."""
    book = archive.read("xl/workbook.xml").decode()
    rid = re.search(r'<sheet [^>]*name="' + re.escape(sheet) + r'"[^>]*r:id="([^"]+)"', book).group(1)
    rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(r'Id="' + rid + r'"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="' + rid + '"', rels)
    return "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")


def add_user_parts(path: Path, sheet: str = "Instagram") -> dict[str, str]:
    """Add the parts in place; returns {what: zip member} for the test's messages."""
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
        part = sheet_part(archive, sheet)
    sheet_rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    xml = members[part].decode()
    for row, cell in USER_CELLS.items():
        xml = re.sub(r'(<row r="' + str(row) + r'"[^>]*>.*?)(</row>)', lambda m, c=cell: m.group(1) + c + m.group(2),
                     xml, count=1, flags=re.S)
    xml = xml.replace("<tableParts", '<drawing r:id="rId91"/><tableParts', 1)
    xml = xml.replace("</worksheet>", EXT_LST + "</worksheet>")
    members[part] = xml.encode()
    members[sheet_rels] = _add_rels(
        members[sheet_rels].decode(),
        _rel("rId91", f"{REL}/drawing", "../drawings/drawing9.xml"),
        _rel("rId92", "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
             "../threadedComments/threadedComment9.xml"),
        _rel("rId93", f"{REL}/comments", "../comments9.xml")).encode()
    members["xl/media/image9.png"] = PNG
    members["xl/drawings/drawing9.xml"] = DRAWING.encode()
    members["xl/drawings/_rels/drawing9.xml.rels"] = _rels(_rel("rId1", f"{REL}/image", "../media/image9.png")).encode()
    members["xl/threadedComments/threadedComment9.xml"] = THREADED.encode()
    members["xl/persons/person.xml"] = PERSONS.encode()
    members["xl/comments9.xml"] = COMMENTS.encode()
    members["xl/metadata.xml"] = METADATA.encode()
    members["xl/webextensions/taskpanes.xml"] = TASKPANES.encode()
    members["xl/webextensions/webextension1.xml"] = WEBEXTENSION.encode()
    members["xl/webextensions/_rels/taskpanes.xml.rels"] = _rels(_rel(
        "rId1", "http://schemas.microsoft.com/office/2011/relationships/webextension", "webextension1.xml")).encode()
    members["xl/pivotCache/pivotCacheDefinition9.xml"] = PIVOT_CACHE.encode()
    members["xl/calcChain.xml"] = CALC_CHAIN.encode()
    members["_rels/.rels"] = _add_rels(members["_rels/.rels"].decode(), _rel(
        "rId91", "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes",
        "xl/webextensions/taskpanes.xml")).encode()
    members["xl/_rels/workbook.xml.rels"] = _add_rels(
        members["xl/_rels/workbook.xml.rels"].decode(),
        _rel("rId91", "http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml"),
        _rel("rId92", f"{REL}/sheetMetadata", "metadata.xml"),
        _rel("rId93", f"{REL}/pivotCacheDefinition", "pivotCache/pivotCacheDefinition9.xml"),
        _rel("rId94", f"{REL}/calcChain", "calcChain.xml")).encode()
    book = members["xl/workbook.xml"].decode()
    pivot = '<pivotCaches><pivotCache cacheId="9" r:id="rId92x"/></pivotCaches>'.replace("rId92x", "rId93")
    book = re.sub(r"(<calcPr\b[^>]*/>|<calcPr\b.*?</calcPr>)", lambda m: m.group(1) + pivot, book, count=1, flags=re.S)
    members["xl/workbook.xml"] = book.encode()
    types = members["[Content_Types].xml"].decode()
    extra = "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in TYPES.items() if t)
    if 'Extension="png"' not in types:
        extra += '<Default Extension="png" ContentType="image/png"/>'
    members["[Content_Types].xml"] = types.replace("</Types>", extra + "</Types>").encode()
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    temp.replace(path)
    return {"sheet": part, "sheet_rels": sheet_rels}


def rows_shown(sheet: bytes) -> bytes:
    """A sheet part without its rows' `hidden` attributes: which Dashboard rows an import hides is kpixl's (a network
    without posts in the period, `kpixl.workbook.sheets.dashboard_rows`), so comparisons of the rest ignore it."""
    from kpixl.workbook.sheets import dashboard_rows

    return b"".join(dashboard_rows.with_hidden(part, False) if part.startswith(b"<row") else part
                    for part in re.split(rb"(?=<row\b)", sheet))
