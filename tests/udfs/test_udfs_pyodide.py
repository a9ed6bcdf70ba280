"""kpixl's Excel functions in Pyodide, offline, as xlwings Lite runs them: built wheel + pure dependencies only.

Skipped without node/pyodide, failed in CI (CI=true) — see tests/pyodide/harness.py. The first run downloads
the pure wheels from PyPI into the harness cache.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import kpixl_udfs.lite as lite
import pytest

pytestmark = [pytest.mark.pyodide, pytest.mark.slow]



from tests.pyodide import harness  # noqa: E402


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    harness.require_pyodide()
    return harness.build_wheel(harness.REPO_ROOT, tmp_path_factory.mktemp("wheel"))


def requires_dist(wheel: Path) -> list[str]:
    """Requirement names (lower case, normalised) from the wheel's METADATA, markers dropped."""
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        lines = zf.read(meta).decode().splitlines()
    names = []
    for line in lines:
        if line.startswith("Requires-Dist:") and "extra ==" not in line:
            requirement = line.split(":", 1)[1].split(";")[0].strip()
            names.append(re.split(r"[<>=!~\[ (]", requirement, maxsplit=1)[0].lower().replace("_", "-"))
    return names


@pytest.fixture(scope="module")
def runtime_wheels(wheel) -> list[Path]:
    """Pure wheels for the runtime dependencies Pyodide offline can install (pandas cannot: not needed here)."""
    return harness.download_pure_wheels(["openpyxl==3.1.5", "et_xmlfile==2.0.0", "click", "xlwings"])


def test_wheel_is_pure_and_every_dependency_exists_for_pyodide(wheel):
    assert wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    assert "kpixl_udfs/lite.py" in names and "kpixl_udfs/classic.py" in names
    lock = json.loads((harness.PYODIDE_PKG / "pyodide-lock.json").read_text())["packages"]
    in_pyodide = {name.lower().replace("_", "-") for name in lock}
    dependencies = requires_dist(wheel)
    assert {"click", "openpyxl", "pandas", "xlwings"} <= set(dependencies)
    for name in dependencies:
        if name in in_pyodide:
            continue  # built by Pyodide (pandas, click, tomli …): xlwings Lite installs it from Pyodide's index
        pure = harness.download_pure_wheels([name])  # raises if PyPI has no py3-none-any wheel
        assert pure and all(w.name.endswith("-none-any.whl") for w in pure), name


def test_functions_run_offline_and_match_cpython(wheel, runtime_wheels):
    calls = {
        "er": ("engagement_rate", [[[100], ["1,200"], [None], ["5%"], [7]], [[2000], [0], [50], [10], ["abc"]]], {}),
        "er_x": ("engagement_rate", [[[40], [3]]], {"impressions": [[4000], [0]], "network": "x"}),
        "eng": ("engagements", [[[1, 2]], [[3, "4"]]], {"shares": [[5, None]]}),
        "cpm": ("cpm", [[["1,000.50"], [0]], [[20000], [0]]], {}),
        "emv": ("emv", [[[5000], [None]]], {"variant": "cpm", "emv_cpm": 20}),
        "status": ("goal_status", [[[50], [10], [None]], 0, 100, "2024-01-01", "2024-12-31", "2024-07-01"],
                   {"lang": "es"}),
        "progress": ("goal_progress", [[[0.03]], 0.02, 0.04], {}),
        "kpis": ("kpis", ["es"], {}),
    }
    want = {key: getattr(lite, name)(*args, **kwargs) for key, (name, args, kwargs) in calls.items()}
    code = (
        "import json, sys\n"
        "import kpixl_udfs.lite as lite\n"
        "from kpixl_udfs.lite import *\n"
        f"calls = json.loads({json.dumps(json.dumps(calls))})\n"
        "out = {key: getattr(lite, name)(*args, **kwargs) for key, (name, args, kwargs) in calls.items()}\n"
        "out['_heavy'] = [m for m in ('numpy', 'pandas') if m in sys.modules]\n"
        "out['_star'] = engagement_rate.__name__\n"
        "print(json.dumps(out))\n"
    )
    got = json.loads(harness.run_python(code, [wheel, *runtime_wheels]))
    assert got.pop("_heavy") == []
    assert got.pop("_star") == "engagement_rate"
    assert got == json.loads(json.dumps(want))
