"""One array call over 100,000 rows against 100,000 single-cell calls (Python side, no Excel).

Run: python benchmarks/bench_udfs.py [--rows N]
"""

from __future__ import annotations

import argparse
import time

from kpixl_udfs.lite import engagement_rate


def main(rows: int = 100_000) -> None:
    """Time ENGAGEMENT_RATE as one range call and as one call per cell; print both and the ratio."""
    engagements = [[(j * 7) % 500 if j % 50 else None] for j in range(rows)]
    reach = [[(j * 13) % 9000 + (0 if j % 97 == 0 else 100)] for j in range(rows)]
    start = time.perf_counter()
    column = engagement_rate(engagements, reach)
    array_s = time.perf_counter() - start
    start = time.perf_counter()
    cells = [engagement_rate(e[0], r[0]) for e, r in zip(engagements, reach, strict=True)]
    single_s = time.perf_counter() - start
    assert [row[0] for row in column] == cells
    print(f"rows: {rows:,}")
    print(f"one array call:    {array_s:8.3f} s")
    print(f"{rows:,} cell calls: {single_s:8.3f} s")
    print(f"ratio (cells / array): {single_s / array_s:.1f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows per call (default 100,000)")
    main(parser.parse_args().rows)
