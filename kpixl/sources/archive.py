"""Zip downloads (TikTok Studio's Overview_*.zip, Followers_*.zip …): every export inside, read as if downloaded.

Members that are not a known export (TikTok's FollowerGender.csv, a README) are named in a warning, not an error;
a zip with no known export at all is refused with the first member's reason. Members are unpacked by the one
budget (`kpixl.xlsx.budget.Meter`): bytes counted as they are inflated, each member against the file limit and all
members together against the inflated limit, whatever sizes the zip's headers claim.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from kpixl.errors import KpixlError
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message
from kpixl.xlsx.budget import Meter

MEMBER_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xls")


def is_archive(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(".zip")


def read_archive(path: str | os.PathLike[str], read: Callable[[Path], list[ImportResult]],
                 max_bytes: int) -> list[ImportResult]:
    """`read` every export member of a zip (unpacked one at a time to a private folder); results name the member."""
    results: list[ImportResult] = []
    skipped: list[str] = []
    first_error: KpixlError | None = None
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise KpixlError(Message("zip_unopenable", why=str(exc)), file=str(path)) from None
    meter = Meter(str(path))
    try:
        unpacked = tempfile.TemporaryDirectory(prefix="kpixl-zip-")
    except OSError as exc:
        archive.close()
        raise KpixlError(Message("zip_cannot_unpack", member=PurePosixPath(str(path)).name,
                                 why=exc.strerror or str(exc)), file=str(path)) from None
    with archive, unpacked as folder:
        for info in archive.infolist():
            member = PurePosixPath(info.filename)
            if info.is_dir() or member.name.startswith((".", "~$")) or "__MACOSX" in member.parts:
                continue
            if member.suffix.lower() not in MEMBER_SUFFIXES:
                skipped.append(member.name)
                continue
            if info.file_size > max_bytes:
                raise KpixlError(Message("zip_member_too_large", member=member.name, limit=max_bytes // (1024 * 1024)),
                                 file=str(path))
            target = Path(folder) / member.name
            _unpack(archive, info, target, meter, max_bytes, str(path))
            shown = f"{path}/{member.name}"
            try:
                found = read(target)
            except KpixlError as exc:
                first_error = first_error or KpixlError(exc.message, file=shown, row=exc.row, column=exc.column)
                skipped.append(member.name)
                continue
            finally:
                target.unlink(missing_ok=True)
            for result in found:
                result.file = shown
                result.rejected = [dataclasses.replace(r, file=shown) for r in result.rejected]
            results.extend(found)
    if not results:
        raise first_error or KpixlError(Message("zip_no_export"), file=str(path))
    if skipped:
        results[0].warnings.append(Message("zip_skipped", names=", ".join(skipped)))
    return results


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, meter: Meter, max_bytes: int,
            file: str) -> None:
    """Inflate one member to `target`, streamed and counted: refused past `max_bytes` for itself or past the budget
    for the whole zip, damaged (bad CRC, bad data) or unwritable (a full temp folder) in one line."""
    name = PurePosixPath(info.filename).name
    written = 0
    try:
        with archive.open(info) as source, open(target, "wb") as out:
            for chunk in meter.chunks(source):
                written += len(chunk)
                if written > max_bytes:
                    raise KpixlError(Message("zip_member_too_large", member=name, limit=max_bytes // (1024 * 1024)),
                                     file=file)
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as exc:
        target.unlink(missing_ok=True)
        raise KpixlError(Message("zip_member_damaged", member=name, why=str(exc)), file=file) from None
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise KpixlError(Message("zip_cannot_unpack", member=name, why=exc.strerror or str(exc)), file=file) from None
    except KpixlError:
        target.unlink(missing_ok=True)
        raise
