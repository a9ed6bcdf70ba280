"""Updating a workbook file in place without ever losing the user's version.

`update_file` runs the whole read-modify-write under an exclusive lock, refuses a workbook that Excel or LibreOffice
has open (their lock files `~$NAME` and `.~lock.NAME#`; `force` overrides) or that is read-only, follows a symlink to
the real file, and writes the edited package (`PackageBook`: only kpixl's parts change, with the cached values
`kpixl.refresh.cached_at_save` computes for them) to a temporary file that replaces the workbook in one rename,
the previous version kept as `NAME.bak.xlsx`. A run that changes nothing writes nothing, not even the backup.

The lock (`kpixl.refresh.workbook_lock`) is a file beside the real workbook held with an OS lock, so two kpixl runs on
one workbook queue up instead of one silently losing the other's posts, whatever their temp folders or accounts.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kpixl.atomic import atomic_path, backup_path
from kpixl.errors import KpixlError
from kpixl.refresh import cached_at_save
from kpixl.refresh.books.package import PackageBook
from kpixl.refresh.workbook_lock import workbook_locked
from kpixl.text.messages import Message

T = TypeVar("T")

LOCK_TIMEOUT = 300.0
"""Seconds a run waits for another kpixl run on the same workbook before giving up with a clear message."""


@dataclass
class Saved:
    """Where the result went and what happened."""

    path: Path
    message: str
    written: bool = True


def office_lock(path: Path) -> Path | None:
    """The lock file Excel (`~$NAME`) or LibreOffice (`.~lock.NAME#`) keeps beside a workbook it has open."""
    real = Path(os.path.realpath(path))
    for where in dict.fromkeys((path, real)):
        name = where.name
        for candidate in (f"~${name}", f"~${name[2:]}", f".~lock.{name}#"):
            lock = where.with_name(candidate)
            if lock.exists():
                return lock
    return None


def check_writable(path: Path, real: Path) -> None:
    """Refuse, before reading anything, a workbook that cannot or must not be replaced."""
    if not real.exists():
        raise KpixlError(Message("no_workbook"), file=str(path))
    if not real.is_file():
        raise KpixlError(Message("not_workbook_file"), file=str(path))
    mode = real.stat().st_mode
    if not mode & stat.S_IWUSR or not os.access(real, os.W_OK):
        raise KpixlError(Message("read_only"), file=str(path))
    if not os.access(real.parent, os.W_OK | os.X_OK):
        raise KpixlError(Message("folder_not_writable", folder=str(real.parent)), file=str(path))


def update_file(path: str | os.PathLike[str], action: Callable[[PackageBook], T], *, force: bool = False,
                timeout: float = LOCK_TIMEOUT) -> tuple[T, Saved]:
    """Lock the workbook, open it as a package, run `action`, save it safely; nothing is written if `action` raises
    or changes nothing."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    check_writable(path, real)
    if not force:
        lock = office_lock(path)
        if lock is not None:
            raise KpixlError(Message("open_elsewhere", lock=lock.name), file=str(path))
    with workbook_locked(real, str(path), timeout):
        book = PackageBook(real, name=str(path))
        try:
            outcome = action(book)
            if not book.changed:
                return outcome, Saved(path, Message("up_to_date", path=str(path)), written=False)
            book.write_cached(cached_at_save.for_save(book))
            try:
                with atomic_path(real, backup=True) as temp:
                    book.save(temp)
            except OSError as exc:
                raise KpixlError(Message("cannot_write_workbook", why=exc.strerror or str(exc)),
                                 file=str(path)) from None
        finally:
            book.close()
    return outcome, Saved(path, Message("saved", path=str(path), backup=shown_backup(path, real)))


def shown_backup(path: Path, real: Path) -> str:
    """The backup as the saved message names it: its name beside the workbook, its full path when the workbook is a
    link (the backup is beside the real file, not beside the link)."""
    backup = backup_path(real)
    return backup.name if real.parent == Path(os.path.abspath(path)).parent else str(backup)
