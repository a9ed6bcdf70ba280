"""Benchmark: `kpixl import` of 100,000 new Instagram posts into a workbook vs `kpixl normalize` of the same file.

Plain script, not a test: `python benchmarks/bench_import.py [--rows N] [--repeat N]`. Both commands run in this
process through the CLI (reading the export, then writing: the workbook edited in place with its lock, backup and
fsync, or the canonical CSV); runs are interleaved, the best of `repeat` is kept, and the ratio import/normalize
is printed (the issue's aim: at most 2x). Each import starts from a fresh copy of an empty kpixl workbook.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_normalize import make_file  # the same generated export as the normalize benchmark


def run_cli(*args: str) -> float:
    """CPU seconds one kpixl command takes in this process (it must succeed; CPU time is steadier than wall time
    on a busy machine, and both commands are single-threaded)."""
    from kpixl.cli import main

    start = time.process_time()
    try:
        main(list(args), standalone_mode=False)
    except SystemExit as exit_:
        if exit_.code:
            raise
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="posts in the export (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs, the best is kept (default 3)")
    args = parser.parse_args()
    from kpixl.workbook import build, prepare

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        export = base / "instagram_posts.csv"
        make_file(export, args.rows)
        empty = build(base / "empty.xlsx", prepare(template="social", client="Bench", networks=["instagram"]))
        book = base / "report.xlsx"
        best = {"import": float("inf"), "normalize": float("inf")}
        for _ in range(args.repeat):
            shutil.copy(empty, book)
            best["import"] = min(best["import"], run_cli("import", str(book), str(export)))
            best["normalize"] = min(best["normalize"], run_cli("normalize", str(export), "-o", str(base / "out.csv")))
        print(f"rows: {args.rows:,}, export: {export.stat().st_size / 1e6:.1f} MB, workbook after import: "
              f"{book.stat().st_size / 1e6:.1f} MB, best of {args.repeat}")
        print(f"kpixl import (in place)  : {best['import']:.2f} s CPU")
        print(f"kpixl normalize (to CSV) : {best['normalize']:.2f} s CPU")
        print(f"ratio import/normalize   : {best['import'] / best['normalize']:.2f}x (aim <= 2x)")


if __name__ == "__main__":
    main()
