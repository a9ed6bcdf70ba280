"""`kpixl normalize`: any mix of native exports → one canonical posts CSV (and `<stem>_daily.csv`)."""

from __future__ import annotations

import contextlib
import csv
from pathlib import Path

import click

from kpixl.atomic import atomic_path
from kpixl.commands._common import export_options, reports_errors
from kpixl.errors import KpixlError
from kpixl.fields import DAILY_FIELDS, POST_FIELDS
from kpixl.sources import Normalized, normalize
from kpixl.sources.result import ImportResult


def _cell(value: object) -> object:
    """A canonical value as CSV text: blank for missing, numbers as Python writes them."""
    return "" if value is None else value


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    """Rows as UTF-8 CSV with a header of canonical field names."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        writer.writerows([_cell(row.get(f)) for f in fields] for row in rows)


def write_outputs(merged: Normalized, output: Path) -> list[Path]:
    """Write the posts and daily tables atomically: both files appear, or neither changes."""
    planned = []
    if merged.posts or not merged.daily:
        planned.append((output, POST_FIELDS, merged.posts))
    if merged.daily:
        planned.append((output.with_name(f"{output.stem}_daily{output.suffix or '.csv'}"), DAILY_FIELDS, merged.daily))
    try:
        with contextlib.ExitStack() as stack:  # every temporary file is written before any replaces its target
            for path, fields, rows in planned:
                _write_csv(stack.enter_context(atomic_path(path)), fields, rows)
    except OSError as exc:
        raise KpixlError(f"cannot write the output ({exc.strerror or exc})", file=str(output)) from None
    return [path for path, _, _ in planned]


def _summary(result: ImportResult) -> list[str]:
    """The lines printed for one imported table."""
    sheet = f" [{result.sheet}]" if result.sheet else ""
    lines = [f"{result.file}{sheet}: {result.kind} ({result.table}), {len(result.rows)} rows"]
    if result.unknown_headers:
        lines.append(f"  unknown headers (not imported): {', '.join(result.unknown_headers)}")
    if result.ignored_headers:
        lines.append(f"  known headers kpixl does not keep: {', '.join(result.ignored_headers)}")
    lines.extend(f"  warning: {w}" for w in result.warnings)
    lines.extend(f"  rejected: {r}" for r in result.rejected)
    return lines


@click.command("normalize")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Posts CSV.")
@export_options
@click.option("--skip-bad-rows", is_flag=True, help="Write the rows that parsed even if some rows were rejected.")
@reports_errors
def command(
    files: tuple[Path, ...],
    output: Path,
    network: str | None,
    format_: str | None,
    year: int | None,
    mapping: Path | None,
    skip_bad_rows: bool,
) -> None:
    """Convert native exports (Meta, LinkedIn, X, TikTok, YouTube, generic) to kpixl's canonical CSV."""
    merged = normalize(files, network=network, format=format_, year=year, mapping=mapping)
    for result in merged.results:
        for line in _summary(result):
            click.echo(line)
    for warning in merged.warnings:
        click.echo(f"warning: {warning}")
    rejected = [r for result in merged.results for r in result.rejected]
    if rejected and not skip_bad_rows:
        first = rejected[0]
        more = f" (and {len(rejected) - 1} more rejected rows)" if len(rejected) > 1 else ""
        raise KpixlError(
            f"{first.reason}{more}; nothing written (fix the file or pass --skip-bad-rows)",
            file=first.file,
            row=first.row,
            column=first.column,
        )
    written = write_outputs(merged, output)
    click.echo(
        f"wrote {len(merged.posts)} posts and {len(merged.daily)} daily rows to {', '.join(map(str, written))}"
    )
