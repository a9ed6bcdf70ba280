"""The workbook's own lock (`.~lock.NAME.kpixl#` beside it, held with an OS lock): runs with different temp folders
and accounts queue up on it and keep every post; a busy lock is named (who, since when); a dead holder's is taken
over; nothing is left beside the workbook."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kpixl.errors import KpixlError
from kpixl.refresh.saving import update_file
from kpixl.refresh.workbook_lock import lock_file, owner_of
from kpixl.text.messages import render
from tests.refresh.test_write_safety import IG, ROOT, export_with_ids, listing, post_ids

HOLD = """
import os, sys
from pathlib import Path
from kpixl.refresh.workbook_lock import workbook_locked
with workbook_locked(Path(sys.argv[1]), sys.argv[1], 5):
    print("held", flush=True)
    if sys.argv[2] == "kill":
        os.kill(os.getpid(), 9)
    sys.stdin.read()
"""
OTHER_ACCOUNT = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=+dac_read_search",
                 "--ambient-caps=+dac_read_search", "--"]
"""Run as `nobody`, another account, that may read everything (this test's files live under root's folders) and
write only where the permissions let it."""


def _holder(workbook: Path, mode: str) -> subprocess.Popen:
    """A process holding the workbook's lock (until its stdin closes, or killed by kill -9 once it holds it)."""
    run = subprocess.Popen([sys.executable, "-c", HOLD, str(workbook), mode], cwd=ROOT, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None and run.stdout.readline() == "held\n"
    return run


def _can_run_as_other_account() -> bool:
    return sys.platform == "linux" and os.geteuid() == 0 and shutil.which("setpriv") is not None


@pytest.fixture
def shared(workbook: Path) -> Iterator[Path]:
    """The workbook in a folder both accounts may write in, as on a shared drive (pytest's own folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="kpixl-shared-"))
    try:
        os.chmod(folder, 0o777)
        path = folder / workbook.name
        shutil.copyfile(workbook, path)
        os.chmod(path, 0o666)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _import(workbook: Path, export: Path, temp: Path, *, account: bool = False) -> subprocess.Popen:
    temp.mkdir(mode=0o777, exist_ok=True)
    os.chmod(temp, 0o777)
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    command = [sys.executable, "-m", "kpixl.cli", "import", str(workbook), str(export)]
    if account:
        command = [*OTHER_ACCOUNT, *command]
        env["HOME"] = str(temp)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_imports_with_different_temp_folders_and_accounts_keep_every_post(shared: Path, exports: Path,
                                                                          tmp_path: Path):
    workbook, other = shared, _can_run_as_other_account()
    batches = [export_with_ids(workbook.parent / f"e{k}" / IG, exports,
                               [f"18{k}0000000000{i:04d}" for i in range(300)]) for k in range(3)]
    temps = [workbook.parent / name for name in ("temp-a", "temp-b", "temp-c")]
    runs = [_import(workbook, batches[0], temps[0]), _import(workbook, batches[1], temps[1]),
            _import(workbook, batches[2], temps[2], account=other)]
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, out + err
        assert "Traceback" not in err
    ids = post_ids(workbook)
    assert len(ids) == len(set(ids)) == 900
    assert not lock_file(workbook).exists()


def test_a_busy_lock_names_who_holds_it_and_since_when(workbook: Path, exports: Path, capsys):
    holder = _holder(workbook, "hold")
    try:
        owner = owner_of(lock_file(workbook))
        assert owner is not None and owner.pid == holder.pid
        before = workbook.read_bytes()
        with pytest.raises(KpixlError) as caught:
            update_file(workbook, lambda book: book.write_name("kpixl_client", "Other"), timeout=0.5)
        message = str(caught.value)
        assert f"pid {holder.pid}" in message and owner.user in message and "nothing written" in message
        assert owner.since.strftime("%Y-%m-%d %H:%M") in message
        assert "\n" not in message and workbook.read_bytes() == before
        assert f"pid {holder.pid}" in capsys.readouterr().err  # the waiting line says whom it waits for
        spanish = render(caught.value.message, "es")
        assert "desde " + owner.since.strftime("%d/%m/%Y %H:%M") in spanish and "no se ha escrito nada" in spanish
    finally:
        holder.communicate("")
    assert not lock_file(workbook).exists()


@pytest.mark.parametrize("taker", ["same account", "other account"])
def test_the_lock_of_a_killed_run_is_taken_over(shared: Path, exports: Path, taker: str):
    workbook, other = shared, taker == "other account"
    if other and not _can_run_as_other_account():
        pytest.skip("needs root and setpriv to run as another account")
    holder = _holder(workbook, "kill")
    holder.wait(timeout=60)
    assert holder.returncode == -signal.SIGKILL
    assert lock_file(workbook).exists() and owner_of(lock_file(workbook)) is not None  # left behind by kill -9
    run = _import(workbook, exports / IG, workbook.parent / "temp", account=other)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0 and "Traceback" not in err, out + err
    assert len(post_ids(workbook)) == 5
    assert listing(workbook.parent) == ["report.bak.xlsx", "report.xlsx", "temp"]


def test_a_symlinked_workbook_names_the_backup_beside_its_target(workbook: Path, exports: Path, tmp_path: Path,
                                                                 run_kpixl):
    shortcuts = tmp_path / "shortcuts"
    shortcuts.mkdir()
    link = shortcuts / "client.xlsx"
    link.symlink_to(workbook)
    output = run_kpixl.output_of("import", str(link), str(exports / IG))
    backup = workbook.with_name("report.bak.xlsx")
    assert backup.exists() and str(backup) in output and "client.bak.xlsx" not in output
    assert listing(shortcuts) == ["client.xlsx"]


def test_new_force_waits_for_the_lock_of_a_running_import(workbook: Path, run_kpixl, monkeypatch):
    """`kpixl new --force` over a workbook an import holds does not replace it under that import: it queues on the
    same lock and, when the holder outlives the wait, refuses naming it and writes nothing."""
    monkeypatch.setattr("kpixl.commands.new.LOCK_TIMEOUT", 0.5)
    holder = _holder(workbook, "hold")
    try:
        before = workbook.read_bytes()
        result = run_kpixl("new", str(workbook), "--client", "Other", "--force")
        assert result.exit_code != 0 and f"pid {holder.pid}" in result.output, result.output
        assert workbook.read_bytes() == before
    finally:
        holder.communicate("")
    assert run_kpixl("new", str(workbook), "--client", "Other", "--force").exit_code == 0
    assert not lock_file(workbook).exists()
