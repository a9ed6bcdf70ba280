"""`refresh` reads the exports folder written in a workbook's Settings only inside the workbook's own folder: a
workbook someone sent may name an absolute path, `..` or `~` (another client's exports). A folder passed with
`--from` is the user's own choice. Exports folder `.` reads the exports beside the workbook, never the workbook
itself, its backup or its temporary and lock files."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.refresh.conftest import make_workbook

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "instagram_posts_en.csv"


def with_exports_folder(path: Path, folder: str) -> Path:
    """The workbook with `folder` typed into Settings' exports folder (the cell its defined name points at)."""
    book = openpyxl.load_workbook(path)
    sheet, cell = next(iter(book.defined_names["kpixl_exports_folder"].destinations))
    book[sheet][cell.replace("$", "")] = folder
    book.save(path)
    return path


@pytest.fixture
def client(tmp_path: Path) -> Path:
    """A client's folder with its workbook; another client's exports sit beside it."""
    other = tmp_path / "other_client" / "exports"
    other.mkdir(parents=True)
    shutil.copy(EXPORT, other / EXPORT.name)
    folder = tmp_path / "acme"
    folder.mkdir()
    return make_workbook(folder / "report.xlsx", networks=("instagram",))


@pytest.mark.parametrize("written", ["{other}", "../other_client/exports", "~/exports"])
def test_a_folder_outside_the_workbooks_folder_is_refused(client: Path, run_kpixl, monkeypatch, written: str):
    other = client.parent.parent / "other_client"
    monkeypatch.setenv("HOME", str(other))
    with_exports_folder(client, written.format(other=other / "exports"))
    before = client.read_bytes()
    result = run_kpixl("refresh", str(client))
    assert result.exit_code == 1
    line, = result.output.strip().splitlines()
    assert "is outside the workbook's folder" in line and str(client) in line
    assert client.read_bytes() == before and not (client.parent / "report.bak.xlsx").exists()


def test_a_folder_passed_on_the_command_line_is_the_users_choice(client: Path, run_kpixl):
    with_exports_folder(client, "/nowhere")
    result = run_kpixl("refresh", str(client), "--from", str(client.parent.parent / "other_client" / "exports"))
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output


def test_a_folder_inside_the_workbooks_folder_is_read(client: Path, run_kpixl):
    (client.parent / "downloads" / "march").mkdir(parents=True)
    shutil.copy(EXPORT, client.parent / "downloads" / "march" / EXPORT.name)
    with_exports_folder(client, "downloads/./march/../march")
    result = run_kpixl("refresh", str(client))
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output


def test_exports_folder_dot_reads_the_exports_beside_the_workbook_only(client: Path, run_kpixl):
    with_exports_folder(client, ".")
    shutil.copy(EXPORT, client.parent / EXPORT.name)
    shutil.copy(client, client.parent / "report.bak.xlsx")  # a backup of an earlier run
    shutil.copy(client, client.parent / "old copy of report.xlsx")
    (client.parent / "~$plan.xlsx").write_bytes(b"\0" * 165)  # Office's lock file of another workbook open
    (client.parent / ".report.xlsx.k2j.tmp").write_bytes(b"half")
    result = run_kpixl("refresh", str(client))
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output
    assert "report.bak.xlsx" not in result.output.split("saved")[0] and "old copy" not in result.output
