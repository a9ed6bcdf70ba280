"""Writing a new .xlsx zip from an old one: members kpixl does not own are copied as their compressed bytes.

`zipfile` has no public raw copy, so `copy` writes the member's local header from its ZipInfo and copies the
compressed data unchanged (no inflate, no deflate: the member is byte-identical, CRC included, and copying a large
image or sheet costs a file copy). Members kpixl rewrites are deflated as they stream (`stream`) or written whole
(`replace`, `add`), keeping the original's name, timestamp and attributes.
"""

from __future__ import annotations

import copy
import struct
import zipfile
from collections.abc import Callable
from typing import IO, Any

ZIP64_SAFE = zipfile.ZIP64_LIMIT // 2
"""Parts that may grow past this get ZIP64 headers; smaller ones keep plain headers, as Excel writes them."""

COMPRESS_LEVEL = 6
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


class PackageWriter:
    """A zip being written from a source zip, member by member, in the source's order."""

    def __init__(self, source: zipfile.ZipFile, target: Any):
        self.source = source
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True,
                                   compresslevel=COMPRESS_LEVEL)

    def __enter__(self) -> PackageWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def copy(self, info: zipfile.ZipInfo) -> None:
        """Copy a member's compressed bytes unchanged."""
        src = self.source.fp
        assert src is not None
        src.seek(info.header_offset)
        header = src.read(LOCAL_HEADER.size)
        fields = LOCAL_HEADER.unpack(header)
        if fields[0] != zipfile.stringFileHeader:
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        src.seek(info.header_offset + LOCAL_HEADER.size + fields[10] + fields[11])
        out = copy.copy(info)
        out.flag_bits &= ~0x08  # sizes and CRC go in the local header (no data descriptor)
        out.extra = info.extra
        dst = self.zip.fp
        assert dst is not None
        out.header_offset = dst.tell()
        zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
        dst.write(out.FileHeader(zip64))
        remaining = info.compress_size
        while remaining:
            chunk = src.read(min(remaining, 1 << 20))
            if not chunk:
                raise zipfile.BadZipFile(f"{info.filename} is truncated")
            dst.write(chunk)
            remaining -= len(chunk)
        self.zip.filelist.append(out)
        self.zip.NameToInfo[out.filename] = out
        self.zip.start_dir = dst.tell()
        self.zip._didModify = True  # type: ignore[attr-defined]

    def _info(self, info: zipfile.ZipInfo) -> zipfile.ZipInfo:
        new = zipfile.ZipInfo(info.filename, info.date_time)
        new.compress_type = zipfile.ZIP_DEFLATED
        new.external_attr = info.external_attr
        new.create_system = info.create_system
        return new

    def stream(self, info: zipfile.ZipInfo, write: Callable[[IO[bytes]], None], *, estimate: int = 0) -> None:
        """Rewrite a member by streaming: `write(out)` writes its new content (about `estimate` bytes)."""
        with self.zip.open(self._info(info), "w", force_zip64=max(estimate, info.file_size) > ZIP64_SAFE) as out:
            write(out)

    def replace(self, info: zipfile.ZipInfo, data: bytes) -> None:
        """Rewrite a member whole; unchanged content is copied as is."""
        if data == self.source.read(info):
            self.copy(info)
            return
        self.zip.writestr(self._info(info), data)

    def add(self, name: str, data: bytes) -> None:
        """A new member."""
        self.zip.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
