"""The offline Pyodide harness (tests/pyodide/) works, and what Pyodide offers offline.

Needs ``npm install --prefix tests/pyodide``; skipped without it, except in CI (``CI=true``) where it fails.
Pure wheels are downloaded from PyPI once and cached under the system temp dir.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from tests.pyodide import harness

PyodideError = harness.PyodideError

pytestmark = pytest.mark.pyodide

OPENPYXL_WHEELS = ("openpyxl==3.1.5", "et_xmlfile==2.0.0")


@pytest.fixture(scope="module")
def openpyxl_wheels() -> list[Path]:
    harness.require_pyodide()
    return harness.download_pure_wheels(OPENPYXL_WHEELS)


@pytest.fixture(scope="module")
def session(openpyxl_wheels):
    """One Pyodide with openpyxl + et_xmlfile for the whole module (saves ~2 s per snippet)."""
    with harness.PyodideSession(openpyxl_wheels) as py:
        yield py


def test_print_one_plus_one():
    harness.require_pyodide()
    start = time.perf_counter()
    assert harness.run_python("print(1+1)") == "2\n"
    # node start + Pyodide load is about 2 s on the project's machine; allow a slow CI box plenty of slack
    assert time.perf_counter() - start < 60


def test_exception_fails_with_traceback():
    harness.require_pyodide()
    code = "def explode():\n    raise ValueError('kpixl boom')\n\nprint('before')\nexplode()\n"
    with pytest.raises(PyodideError) as info:
        harness.run_python(code)
    err = info.value
    assert err.exit_code == 1
    assert err.stdout == "before\n"
    assert "Traceback (most recent call last)" in err.stderr
    assert "in explode" in err.stderr
    assert "ValueError: kpixl boom" in err.stderr
    assert "ValueError: kpixl boom" in str(err)


def test_sys_exit_code_is_passed_on(session):
    with pytest.raises(PyodideError) as info:
        session.run("import sys\nsys.exit(3)")
    assert info.value.exit_code == 3
    assert session.run("import sys\nsys.exit(0)") == ""


def test_pure_wheels_are_pure_and_cached(openpyxl_wheels, tmp_path):
    names = sorted(w.name for w in openpyxl_wheels)
    assert names == ["et_xmlfile-2.0.0-py3-none-any.whl", "openpyxl-3.1.5-py2.py3-none-any.whl"]
    # a second call is served from the cache (same files, nothing downloaded) and can copy to out_dir
    start = time.perf_counter()
    copies = harness.download_pure_wheels(OPENPYXL_WHEELS, tmp_path)
    assert time.perf_counter() - start < 5
    assert sorted(c.name for c in copies) == names
    assert all(c.parent == tmp_path for c in copies)


def test_openpyxl_round_trip_in_memory(session):
    out = session.run(
        "import io, openpyxl\n"
        "wb = openpyxl.Workbook()\n"
        "wb.active['B2'] = 'kpixl'\n"
        "wb.active['C3'] = 41.5\n"
        "buf = io.BytesIO()\n"
        "wb.save(buf)\n"
        "ws = openpyxl.load_workbook(io.BytesIO(buf.getvalue())).active\n"
        "print(ws['B2'].value, ws['C3'].value, openpyxl.__version__)\n"
    )
    assert out == "kpixl 41.5 3.1.5\n"


def test_session_survives_a_failing_snippet(session):
    with pytest.raises(PyodideError, match="ZeroDivisionError"):
        session.run("1 / 0")
    assert session.run("x = 6 * 7\nprint(x)") == "42\n"
    # each snippet has fresh globals
    with pytest.raises(PyodideError, match="NameError"):
        session.run("print(x)")


def test_numpy_and_pandas_are_not_available_offline(session):
    """The npm package ships no package wheels; numpy/pandas would come from Pyodide's CDN, which is blocked.

    So code that must run under the Pyodide tests cannot import numpy or pandas at module load.
    """
    for name in ("numpy", "pandas"):
        with pytest.raises(PyodideError, match=f"No module named '{name}'"):
            session.run(f"import {name}")
    # loadPackage tries the CDN and the harness refuses it: proof that nothing is fetched
    with pytest.raises(PyodideError, match="No module named 'numpy'") as info:
        session.run("import pyodide_js\nawait pyodide_js.loadPackage('numpy', errorCallback=print)\nimport numpy")
    assert "offline: refused to fetch https://" in info.value.stdout


def test_xlwings_decorators_import_from_the_pure_pypi_wheel():
    """xlwings publishes a py3-none-any wheel: the real package imports in Pyodide, no shim needed.

    Outside xlwings Lite the decorators are no-ops (they return the function unchanged).
    """
    harness.require_pyodide()
    wheels = harness.download_pure_wheels(["xlwings"])
    assert all(w.name.endswith("-none-any.whl") for w in wheels)
    out = harness.run_python(
        "from xlwings import arg, func, ret, script\n"
        "@func\n@arg('x', doc='a number')\n@ret(expand='table')\n"
        "def double(x):\n    return 2 * x\n"
        "print(double(21))\n",
        wheels,
    )
    assert out == "42\n"


@pytest.mark.slow
def test_build_wheel_installs_in_pyodide(tmp_path):
    harness.require_pyodide()
    tree_before = {p.name for p in harness.REPO_ROOT.iterdir()}  # an editable install may have left egg-info
    wheel = harness.build_wheel(harness.REPO_ROOT, tmp_path)
    assert wheel.parent == tmp_path
    assert wheel.name.startswith("kpixl-") and wheel.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as zf:
        assert any(n.startswith("kpixl/") for n in zf.namelist())
    # only metadata here: importing kpixl may need pandas, which Pyodide lacks offline (see the numpy test)
    out = harness.run_python("from importlib.metadata import version\nprint(version('kpixl'))", [wheel])
    assert out.strip() == wheel.name.split("-")[1]
    # the build ran in a temporary copy and left nothing new in the work tree
    assert {p.name for p in harness.REPO_ROOT.iterdir()} == tree_before
