"""TikTok's times in xlwings Lite (Pyodide) without the tzdata package (issue 19 item 3): Python there has no time zone
database, so a Spanish workbook's Europe/Madrid cannot be looked up; the Refresh button still imports the export, its
times stay in UTC and the import says so (en/es), instead of failing. (The workbook's requirements.txt lists tzdata,
which xlwings Lite installs, so the times are converted there.)

Skipped without node/pyodide, failed in CI (CI=true) — see tests/pyodide/harness.py.
"""

from __future__ import annotations

import json

import pytest

from tests.refresh.test_tiktok_local_times import tiktok_export

pytestmark = [pytest.mark.pyodide, pytest.mark.slow]

from tests.pyodide import harness  # noqa: E402
from tests.refresh.test_pyodide_refresh import wheels  # noqa: E402, F401  (kpixl and pure wheels)

CODE = """
import csv, io, json
from openpyxl import load_workbook
from kpixl.workbook import prepare
from kpixl.workbook.builder import write_workbook
from kpixl.refresh.core import import_pasted
from kpixl.refresh.books.openpyxl_book import OpenpyxlBook
from kpixl.workbook.layout import REFRESH_STATUS

spec = prepare(template="social", client="Marca", networks=["instagram", "tiktok"], lang="es")
buffer = io.BytesIO()
write_workbook(spec, buffer)
wb = load_workbook(io.BytesIO(buffer.getvalue()))
book = OpenpyxlBook(wb)
import_pasted(book)                      # first click: creates the paste sheet
paste = wb["Pega la exportación aquí"]
for row in csv.reader(io.StringIO(EXPORT, newline="")):
    paste.append(row)
summary = import_pasted(book)
table = book.read_table("tbl_tiktok")
when = table.headers.index(spec.layout.header("tiktok", "published_at"))
print(json.dumps({
    "added": summary.added,
    "notes": [str(n) for f in summary.files for n in f.notes],
    "times": sorted(str(r[when]) for r in table.rows if r[when] is not None),
}))
"""


def test_without_time_zone_data_tiktok_times_stay_utc_and_the_import_says_so(wheels, tmp_path):  # noqa: F811
    export = tiktok_export(tmp_path).read_text(encoding="utf-8-sig")
    code = f"EXPORT = {json.dumps(export)}\n{CODE}"
    got = json.loads(harness.run_python(code, wheels).strip().splitlines()[-1])
    assert got["added"] == 3
    # UTC, as the ids; but 23:30 UTC on the 11th is a post TikTok wrote on the 12th: its written day wins, no time
    assert got["times"] == ["2026-07-08 19:30:00", "2026-11-10 20:30:00", "2026-11-12 00:00:00"]
    assert any("stay in UTC" in note and "Europe/Madrid" in note and "tzdata" in note for note in got["notes"])
