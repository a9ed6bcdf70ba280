"""Sub-commands of the `kpixl` CLI, one module per command named as the command (`import_` for the keyword), each
defining `command`; add a module here to add a command. Options and helpers several commands share are in `_common`."""

from __future__ import annotations

import click

from kpixl.commands import calc, docs, excel, goal, import_, kpis, new, normalize, refresh, sql, summarize

COMMANDS: list[click.Command] = [module.command for module in (kpis, calc, goal, normalize, excel, new, import_,
                                                               refresh, docs, sql, summarize)]
