"""The one zip guard: non-zips, truncated zips and zip bombs (by ratio, by a part's size, by the total a caller
allows) are refused with one clear line naming the file, before anything is inflated; a sound package opens."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from kpixl.errors import KpixlError
from kpixl.sources.reading import read_tables, read_xlsx
from kpixl.xlsx import zip_guard
from kpixl.xlsx.zip_guard import check_zip
from tests.xlsx.packages import package, sheet


def written(tmp_path: Path, data: bytes, name: str = "book.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path, **limits: int) -> str:
    with pytest.raises(KpixlError) as caught:
        check_zip(path, **limits)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(str(path))
    return text


def test_a_sound_package_opens_and_stays_open(tmp_path: Path):
    path = written(tmp_path, package({"xl/worksheets/sheet1.xml": sheet('<row r="1"/>')}))
    with check_zip(path, max_unpacked=10_000) as archive:
        assert archive.namelist() == ["xl/worksheets/sheet1.xml"]


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path):
    assert "this .xlsx file is damaged or truncated" in refusal(written(tmp_path, b"Date,Reach\n2024-01-01,5\n"))


def test_a_truncated_zip_is_refused(tmp_path: Path):
    data = package({"xl/worksheets/sheet1.xml": os.urandom(5000), "xl/styles.xml": b"<styleSheet/>"})
    assert "damaged or truncated" in refusal(written(tmp_path, data[: len(data) // 2]))


def test_a_bomb_by_ratio_is_refused_by_name(tmp_path: Path):
    bomb = {"xl/styles.xml": b"<styleSheet/>", "xl/worksheets/sheet1.xml": b"\0" * 30_000_000}
    path = written(tmp_path, package(bomb))
    assert refusal(path).endswith("this .xlsx looks like a zip bomb (xl/worksheets/sheet1.xml is compressed too much)")


def test_small_parts_are_never_taken_for_a_bomb(tmp_path: Path):
    path = written(tmp_path, package({"xl/styles.xml": b" " * zip_guard.BOMB_FLOOR_BYTES}))
    check_zip(path).close()


def test_a_part_larger_than_the_ceiling_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(zip_guard, "MAX_PART_BYTES", 4000)  # instead of writing 4 GiB
    path = written(tmp_path, package({"xl/media/image1.png": os.urandom(5000)}))
    assert "workbook part xl/media/image1.png unpacks to 5,000 bytes" in refusal(path)


def test_the_total_is_capped_when_the_caller_holds_every_part(tmp_path: Path):
    path = written(tmp_path, package({f"xl/media/image{i}.png": os.urandom(3000) for i in range(4)}))
    check_zip(path).close()
    assert "unpacks to 0 MB, more than the 0 MB limit" in refusal(path, max_unpacked=10_000)


def test_many_members_alone_are_no_reason_to_refuse(tmp_path: Path):
    """No member-count ceiling (the module says why): 2,000 parts, twice Apache POI's default limit, open."""
    path = written(tmp_path, package({f"xl/media/image{i}.png": b"x" for i in range(2000)}, zipfile.ZIP_STORED))
    with check_zip(path) as archive:
        assert len(archive.infolist()) == 2000


def test_imported_exports_go_through_the_same_guard(tmp_path: Path):
    bomb = written(tmp_path, package({"xl/worksheets/sheet1.xml": b"\0" * 30_000_000}), "export.xlsx")
    with pytest.raises(KpixlError, match=r"zip bomb \(xl/worksheets/sheet1\.xml"):
        read_tables(bomb)
    big = written(tmp_path, package({"xl/media/image1.png": os.urandom(3000)}), "big.xlsx")
    with pytest.raises(KpixlError, match=r"this \.xlsx unpacks to 0 MB, more than the 0 MB limit"):
        read_xlsx(str(big), max_unpacked=2000)  # exports are held whole: their total is capped too
