"""LibreOffice open-and-recalculate time and peak memory of a `kpixl new` sample workbook, with its formula bytes per
row and file size, against the same posts written as plain values (no formulas) — the baseline ratio.

    python benchmarks/bench_open.py [--sizes 10000,50000] [--refs a1,structured] [--unshared] [--workbook X.xlsx]

Each workbook is opened by a fresh headless soffice with recalculation forced on load (the profile the tests use)
and converted to CSV (a tiny save: the time is the open and the recalculation). Peak memory is the largest resident
size among soffice's processes (`RUSAGE_CHILDREN`). `--refs` compares how data cells refer to their row (the
table's calculated-column formulas are structured either way); `--unshared` writes every cell's formula text
instead of one per group of rows; `--workbook` measures an existing file (say one written by an older kpixl).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.libreoffice import PROFILE  # the recalculating profile the tests use

END = dt.date(2025, 6, 30)
NETWORKS = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube")


def _build(path: Path, size: int, refs: str, shared: bool, block: int | None = None) -> None:
    """Write the 6-network sample workbook (in this process: a child of the caller)."""
    from kpixl.sources.samples import sample_rows
    from kpixl.workbook import build, prepare
    from kpixl.workbook.sheets import network as network_sheet
    from kpixl.xlsx.row_writer import RowWriter

    network_sheet.CELL_REFERENCES = refs
    RowWriter.SHARED = shared
    if block:
        RowWriter.CHUNK = block
    spec = prepare(client="Bench", networks=NETWORKS, period=(dt.date(2025, 4, 1), END))
    build(path, spec, sample_rows("social", NETWORKS, END, size), force=True)


def _build_plain(path: Path, size: int) -> None:
    """The baseline: the same input columns as plain values, one sheet per network (pandas + xlsxwriter)."""
    import pandas as pd

    from kpixl.sources.samples import sample_rows
    from kpixl.workbook import prepare

    spec = prepare(client="Bench", networks=NETWORKS, period=(dt.date(2025, 4, 1), END))
    rows = sample_rows("social", NETWORKS, END, size)
    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": {"strings_to_urls": False}}) as writer:
        for net in NETWORKS:
            frame = pd.DataFrame([{f: r.get(f) for f, _ in spec.layout.input_columns(net)} for r in rows[net]])
            frame.to_excel(writer, sheet_name=net, index=False)


def _in_child(target, *args) -> None:
    process = mp.get_context("fork").Process(target=target, args=args)
    process.start()
    process.join()
    if process.exitcode:
        raise SystemExit(f"building {args[0]} failed")


def formula_bytes(path: Path) -> dict[str, float]:
    """File size, and formula text bytes per data row across the network sheets (after XML unescaping)."""
    text_bytes = rows = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name):
                continue
            data = z.read(name)
            if b"<tableParts" not in data:
                continue
            text_bytes += sum(len(f) for f in re.findall(rb"<f[^>]*>([^<]*)</f>", data))
            rows += max(0, data.count(b"<row ") - 1)
    return {"file_mb": round(path.stat().st_size / 1e6, 2),
            "formula_bytes_per_row": round(text_bytes / max(rows, 1), 1)}


def open_in_libreoffice(path: Path, timeout: float) -> dict[str, object]:
    """Seconds and peak MB for a headless soffice to open (recalculating) and convert `path`; opened=False on
    timeout or failure."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
        start = time.perf_counter()
        try:
            result = subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                                     "--nolockcheck", "--convert-to", "csv", "--outdir", tmp, str(path)],
                                    capture_output=True, text=True, timeout=timeout)
            opened = result.returncode == 0 and (Path(tmp) / (path.stem + ".csv")).exists()
        except subprocess.TimeoutExpired:
            opened = False
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"opened": opened, "seconds": round(seconds, 2), "peak_mb": round(peak)}


def _measure(path: Path, timeout: float, queue: mp.Queue) -> None:
    queue.put(open_in_libreoffice(path, timeout))


def measure(path: Path, timeout: float) -> dict[str, object]:
    """`open_in_libreoffice` in a fresh process, so peak memory is this workbook's alone."""
    queue: mp.Queue = mp.Queue()
    process = mp.get_context("fork").Process(target=_measure, args=(path, timeout, queue))
    process.start()
    result = queue.get()
    process.join()
    return {**formula_bytes(path), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="posts per network, comma-separated (default 10000)")
    parser.add_argument("--refs", default="structured", help="data-cell references to compare: structured (what "
                                                             "kpixl writes), a1, or both comma-separated")
    parser.add_argument("--unshared", action="store_true", help="write each cell's formula text (no shared formulas)")
    parser.add_argument("--block", type=int, help="rows per shared-formula block (default: the row writer's)")
    parser.add_argument("--workbook", type=Path, help="measure this existing workbook instead of building one")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before an open counts as failed")
    args = parser.parse_args()
    if args.workbook:
        print(json.dumps({"workbook": str(args.workbook), **measure(args.workbook, args.timeout)}))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "plain.xlsx"
            _in_child(_build_plain, plain, size)
            base = measure(plain, args.timeout)
            for refs in args.refs.split(","):
                path = Path(tmp) / f"kpixl-{refs}.xlsx"
                _in_child(_build, path, size, refs, not args.unshared, args.block)
                ours = measure(path, args.timeout)
                print(json.dumps({"posts_per_network": size, "networks": len(NETWORKS), "refs": refs,
                                  "shared": not args.unshared, "block": args.block, "kpixl": ours, "plain_values": base,
                                  "time_ratio": round(ours["seconds"] / base["seconds"], 2),
                                  "memory_ratio": round(ours["peak_mb"] / max(base["peak_mb"], 1), 2)}))


if __name__ == "__main__":
    main()
