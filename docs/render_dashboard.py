"""Render the Dashboard of a sample workbook to docs/dashboard.png (LibreOffice → PDF → PNG via pdftoppm).

    python docs/render_dashboard.py [--lang es] [--out docs/dashboard.png] [--sheets 3]

With --sheets N, the N sheets from the Dashboard on (Dashboard, Top posts, Trends…) are written beside --out as
NAME-2.png, NAME-3.png … (the first keeps --out's name).

Needs soffice (LibreOffice Calc) and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kpixl.sources.samples import sample_audience, sample_rows  # noqa: E402
from kpixl.workbook import build, prepare  # noqa: E402
from tests.libreoffice import convert  # noqa: E402

LOCALES = {"en": "en-US", "es": "es-ES"}
PDF = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'


def render(out: Path, lang: str = "en", template: str = "social", sheets: int = 1) -> Path:
    """Build a sample workbook, recalculate it, print every sheet on one page each and keep the Dashboard's (and
    the `sheets - 1` sheets after it)."""
    period = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    with tempfile.TemporaryDirectory(prefix="kpixl-render-") as tmp:
        folder = Path(tmp)
        spec = prepare(template=template, client="Acme Outdoor", period=period, lang=lang)
        networks = spec.layout.networks
        book = build(folder / "dashboard.xlsx", spec, sample_rows(template, networks, period[1], 120),
                     audience=sample_audience(networks, period[1]))
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
    args = parser.parse_args()
    print(render(Path(args.out), args.lang, args.template, args.sheets))
