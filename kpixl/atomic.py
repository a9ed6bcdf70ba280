"""Atomic file writes: write beside the target, then replace it in one step; a failure leaves the original intact.

Every file kpixl writes (workbooks, CSVs, xlwings.conf) goes through here, so they all get the same guarantees:
no half-written file (the data and the folder entry are fsync'ed before and after the rename), no temporary file
left behind on any exit short of SIGKILL (SIGTERM and SIGHUP unwind like Ctrl-C while a file is being written), the
permissions of an ordinary file (or of the file replaced), and optionally the previous version kept as a backup,
itself written to a temporary name and renamed, so a backup is never half a file either. Temporary names carry the
writing process's id (`.NAME.kpixl-PID.XXXX.tmp`), so the leftovers of a run killed by SIGKILL or a power cut are
known as kpixl's and removed by the next write of the same file, once their process is gone (never a live one's,
never a file kpixl did not name).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, backup: bool = False) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target, else it is removed.

    With `backup=True` the previous version is kept as `<name>.bak<suffix>` (e.g. report.bak.xlsx).
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    with signals_unwind():
        remove_leftovers(target)
        temp = _temp_in(folder, target.name)
        try:
            yield temp
            fsync_file(temp)
            _ordinary_mode(temp, like=target)
            if backup and target.exists():
                keep_backup(target)
            os.replace(temp, target)
            fsync_folder(folder)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def _temp_in(folder: Path, name: str) -> Path:
    handle, temp_name = tempfile.mkstemp(prefix=f".{name}.kpixl-{os.getpid()}.", suffix=".tmp", dir=folder)
    os.close(handle)
    return Path(temp_name)


def remove_leftovers(target: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files earlier, killed kpixl runs left beside `target` (its own and its backup's): only
    names kpixl gives, only those of processes that no longer run. Returns what was removed."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    names = "|".join(re.escape(n) for n in (target.name, backup_path(target).name))
    pattern = re.compile(rf"\.(?:{names})\.kpixl-([0-9]+)\.[A-Za-z0-9_]+\.tmp")
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))) or not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    """Whether process `pid` runs on this machine (when in doubt: yes, so its file stays)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl-C there: ask the process table instead
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it runs, under another account
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another account's process (EPERM)
        return True
    return True


def keep_backup(target: Path) -> Path:
    """Keep the current version of `target` as its backup: a hard link (instant) or a copy, then a rename."""
    backup = backup_path(target)
    temp = _temp_in(target.parent, backup.name)
    try:
        temp.unlink()
        try:
            os.link(target, temp)
        except OSError:  # file systems without hard links (FAT, some shares): a full copy
            shutil.copy2(target, temp)
            fsync_file(temp)
        os.replace(temp, backup)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return backup


def write_text(target: str | os.PathLike[str], text: str, *, newline: str | None = "") -> Path:
    """Write a text file atomically (UTF-8)."""
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8", newline=newline)
    return Path(target)


def backup_path(target: str | os.PathLike[str]) -> Path:
    """Where the previous version of a workbook is kept."""
    target = Path(target)
    return target.with_name(f"{target.stem}.bak{target.suffix}")


def fsync_file(path: Path) -> None:
    """Flush a file's data to disk."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk, where the platform allows it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; its renames are durable on their own
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while a file was being written: unwind, clean up, exit."""

    def __init__(self, signum: int):
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum


@contextlib.contextmanager
def signals_unwind() -> Iterator[None]:
    """While writing, SIGTERM and SIGHUP raise `Terminated` (Ctrl-C already raises), so `finally` blocks run."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    previous = {}

    def stop(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    for name in names:
        number = getattr(signal, name)
        with contextlib.suppress(ValueError, OSError):
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _ordinary_mode(temp: Path, *, like: Path) -> None:
    """Temporary files are created private (0600): give the result the replaced file's mode, or the umask's."""
    if like.exists():
        shutil.copymode(like, temp)
        return
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o666 & ~umask)
