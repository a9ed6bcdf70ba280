"""Atomic file writes: write beside the target, then replace it in one step; a failure leaves the original intact.

Every file kpixl writes (workbooks, CSVs, xlwings.conf) goes through here, so they all get the same guarantees:
no half-written file, no temporary file left behind, the permissions of an ordinary file (or of the file replaced),
and optionally the previous version kept as a backup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, backup: bool = False) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target, else it is removed.

    With `backup=True` the previous version is kept as `<name>.bak<suffix>` (e.g. report.bak.xlsx).
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f"{target.suffix}.tmp", dir=folder)
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        _ordinary_mode(temp, like=target)
        if backup and target.exists():
            shutil.copy2(target, backup_path(target))
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def write_text(target: str | os.PathLike[str], text: str, *, newline: str | None = "") -> Path:
    """Write a text file atomically (UTF-8)."""
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8", newline=newline)
    return Path(target)


def backup_path(target: str | os.PathLike[str]) -> Path:
    """Where the previous version of a workbook is kept."""
    target = Path(target)
    return target.with_name(f"{target.stem}.bak{target.suffix}")


def _ordinary_mode(temp: Path, *, like: Path) -> None:
    """Temporary files are created private (0600): give the result the replaced file's mode, or the umask's."""
    if like.exists():
        shutil.copymode(like, temp)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
