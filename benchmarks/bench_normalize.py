"""Benchmark: `kpixl.sources.normalize` vs `pandas.read_csv` on a 100,000-row Instagram posts export.

Plain script, not a test: `python benchmarks/bench_normalize.py [rows]`. Prints both timings and their ratio.
pandas only reads (no date or number conversion), kpixl parses every cell into canonical values.
"""

from __future__ import annotations

import codecs
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


def best_of(func, repeat: int = 3) -> float:
    """The fastest of a few runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Generate the file, time both readers in this process, print the ratio."""
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kpixl.sources import normalize

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "instagram_posts.csv"
        make_file(path, rows)
        merged = normalize([path])
        assert len(merged.posts) == rows, len(merged.posts)
        kpixl_time = best_of(lambda: normalize([path]))
        try:
            import pandas
        except ImportError:
            print(f"kpixl normalize: {kpixl_time:.3f} s for {rows} rows (pandas not installed, no ratio)")
            return
        pandas_time = best_of(lambda: pandas.read_csv(path, encoding="utf-8-sig"))
        print(f"rows: {rows}, file: {path.stat().st_size / 1e6:.1f} MB")
        print(f"kpixl normalize : {kpixl_time:.3f} s (parses numbers, dates, detects, merges)")
        print(f"pandas.read_csv : {pandas_time:.3f} s (C parser, no date parsing)")
        print(f"ratio kpixl/pandas: {kpixl_time / pandas_time:.2f}x")


if __name__ == "__main__":
    main()
