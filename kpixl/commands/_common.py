"""What every command shares: turning KpixlError into one clear line and a non-zero exit."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click

from kpixl.errors import KpixlError


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a KpixlError into `Error: …` on stderr and exit code 1 (click's usage errors exit 2)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KpixlError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)

    return wrapper
