"""A caption longer than an Excel cell holds is cut to 32,767 characters once, said with its file, row and column, and
compared as cut: importing the same export again changes nothing, writes nothing and keeps the pre-import backup."""

from __future__ import annotations

import csv
from pathlib import Path

from kpixl.refresh.books.package import PackageBook
from tests.refresh.test_write_safety import IG

CAPTION = "".join(f"word{i} " for i in range(150_000))[:1_000_000]  # 1 MB


def long_caption_export(path: Path, exports: Path, caption: str = CAPTION) -> Path:
    with open(exports / IG, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[2][rows[0].index("Description")] = caption
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def texts(path: Path) -> list[str | None]:
    with PackageBook(path) as book:
        data = book.read_table("tbl_instagram")
    column = data.headers.index("Text")
    return [row[column] for row in data.rows]


def test_a_caption_past_the_cell_limit_is_cut_once_said_and_compared_as_cut(workbook: Path, exports: Path,
                                                                            tmp_path: Path, run_kpixl):
    export = long_caption_export(tmp_path / IG, exports)
    first = run_kpixl.output_of("import", str(workbook), str(export))
    notes = [line for line in first.splitlines() if "32,767" in line]
    assert len(notes) == 1 and "row 3" in notes[0] and "'Description'" in notes[0], first
    assert first.splitlines()[0].startswith(f"{export}: ")  # under the line of the file it is in
    assert texts(workbook)[1] == CAPTION[:32767]
    backup = workbook.with_name("report.bak.xlsx")
    saved, pre_import = workbook.read_bytes(), backup.read_bytes()
    again = run_kpixl.output_of("import", str(workbook), str(export))
    assert "nothing written" in again and "1 updated" not in again and "0 updated" in again, again
    assert workbook.read_bytes() == saved and backup.read_bytes() == pre_import  # the pre-import version is kept


def test_the_cut_never_splits_a_character_and_counts_as_excel_does(workbook: Path, exports: Path, tmp_path: Path,
                                                                   run_kpixl):
    caption = "a" * 32766 + "😀" + "tail"  # the emoji is two UTF-16 units, the limit Excel counts
    export = long_caption_export(tmp_path / IG, exports, caption)
    output = run_kpixl.output_of("import", str(workbook), str(export))
    assert "32,767" in output
    assert texts(workbook)[1] == "a" * 32766


def test_the_note_in_spanish(tmp_path: Path, exports: Path, make_kpixl_workbook, run_kpixl):
    workbook = make_kpixl_workbook(tmp_path / "informe.xlsx", lang="es")
    output = run_kpixl.output_of("import", str(workbook), str(long_caption_export(tmp_path / IG, exports)))
    assert "fila 3, columna «Description»" in output and "32.767" in output
