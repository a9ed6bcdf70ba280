"""The lock of one workbook, kept beside it, so every kpixl run on it queues up, whatever its temp folder or account.

`.~lock.NAME.kpixl#` sits next to the real workbook, as Office's `~$NAME` and LibreOffice's `.~lock.NAME#` owner files
do, and is held with an OS lock (`filelock`: flock on Linux and macOS, msvcrt on Windows); the holder writes into it
who it is and since when, for the line a waiting run prints. A holder that dies (even by kill -9) loses the OS lock
with its process, so its leftover file is simply taken over; a run that ends removes it. The file is created writable
by every account, so a colleague's run on a shared folder can take it over too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kpixl.errors import KpixlError
from kpixl.text.messages import Message, env_language, render

MARK = "kpixl-lock"
"""The first word of an owner line (so a file that is not kpixl's is never read as an owner)."""


@dataclass(frozen=True)
class Owner:
    """Who holds a workbook's lock: account, machine, process and since when (local time)."""

    user: str
    host: str
    pid: int
    since: dt.datetime

    def line(self) -> str:
        return f"{MARK}\t{self.user}\t{self.host}\t{self.pid}\t{self.since.isoformat(timespec='seconds')}\n"

    @classmethod
    def parse(cls, text: str) -> Owner | None:
        parts = text.strip("\n").split("\t")
        if len(parts) != 5 or parts[0] != MARK:
            return None
        try:
            return cls(parts[1], parts[2], int(parts[3]), dt.datetime.fromisoformat(parts[4]))
        except ValueError:
            return None

    @classmethod
    def me(cls) -> Owner:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # an account without a name (containers)
            user = str(os.getuid()) if hasattr(os, "getuid") else "?"
        return cls(user, socket.gethostname(), os.getpid(), dt.datetime.now().replace(microsecond=0))


def lock_file(real: Path) -> Path:
    """The lock file of the workbook at `real` (its real path, links resolved)."""
    return real.with_name(f".~lock.{real.name}.kpixl#")


OFFSET = 1
"""Where the owner line starts: after the first byte, the one Windows' lock (msvcrt) holds and no other handle may read
or write."""


def owner_of(path: Path) -> Owner | None:
    """The owner written in a lock file (None when there is none, or it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(OFFSET)
            return Owner.parse(handle.read(4096).decode("utf-8", "replace"))
    except OSError:
        return None


def _message(owner: Owner | None, known: str, unknown: str, **values: object) -> Message:
    """The message naming the lock's owner (the plain one when the lock file names none)."""
    if owner is None:
        return Message(unknown, **values)
    return Message(known, who=f"{owner.user}@{owner.host}, pid {owner.pid}", since=owner.since, **values)


@contextlib.contextmanager
def workbook_locked(real: Path, shown: str, timeout: float) -> Iterator[None]:
    """Hold the workbook's lock while the block runs: wait for another run (saying who holds it) up to `timeout`
    seconds, then refuse naming it; `shown` is the workbook as the user named it."""
    import filelock

    path = lock_file(real)
    lock = filelock.FileLock(str(path), timeout=timeout, mode=0o666)
    try:
        try:
            lock.acquire(timeout=0.2)
        except filelock.Timeout:
            waiting = _message(owner_of(path), "waiting_lock_owner", "waiting_lock", name=Path(shown).name)
            print(render(waiting, env_language()), file=sys.stderr)
            try:
                lock.acquire()
            except filelock.Timeout:
                busy = _message(owner_of(path), "lock_busy", "lock_timeout", seconds=timeout)
                raise KpixlError(busy, file=shown) from None
    except OSError as exc:
        raise KpixlError(Message("cannot_lock", lock=str(path), why=exc.strerror or str(exc)), file=shown) from None
    try:
        _write_owner(path)
        yield
    finally:
        with contextlib.suppress(OSError):  # removed while held: a waiter that then wins the removed file retries
            path.unlink()
        lock.release()


def _write_owner(path: Path) -> None:
    """Write this run as the lock's owner (a lock file that cannot be written is still a lock)."""
    with contextlib.suppress(OSError), open(path, "r+b") as handle:
        handle.seek(OFFSET)
        handle.write(Owner.me().line().encode("utf-8"))
        handle.truncate()
