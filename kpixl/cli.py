"""The `kpixl` command line: a click group over the sub-commands in `kpixl.commands`."""

from __future__ import annotations

import click

from kpixl.commands import COMMANDS
from kpixl.commands._common import reports_errors

__all__ = ["main", "reports_errors"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kpixl")
def main() -> None:
    """kpixl — social-media KPIs for Excel."""


for _command in COMMANDS:
    main.add_command(_command)

if __name__ == "__main__":
    main()
