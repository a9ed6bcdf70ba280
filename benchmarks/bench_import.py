"""Benchmark: `kpixl import` of a 100,000-row Instagram export into a workbook vs `pandas.read_csv` of the file.

Plain script, not a test: `python benchmarks/bench_import.py [rows]`. Times, in one process: reading the export
(kpixl importers), merging it into a fresh kpixl workbook's table (openpyxl adapter), saving the workbook, and
pandas.read_csv of the same file; prints the figures and the ratios.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_normalize import make_file  # the same generated export as the normalize benchmark


def best_of(func, repeat: int = 3) -> float:
    """The fastest of a few runs, in seconds."""
    return min(timed(func)[0] for _ in range(repeat))


def timed(func):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    from kpixl.refresh.core import import_results
    from kpixl.refresh.openpyxl_book import OpenpyxlBook
    from kpixl.sources import read_exports
    from kpixl.workbook import build, prepare

    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "instagram_posts.csv"
        make_file(export, rows)
        book_path = build(Path(folder) / "report.xlsx", prepare(template="social", client="Bench",
                                                                  networks=["instagram"]))
        t_read, results = timed(lambda: read_exports(export))
        book = OpenpyxlBook.open(book_path)
        t_merge, summary = timed(lambda: import_results(book, results))
        assert summary.added == rows, summary.lines()
        t_save, _ = timed(lambda: book.wb.save(book_path))
        total = t_read + t_merge + t_save
        try:
            import pandas
        except ImportError:
            print(f"kpixl import: {total:.2f} s for {rows} rows (pandas not installed, no ratio)")
            return
        t_pandas = best_of(lambda: pandas.read_csv(export, encoding="utf-8-sig"))
        print(f"rows: {rows}, export: {export.stat().st_size / 1e6:.1f} MB, workbook: "
              f"{book_path.stat().st_size / 1e6:.1f} MB")
        print(f"kpixl read export        : {t_read:.2f} s")
        print(f"kpixl merge into table   : {t_merge:.2f} s")
        print(f"openpyxl save workbook   : {t_save:.2f} s")
        print(f"kpixl import, total      : {total:.2f} s")
        print(f"pandas.read_csv          : {t_pandas:.2f} s")
        print(f"ratio read/pandas        : {t_read / t_pandas:.2f}x")
        print(f"ratio import total/pandas: {total / t_pandas:.2f}x")


if __name__ == "__main__":
    main()
