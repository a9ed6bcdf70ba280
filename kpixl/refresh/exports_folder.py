"""Where `refresh` reads exports from, and which files there are exports.

A workbook may come from someone else, so the folder written in its Settings is only a name inside the workbook's
own folder: an absolute path, `..` or `~` that leads elsewhere (another client's exports) is refused; a folder the
user passes on the command line is theirs to choose. In the folder, the workbook itself, its backup and any other
kpixl workbook, hidden and temporary files and Office's lock files are never read as exports.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from kpixl.errors import KpixlError
from kpixl.refresh.books.protocol import Book
from kpixl.text.messages import Message
from kpixl.workbook.layout import Layout
from kpixl.workbook.layout_sheet import LAYOUT_SHEET
from kpixl.xlsx import parts
from kpixl.xlsx.cell_values import is_blank

EXPORT_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xls", ".zip")
"""Files `refresh` reads from the exports folder (hidden files and Excel's `~$` lock files are skipped)."""


def exports_folder(book: Book, layout: Layout, base: str | os.PathLike[str] | None = None) -> Path:
    """The folder named in Settings, inside `base` (the workbook's folder; the current folder when unknown)."""
    value = book.read_name(layout.defined_name("exports_folder"))
    if is_blank(value):
        raise KpixlError(Message("no_exports_folder"))
    written = str(value).strip()
    home = Path(base if base is not None else Path.cwd()).resolve()
    folder = (home / Path(written).expanduser()).resolve()
    if not folder.is_relative_to(home):
        raise KpixlError(Message("exports_folder_outside", folder=written), file=getattr(book, "name", None))
    return folder


def export_files(folder: Path) -> list[Path]:
    """The export files of a folder, oldest first (a newer download of the same posts wins)."""
    if not folder.is_dir():
        raise KpixlError(Message("exports_folder_missing"), file=str(folder))
    files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES
             and not p.name.startswith((".", "~$")) and not is_kpixl_workbook(p)]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def is_kpixl_workbook(path: Path) -> bool:
    """Whether a file is a kpixl workbook (the one being refreshed, its backup, another client's): its workbook part
    lists the layout sheet. Read from the zip's directory and one small part, never the sheets."""
    if path.suffix.lower() != ".xlsx":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            book_part = parts.workbook_part(archive)
            info = archive.getinfo(book_part)
            if info.file_size > 10_000_000:
                return False
            return f'name="{LAYOUT_SHEET}"'.encode() in archive.read(info)
    except (KpixlError, zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
