"""The xlwings Lite code a workbook carries: main.py (with kpixl itself inside) and requirements.txt.

kpixl is not on PyPI yet, so `kpixl` in Lite's requirements.txt cannot install. Instead main.py carries kpixl's
pure-Python wheel as base64 and installs it offline when Lite starts: the readable part (what this is, the
installer) comes first, the wheel block next, and the last lines register every `=KPIXL.*` function and the
workbook's one ⟳ Refresh button. requirements.txt keeps xlwings Lite's own required lines and adds openpyxl. The wheel
is rebuilt from kpixl's declared files only (deterministic: the same kpixl gives the same bytes): an installed kpixl's
RECORD, else (a clone, an editable install) the files git tracks, so nothing untracked in a working folder (a local
settings file with a secret, scratch notes) ever travels inside a client's workbook. No I/O beyond finding and
reading those files.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import subprocess
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from importlib import import_module, metadata
from pathlib import Path

from kpixl import __version__
from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.workbook.layout import REFRESH_CELL, Layout
from kpixl.workbook.webextension import LiteCode

XLWINGS_VERSION = "0.37.8"
"""The xlwings release whose Lite dispatcher the tests run main.py through."""
REQUIREMENTS = (f"xlwings=={XLWINGS_VERSION}  # required", "pyodide-http  # required",
                "openpyxl>=3.1  # kpixl (the Refresh button reads the workbook's layout with it)",
                "tzdata  # kpixl (TikTok's UTC times in the time zone of Settings)")
"""xlwings Lite's own required lines, then what kpixl needs in Pyodide besides itself (no numpy, no pandas)."""
PACKAGES = ("kpixl", "kpixl_udfs", "kpixl_templates")
"""The import packages of the `kpixl` distribution (see setup.py)."""
DATA_SUFFIXES = (".py", ".toml", ".txt")
WHEEL_TAG = "py3-none-any"
LINE = 100  # base64 characters per line of the wheel block
_EPOCH = (1980, 1, 1, 0, 0, 0)


SUBPACKAGES = {"kpixl": True, "kpixl_udfs": False, "kpixl_templates": False}
"""Whether a package's sub-packages ship too (setup.py: find_packages for kpixl; the others' top folder only)."""


def _package_root(package: str) -> Path:
    return Path(import_module(package).__file__ or "").resolve().parent


def _installed(package: str, root: Path) -> list[str] | None:
    """The package's files (relative to its folder) as the installed distribution's RECORD lists them; None when
    the running package is not the installed one, or it is an editable install (whose RECORD lists no source)."""
    try:
        dist = metadata.distribution("kpixl")
    except metadata.PackageNotFoundError:
        return None
    if dist.read_text("RECORD") is None:
        return None  # an egg-info (a source tree's SOURCES.txt, as old as its last install): not a declaration
    files = dist.files or []
    found = []
    for item in files:
        if item.parts and item.parts[0] == package:
            if Path(str(item.locate())).resolve() != root / Path(*item.parts[1:]):
                return None  # another kpixl is installed than the one running
            found.append("/".join(item.parts[1:]))
    return found or None


def _tracked(root: Path) -> list[str] | None:
    """The files git tracks under `root` (relative to it); None when git or the repository is not there."""
    try:
        done = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", "."], capture_output=True,
                              timeout=60, check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return [name for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name]


def _declared(package: str, names: list[str]) -> list[str]:
    """The names a built wheel holds: source and data files of the package's own folder (and of its sub-packages,
    folders with an __init__.py, where setup.py ships them)."""
    packages = {name.rpartition("/")[0] for name in names if name.rpartition("/")[2] == "__init__.py"}
    kept = []
    for name in names:
        folder = name.rpartition("/")[0]
        if Path(name).suffix not in DATA_SUFFIXES or "__pycache__" in name.split("/"):
            continue
        if folder and not (SUBPACKAGES[package] and all(
                "/".join(folder.split("/")[:k]) in packages for k in range(1, folder.count("/") + 2))):
            continue
        kept.append(name)
    return sorted(kept)


def _package_files(package: str) -> Iterator[tuple[str, bytes]]:
    """(archive path, bytes) of every declared source and data file of a package, in a stable order."""
    root = _package_root(package)
    names = _installed(package, root)
    if names is None:
        names = _tracked(root)
    if names is None:
        raise KpixlError(Message("lite_files_unknown", folder=str(root)))
    for name in _declared(package, names):
        path = root / name
        if path.is_file():
            yield f"{package}/{name}", path.read_bytes()


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


@lru_cache(maxsize=1)
def wheel() -> bytes:
    """kpixl's pure wheel (`kpixl-<version>-py3-none-any.whl`) built from the installed files, without dependencies
    (Lite gets only what main.py needs; pandas and friends are optional there)."""
    dist_info = f"kpixl-{__version__}.dist-info"
    files = [item for package in PACKAGES for item in _package_files(package)]
    files.append((f"{dist_info}/METADATA", (
        f"Metadata-Version: 2.1\nName: kpixl\nVersion: {__version__}\n"
        "Summary: Social-media KPIs for Excel (embedded in an xlwings Lite main.py)\n").encode()))
    files.append((f"{dist_info}/WHEEL", (
        f"Wheel-Version: 1.0\nGenerator: kpixl.workbook.lite_code"
        f"\nRoot-Is-Purelib: true\nTag: {WHEEL_TAG}\n").encode()))
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    writer.writerows(_record_line(name, data) for name, data in files)
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    files.append((f"{dist_info}/RECORD", record.getvalue().encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


_HEADER = {
    "en": '''\
# kpixl {version} for xlwings Lite: every =KPIXL.* Excel function (=KPIXL.KPIS() lists them) and this
# workbook's ⟳ Refresh button ({button}). Written by `kpixl new`; nothing to install or paste.
# kpixl is not on PyPI yet, so this file carries it: the long block below is kpixl's wheel (base64), which
# _install_kpixl unpacks offline when xlwings Lite starts. The last lines register the functions and the
# button. Your own @func / @script code can go at the very end.
''',
    "es": '''\
# kpixl {version} para xlwings Lite: todas las funciones de Excel =KPIXL.* (=KPIXL.KPIS() las lista) y el
# botón ⟳ Actualizar de este libro ({button}). Escrito por `kpixl new`; no hay nada que instalar ni pegar.
# kpixl aún no está en PyPI, así que este archivo lo lleva dentro: el bloque largo es el wheel de kpixl
# (base64), que _install_kpixl descomprime sin conexión al arrancar xlwings Lite. Las últimas líneas registran
# las funciones y el botón. Tu propio código @func / @script puede ir al final.
''',
}

_INSTALLER = '''\
import base64
import hashlib
import importlib
import io
import os
import sys
import tempfile
import zipfile


def _install_kpixl(wheel_base64):
    """Unpack kpixl's wheel into a folder of its own and put it first on sys.path (no network needed)."""
    data = base64.b64decode(wheel_base64)
    target = os.path.join(tempfile.gettempdir(), "kpixl-" + hashlib.sha256(data).hexdigest()[:16])
    if not os.path.isdir(target):
        partial = target + ".part"
        zipfile.ZipFile(io.BytesIO(data)).extractall(partial)
        os.replace(partial, target)
    if target not in sys.path:
        sys.path.insert(0, target)
    importlib.invalidate_caches()


'''

_FOOTER = '''
_install_kpixl(KPIXL_WHEEL)

from kpixl_udfs.lite import *  # noqa: E402, F403  (every =KPIXL.* function)
from kpixl_udfs.refresh_button import refresh_button  # noqa: E402

kpixl_refresh = refresh_button({sheet!r})  # ⟳ {button}

# ---- your own code ----
'''


def button(sheet: str) -> str:
    """xlwings Lite's `button=` reference of the Refresh cell on `sheet` ("Dashboard!B2"; quoted if need be)."""
    name = sheet if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{REFRESH_CELL}"


def main_py(dashboard_sheet: str, lang: str = "en") -> str:
    """main.py for a workbook whose Dashboard sheet is `dashboard_sheet`: kpixl inside, one Refresh button."""
    encoded = base64.b64encode(wheel()).decode()
    block = "\n".join(encoded[i:i + LINE] for i in range(0, len(encoded), LINE))
    header = _HEADER.get(lang, _HEADER["en"]).format(version=__version__, button=button(dashboard_sheet))
    footer = _FOOTER.format(sheet=dashboard_sheet, button=button(dashboard_sheet))
    return f'{header}\n{_INSTALLER}KPIXL_WHEEL = """\n{block}\n"""\n{footer}'


def requirements_txt() -> str:
    """requirements.txt: xlwings Lite's required lines and openpyxl (kpixl travels inside main.py)."""
    return "\n".join(REQUIREMENTS) + "\n"


def for_layout(layout: Layout) -> LiteCode:
    """The Lite code of a workbook with this layout: its Dashboard's Refresh button, in its language."""
    return LiteCode(main_py(layout.sheet_name("dashboard"), layout.lang), requirements_txt())
