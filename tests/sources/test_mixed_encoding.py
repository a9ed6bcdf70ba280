"""Mixed UTF-8/Windows-1252 files and CESU-8 emoji (#24): read exactly, line by line, and said with file and rows;
a line that cannot be read exactly is refused naming its row. Never silent mojibake."""

from __future__ import annotations

import pytest

from kpixl.errors import KpixlError
from kpixl.sources import read_export
from kpixl.text.messages import render

HEAD = "network,post_id,published_at,text,impressions,likes\n"


def _file(tmp_path, *lines: bytes):
    path = tmp_path / "posts.csv"
    path.write_bytes(HEAD.encode() + b"".join(lines))
    return path


def _cesu(character: str) -> bytes:
    """CESU-8: a character outside the BMP as its two UTF-16 surrogates, each encoded as UTF-8 would."""
    units = character.encode("utf-16-be")
    return b"".join(chr(int.from_bytes(units[i:i + 2], "big")).encode("utf-8", "surrogatepass") for i in (0, 2))


def test_utf8_and_windows_1252_lines_each_read_as_written(tmp_path):
    path = _file(tmp_path, "instagram,p1,2026-03-01,Canción de café,100,5\n".encode(),
                 "instagram,p2,2026-03-02,Año nuevo,100,6\n".encode("cp1252"),
                 "instagram,p3,2026-03-03,Señal ✓,100,7\n".encode())
    result = read_export(path)
    assert [r["text"] for r in result.rows] == ["Canción de café", "Año nuevo", "Señal ✓"]
    notes = [render(w) for w in result.warnings]
    assert any(n.startswith("row 3: not in UTF-8") for n in notes), notes


def test_cesu_emoji_read_as_the_emoji(tmp_path):
    path = _file(tmp_path, b"instagram,p1,2026-03-01,Party " + _cesu("🎉") + b",100,5\n")
    result = read_export(path)
    assert result.rows[0]["text"] == "Party 🎉"
    assert any("CESU-8" in render(w) for w in result.warnings)


@pytest.mark.parametrize("line", [
    "instagram,p2,2026-03-02,Año ".encode("cp1252") + "café".encode() + b",100,6\n",  # both in one line
    b"instagram,p2,2026-03-02,half \xed\xa0\xbd,100,6\n",  # half an emoji
])
def test_a_line_that_cannot_be_read_exactly_is_refused_naming_it(tmp_path, line):
    path = _file(tmp_path, "instagram,p1,2026-03-01,Canción,100,5\n".encode(), line)
    with pytest.raises(KpixlError) as caught:
        read_export(path)
    assert caught.value.row == 3 and caught.value.file == str(path)


def test_a_plain_windows_1252_file_reads_as_before(tmp_path):
    result = read_export(_file(tmp_path, "instagram,p1,2026-03-01,Año nuevo,100,5\n".encode("cp1252")))
    assert result.rows[0]["text"] == "Año nuevo" and not any("UTF-8" in render(w) for w in result.warnings)
