"""What every command shares: turning KpixlError into one clear line and a non-zero exit."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from kpixl.atomic import Terminated
from kpixl.errors import KpixlError
from kpixl.text.messages import Message, env_language, render

_LANGUAGE = "kpixl.lang"


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
