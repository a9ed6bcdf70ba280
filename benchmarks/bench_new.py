"""Time and peak memory of `kpixl new` against a plain pandas `to_excel(engine="xlsxwriter")` of the same raw columns.

    python benchmarks/bench_new.py [--sizes 10000,100000] [--plain]

`--plain` also times `kpixl new` with every cell written through openpyxl (the path before the fast row writer).

Each measurement runs in a fresh process; memory is the peak resident size above the size once the rows exist
(`resource.getrusage`), so it measures the writer, not the sample data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import resource
import tempfile
import time
from pathlib import Path

END = dt.date(2025, 6, 30)
NETWORKS = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(kind: str, size: int, queue: mp.Queue) -> None:
    from kpixl.sources.samples import sample_rows
    from kpixl.workbook import build, prepare

    spec = prepare(client="Bench", networks=NETWORKS, period=(dt.date(2025, 4, 1), END))
    rows = sample_rows("social", NETWORKS, END, size)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{kind}.xlsx"
        if kind.startswith("kpixl"):
            before = _rss_mb()
            start = time.perf_counter()
            build(path, spec, rows, fast=kind == "kpixl")
        else:
            import pandas as pd

            frames = {net: pd.DataFrame([{f: r.get(f) for f, _ in spec.layout.input_columns(net)} for r in rows[net]])
                      for net in NETWORKS}
            before = _rss_mb()
            start = time.perf_counter()
            with pd.ExcelWriter(path, engine="xlsxwriter",
                                engine_kwargs={"options": {"strings_to_urls": False}}) as writer:
                for net, frame in frames.items():
                    frame.to_excel(writer, sheet_name=net, index=False)
        seconds = time.perf_counter() - start
        queue.put({"seconds": seconds, "peak_mb": max(0.0, _rss_mb() - before), "bytes": path.stat().st_size})


def measure(kind: str, size: int) -> dict[str, float]:
    queue: mp.Queue = mp.Queue()
    process = mp.get_context("fork").Process(target=_measure, args=(kind, size, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="posts per network, comma-separated")
    parser.add_argument("--plain", action="store_true", help="also time kpixl's plain openpyxl path")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        ours, plain = measure("kpixl", size), measure("pandas", size)
        result = {"posts_per_network": size, "networks": len(NETWORKS), "kpixl": ours, "pandas": plain,
                  "time_ratio": round(ours["seconds"] / plain["seconds"], 2),
                  "memory_ratio": round(ours["peak_mb"] / max(plain["peak_mb"], 1e-9), 3)}
        if args.plain:
            slow = measure("kpixl_plain", size)
            result |= {"kpixl_plain": slow, "plain_time_ratio": round(slow["seconds"] / plain["seconds"], 2)}
        print(json.dumps(result))


if __name__ == "__main__":
    main()
