"""Benchmark: `kpixl.sources.normalize` (pure-Python and pandas fast path) vs `pandas.read_csv`, 100,000 rows.

Plain script, not a test: `python benchmarks/bench_normalize.py [--rows N] [--repeat N]`. Prints each timing and its
ratio to `pandas.read_csv` of the same file in the same run. pandas only reads (no date or number conversion); kpixl
parses every cell into canonical values, detects the export, builds row dicts and merges. Runs are interleaved and
the best of `repeat` is kept; CPU-time ratios are printed too, as they vary less on a busy machine.
"""

from __future__ import annotations

import argparse
import codecs
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (sec)","Publish time",'
    'Permalink,"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves'
)


def make_file(path: Path, rows: int) -> None:
    """Write an Instagram posts export with BOM, quoted multi-line captions, blanks and thousands separators."""
    rng = random.Random(7)
    types = ["IG image", "IG carousel", "IG reel"]
    lines = [HEADER]
    for i in range(rows):
        views = rng.randrange(100, 200_000)
        caption = f"Post {i} caption, with a comma" if i % 3 else f"Post {i}\nsecond line"
        views_text = "" if i % 97 == 0 else (f'"{views:,}"' if i % 5 == 0 else str(views))
        lines.append(
            f'"{18_000_000_000_000_000 + i}","17841400000000000","kpixl.demo","Kpixl Demo","{caption}",'
            f'{rng.randrange(0, 90)},"{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}/2025 '
            f'{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}","https://www.instagram.com/p/X{i}/",'
            f'"{types[i % 3]}",,Lifetime,{views_text},{views // 2},{rng.randrange(0, 5000)},{rng.randrange(0, 300)},'
            f"{rng.randrange(0, 50)},{rng.randrange(0, 400)},{rng.randrange(0, 900)}"
        )
    path.write_bytes(codecs.BOM_UTF8 + ("\r\n".join(lines) + "\r\n").encode("utf-8"))


def timed(func) -> tuple[float, float]:
    """One run of func: wall-clock and CPU seconds (CPU time is steadier on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def normalize_with(path: Path, pure: bool) -> object:
    """kpixl normalize of one file with the pure-Python path forced on or off."""
    from kpixl.sources import fast, normalize

    os.environ[fast.ENV] = "1" if pure else "0"
    try:
        merged = normalize([path])
    finally:
        del os.environ[fast.ENV]
    return merged


def main() -> None:
    """Generate the file, time pandas and both kpixl paths in this process (interleaved), print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the generated export (default 100,000)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved runs, the best is kept (default 5)")
    args = parser.parse_args()
    rows, repeat = args.rows, args.repeat
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "instagram_posts.csv"
        make_file(path, rows)
        pure = normalize_with(path, pure=True)
        assert len(pure.posts) == rows, len(pure.posts)
        try:
            import pandas
        except ImportError:
            seconds = min(timed(lambda: normalize_with(path, True))[0] for _ in range(3))
            print(f"kpixl pure Python: {seconds:.3f} s for {rows} rows (pandas not installed: no fast path, no ratio)")
            return
        fast = normalize_with(path, pure=False)
        assert repr(fast.posts) == repr(pure.posts), "fast path differs from the pure path"
        del pure, fast  # kept results would make every garbage collection of the timed runs slower
        runs = {
            "pandas.read_csv": lambda: pandas.read_csv(path, encoding="utf-8-sig"),
            "kpixl pure Python": lambda: normalize_with(path, pure=True),
            "kpixl fast path": lambda: normalize_with(path, pure=False),
        }
        best = {name: [float("inf"), float("inf")] for name in runs}
        for _ in range(repeat):
            for name, func in runs.items():
                wall, cpu = timed(func)
                best[name] = [min(best[name][0], wall), min(best[name][1], cpu)]
        base_wall, base_cpu = best["pandas.read_csv"]
        print(f"rows: {rows}, file: {path.stat().st_size / 1e6:.1f} MB, best of {repeat} interleaved runs")
        for name, (wall, cpu) in best.items():
            print(
                f"{name:18}: {wall:.3f} s wall ({wall / base_wall:.2f}x pandas.read_csv), "
                f"{cpu:.3f} s CPU ({cpu / base_cpu:.2f}x)"
            )


if __name__ == "__main__":
    main()
