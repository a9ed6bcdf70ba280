"""The small parts of a package read as data: shared strings (rich and phonetic runs), relationships, sheets and
their tables, defined names, date and quote-prefix styles; a part declaring a DOCTYPE is refused however its
prolog is encoded, so no entity is ever expanded."""

from __future__ import annotations

import codecs
import io

import pytest

from kpixl.errors import KpixlError
from kpixl.xlsx import parts
from tests.xlsx.packages import BILLION_LAUGHS, DECLARATION, EXTERNAL_ENTITY, MAIN, PKG_REL, REL, archive

STRINGS = (f'{DECLARATION}<sst xmlns="{MAIN}" count="5" uniqueCount="5">'
           "<si><t>Reach</t></si>"
           '<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r></si>'
           "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
           "<si><t>a &lt;b&gt; &amp; &#233;</t></si>"
           "<si><t/></si></sst>")

WORKBOOK = (f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            '<sheet name="Instagram" sheetId="1" r:id="rId1"/><sheet name="Chart" sheetId="2" r:id="rId2"/>'
            '<sheet name="It\'s" sheetId="3" r:id="rId3"/></sheets><definedNames>'
            "<definedName name=\"kpixl_start\">Instagram!$B$3</definedName>"
            "<definedName name=\"quoted\">'It''s'!$A$1:$C$9</definedName>"
            '<definedName name="local" localSheetId="0">Instagram!$A$1</definedName>'
            '<definedName name="formula">SUM(Instagram!A:A)</definedName></definedNames></workbook>')

PACKAGE = {
    "_rels/.rels": f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                   f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": WORKBOOK,
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG_REL}">'
                                  f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                                  f'<Relationship Id="rId2" Type="{REL}/chartsheet" Target="chartsheets/c1.xml"/>'
                                  f'<Relationship Id="rId3" Type="{REL}/worksheet" Target="/xl/worksheets/s3.xml"/>'
                                  "</Relationships>",
    "xl/worksheets/_rels/sheet1.xml.rels": f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
                                           f'Type="{REL}/table" Target="../tables/table1.xml"/></Relationships>',
    "xl/tables/table1.xml": f'<table xmlns="{MAIN}" id="1" name="T" displayName="Instagram_posts" ref="A1:B9" '
                            'totalsRowCount="1"><tableColumns count="2"><tableColumn id="1" name="Date"/>'
                            '<tableColumn id="2" name="Reach"/></tableColumns></table>',
    "xl/sharedStrings.xml": STRINGS,
    "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
                     '<numFmt numFmtId="165" formatCode="#,##0.00 &quot;€&quot;"/></numFmts><cellXfs count="6">'
                     '<xf numFmtId="0" fontId="0"/><xf numFmtId="14" fontId="0"/><xf numFmtId="164" fontId="1"/>'
                     '<xf numFmtId="165" fontId="1"/><xf numFmtId="0" fontId="0" quotePrefix="1"/>'
                     '<xf numFmtId="49" fontId="0"><protection locked="0"/></xf></cellXfs></styleSheet>',
}


def test_shared_strings_join_rich_text_runs_and_leave_phonetic_runs_out():
    assert parts.shared_strings(archive(PACKAGE), "xl/sharedStrings.xml") == [
        "Reach", "Bold and plain", "東京", "a <b> & é", ""]
    assert parts.shared_strings(archive(PACKAGE), None) == []


def test_the_workbook_its_sheets_tables_and_defined_names():
    book = archive(PACKAGE)
    part = parts.workbook_part(book)
    assert part == "xl/workbook.xml"
    found = parts.sheets(book, parts.parse(book.read(part), part), part)
    assert [(s.name, s.part, s.rid) for s in found] == [
        ("Instagram", "xl/worksheets/sheet1.xml", "rId1"), ("It's", "xl/worksheets/s3.xml", "rId3")]
    table, = found[0].tables
    assert (table.part, table.name, table.ref, table.columns, table.totals, table.header_rows) == (
        "xl/tables/table1.xml", "Instagram_posts", "A1:B9", ["Date", "Reach"], 1, 1)
    assert parts.defined_names(parts.parse(book.read(part), part)) == {
        "kpixl_start": ("Instagram", "B3"), "quoted": ("It's", "A1")}


def test_date_styles_and_quote_prefixed_twins():
    book = archive(PACKAGE)
    assert parts.date_styles(book, "xl/styles.xml") == {1, 2}  # built-in 14 (m/d/yyyy) and yyyy-mm-dd
    assert parts.quoted_styles(book, "xl/styles.xml") == {0: 4, 1: 4, 4: 4}  # same font, fill, border, locked
    assert parts.date_styles(book, None) == set() and parts.quoted_styles(book, "xl/missing.xml") == {}


def test_part_names_and_relationship_targets():
    assert parts.rels_path("xl/workbook.xml") == "xl/_rels/workbook.xml.rels"
    assert parts.rels_path("") == "_rels/.rels"
    assert parts.resolve("xl/worksheets/sheet1.xml", "../tables/table1.xml") == "xl/tables/table1.xml"
    assert parts.resolve("xl/workbook.xml", "/xl/styles.xml") == "xl/styles.xml"


def test_a_package_without_a_workbook_part_is_not_a_workbook():
    with pytest.raises(KpixlError, match="not an Excel workbook"):
        parts.workbook_part(archive({"_rels/.rels": f'<Relationships xmlns="{PKG_REL}"/>'}))


ROOT = f'<sst xmlns="{MAIN}"><si><t>&lol9;&secret;</t></si></sst>'
PROLOGS = {
    "billion laughs": BILLION_LAUGHS,
    "external entity": EXTERNAL_ENTITY,
    "after a comment": '<?xml version="1.0"?>\n<!-- Excel --><!DOCTYPE sst [<!ENTITY secret "x">]>',
}
ENCODINGS = {
    "utf-8": lambda text: text.encode(),
    "utf-8 with a byte-order mark": lambda text: codecs.BOM_UTF8 + text.encode(),
    "utf-16": lambda text: text.replace('version="1.0"?>', 'version="1.0" encoding="UTF-16"?>').encode("utf-16"),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("attack", PROLOGS)
def test_a_part_declaring_a_doctype_is_refused_before_anything_is_expanded(attack, encoding):
    data = ENCODINGS[encoding](PROLOGS[attack] + ROOT)
    message = r"xl/sharedStrings\.xml declares a DOCTYPE; refusing it"
    with pytest.raises(KpixlError, match=message):
        parts.parse(data, "xl/sharedStrings.xml")
    with pytest.raises(KpixlError, match=message):  # streamed too, the prolog split across reads
        list(parts.iter_elements(_Trickle(data), "xl/sharedStrings.xml", f"{{{MAIN}}}si"))


def test_a_byte_order_mark_or_utf16_alone_is_read_as_usual():
    text = f'<?xml version="1.0" encoding="UTF-16"?><sst xmlns="{MAIN}"><si><t>ok</t></si></sst>'
    for data in (codecs.BOM_UTF8 + ROOT.replace("&lol9;&secret;", "ok").encode(), text.encode("utf-16")):
        assert parts.parse(data, "p").find(f"{{{MAIN}}}si/{{{MAIN}}}t").text == "ok"


def test_a_damaged_part_is_named():
    with pytest.raises(KpixlError, match=r"workbook part xl/styles\.xml is damaged"):
        parts.parse(b"<styleSheet><numFmts></styleSheet>", "xl/styles.xml")
    with pytest.raises(KpixlError, match=r"workbook part xl/sharedStrings\.xml is damaged"):
        list(parts.iter_elements(io.BytesIO(b"<sst><si><t>x</si>"), "xl/sharedStrings.xml", "si"))


class _Trickle(io.BytesIO):
    """A part read a few bytes at a time (a prolog split across reads)."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(5)
