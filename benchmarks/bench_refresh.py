"""Benchmark: `kpixl refresh` of a 6 × 10,000-row workbook vs a plain openpyxl load + save of the same file.

Plain script, not a test: `python benchmarks/bench_refresh.py [rows_per_network]`. The workbook holds six
networks of sample posts (as `kpixl new --sample` writes them); the exports folder holds a 10,000-row Instagram
export whose posts are already in the Instagram table, so the refresh re-imports them (all unchanged), rewrites
the calculated columns of all 60,000 rows and saves with a backup — the work a real refresh does.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_normalize import make_file  # the same generated Instagram export as the normalize benchmark

NETWORKS = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    import openpyxl

    from kpixl.commands.new import sample_rows
    from kpixl.refresh.core import refresh
    from kpixl.refresh.saving import update_file
    from kpixl.sources import normalize
    from kpixl.workbook import build, prepare

    with tempfile.TemporaryDirectory() as folder:
        exports = Path(folder) / "exports"
        exports.mkdir()
        make_file(exports / "instagram_posts.csv", rows)
        end = dt.date(2025, 12, 31)
        data = sample_rows("social", NETWORKS, end, rows)
        data["instagram"] = normalize([exports / "instagram_posts.csv"]).posts
        spec = prepare(template="social", client="Bench", networks=NETWORKS,
                       period=(dt.date(2025, 1, 1), end))
        path = build(Path(folder) / "report.xlsx", spec, data)
        plain = Path(folder) / "plain.xlsx"
        shutil.copy(path, plain)

        start = time.perf_counter()
        openpyxl.load_workbook(plain).save(plain)
        t_plain = time.perf_counter() - start

        start = time.perf_counter()
        summary, _saved = update_file(path, lambda book: refresh(book, exports))
        t_refresh = time.perf_counter() - start
        assert summary.unchanged == rows and summary.added == 0, summary.lines()
        print(f"workbook: {len(NETWORKS)} networks x {rows} rows, {path.stat().st_size / 1e6:.1f} MB")
        print(f"openpyxl load + save     : {t_plain:.2f} s")
        print(f"kpixl refresh (total)    : {t_refresh:.2f} s ({summary.status()})")
        print(f"ratio refresh/load+save  : {t_refresh / t_plain:.2f}x")


if __name__ == "__main__":
    main()
