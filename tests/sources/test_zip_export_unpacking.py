"""A zip download whose members cannot be unpacked (a full temp folder, a damaged member) ends in one line naming
the zip and the member, with nothing left behind in the temp folder."""

from __future__ import annotations

from pathlib import Path

from tests.xlsx.bombs import repeated, run_kpixl, write_zip
from tests.xlsx.test_resource_budget import HEADER, post


def test_a_full_temp_folder(tmp_path: Path):
    temp = tmp_path / "temp"
    temp.mkdir()
    rows = b"".join(post(n).encode() for n in range(1, 20_000))
    path = write_zip(tmp_path / "Content.zip", [("Content.csv", iter([HEADER, rows]))])
    run = run_kpixl("normalize", path.name, "-o", "out.csv", cwd=tmp_path, env={"TMPDIR": str(temp)},
                    max_file_bytes=1_000_000)
    lines = run.stderr.strip().splitlines()
    assert run.code == 1 and len(lines) == 1, run.stderr[-2000:]
    assert lines[0].startswith("Error: Content.zip: cannot unpack Content.csv ("), lines[0]
    assert not list(temp.iterdir())


def test_a_member_whose_data_is_damaged(tmp_path: Path):
    path = write_zip(tmp_path / "Content.zip", [("Content.csv", iter([HEADER, *repeated(post(1).encode(), 200_000)]))])
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    run = run_kpixl("normalize", path.name, "-o", "out.csv", cwd=tmp_path)
    lines = run.stderr.strip().splitlines()
    assert run.code == 1 and len(lines) == 1, run.stderr[-2000:]
    assert lines[0].startswith("Error: Content.zip: Content.csv inside the file is damaged ("), lines[0]
