"""Writing a zip from another: members left alone are copied as their compressed bytes (byte-identical, CRC,
timestamp and attributes kept), rewritten members keep their name and place, and the result is a sound zip."""

from __future__ import annotations

import io
import os
import struct
import zipfile

import pytest

from kpixl.xlsx.zip_copy import LOCAL_HEADER, PackageWriter


def source_zip() -> zipfile.ZipFile:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        stored = zipfile.ZipInfo("xl/media/image1.png", (2021, 5, 6, 7, 8, 10))
        stored.external_attr = 0o644 << 16
        archive.writestr(stored, os.urandom(3000), zipfile.ZIP_STORED)
        archive.writestr(zipfile.ZipInfo("xl/styles.xml", (2022, 1, 2, 3, 4, 6)), b"<styleSheet/>" * 50,
                         zipfile.ZIP_DEFLATED, 9)
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet>old</worksheet>", zipfile.ZIP_DEFLATED)
        archive.writestr("xl/vbaProject.bin", os.urandom(2000), zipfile.ZIP_DEFLATED, 1)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def raw_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's compressed bytes as stored in its zip."""
    fp = archive.fp
    assert fp is not None
    fp.seek(info.header_offset)
    fields = LOCAL_HEADER.unpack(fp.read(LOCAL_HEADER.size))
    fp.seek(info.header_offset + LOCAL_HEADER.size + fields[10] + fields[11])
    return fp.read(info.compress_size)


def test_untouched_members_are_copied_byte_for_byte_and_rewritten_ones_keep_their_place():
    source = source_zip()
    image, styles, sheet, vba = source.infolist()
    target = io.BytesIO()
    with PackageWriter(source, target) as writer:
        writer.copy(image)
        writer.replace(styles, source.read(styles))  # unchanged content: copied, not recompressed
        writer.stream(sheet, lambda out: out.write(b"<worksheet>new</worksheet>"))
        writer.copy(vba)
        writer.add("xl/calcChain.xml", b"<calcChain/>")
    result = zipfile.ZipFile(io.BytesIO(target.getvalue()))
    assert result.testzip() is None
    assert result.namelist() == [*source.namelist(), "xl/calcChain.xml"]
    for old in (image, styles, vba):
        new = result.getinfo(old.filename)
        assert raw_member(result, new) == raw_member(source, old)
        assert (new.CRC, new.compress_type, new.date_time, new.external_attr) == (
            old.CRC, old.compress_type, old.date_time, old.external_attr)
        assert result.read(new) == source.read(old)
    rewritten = result.getinfo(sheet.filename)
    assert result.read(rewritten) == b"<worksheet>new</worksheet>" and rewritten.date_time == sheet.date_time


def test_a_changed_member_is_written_anew():
    source = source_zip()
    styles = source.getinfo("xl/styles.xml")
    target = io.BytesIO()
    with PackageWriter(source, target) as writer:
        writer.replace(styles, b"<styleSheet>changed</styleSheet>")
    result = zipfile.ZipFile(io.BytesIO(target.getvalue()))
    assert result.read("xl/styles.xml") == b"<styleSheet>changed</styleSheet>"
    assert result.getinfo("xl/styles.xml").date_time == styles.date_time


def test_a_member_with_a_damaged_local_header_is_refused():
    source = source_zip()
    image = source.getinfo("xl/media/image1.png")
    data = bytearray(source.fp.getbuffer())  # type: ignore[union-attr]
    struct.pack_into("<4s", data, image.header_offset, b"XXXX")
    damaged = zipfile.ZipFile(io.BytesIO(bytes(data)))
    with pytest.raises(zipfile.BadZipFile, match=r"bad local header for xl/media/image1\.png"), \
            PackageWriter(damaged, io.BytesIO()) as writer:
        writer.copy(damaged.getinfo("xl/media/image1.png"))
