"""Sub-commands of the `kpixl` CLI, one module each; add a module here to add a command."""

from __future__ import annotations

import click

from kpixl.commands.catalog_cmds import calc, goal, kpis
from kpixl.commands.docs import command as docs
from kpixl.commands.excel import command as excel
from kpixl.commands.import_ import command as import_
from kpixl.commands.new import new
from kpixl.commands.normalize import command as normalize
from kpixl.commands.refresh import command as refresh
from kpixl.commands.sql_cmds import sql_command, summarize_command

COMMANDS: list[click.Command] = [kpis, calc, goal, normalize, excel, new, import_, refresh, docs,
                               sql_command, summarize_command]
