"""The wheel a workbook's xlwings Lite code carries holds exactly kpixl's declared files: never an untracked file of a
source tree (a local settings file with a secret, scratch notes), never a stray file beside an installed kpixl.

Each case runs `kpixl new` in a fresh interpreter whose `kpixl` is a copy of the tracked source tree (a clone, as an
editable install sees it) or that copy's built wheel unpacked (an installed kpixl), and compares the embedded wheel
with the wheel `python -m build` makes of the tracked files."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kpixl.workbook import webextension

ROOT = Path(__file__).resolve().parents[2]
SECRET = "sk_live_do_not_ship_0123456789"
STRAYS = {"kpixl/local_settings.py": f"API_KEY = {SECRET!r}\n", "kpixl/scratch_notes.txt": f"client pw {SECRET}\n",
          "kpixl/drafts/idea.py": f"TOKEN = {SECRET!r}\n"}


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          capture_output=True, check=True, timeout=120)
    return done.stdout.decode()


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A clone-like copy of the source tree (its files a build would take, every one tracked in its own git)."""
    src = tmp_path_factory.mktemp("clone") / "src"
    for name in _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0"):
        if name and (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, src / name)
    _git(src, "init", "-q")
    _git(src, "add", "-A")
    _git(src, "commit", "-q", "-m", "copy")
    return src


@pytest.fixture(scope="module")
def built(tree, tmp_path_factory) -> Path:
    """The wheel `python -m build` makes of the tracked files (before anything untracked is added)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(tree)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    shutil.rmtree(tree / "build", ignore_errors=True)
    for info in tree.glob("*.egg-info"):
        shutil.rmtree(info)
    return next(out.glob("*.whl"))


def _package_names(wheel: bytes | Path) -> set[str]:
    source = io.BytesIO(wheel) if isinstance(wheel, bytes) else wheel
    with zipfile.ZipFile(source) as archive:
        return {n for n in archive.namelist() if ".dist-info/" not in n}


def _embedded_wheel(path_entry: Path, workbook: Path) -> bytes:
    """`kpixl new` run with `path_entry` first on sys.path; the wheel inside the new workbook's Lite code."""
    env = {**os.environ, "PYTHONPATH": str(path_entry)}
    code = "import sys; from kpixl.cli import main; sys.exit(main())"
    args = ["new", str(workbook), "--client", "Acme", "--networks", "instagram", "--force"]
    done = subprocess.run([sys.executable, "-c", code, *args],
                          cwd=workbook.parent, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(workbook) as package:
        main_py = webextension.read_code(package.read(webextension.WEBEXTENSION)).main_py
    block = re.search(r'KPIXL_WHEEL = """\n(.*?)\n"""', main_py, re.DOTALL)
    assert block is not None
    return base64.b64decode(block.group(1).replace("\n", ""))


def _assert_clean(wheel: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        names = archive.namelist()
        assert not [n for n in names if n in STRAYS or "local_settings" in n or "scratch" in n or "drafts" in n]
        assert not [n for n in names if SECRET.encode() in archive.read(n)]


def test_untracked_files_of_a_source_tree_never_travel_in_a_workbook(tree, built, tmp_path):
    for name, text in STRAYS.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text, encoding="utf-8")
    try:
        wheel = _embedded_wheel(tree, tmp_path / "client.xlsx")
    finally:
        for name in STRAYS:
            (tree / name).unlink()
    _assert_clean(wheel)
    assert _package_names(wheel) == _package_names(built)  # exactly the declared files, every one of them


def test_an_installed_kpixl_embeds_what_its_record_lists(built, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(built) as archive:
        archive.extractall(site)
    (site / "kpixl" / "local_settings.py").write_text(STRAYS["kpixl/local_settings.py"], encoding="utf-8")
    wheel = _embedded_wheel(site, tmp_path / "client.xlsx")
    _assert_clean(wheel)
    assert _package_names(wheel) == _package_names(built)
