"""`kpixl docs`: write the KPI reference (Markdown) generated from the catalog."""

from __future__ import annotations

from pathlib import Path

import click

from kpixl.commands._common import reports_errors
from kpixl.render.markdown import render
from kpixl.text.labels import LANGUAGES


@click.command("docs")
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the reference.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: print to standard output).")
@reports_errors
def command(lang: str, output: Path | None) -> None:
    """Write the KPI reference: kpixl docs --lang es -o docs/kpis.es.md"""
    text = render(lang)
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")
