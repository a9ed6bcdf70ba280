"""The importers in Pyodide (xlwings Lite's runtime), where python-calamine and pandas cannot install: .xlsx and
CSV exports read through the pure-Python path give exactly the rows CPython gives with calamine.

Skipped without node/pyodide, failed in CI (CI=true) — see tests/pyodide/harness.py.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from kpixl.sources import read_exports
from tests.pyodide import harness

pytestmark = [pytest.mark.pyodide, pytest.mark.slow]

FILES = ("meta_ads_es.xlsx", "linkedin_2025.xlsx", "meta_daily_two_sections.csv", "tiktok_2025_videos.csv")


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> list[Path]:
    harness.require_pyodide()
    kpixl_wheel = harness.build_wheel(harness.REPO_ROOT, tmp_path_factory.mktemp("wheel"))
    return [kpixl_wheel, *harness.download_pure_wheels(["openpyxl==3.1.5", "et_xmlfile==2.0.0"])]


def test_exports_read_in_pyodide_match_cpython(exports, wheels):
    want = {name: [(r.kind, r.network, r.rows) for r in read_exports(exports / name)] for name in FILES}
    payload = {name: base64.b64encode((exports / name).read_bytes()).decode() for name in FILES}
    code = (
        "import base64, json, os, sys\n"
        f"files = json.loads({json.dumps(json.dumps(payload))})\n"
        "os.makedirs('/tmp/exports', exist_ok=True)\n"
        "for name, data in files.items():\n"
        "    open('/tmp/exports/' + name, 'wb').write(base64.b64decode(data))\n"
        "from kpixl.sources import read_exports\n"
        "out = {name: [(r.kind, r.network, r.rows) for r in read_exports('/tmp/exports/' + name)] for name in files}\n"
        "out['_native'] = [m for m in ('python_calamine', 'pandas', 'numpy') if sys.modules.get(m) is not None]\n"
        "print(json.dumps(out))\n"
    )
    got = json.loads(harness.run_python(code, wheels))
    assert got.pop("_native") == []  # the pure-Python path, as in xlwings Lite
    assert got == json.loads(json.dumps(want))
