"""Small files that would take the machine, written on the fly (streamed, never held whole), and a `kpixl` run in a
child process whose peak memory is measured by the kernel: the child's own high-water mark (`VmHWM` in
/proc/self/status, read as it exits). Not `getrusage`: a child forked from a large test process inherits that
process's peak in `ru_maxrss` across exec.

The child runs under an address-space ceiling (`CEILING`), so a bomb that kpixl fails to refuse ends the child in a
MemoryError instead of taking a shared machine with it.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CEILING = 3 * 1024**3
"""Address space the child may reserve (3 GB): far above a refusal's needs, far below what a bomb would take."""
PEAK_LIMIT = 300 * 1024 * 1024
"""What a refusal may cost at most (issue #24: every bomb refused under 300 MB of peak memory)."""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    peak_bytes: int


def run_kpixl(*args: str, cwd: Path, env: dict[str, str] | None = None, max_file_bytes: int | None = None) -> Run:
    """`kpixl args…` in a child process; its exit code, output and peak resident memory (its own VmHWM).
    `max_file_bytes` makes every file the child writes stop at that size, as on a full disk (EFBIG)."""
    full = ("import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
            f"resource.setrlimit(resource.RLIMIT_FSIZE, ({max_file_bytes}, {max_file_bytes}));"
            if max_file_bytes else "")
    with tempfile.NamedTemporaryFile("r", suffix=".peak") as peak:
        script = (f"import atexit, resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({CEILING}, {CEILING}));"
                  f"{full}atexit.register(lambda: open({peak.name!r}, 'w').write(next(line.split()[1] for line in "
                  "open('/proc/self/status') if line.startswith('VmHWM:'))));"
                  "from kpixl.cli import main; sys.argv = ['kpixl', *sys.argv[1:]]; main()")
        child = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, capture_output=True,
                               env={**os.environ, "KPIXL_LANG": "en", **(env or {})})
        written = Path(peak.name).read_text().strip()
    assert written, f"the child wrote no peak memory: {child.stderr[-2000:]!r}"
    return Run(child.returncode, child.stdout.decode(), child.stderr.decode(), int(written) * 1024)


def repeated(block: bytes, total: int) -> Iterator[bytes]:
    """`total` bytes of `block` repeated, in chunks of about a megabyte."""
    chunk = block * max(1, (1 << 20) // len(block))
    sent = 0
    while sent < total:
        piece = chunk[: total - sent]
        sent += len(piece)
        yield piece


def write_zip(path: Path, members: Iterable[tuple[str, Iterable[bytes]]], *, claims: dict[str, int] | None = None
              ) -> Path:
    """A deflated zip written as it is compressed; `claims` puts a size of its own in a member's headers instead of
    the real one (a member that inflates to far more than it declares)."""
    offsets: list[tuple[bytes, int, int, int, int]] = []
    with open(path, "wb") as out:
        for name, chunks in members:
            raw_name = name.encode()
            at = out.tell()
            out.write(b"\0" * (30 + len(raw_name)))  # the local header, filled in once the sizes are known
            deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
            crc = size = packed = 0
            for chunk in chunks:
                crc, size = zlib.crc32(chunk, crc), size + len(chunk)
                data = deflate.compress(chunk)
                packed += len(data)
                out.write(data)
            data = deflate.flush()
            packed += len(data)
            out.write(data)
            size = (claims or {}).get(name, size)
            end = out.tell()
            out.seek(at)
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, packed, size,
                                  len(raw_name), 0) + raw_name)
            out.seek(end)
            offsets.append((raw_name, crc, packed, size, at))
        directory = out.tell()
        for raw_name, crc, packed, size, at in offsets:
            out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, packed, size,
                                  len(raw_name), 0, 0, 0, 0, 0, at) + raw_name)
        length = out.tell() - directory
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(offsets), len(offsets), length, directory, 0))
    return path
