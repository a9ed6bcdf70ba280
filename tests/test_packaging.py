"""Release-ready for PyPI: `python -m build` makes an sdist and a pure wheel from it, `twine check --strict` accepts
both, and the wheel holds every package, template and the `kpixl` command (CI runs this with the test extras)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from kpixl import __version__
from tests.pyodide.harness import BUILD_IGNORE, REPO_ROOT


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist and wheel built from a copy of the source (no build/ or egg-info left in the work tree)."""
    root = tmp_path_factory.mktemp("build")
    shutil.copytree(REPO_ROOT, root / "src", ignore=BUILD_IGNORE)
    out = root / "dist"
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(root / "src")],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "deprecated" not in proc.stdout + proc.stderr  # setuptools' metadata warnings (licence table, classifiers)
    return out


def test_sdist_and_a_pure_wheel_built_from_it(dist):
    names = sorted(p.name for p in dist.iterdir())
    assert names == [f"kpixl-{__version__}-py3-none-any.whl", f"kpixl-{__version__}.tar.gz"]


def test_twine_check_strict(dist):
    proc = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, sorted(dist.iterdir()))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("PASSED") == 2


def test_wheel_contents_and_metadata(dist):
    with zipfile.ZipFile(dist / f"kpixl-{__version__}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        info = f"kpixl-{__version__}.dist-info"
        metadata = wheel.read(f"{info}/METADATA").decode()
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
        sources = {n: wheel.read(n).decode() for n in names if n.endswith(".py")}
    assert {"kpixl/__init__.py", "kpixl/workbook/lite_code.py", "kpixl/workbook/webextension.py", "kpixl_udfs/lite.py",
            "kpixl_udfs/classic.py", "kpixl_templates/social.toml", "kpixl_templates/influencer.toml",
            f"{info}/licenses/LICENSE"} <= names
    assert not any(n.startswith(("tests/", "benchmarks/", "docs/")) for n in names)
    assert "kpixl = kpixl.cli:main" in entry_points
    assert "License-Expression: MIT" in metadata and "Requires-Python: >=3.10" in metadata
    assert "Description-Content-Type: text/markdown" in metadata
    licensed = re.compile(r"^\s*(from|import)\s+xlwings\.(server|pro)\b", re.MULTILINE)
    assert not [n for n, text in sources.items() if licensed.search(text)]  # PolyForm Noncommercial: tests only


def test_sdist_builds_everything_the_wheel_needs(dist):
    with tarfile.open(dist / f"kpixl-{__version__}.tar.gz") as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert {"pyproject.toml", "setup.py", "README.md", "LICENSE", "udfs/lite.py", "workbook_templates/social.toml"} \
        <= names
