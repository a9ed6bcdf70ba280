"""A workbook on the 1904 date system (old Mac Excel files) gets its imported dates written in that system."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from kpixl.sources import normalize


def _to_1904(path: Path) -> None:
    """Switch the workbook to the 1904 date system, as a Mac Excel file has it."""
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    book = members["xl/workbook.xml"]
    if b"<workbookPr" in book:
        book = re.sub(rb"<workbookPr\b", b'<workbookPr date1904="1"', book, count=1)
    else:
        book = book.replace(b"<sheets>", b'<workbookPr date1904="1"/><sheets>', 1)
    members["xl/workbook.xml"] = book
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


def test_imported_dates_keep_their_day_in_a_1904_workbook(workbook: Path, exports: Path, run_kpixl):
    export = exports / "instagram_posts_en.csv"
    _to_1904(workbook)
    result = run_kpixl("import", str(workbook), str(export))
    assert result.exit_code == 0, result.output
    wanted = {str(p["post_id"]): p["published_at"][:16] for p in normalize([export]).posts}
    loaded = openpyxl.load_workbook(workbook)  # reads the date system from the file
    assert loaded.epoch.year == 1904
    ws = loaded["Instagram"]
    header = [c.value for c in ws[1]]
    when, ids = header.index("Date"), header.index("Post id")
    got = {str(r[ids]): r[when] for r in ws.iter_rows(min_row=2, values_only=True) if r[ids]}
    assert got.keys() == wanted.keys()
    for post, day in got.items():
        assert day.isoformat(timespec="minutes")[:16] == wanted[post].replace(" ", "T")[:16], post
