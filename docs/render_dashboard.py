"""Render the Dashboard of a real-shaped workbook to docs/dashboard.png (LibreOffice → PDF → PNG via pdftoppm).

    python docs/render_dashboard.py [--lang es] [--out docs/dashboard.png] [--sheets 3] [--period START:END]

The workbook is what an analyst gets: `kpixl new` for November 2026, then `kpixl import` of the native exports in
samples/sparse/ (a brand whose Facebook is silent that month, TikTok dates without a year, LinkedIn and X without
publish times) — sparse as real accounts are, not the evenly filled `--sample` data.

With --sheets N, the N sheets from the Dashboard on (Dashboard, Top posts, Trends…) are written beside --out as
NAME-2.png, NAME-3.png … (the first keeps --out's name).

Needs soffice (LibreOffice Calc) and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpixl.cli import main as kpixl  # noqa: E402
from tests.libreoffice import convert  # noqa: E402

EXPORTS = ROOT / "samples" / "sparse"

LOCALES = {"en": "en-US", "es": "es-ES"}
PDF = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'


def run(*args: str) -> None:
    """One kpixl command, as a user types it; stops the script on its error."""
    kpixl.main(list(args), standalone_mode=False)


def render(out: Path, lang: str = "en", template: str = "social", sheets: int = 1,
           period: str = "2026-11-01:2026-11-30") -> Path:
    """Build a workbook from samples/sparse, recalculate it, print every sheet on one page each and keep the
    Dashboard's (and the `sheets - 1` sheets after it)."""
    with tempfile.TemporaryDirectory(prefix="kpixl-render-") as tmp:
        folder = Path(tmp)
        book = folder / "dashboard.xlsx"
        run("new", str(book), "--client", "Acme Outdoor", "--template", template, "--lang", lang, "--period", period)
        run("import", str(book), *sorted(str(p) for p in EXPORTS.iterdir() if p.suffix in {".csv", ".xlsx"}),
            "--year", "2026")
        locale = LOCALES.get(lang)  # what a reader of the workbook's language sees (1.234,56 in Spanish)
        recalculated = convert(book, folder / "recalc", locale=locale)
        pdf = convert(recalculated, folder / "pdf", PDF, locale)
        out.parent.mkdir(parents=True, exist_ok=True)
        for offset in range(sheets):
            page = 2 + offset  # Start here, then Dashboard, Top posts, Trends
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                            str(pdf), str(folder / "page")], check=True)
            target = out if offset == 0 else out.with_name(f"{out.stem}-{offset + 1}{out.suffix}")
            shutil.copy(folder / "page.png", target)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--template", default="social")
    parser.add_argument("--out", default=str(ROOT / "docs" / "dashboard.png"))
    parser.add_argument("--sheets", type=int, default=1, help="how many sheets from the Dashboard on")
    parser.add_argument("--period", default="2026-11-01:2026-11-30", help="report period START:END")
    args = parser.parse_args()
    print(render(Path(args.out), args.lang, args.template, args.sheets, args.period))
