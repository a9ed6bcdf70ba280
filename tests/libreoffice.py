"""Recalculate a workbook in LibreOffice headless with forced recalculation on load (the documented recipe).

`recalculate(path, outdir)` returns the recalculated copy's path; `require_soffice()` skips the calling test with
a reason when soffice is missing, or fails when CI=true.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.tools import tool_missing

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
{locale}</oor:items>
"""
LOCALE = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">\
<value>{}</value></prop></item>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The soffice executable; skip (or fail when CI=true) without it."""
    found = soffice()
    if found is None:
        tool_missing("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    return found


def _profile(locale: str | None = None) -> Path:
    """A private LibreOffice profile forcing recalculation on load, in `locale` (e.g. "es-ES": the separators FIXED
    and number formats use) or the system's."""
    folder = Path(tempfile.mkdtemp(prefix="kpixl-lo-profile-"))
    (folder / "user").mkdir()
    setting = LOCALE.format(locale) if locale else ""
    (folder / "user" / "registrymodifications.xcu").write_text(PROFILE.format(locale=setting), encoding="utf-8")
    return folder


def _convert(paths: list[Path], outdir: Path, target: str, locale: str | None = None) -> list[Path]:
    """One soffice start converting every path, in a private profile forcing recalculation; outputs must exist."""
    exe = require_soffice()
    profile = _profile(locale)
    outdir.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                                 "--nolockcheck", "--convert-to", target, "--outdir", str(outdir), *map(str, paths)],
                                capture_output=True, text=True, timeout=900)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outs = [outdir / (p.stem + "." + target.split(":")[0]) for p in paths]
    missing = [str(p) for p in outs if not p.exists()]
    if missing:
        raise RuntimeError(f"soffice did not convert {missing}: {result.stdout}{result.stderr}")
    return outs


def convert(path: Path, outdir: Path, target: str = "xlsx:Calc MS Excel 2007 XML", locale: str | None = None) -> Path:
    """Run soffice --convert-to on one file (xlsx recalculated by default, or pdf for pictures), in `locale`."""
    return _convert([path], outdir, target, locale)[0]


def recalculate(path: Path, outdir: Path, locale: str | None = None) -> Path:
    """A recalculated .xlsx copy of `path` in `outdir` (read it with data_only=True or python-calamine), computed in
    `locale` when given (a Spanish reader: "es-ES")."""
    return _convert([path], outdir, "xlsx:Calc MS Excel 2007 XML", locale)[0]


def recalculate_many(paths: list[Path], outdir: Path, locale: str | None = None) -> list[Path]:
    """Recalculate several workbooks with one soffice start (faster than one call each)."""
    return _convert(paths, outdir, "xlsx:Calc MS Excel 2007 XML", locale)
