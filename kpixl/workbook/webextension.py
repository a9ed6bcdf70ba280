"""The xlwings Lite add-in's parts of a workbook: its main.py and requirements.txt as Office document settings.

xlwings Lite keeps its code in the workbook as a web extension (Office "Automatically open a task pane with a
document", MS-OWEXML): `xl/webextensions/webextension1.xml` holds each file as a `<we:property>` whose value is
the file's JSON string, XML-escaped; `xl/webextensions/taskpanes.xml` (and its relationships) ties the add-in to a
task pane, kept closed (`visibility="0"`) so a client without the add-in is never prompted; `_rels/.rels` and
`[Content_Types].xml` declare them. openpyxl knows none of this, so these parts are added to the finished package
(`kpixl.workbook.package.save(..., finish=...)`); the import and refresh commands keep them byte-identical, and
restore them when another program dropped or mis-declared them (`repair`: LibreOffice saves the task pane part as
`application/xml` and drops `webextension1.xml`, which Microsoft's validator then refuses).
"""

from __future__ import annotations

import html
import json
import re
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

STORE_ID = "WA200008175"
"""xlwings Lite in Microsoft's add-in store (AppSource / OMEX)."""
FOLDER = "xl/webextensions"
WEBEXTENSION = f"{FOLDER}/webextension1.xml"
TASKPANES = f"{FOLDER}/taskpanes.xml"
TASKPANES_RELS = f"{FOLDER}/_rels/taskpanes.xml.rels"
ROOT_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"
TASKPANES_REL_TYPE = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
WEBEXTENSION_REL_TYPE = "http://schemas.microsoft.com/office/2011/relationships/webextension"
CONTENT_TYPE = {
    WEBEXTENSION: "application/vnd.ms-office.webextension+xml",
    TASKPANES: "application/vnd.ms-office.webextensiontaskpanes+xml",
}
ROOT_REL_ID = "rIdKpixlLite"
_ID = uuid.uuid5(uuid.NAMESPACE_URL, "https://kpixl/xlwings-lite")
"""The web extension's instance id: fixed, so the same workbook content gives the same bytes."""
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class LiteCode:
    """The two files xlwings Lite shows in its editor."""

    main_py: str
    requirements_txt: str


def property_value(text: str) -> str:
    """A setting's value as Lite stores it: JSON.stringify(text), escaped for an XML attribute."""
    return html.escape(json.dumps(text, ensure_ascii=False), quote=True)


def read_property(value: str) -> str:
    """The inverse of `property_value` (for an attribute value as it appears in the XML)."""
    return json.loads(html.unescape(value))


def webextension_xml(code: LiteCode) -> bytes:
    settings = {"main.py": code.main_py, "requirements.txt": code.requirements_txt}
    properties = "".join(f'<we:property name="{name}" value="{property_value(text)}"/>'
                         for name, text in settings.items())
    return (f'{_XML}<we:webextension xmlns:we="http://schemas.microsoft.com/office/webextensions/webextension/2010/11"'
            f' id="{{{str(_ID).upper()}}}">'
            f'<we:reference id="{STORE_ID.lower()}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
            f'<we:alternateReferences><we:reference id="{STORE_ID}" version="1.0.0.0" store="{STORE_ID}"'
            f' storeType="OMEX"/></we:alternateReferences>'
            f"<we:properties>{properties}</we:properties><we:bindings/>"
            '<we:snapshot xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>'
            "</we:webextension>").encode()


def taskpanes_xml() -> bytes:
    return (f'{_XML}<wetp:taskpanes xmlns:wetp="http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11">'
            '<wetp:taskpane dockstate="right" visibility="0" width="350" row="4">'
            '<wetp:webextensionref xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
            ' r:id="rId1"/></wetp:taskpane></wetp:taskpanes>').encode()


def taskpanes_rels() -> bytes:
    return (f'{_XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{WEBEXTENSION_REL_TYPE}" Target="webextension1.xml"/>'
            "</Relationships>").encode()


def _insert_before_end(xml: bytes, end: bytes, addition: str, part: str) -> bytes:
    cut = xml.rfind(end)
    if cut < 0:
        raise RuntimeError(f"{part}: no {end.decode()} to add the xlwings Lite entries to")
    return xml[:cut] + addition.encode() + xml[cut:]


def _content_types(xml: bytes) -> bytes:
    overrides = "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in CONTENT_TYPE.items()
                        if f'PartName="/{part}"'.encode() not in xml)
    return _insert_before_end(xml, b"</Types>", overrides, CONTENT_TYPES)


def _root_rels(xml: bytes) -> bytes:
    if TASKPANES_REL_TYPE.encode() in xml:
        return xml
    used = set(re.findall(rb'Id="([^"]+)"', xml))
    rel_id = ROOT_REL_ID
    while rel_id.encode() in used:
        rel_id += "x"
    relation = f'<Relationship Id="{rel_id}" Type="{TASKPANES_REL_TYPE}" Target="{TASKPANES}"/>'
    return _insert_before_end(xml, b"</Relationships>", relation, ROOT_RELS)


@dataclass(frozen=True)
class PackageEdit:
    """Parts to add to a finished package and edits of parts it already has (by part name)."""

    added: Mapping[str, bytes]
    edited: Mapping[str, Callable[[bytes], bytes]]


def package_edit(code: LiteCode) -> PackageEdit:
    """What a workbook needs to carry `code` for xlwings Lite."""
    return PackageEdit(
        added={WEBEXTENSION: webextension_xml(code), TASKPANES: taskpanes_xml(), TASKPANES_RELS: taskpanes_rels()},
        edited={CONTENT_TYPES: _content_types, ROOT_RELS: _root_rels},
    )


def read_code(webextension: bytes) -> LiteCode:
    """The main.py and requirements.txt a webextension1.xml carries (for tests and `kpixl` itself)."""
    values = dict(re.findall(r'<we:property name="([^"]+)" value="([^"]*)"/>', webextension.decode()))
    return LiteCode(read_property(values["main.py"]), read_property(values["requirements.txt"]))


def _declared(xml: bytes) -> bytes:
    """Content types with kpixl's Lite parts declared as what they are (a wrong Override replaced)."""
    for part in CONTENT_TYPE:
        xml = re.sub(rb'<Override\b[^>]*PartName="/' + re.escape(part.encode()) + rb'"[^>]*/>', b"", xml)
    return _content_types(xml)


def repair(names: Collection[str], read: Callable[[str], bytes], code: Callable[[], LiteCode]) -> PackageEdit | None:
    """What a Lite workbook another program saved needs to carry its Lite parts again, as kpixl writes them (None
    when nothing is missing or mis-declared, or the workbook has no Lite task pane: `kpixl new --no-lite`).

    `names` are the package's members, `read` reads one, `code` gives the Lite code (only called when the code part
    itself is gone: the user's own main.py is kept whenever it is still there)."""
    root = read(ROOT_RELS) if ROOT_RELS in names else b""
    if TASKPANES not in names and TASKPANES_REL_TYPE.encode() not in root:
        return None
    added: dict[str, bytes] = {}
    if WEBEXTENSION not in names:
        added[WEBEXTENSION] = webextension_xml(code())
    if TASKPANES not in names:
        added[TASKPANES] = taskpanes_xml()
    if TASKPANES_RELS not in names or WEBEXTENSION_REL_TYPE.encode() not in read(TASKPANES_RELS):
        added[TASKPANES_RELS] = taskpanes_rels()
    types = read(CONTENT_TYPES) if CONTENT_TYPES in names else b""
    declared = all(f'PartName="/{part}" ContentType="{kind}"'.encode() in types for part, kind in CONTENT_TYPE.items())
    if not added and declared and TASKPANES_REL_TYPE.encode() in root:
        return None
    return PackageEdit(added=added, edited={CONTENT_TYPES: _declared, ROOT_RELS: _root_rels})
