"""Saving an imported or refreshed workbook file without ever losing the user's version.

If openpyxl would drop parts of the original (shapes, sparklines, slicers, 2010 extensions), the result goes to a
copy beside it (`report.kpixl.xlsx`) and the original is untouched; otherwise the file is replaced atomically and
the previous version is kept as `report.bak.xlsx`. A failure midway leaves the original byte for byte.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kpixl.atomic import atomic_path, backup_path
from kpixl.errors import KpixlError
from kpixl.refresh.openpyxl_book import OpenpyxlBook
from kpixl.refresh.preserve import parts_openpyxl_would_drop

T = TypeVar("T")


@dataclass
class Saved:
    """Where the result went and why."""

    path: Path
    message: str


def copy_path(path: str | os.PathLike[str]) -> Path:
    """The copy written beside a workbook whose original must not be overwritten."""
    path = Path(path)
    return path.with_name(f"{path.stem}.kpixl{path.suffix}")


def save(book: OpenpyxlBook, path: str | os.PathLike[str], dropped: list[str] | None = None) -> Saved:
    """Save in place with a backup, or beside the original when `dropped` (from the original file) is not empty."""
    path = Path(path)
    dropped = parts_openpyxl_would_drop(path) if dropped is None else dropped
    target = copy_path(path) if dropped else path
    try:
        with atomic_path(target, backup=not dropped) as temp:
            book.wb.save(temp)
    except OSError as exc:
        raise KpixlError(f"cannot write the workbook ({exc.strerror or exc}); the original is unchanged",
                         file=str(target)) from None
    if dropped:
        return Saved(target, f"wrote {target} beside the original: saving {path.name} in place would lose "
                             f"{', '.join(dropped)} (openpyxl cannot keep them); {path.name} is unchanged")
    return Saved(target, f"saved {path} (previous version kept as {backup_path(path).name})")


def update_file(path: str | os.PathLike[str], action: Callable[[OpenpyxlBook], T]) -> tuple[T, Saved]:
    """Open a workbook file, run `action` on it, then save it safely; nothing is written if `action` raises."""
    dropped = parts_openpyxl_would_drop(path)  # also refuses non-zips, truncated files and zip bombs
    book = OpenpyxlBook.open(path)
    outcome = action(book)
    return outcome, save(book, path, dropped)

