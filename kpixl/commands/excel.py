"""`kpixl excel setup`: point the classic xlwings add-in (Windows) at kpixl's Excel functions.

Writes `xlwings.conf` (the add-in's config file: one `"KEY","value"` pair per line) with `UDF Modules` =
kpixl_udfs.classic and `Interpreter_Win` = this Python, keeping every other entry. Without --workbook-dir it
writes the user file (~/.xlwings/xlwings.conf); with it, the file next to the workbooks in that folder, which
the add-in reads first. xlwings Lite needs none of this: see docs/xlwings-lite/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from kpixl.atomic import write_text
from kpixl.commands._common import reports_errors
from kpixl.errors import KpixlError

UDF_MODULE = "kpixl_udfs.classic"
UDF_KEY = "UDF Modules"
INTERPRETER_KEY = "Interpreter_Win"
_LINE = re.compile(r'^\s*"([^"]*)"\s*,\s*"([^"]*)"\s*$')


def user_config_file() -> Path:
    """~/.xlwings/xlwings.conf, the add-in's user-level config file."""
    return Path.home() / ".xlwings" / "xlwings.conf"


def read_config(path: Path) -> dict[str, tuple[str, str]]:
    """Entries of an xlwings.conf by upper-case key → (key as written, value); a missing file is empty."""
    entries: dict[str, tuple[str, str]] = {}
    if not path.is_file():
        return entries
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if not match:
            raise KpixlError(f'expected "KEY","value", got {line!r}', file=str(path), row=number)
        entries[match.group(1).upper()] = (match.group(1), match.group(2))
    return entries


def with_kpixl(entries: dict[str, tuple[str, str]], interpreter: str) -> dict[str, tuple[str, str]]:
    """The entries with kpixl's UDF module added (other modules kept) and the interpreter set."""
    updated = dict(entries)
    modules = [m.strip() for m in updated.get(UDF_KEY.upper(), ("", ""))[1].split(";") if m.strip()]
    if UDF_MODULE not in modules:
        modules.append(UDF_MODULE)
    updated[UDF_KEY.upper()] = (updated.get(UDF_KEY.upper(), (UDF_KEY, ""))[0], ";".join(modules))
    updated[INTERPRETER_KEY.upper()] = (updated.get(INTERPRETER_KEY.upper(), (INTERPRETER_KEY, ""))[0], interpreter)
    return updated


def render(entries: dict[str, tuple[str, str]]) -> str:
    """The file text: one `"KEY","value"` line per entry (CRLF, as the add-in's VBA reader expects on Windows)."""
    for key, value in entries.values():
        if '"' in key or '"' in value or "\n" in value:
            raise KpixlError(f"cannot write {key}={value!r} to xlwings.conf: quotes and newlines are not allowed")
    return "".join(f'"{key}","{value}"\r\n' for key, value in entries.values())


@click.group("excel")
def command() -> None:
    """Excel functions: the xlwings Lite code for any workbook, or the classic xlwings add-in's set-up."""


@command.command("lite")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", default="en", show_default=True, help="Language of main.py's comments: en or es.")
@click.option("--dashboard", default=None,
              help="Sheet whose B2 is the ⟳ Refresh button (default: Dashboard, or Panel with --lang es).")
@reports_errors
def lite(folder: Path, lang: str, dashboard: str | None) -> None:
    """Write main.py and requirements.txt to paste into xlwings Lite's editor (for a workbook made with --no-lite,
    or any other workbook: the functions work everywhere, the button in kpixl workbooks)."""
    from kpixl.text.labels import label
    from kpixl.text.languages import check_language
    from kpixl.workbook.lite_code import main_py, requirements_txt

    check_language(lang)
    sheet = dashboard or label("wb_sheet_dashboard", lang)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("main.py", main_py(sheet, lang)), ("requirements.txt", requirements_txt())):
        write_text(folder / name, text)
        click.echo(f"Wrote {folder / name}")
    click.echo("In xlwings Lite: paste requirements.txt into its requirements.txt tab, then main.py into main.py.")


@command.command("setup")
@click.option("--workbook-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of your workbooks (must exist): write its xlwings.conf instead of "
                   "~/.xlwings/xlwings.conf.")
@click.option("--interpreter", default=sys.executable, show_default="this Python",
              help="python.exe the add-in should start (Interpreter_Win).")
@reports_errors
def setup(workbook_dir: Path | None, interpreter: str) -> None:
    """Point the classic xlwings add-in at kpixl's functions (UDF Modules, Interpreter_Win)."""
    path = workbook_dir / "xlwings.conf" if workbook_dir else user_config_file()
    entries = with_kpixl(read_config(path), interpreter)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, render(entries))
    click.echo(f"Wrote {path}:")
    for key in (UDF_KEY, INTERPRETER_KEY):
        click.echo(f"  {key} = {entries[key.upper()][1]}")
    if not sys.platform.startswith("win"):
        click.echo("Note: the classic add-in runs on Windows only; on Windows run this command there (or pass "
                   "--interpreter with the Windows path to python.exe). On macOS and Excel on the web use xlwings "
                   "Lite instead (docs/xlwings-lite/).")
    click.echo(
        "Next steps (Windows, Excel desktop):\n"
        "  1. xlwings addin install          (once; installs the xlwings add-in into Excel)\n"
        "  2. Excel > File > Options > Trust Center > Trust Center Settings > Macro Settings:\n"
        "     tick 'Trust access to the VBA project object model'\n"
        "  3. Open your workbook (saved as .xlsm, next to this xlwings.conf if you used --workbook-dir),\n"
        "     xlwings tab > Import Functions\n"
        "  4. Type =KPIXL_ENGAGEMENT_RATE(B2:B100, C2:C100) or =KPIXL_KPIS() in a cell"
    )
