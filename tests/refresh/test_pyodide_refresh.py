"""The Refresh button's core in Pyodide, offline, as xlwings Lite runs it: the built kpixl wheel with openpyxl,
et_xmlfile, click and xlwings (pure wheels), no numpy or pandas; `import_pasted` on an in-memory workbook through
the openpyxl adapter (the same Book interface the button's xlwings adapter implements).

Skipped without node/pyodide, failed in CI (CI=true) — see tests/pyodide/harness.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.pyodide, pytest.mark.slow]


from tests.pyodide import harness  # noqa: E402

CODE = """
import csv, io, json, sys
from openpyxl import load_workbook
from kpixl.workbook import prepare
from kpixl.workbook.builder import write_workbook
from kpixl.refresh.core import import_pasted
from kpixl.refresh.books.openpyxl_book import OpenpyxlBook
from kpixl.workbook.layout import REFRESH_STATUS
import kpixl_udfs.refresh_button as button

spec = prepare(template="social", client="Acme", networks=["instagram", "x"], lang="en")
buffer = io.BytesIO()
write_workbook(spec, buffer)
wb = load_workbook(io.BytesIO(buffer.getvalue()))
book = OpenpyxlBook(wb)
import_pasted(book)                      # first click: creates the paste sheet
paste = wb["Paste export here"]
for row in csv.reader(io.StringIO(EXPORT, newline="")):
    paste.append(row)
summary = import_pasted(book)
table = book.read_table("tbl_instagram")
print(json.dumps({
    "added": summary.added,
    "status": book.read_name(REFRESH_STATUS),
    "ids": [r[table.headers.index("Post id")] for r in table.rows],
    "pasted_left": book.read_sheet("Paste export here"),
    "button": button.refresh_button("Dashboard").__name__,
    "heavy": [m for m in ("numpy", "pandas") if m in sys.modules],
}))
"""


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> list[Path]:
    harness.require_pyodide()
    own = harness.build_wheel(harness.REPO_ROOT, tmp_path_factory.mktemp("wheel"))
    return [own, *harness.download_pure_wheels(["openpyxl==3.1.5", "et_xmlfile==2.0.0", "click", "xlwings"])]


def test_import_pasted_runs_offline_without_numpy_or_pandas(wheels, exports: Path):
    export = (exports / "instagram_posts_en.csv").read_text(encoding="utf-8-sig")
    code = f"EXPORT = {json.dumps(export)}\n{CODE}"
    got = json.loads(harness.run_python(code, wheels).strip().splitlines()[-1])
    assert got["heavy"] == []
    assert got["added"] == 5
    assert got["status"] == "5 added, 0 updated, 0 unchanged, 0 rejected"
    assert got["ids"] == [f"1804000000000000{i}" for i in range(1, 6)]
    assert got["pasted_left"] == []
    assert got["button"] == "kpixl_refresh"
