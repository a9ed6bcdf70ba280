"""Render the Dashboard of a sample workbook to docs/dashboard.png (LibreOffice → PDF → PNG via pdftoppm).

    python docs/render_dashboard.py [--lang es] [--out docs/dashboard.png]

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
sys.path.insert(0, str(ROOT / "tests"))

from libreoffice import convert  # noqa: E402

from kpixl.commands.new import sample_rows  # noqa: E402
from kpixl.workbook import build, prepare  # noqa: E402

PDF = 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}'


def render(out: Path, lang: str = "en", template: str = "social") -> Path:
    """Build a sample workbook, recalculate it, print every sheet on one page each and keep the Dashboard's."""
    period = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    with tempfile.TemporaryDirectory(prefix="kpixl-render-") as tmp:
        folder = Path(tmp)
        spec = prepare(template=template, client="Acme Outdoor", period=period, lang=lang)
        book = build(folder / "dashboard.xlsx", spec, sample_rows(template, spec.layout.networks, period[1], 120))
        recalculated = convert(book, folder / "recalc")
        pdf = convert(recalculated, folder / "pdf", PDF)
        page = 2  # Start here, then Dashboard
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(folder / "page")], check=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "page.png", out)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--template", default="social")
    parser.add_argument("--out", default=str(ROOT / "docs" / "dashboard.png"))
    args = parser.parse_args()
    print(render(Path(args.out), args.lang, args.template))
