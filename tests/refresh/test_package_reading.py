"""The package adapter reads what Excel writes, not only what kpixl writes: shared strings (rich text, phonetic runs),
rows and cells without `r`, `spans` and `x14ac:dyDescent`, `2.1E2`, booleans, errors, dates as serials, shared
formulas; and when it replaces a shared formula's master, the other cells keep their formula."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl

from kpixl.refresh.books.package import PackageBook
from tests import ooxml

IG = "instagram_posts_en.csv"
SHEET = "xl/worksheets/sheet6.xml"  # Instagram: Start, Dashboard, Top posts, Trends, Facebook, Instagram
MC = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
      'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"')
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def as_excel_writes_it(path: Path) -> None:
    """Rewrite the Instagram sheet the way Excel saves it."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    xml = parts[SHEET].decode()
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{len(strings) - 1}</v></c>'

    xml = re.sub(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>', shared, xml)
    xml = xml.replace("<worksheet ", f"<worksheet {MC} ", 1)
    xml = re.sub(r'<row r="([0-9]+)"', r'<row r="\1" spans="1:30" x14ac:dyDescent="0.25"', xml)
    # Likes of the second post as 8.7E2, the Engagements column as one shared formula
    xml = re.sub(r'(<c r="I3"[^>]*><v>)([0-9]+)(</v>)', lambda m: f"{m.group(1)}{int(m.group(2)) / 100}E2{m.group(3)}",
                 xml)
    formula = re.search(r'<c r="R2"[^>]*><f[^>]*>([^<]*)</f>', xml).group(1)
    xml = re.sub(r'<c r="R2"( s="[0-9]+")[^>]*>.*?</c>',
                 lambda m: f'<c r="R2"{m.group(1)}><f t="shared" ref="R2:R6" si="90">{formula}</f><v>1</v></c>', xml,
                 count=1)
    for r in (3, 4, 5, 6):
        xml = re.sub(f'<c r="R{r}"( s="[0-9]+")[^>]*>.*?</c>', f'<c r="R{r}"\\1><f t="shared" si="90"/><v>1</v></c>',
                     xml, count=1)
    xml = xml.replace('<row r="5" ', "<row ", 1)  # rows and cells without r (implicit: the next one)
    row6 = re.search(r'<row r="6".*?</row>', xml, re.S).group()
    xml = xml.replace(row6, re.sub(r'<c r="[A-Z]+6"', "<c", row6))
    # the user's own cells beside the table: a boolean, an error, a date serial and a shared A1 formula
    extra = ('<c r="AG2" t="b"><v>1</v></c><c r="AH2" t="e"><v>#DIV/0!</v></c><c r="AI2"><v>1E-3</v></c>'
             '<c r="AJ2"><f t="shared" ref="AJ2:AJ3" si="91">I2+1</f><v>211</v></c>')
    xml = re.sub(r'(<row r="2".*?)(</row>)', lambda m: m.group(1) + extra + m.group(2), xml, count=1, flags=re.S)
    xml = re.sub(r'(<row r="3".*?)(</row>)', lambda m: m.group(1) + '<c r="AJ3"><f t="shared" si="91"/><v>0</v></c>'
                 + m.group(2), xml, count=1, flags=re.S)
    parts[SHEET] = xml.encode()
    items = "".join(f'<si><r><rPr><b/></rPr><t xml:space="preserve">{s[:1]}</t></r><r><t>{s[1:]}</t></r>'
                    f'<rPh sb="0" eb="1"><t>ruby</t></rPh></si>' if i % 2 else f"<si><t>{s}</t></si>"
                    for i, s in enumerate(strings))
    parts["xl/sharedStrings.xml"] = (f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                     f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/></Types>'.encode())
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdSST" Type="{SST_REL}" Target="sharedStrings.xml"/>'
                             "</Relationships>".encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


def test_reads_what_excel_writes_and_keeps_shared_formulas(workbook: Path, exports: Path, tmp_path: Path, run_kpixl):
    run_kpixl.output_of("import", str(workbook), str(exports / IG))
    with PackageBook(workbook) as book:
        kpixl_wrote = book.read_table("tbl_instagram")
    as_excel_writes_it(workbook)
    assert ooxml.validate(workbook) == [] if ooxml.validator() else True
    with PackageBook(workbook) as book:
        excel_wrote = book.read_table("tbl_instagram")
        assert book.read_sheet("Instagram")[1][32:35] == [True, "#DIV/0!", 0.001]
    assert excel_wrote == kpixl_wrote  # same headers, values, dates, formulas (followers translated)

    out = run_kpixl.output_of("import", str(workbook), str(exports / IG))
    assert "0 added, 0 updated, 5 unchanged" in out and "nothing written" in out
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / IG).write_bytes((exports / IG).read_bytes())
    assert "nothing written" in run_kpixl.output_of("refresh", str(workbook), "--from", str(folder))

    newer = (exports / IG).read_text(encoding="utf-8-sig").replace(",210,", ",260,", 1)
    (folder / IG).write_text(newer, encoding="utf-8")
    out = run_kpixl.output_of("import", str(workbook), str(folder / IG))
    assert "1 updated" in out, out
    ws = openpyxl.load_workbook(workbook)["Instagram"]
    assert ws["I2"].value == 260 and ws["AG2"].value is True and ws["AI2"].value == 0.001
    assert ws["AJ2"].value == "=I2+1" and ws["AJ3"].value == "=I3+1"
    if ooxml.validator():
        assert ooxml.validate(workbook) == []


def test_replacing_a_shared_formulas_master_keeps_its_followers(workbook: Path, exports: Path, tmp_path: Path,
                                                                 run_kpixl):
    run_kpixl.output_of("import", str(workbook), str(exports / IG))
    with zipfile.ZipFile(workbook) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    xml = parts[SHEET].decode()  # the user typed =H2+10 in Likes and filled it down to I3: one shared formula
    xml = re.sub(r'(<c r="I2"[^>]*?)(?: t="n")?><v>[^<]*</v>', r'\1><f t="shared" ref="I2:I3" si="0">H2+10</f><v>0</v>',
                 xml, count=1)
    xml = re.sub(r'(<c r="I3"[^>]*?)(?: t="n")?><v>[^<]*</v>', r'\1><f t="shared" si="0"/><v>0</v>', xml, count=1)
    parts[SHEET] = xml.encode()
    with zipfile.ZipFile(workbook, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    with open(exports / IG, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[2][rows[0].index("Likes")] = ""  # the second post's likes left blank: the import keeps I3 as the user made it
    export = tmp_path / IG
    with open(export, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    run_kpixl.output_of("import", str(workbook), str(export))
    ws = openpyxl.load_workbook(workbook)["Instagram"]
    assert ws["I2"].value == 210  # the master, replaced by the export's value
    assert ws["I3"].value == "=H3+10"  # its follower, written out in full
    with zipfile.ZipFile(workbook) as archive:
        assert b'si="0"' not in archive.read(SHEET)
    if ooxml.validator():
        assert ooxml.validate(workbook) == []


def test_the_paste_sheet_through_the_package_adapter(workbook: Path, exports: Path):
    from kpixl.refresh.core import import_pasted
    from kpixl.refresh.saving import update_file
    from kpixl.text.refresh_labels import text
    from kpixl.workbook.layout import REFRESH_STATUS

    sheet = text("paste_sheet", "en")
    update_file(workbook, import_pasted)  # first click: the paste sheet is added as a new part
    wb = openpyxl.load_workbook(workbook)
    assert sheet in wb.sheetnames and "paste an export there" in wb["Dashboard"]["C2"].value
    with open(exports / IG, encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            wb[sheet].append(row)
    wb.save(workbook)  # what the user pastes (saved here through openpyxl, as Excel would save it)
    summary, _saved = update_file(workbook, import_pasted)
    assert summary is not None and summary.added == 5
    with PackageBook(workbook) as book:
        assert book.read_sheet(sheet) == []  # cleared, its formatting kept
        assert book.read_name(REFRESH_STATUS) == "5 added, 0 updated, 0 unchanged, 0 rejected"
        assert len(book.read_table("tbl_instagram").rows) == 5
    if ooxml.validator():
        assert ooxml.validate(workbook) == []
