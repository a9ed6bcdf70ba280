"""Text longer than an Excel cell holds (32,767 UTF-16 units) is cut there when read, and the cut is said, once per
column, naming its rows: the workbook then stores exactly the text the row carries, so importing the same file again
compares equal (nothing updated, nothing written) instead of "1 updated" on every run."""

from __future__ import annotations

from collections.abc import Mapping

from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message, rows_text
from kpixl.xlsx.row_writer import MAX_TEXT


def fit_cell(text: str) -> str:
    """The longest start of `text` an Excel cell holds (counted in UTF-16 units, never splitting a character)."""
    if len(text) * 2 <= MAX_TEXT or len(text.encode("utf-16-le")) // 2 <= MAX_TEXT:
        return text
    units = 0
    for i, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > MAX_TEXT:
            return text[:i]
    return text


def cut_long_texts(result: ImportResult, rows: list[dict[str, object]], numbers: list[int],
                   headers: Mapping[str, str]) -> None:
    """Cut every text value past the cell limit (in place) and add one warning per column naming the rows."""
    cut: dict[str, list[int]] = {}
    for row, number in zip(rows, numbers, strict=True):
        for name, value in row.items():
            if type(value) is str and len(value) > MAX_TEXT // 2:
                fitted = fit_cell(value)
                if fitted is not value:
                    row[name] = fitted
                    cut.setdefault(name, []).append(number)
    for name, cut_rows in cut.items():
        result.warnings.append(Message("text_cut", rows=rows_text(cut_rows), column=headers.get(name, name)))
