"""Safety around the write: lock files of Excel and LibreOffice, read-only workbooks, symlinks, two imports at once,
a fault (OSError or a kill) at every step of the write, signals, no side copies and no leftovers, flat memory."""

from __future__ import annotations

import csv
import re
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kpixl.refresh.books.package import PackageBook

IG = "instagram_posts_en.csv"
ROOT = Path(__file__).resolve().parents[2]


def post_ids(path: Path, table: str = "tbl_instagram") -> list[str]:
    with PackageBook(path) as book:
        data = book.read_table(table)
    column = data.headers.index("Post id")
    return [str(r[column]) for r in data.rows if r[column] is not None]


def export_with_ids(path: Path, exports: Path, ids: list[str]) -> Path:
    """The Instagram fixture with one post per id."""
    with open(exports / IG, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    out = []
    for i, ident in enumerate(ids):
        row = list(body[i % len(body)])
        row[header.index("Post ID")] = ident
        out.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *out])
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def is_valid_workbook(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    openpyxl.load_workbook(path)
    return True


@pytest.mark.parametrize("lock", ["~$report.xlsx", ".~lock.report.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_refused_unless_forced(workbook: Path, exports: Path, lock: str,
                                                                          run_kpixl):
    (workbook.parent / lock).write_text("owner", encoding="utf-8")
    before, files = workbook.read_bytes(), listing(workbook.parent)
    result = run_kpixl("import", str(workbook), str(exports / IG))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and lock in errors[0] and "--force" in errors[0], result.output
    assert workbook.read_bytes() == before and listing(workbook.parent) == files
    result = run_kpixl("import", str(workbook), str(exports / IG), "--force")
    assert result.exit_code == 0, result.output
    assert len(post_ids(workbook)) == 5


def test_a_read_only_workbook_is_refused_and_nothing_is_written(workbook: Path, exports: Path, run_kpixl):
    workbook.chmod(0o444)
    before, files = workbook.read_bytes(), listing(workbook.parent)
    result = run_kpixl("import", str(workbook), str(exports / IG))
    assert result.exit_code == 1 and "read-only" in result.output and "nothing written" in result.output
    assert workbook.read_bytes() == before and listing(workbook.parent) == files


def test_a_symlink_is_followed_and_its_target_updated(workbook: Path, exports: Path, tmp_path: Path, run_kpixl):
    link_folder = tmp_path / "shortcuts"
    link_folder.mkdir()
    link = link_folder / "client.xlsx"
    link.symlink_to(workbook)
    result = run_kpixl("import", str(link), str(exports / IG))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == workbook.resolve()
    assert len(post_ids(workbook)) == 5
    assert (workbook.parent / "report.bak.xlsx").exists() and listing(link_folder) == ["client.xlsx"]


def test_no_side_copy_and_no_leftovers(workbook: Path, exports: Path, run_kpixl):
    files = listing(workbook.parent)
    for _ in range(2):
        result = run_kpixl("import", str(workbook), str(exports / IG))
        assert result.exit_code == 0, result.output
    assert listing(workbook.parent) == sorted([*files, "report.bak.xlsx"])


def test_a_run_that_changes_nothing_writes_nothing(workbook: Path, exports: Path, run_kpixl):
    assert run_kpixl("import", str(workbook), str(exports / IG)).exit_code == 0
    backup = workbook.with_name("report.bak.xlsx")
    data, stamp, saved = workbook.read_bytes(), workbook.stat().st_mtime_ns, backup.read_bytes()
    result = run_kpixl("import", str(workbook), str(exports / IG))
    assert result.exit_code == 0 and "nothing written" in result.output, result.output
    folder = workbook.parent / "exports"
    folder.mkdir()
    (folder / IG).write_bytes((exports / IG).read_bytes())
    result = run_kpixl("refresh", str(workbook))
    assert result.exit_code == 0 and "nothing written" in result.output, result.output
    assert workbook.read_bytes() == data and workbook.stat().st_mtime_ns == stamp and backup.read_bytes() == saved


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kpixl.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_imports_at_once_keep_both_sets_of_posts(workbook: Path, exports: Path, tmp_path: Path):
    first = export_with_ids(tmp_path / "a" / IG, exports, [f"1810000000000{i:04d}" for i in range(400)])
    second = export_with_ids(tmp_path / "b" / IG, exports, [f"1820000000000{i:04d}" for i in range(400)])
    runs = [_cli("import", str(workbook), str(first)), _cli("import", str(workbook), str(second))]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, out + err
    ids = post_ids(workbook)
    assert len(ids) == len(set(ids)) == 800


FAULTS = {  # step → code run before the import, patching the step to fail
    "after reading": "from kpixl.refresh.books.package import PackageBook as T; T.save = lambda *a, **k: fault()",
    "mid-write": ("from kpixl.xlsx import zip_copy as m; real = m.PackageWriter.copy\n"
                  "calls = []\n"
                  "def copy(self, info):\n    calls.append(1)\n    if len(calls) == 4: fault()\n"
                  "    return real(self, info)\n"
                  "m.PackageWriter.copy = copy"),
    "after the temp file": "import kpixl.atomic as m; m._ordinary_mode = lambda *a, **k: fault()",
    "during the backup": ("import kpixl.atomic as m, os; real = os.replace\n"
                          "def replace(a, b):\n    if str(b).endswith('.bak.xlsx'): fault()\n    return real(a, b)\n"
                          "m.os.replace = replace"),
    "at the rename": ("import kpixl.atomic as m, os; real = os.replace\n"
                      "def replace(a, b):\n    if str(b).endswith('report.xlsx'): fault()\n    return real(a, b)\n"
                      "m.os.replace = replace"),
}
HARNESS = """
import os, signal, sys, time
MODE = sys.argv[1]
def fault():
    if MODE == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if MODE == "term":
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)  # the signal arrives while the step runs
    raise OSError(5, "Input/output error (injected)")
{patch}
from kpixl.cli import main
sys.argv = ["kpixl", *sys.argv[2:]]
main()
"""


@pytest.mark.slow
@pytest.mark.parametrize("how", ["oserror", "kill", "term"])
@pytest.mark.parametrize("step", list(FAULTS))
def test_a_fault_at_any_step_leaves_the_original_or_the_update(workbook: Path, exports: Path, step: str, how: str,
                                                               run_kpixl):
    assert run_kpixl("import", str(workbook), str(exports / "x_content.csv")).exit_code == 0  # so a backup exists
    original = workbook.read_bytes()
    files = listing(workbook.parent)
    run = subprocess.run([sys.executable, "-c", HARNESS.format(patch=FAULTS[step]), how, "import", str(workbook),
                          str(exports / IG)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0, run.stdout + run.stderr
    if how == "oserror":
        errors = [line for line in (run.stdout + run.stderr).splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "Input/output error" in errors[0], run.stdout + run.stderr
        assert "Traceback" not in run.stderr
    if how == "term":
        assert run.returncode == 128 + signal.SIGTERM and "Traceback" not in run.stderr, run.stderr
    data = workbook.read_bytes()
    if data != original:  # the update went through before the fault: it must be complete
        assert len(post_ids(workbook)) == 5
    assert is_valid_workbook(workbook)
    assert is_valid_workbook(workbook.with_name("report.bak.xlsx"))
    if how != "kill":  # short of SIGKILL no temporary file is left
        assert listing(workbook.parent) == files


def crafted(path: Path, rows: int) -> None:
    """The user's sheet and the Instagram sheet given one cell in column XFD on each of `rows` rows."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    body = "".join(f'<row r="{r}"><c r="XFD{r}"><v>{r}</v></c></row>' for r in range(1, rows + 1))
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start, end = sheet.index("<sheetData"), sheet.index("</sheetData>") + len("</sheetData>")
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + f"<sheetData>{body}</sheetData>" + sheet[end:]).encode()
    ig = parts["xl/worksheets/sheet6.xml"].decode()
    for r in (1, 2):  # the header and the blank starter row, then rows below the table
        ig = re.sub(f'(<row r="{r}"[^>]*>.*?)(</row>)', lambda m, r=r: m.group(1) + f'<c r="XFD{r}"><v>{r}</v></c>'
                    + m.group(2), ig, count=1, flags=re.S)
    tail = "".join(f'<row r="{r}"><c r="XFD{r}"><v>{r}</v></c></row>' for r in range(3, rows + 1))
    parts["xl/worksheets/sheet6.xml"] = ig.replace("</sheetData>", tail + "</sheetData>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)


@pytest.mark.slow
def test_a_sheet_with_a_cell_in_column_xfd_on_every_row_keeps_memory_flat(workbook: Path, exports: Path):
    crafted(workbook, 50_000)
    assert workbook.stat().st_size < 1_500_000  # two sheets of 50,000 one-cell rows
    code = ("import sys\nfrom kpixl.cli import main\n"
            "sys.argv = ['kpixl', 'import', sys.argv[1], sys.argv[2]]\n"
            "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
            # VmHWM: this process's own peak (ru_maxrss keeps the forking pytest process's peak across exec)
            "print('peak', next(int(line.split()[1]) for line in open('/proc/self/status') "
            "if line.startswith('VmHWM')))")
    run = subprocess.run([sys.executable, "-c", code, str(workbook), str(exports / IG)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    peak_kb = int(run.stdout.split("peak")[-1])
    assert peak_kb < 250_000, f"peak memory {peak_kb / 1000:.0f} MB"
    assert len(post_ids(workbook)) == 5
    with zipfile.ZipFile(workbook) as archive:
        sheet = archive.read("xl/worksheets/sheet6.xml")
    assert sheet.count(b'r="XFD') == 50_000
