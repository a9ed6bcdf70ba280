"""Benchmark: `kpixl refresh` of a 6 × 10,000-row workbook vs openpyxl load + save and vs kpixl new's writer.

Plain script, not a test: `python benchmarks/bench_refresh.py [--rows N] [--skip-openpyxl] [--memory-rows N]`.
The workbook holds six networks of sample posts (as `kpixl new --sample` writes them); the exports folder holds an
Instagram export whose posts are all in the Instagram table with one like fewer, so the refresh updates every
Instagram row (the work a weekly refresh does), rewrites the package and keeps a backup. Printed, in one process:
- openpyxl load + save of the same workbook (what refresh cost before the package adapter; the issue's aim is
  refresh ≤ 0.1× of it);
- a streaming rewrite of the same rows with `kpixl new`'s writer (the fastest way to write those rows at all);
- `kpixl refresh` that updates 10,000 rows, and one that finds nothing to change (it writes nothing).
With `--memory-rows N` a child process refreshes a 6 × N workbook and reports its peak memory (aim < 200 MB at
100,000).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_normalize import make_file  # the same generated Instagram export as the normalize benchmark

NETWORKS = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube")


def workbook(folder: Path, rows: int) -> tuple[Path, Path, object, dict]:
    """(workbook, exports folder, spec, rows): six networks of `rows` posts, Instagram one like behind its export."""
    from kpixl.sources import normalize
    from kpixl.sources.samples import sample_rows
    from kpixl.workbook import build, prepare

    exports = folder / "exports"
    exports.mkdir(exist_ok=True)
    make_file(exports / "instagram_posts.csv", rows)
    end = dt.date(2025, 12, 31)
    data = sample_rows("social", NETWORKS, end, rows)
    posts = normalize([exports / "instagram_posts.csv"]).posts
    for post in posts:
        post["likes"] = (post.get("likes") or 1) - 1
    data["instagram"] = posts
    spec = prepare(template="social", client="Bench", networks=NETWORKS, period=(dt.date(2025, 1, 1), end))
    return build(folder / "report.xlsx", spec, data), exports, spec, data


CPU: dict[str, float] = {}
"""CPU seconds of each timed step (steadier than wall time on a busy machine)."""


def timed(func, name: str = "") -> float:
    """Wall seconds of one call; its CPU seconds go to CPU[name]."""
    start, cpu = time.perf_counter(), time.process_time()
    func()
    CPU[name] = time.process_time() - cpu
    return time.perf_counter() - start


def refresh(path: Path, exports: Path) -> object:
    from kpixl.refresh.core import refresh as run
    from kpixl.refresh.saving import update_file

    summary, _saved = update_file(path, lambda book: run(book, exports))
    return summary


def peak_memory(rows: int) -> None:
    """Refresh a 6 × rows workbook in a child process and print its peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        path, exports, _spec, _data = workbook(Path(folder), rows)
        size = path.stat().st_size / 1e6
        code = ("import resource, sys; sys.path.insert(0, sys.argv[3])\nfrom bench_refresh import refresh\n"
                "from pathlib import Path\nrefresh(Path(sys.argv[1]), Path(sys.argv[2]))\n"
                "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-c", code, str(path), str(exports), str(Path(__file__).parent)],
                             capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        peak = int(run.stdout.split()[-1]) / 1000
        print(f"peak memory, refresh of 6 x {rows:,} rows ({size:.0f} MB workbook): {peak:.0f} MB "
              f"in {seconds:.1f} s (aim < 200 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="posts per network (default 10,000)")
    parser.add_argument("--skip-openpyxl", action="store_true", help="skip the (slow) openpyxl load + save baseline")
    parser.add_argument("--memory-rows", type=int, default=0,
                        help="also measure peak memory refreshing 6 x N rows in a child process (e.g. 100000)")
    args = parser.parse_args()
    import openpyxl

    from kpixl.workbook.builder import write_workbook

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        path, exports, spec, data = workbook(base, args.rows)
        pristine = base / "pristine.xlsx"
        shutil.copy(path, pristine)
        print(f"workbook: {len(NETWORKS)} networks x {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")

        t_new = timed(lambda: write_workbook(spec, base / "rewritten.xlsx", data), "new")
        print(f"kpixl new's writer, same rows: {t_new:.2f} s ({CPU['new']:.2f} s CPU)")
        summary = None

        def updating() -> None:
            nonlocal summary
            summary = refresh(path, exports)

        t_refresh = timed(updating, "refresh")
        assert summary.added == 0 and summary.updated > args.rows * 0.9, summary.lines()  # type: ignore[attr-defined]
        t_nothing = timed(lambda: refresh(path, exports), "nothing")
        print(f"kpixl refresh, {args.rows:,} rows updated: {t_refresh:.2f} s ({CPU['refresh']:.2f} s CPU; "
              f"{t_refresh / t_new:.2f}x kpixl new's writer, CPU {CPU['refresh'] / CPU['new']:.2f}x)")
        print(f"kpixl refresh, nothing to change: {t_nothing:.2f} s ({CPU['nothing']:.2f} s CPU, nothing written)")
        if not args.skip_openpyxl:
            plain = base / "plain.xlsx"
            shutil.copy(pristine, plain)
            t_plain = timed(lambda: openpyxl.load_workbook(plain).save(plain), "openpyxl")
            print(f"openpyxl load + save: {t_plain:.2f} s ({CPU['openpyxl']:.2f} s CPU)")
            print(f"ratio refresh/openpyxl load+save: {t_refresh / t_plain:.3f}x wall, "
                  f"{CPU['refresh'] / CPU['openpyxl']:.3f}x CPU (aim <= 0.1x)")
        print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000:.0f} MB")
    if args.memory_rows:
        peak_memory(args.memory_rows)


if __name__ == "__main__":
    main()
