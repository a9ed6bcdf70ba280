"""Benchmark: reading an .xlsx export (Meta Ads, 100,000 rows) with python-calamine vs openpyxl's read-only mode.

Times `kpixl.sources.read_exports` on the calamine path and on the pure-Python openpyxl path (the one Pyodide
uses), and both against the plain baseline of the run: python-calamine's own `to_python()` of the sheet (reading
only, no detection or conversion). Runs are interleaved, the best of --repeat is kept.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HEADERS = ["Campaign name", "Ad set name", "Ad name", "Ad ID", "Reporting starts", "Reporting ends",
           "Amount spent (USD)", "Reach", "Impressions", "Post engagements", "Link clicks", "Results"]


def make_file(path: Path, rows: int) -> None:
    """A Meta Ads export with xlsxwriter: ids as text, numbers as numbers, some rows ending in empty cells."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Raw Data Report")
    sheet.write_row(0, 0, HEADERS)
    for i in range(rows):
        row = [f"Campaign {i % 40}", f"Set {i % 300}", f"Ad {i}", str(6_500_000_000_000 + i), "2025-03-01",
               "2025-03-31", round(10 + i % 997 * 1.37, 2), 1000 + i % 5000, 3000 + i % 9000, i % 700, i % 90]
        sheet.write_row(i + 1, 0, row if i % 7 else row[:7])  # every 7th row ends early, as Ads Manager writes
    book.close()


def timed(func: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def read_with(path: Path, calamine: bool) -> int:
    """Rows read by kpixl with python-calamine, or with it hidden (openpyxl read-only, the Pyodide path)."""
    from kpixl.sources import read_exports

    saved = sys.modules.get("python_calamine")
    if not calamine:
        sys.modules["python_calamine"] = None  # type: ignore[assignment]
    try:
        return sum(len(r.rows) for r in read_exports(path))
    finally:
        if saved is not None:
            sys.modules["python_calamine"] = saved
        else:
            sys.modules.pop("python_calamine", None)


def main() -> None:
    """Make the file, time the three readers interleaved, print seconds and ratios to the calamine baseline."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="data rows in the export (default 100000)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs; the best is kept (default 3)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from python_calamine import CalamineWorkbook

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "meta_ads.xlsx"
        make_file(path, args.rows)
        assert read_with(path, True) == read_with(path, False) == args.rows

        def baseline() -> None:
            book = CalamineWorkbook.from_path(str(path))
            book.get_sheet_by_name(book.sheet_names[0]).to_python()

        runs = {
            "calamine to_python": baseline,
            "kpixl (calamine)": lambda: read_with(path, True),
            "kpixl (openpyxl)": lambda: read_with(path, False),
        }
        best = dict.fromkeys(runs, float("inf"))
        for _ in range(args.repeat):
            for name, func in runs.items():
                best[name] = min(best[name], timed(func))
        base = best["calamine to_python"]
        print(f"rows: {args.rows}, file: {path.stat().st_size / 1e6:.1f} MB, best of {args.repeat} interleaved runs")
        for name, seconds in best.items():
            print(f"{name:20}: {seconds:.3f} s ({seconds / base:.2f}x calamine to_python)")
        ratio = best["kpixl (openpyxl)"] / best["kpixl (calamine)"]
        print(f"openpyxl path / calamine path: {ratio:.1f}x")


if __name__ == "__main__":
    main()
