"""A kpixl workbook saved by LibreOffice loses its xlwings Lite parts' declarations (the task pane part becomes
`application/xml`, `webextension1.xml` and its relationship are dropped), which Microsoft's validator refuses.
kpixl owns those parts: `kpixl import` and `kpixl refresh` restore them, and the result passes the validator."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from kpixl.workbook import webextension
from tests import libreoffice, ooxml

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "instagram_posts_en.csv"


def saved_by_libreoffice(tmp_path: Path, run_kpixl, *options: str) -> Path:
    libreoffice.require_soffice()
    book = tmp_path / "made.xlsx"
    run_kpixl.output_of("new", str(book), "--client", "Acme", "--networks", "instagram", *options)
    saved = libreoffice.convert(book, tmp_path / "lo")
    path = tmp_path / "report.xlsx"
    shutil.move(saved, path)
    return path


def lite_parts(path: Path) -> tuple[set[str], str]:
    with zipfile.ZipFile(path) as book:
        return ({n for n in book.namelist() if n.startswith(webextension.FOLDER)},
                book.read(webextension.CONTENT_TYPES).decode())


def test_libreoffice_drops_and_misdeclares_the_lite_parts(tmp_path: Path, run_kpixl):
    names, types = lite_parts(saved_by_libreoffice(tmp_path, run_kpixl))
    assert webextension.WEBEXTENSION not in names  # what this test guards against: still LibreOffice's behaviour
    assert f'PartName="/{webextension.TASKPANES}" ContentType="application/xml"' in types


@pytest.mark.parametrize("command", ["import", "refresh"])
def test_import_and_refresh_restore_the_lite_parts(tmp_path: Path, run_kpixl, command: str):
    path = saved_by_libreoffice(tmp_path, run_kpixl)
    if command == "import":
        run_kpixl.output_of("import", str(path), str(EXPORT))
    else:
        (tmp_path / "exports").mkdir()
        shutil.copy(EXPORT, tmp_path / "exports")
        run_kpixl.output_of("refresh", str(path))
    names, types = lite_parts(path)
    assert {webextension.WEBEXTENSION, webextension.TASKPANES, webextension.TASKPANES_RELS} <= names
    for part, kind in webextension.CONTENT_TYPE.items():
        assert f'PartName="/{part}" ContentType="{kind}"' in types
        assert types.count(f'PartName="/{part}"') == 1
    with zipfile.ZipFile(path) as book:
        code = webextension.read_code(book.read(webextension.WEBEXTENSION))
        assert webextension.TASKPANES_REL_TYPE in book.read(webextension.ROOT_RELS).decode()
    assert "kpixl" in code.main_py and code.requirements_txt
    ooxml.assert_valid(path)


def test_a_workbook_without_lite_stays_without(tmp_path: Path, run_kpixl):
    path = saved_by_libreoffice(tmp_path, run_kpixl, "--no-lite")
    run_kpixl.output_of("import", str(path), str(EXPORT))
    names, _ = lite_parts(path)
    assert not names
    ooxml.assert_valid(path)
