"""Atomic file writes: write beside the target, then replace it in one step; a failure leaves the original intact."""

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
        if backup and target.exists():
            shutil.copy2(target, backup_path(target))
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()


def backup_path(target: str | os.PathLike[str]) -> Path:
    """Where the previous version of a workbook is kept."""
    target = Path(target)
    return target.with_name(f"{target.stem}.bak{target.suffix}")
