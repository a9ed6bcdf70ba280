"""A run killed by SIGKILL mid-write leaves its temporary files beside the workbook; the next run removes them — only
names kpixl gives, only those of processes that are gone — and keeps every post."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.refresh.test_write_safety import FAULTS, HARNESS, IG, ROOT, listing, post_ids


def killed_import(workbook: Path, export: Path, step: str) -> None:
    run = subprocess.run([sys.executable, "-c", HARNESS.format(patch=FAULTS[step]), "kill", "import", str(workbook),
                          str(export)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == -9, run.stdout + run.stderr


@pytest.mark.parametrize("step", ["mid-write", "during the backup", "at the rename"])
def test_the_next_run_removes_the_leftovers_of_a_killed_one(workbook: Path, exports: Path, run_kpixl, step: str):
    run_kpixl.output_of("import", str(workbook), str(exports / "x_content.csv"))  # so a backup exists
    killed_import(workbook, exports / IG, step)
    left = [n for n in listing(workbook.parent) if n.endswith(".tmp")]
    assert left and all(".kpixl-" in n for n in left)  # the kill left kpixl's temporary files
    run_kpixl.output_of("import", str(workbook), str(exports / IG))
    assert listing(workbook.parent) == ["report.bak.xlsx", "report.xlsx"]
    assert len(post_ids(workbook)) == 5


def test_a_live_runs_files_and_files_kpixl_did_not_name_stay(workbook: Path, exports: Path, run_kpixl):
    sleeper = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        folder = workbook.parent
        live = folder / f".report.xlsx.kpixl-{sleeper.pid}.abc123.tmp"
        mine = folder / ".report.xlsx.my-notes.tmp"
        other = folder / ".other.xlsx.kpixl-999999999.abc123.tmp"  # another workbook's: not this run's business
        for path in (live, mine, other):
            path.write_bytes(b"keep")
        dead = folder / ".report.bak.xlsx.kpixl-999999999.q_9x.tmp"
        dead.write_bytes(b"leftover")
        run_kpixl.output_of("import", str(workbook), str(exports / IG))
        assert live.exists() and mine.exists() and other.exists() and not dead.exists()
    finally:
        sleeper.communicate(b"")
