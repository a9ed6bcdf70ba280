"""What the commands share: turning KpixlError into one clear line and a non-zero exit, the language they print in,
and the options and `name=value` parsing that more than one command takes (each defined once, here)."""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from kpixl.atomic import Terminated
from kpixl.errors import BadInputError, KpixlError
from kpixl.text.labels import LANGUAGES, label
from kpixl.text.messages import Message, env_language, render

if TYPE_CHECKING:
    from kpixl.render.sql import Options

_LANGUAGE = "kpixl.lang"

LANG_OPTION = click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
                           help="Language of names and labels.")
"""--lang of the catalog commands (kpis, goal): the language of KPI names and labels."""
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
"""--json: print JSON instead of text (kpis, calc, goal)."""


def set_language(lang: str) -> None:
    """The language of what this command prints from now on (a workbook's, or --lang)."""
    click.get_current_context().meta[_LANGUAGE] = lang


def language() -> str:
    """The language this command prints in: set_language's, else KPIXL_LANG, else English."""
    context = click.get_current_context(silent=True)
    return (context.meta.get(_LANGUAGE) if context is not None else None) or env_language()


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a KpixlError into `Error: …` on stderr (in the command's language) and exit code 1 (click's usage
    errors exit 2)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KpixlError as exc:
            click.echo(f"Error: {render(exc, language())}", err=True)
            sys.exit(1)
        except Terminated as exc:  # SIGTERM/SIGHUP while writing: the temporary file is already removed
            click.echo(f"Error: {render(Message('terminated', signum=exc.signum), language())}", err=True)
            sys.exit(128 + exc.signum)

    return wrapper


def force_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--force: update a workbook even though Excel's or LibreOffice's lock file says it is open."""
    return click.option("--force", is_flag=True, help="Update the workbook even if Excel or LibreOffice seems to "
                        "have it open (use when their lock file is left over).")(command)


def export_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that reads exports takes: --network, --format, --year, --mapping."""
    from pathlib import Path

    from kpixl.catalog.fields import NETWORKS
    from kpixl.sources import format_names

    for option in reversed((
        click.option("--network", type=click.Choice(NETWORKS),
                     help="Network of every file, when detection cannot tell."),
        click.option("--format", "format_", type=click.Choice(format_names()), help="Export kind, skipping detection."),
        click.option("--year", type=int, help="Year of the latest date in files whose dates have no year (TikTok)."),
        click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path),
                     help="TOML column mapping (generic files)."),
    )):
        command = option(command)
    return command


def parse_assignment(text: str, read: Callable[[str, str], float | None] | None = None) -> tuple[str, float | None]:
    """`likes=1,234` → ("likes", 1234.0); an empty value means missing; `read(name, text)` reads the value instead
    (kpixl calc: by the input's kind, through the one value parser)."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise BadInputError(f"expected name=value, got {text!r}")
    raw = raw.strip().replace("_", "")
    if raw == "":
        return name.strip(), None
    if read is not None:
        return name.strip(), read(name.strip(), raw)
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").replace(",", ""))
    except ValueError:
        raise BadInputError(f"input {name.strip()!r} is not a number: {raw!r}") from None
    if not math.isfinite(value):
        raise BadInputError(f"input {name.strip()!r} is not a finite number: {raw!r}")
    return name.strip(), value / 100 if percent else value


def format_value(value: object, unit: str, lang: str = "en") -> str:
    """A KPI value as the catalog commands print it: percent for fractions, × for multiples, no value in words."""
    if value is None:
        return label("no_value", lang)
    if isinstance(value, str):
        return value
    if unit == "fraction":
        return f"{value:.4%}"
    if unit == "multiple":
        return f"{value:,.4f}×"
    if unit in ("count",) and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}"


def comma_names(text: str | None) -> tuple[str, ...] | None:
    """`a, b,,c` → ("a", "b", "c"); nothing given → None (the default)."""
    return tuple(part.strip() for part in text.split(",") if part.strip()) if text else None


def parse_params(assignments: tuple[str, ...]) -> dict[str, float]:
    """The --param NAME=VALUE assignments as numbers; a parameter needs a value."""
    params = {}
    for text in assignments:
        name, value = parse_assignment(text)
        if value is None:
            raise BadInputError(f"--param {name} needs a value, e.g. --param {name}=12.5")
        params[name] = value
    return params


def sql_options(variant: str | None, interactions: str | None, params: tuple[str, ...]) -> Options:
    """The kpixl.render.sql.Options of --variant, --interactions and --param."""
    from kpixl.render import sql

    return sql.Options(variant=variant, interactions=comma_names(interactions), params=parse_params(params))


def kpi_column_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--kpis, --variant, --interactions and --param: what `kpixl sql` and `kpixl summarize` pass to the SQL
    renderer."""
    for option in reversed((
        click.option("--kpis", help="Comma-separated KPI ids (default: every KPI the columns can compute)."),
        click.option("--variant", help="One variant for every KPI that has it (default: each network's)."),
        click.option("--interactions", help="Comma-separated interactions that count as engagement."),
        click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
                     help="A parameter such as emv_cpm=12.5 (repeatable); others keep their defaults."),
    )):
        command = option(command)
    return command
