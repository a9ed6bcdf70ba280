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
from kpixl.sources.formula_text import neutralise
from kpixl.sources.result import ImportResult


def _cell(value: object, raw: bool) -> object:
    """A canonical value as CSV text: blank for missing, numbers as Python writes them, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and not raw:
        return neutralise(value)
    return value


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict[str, object]], raw: bool) -> None:
    """Rows as UTF-8 CSV with a header of canonical field names."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        writer.writerows([_cell(row.get(f), raw) for f in fields] for row in rows)


def _written_by_kpixl(path: Path) -> bool:
    """Whether an existing file is a canonical CSV (its first line is kpixl's header), so replacing it is safe."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            first = handle.readline(4096).strip()
    except (OSError, UnicodeDecodeError):
        return False
    return first in (",".join(POST_FIELDS), ",".join(DAILY_FIELDS))


def output_paths(merged: Normalized, output: Path) -> list[tuple[Path, tuple[str, ...], list[dict[str, object]]]]:
    """The files `write_outputs` writes: the posts CSV (unless only daily rows were read) and `<stem>_daily.csv`."""
    planned = []
    if merged.posts or not merged.daily:
        planned.append((output, POST_FIELDS, merged.posts))
    if merged.daily:
        planned.append((output.with_name(f"{output.stem}_daily{output.suffix or '.csv'}"), DAILY_FIELDS, merged.daily))
    return planned


def check_outputs(paths: list[Path], *, force: bool) -> None:
    """Refuse to replace a file kpixl did not write (a client workbook, someone's CSV) unless --force."""
    for path in paths:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            raise KpixlError("kpixl normalize writes CSV; give -o a .csv name", file=str(path))
        if path.exists() and not force and not _written_by_kpixl(path):
            raise KpixlError(
                "this file exists and was not written by kpixl normalize; nothing written "
                "(choose another -o name, or pass --force to replace it)",
                file=str(path),
            )


def write_outputs(merged: Normalized, output: Path, *, raw: bool = False) -> list[Path]:
    """Write the posts and daily tables atomically: both files appear, or neither changes.

    Text cells that start like a formula are neutralised unless `raw` (see `neutralise`)."""
    planned = output_paths(merged, output)
    try:
        with contextlib.ExitStack() as stack:  # every temporary file is written before any replaces its target
            for path, fields, rows in planned:
                _write_csv(stack.enter_context(atomic_path(path)), fields, rows, raw)
    except OSError as exc:
        raise KpixlError(f"cannot write the output ({exc.strerror or exc})", file=str(output)) from None
    return [path for path, _, _ in planned]


def _kpi_inputs(network: str | None) -> tuple[str, ...]:
    """The fields the network's default engagement and engagement rate read (what a missing column changes)."""
    from kpixl.kpi import NETWORK_INTERACTIONS, NETWORK_RATE_BASIS

    if network not in NETWORK_INTERACTIONS:
        return ()
    return (*NETWORK_INTERACTIONS[network], NETWORK_RATE_BASIS[network])


def _summary(result: ImportResult) -> list[str]:
    """The lines printed for one imported table."""
    sheet = f" [{result.sheet}]" if result.sheet else ""
    network = f", {result.network}" if result.network else ""
    lines = [f"{result.file}{sheet}: {result.kind} ({result.table}), {len(result.rows)} rows{network}"]
    if result.unknown_headers:
        lines.append(f"  unknown headers (not imported): {', '.join(result.unknown_headers)}")
    if result.ignored_headers:
        lines.append(f"  known headers kpixl does not keep: {', '.join(result.ignored_headers)}")
    missing = [f for f in result.not_reported if f in _kpi_inputs(result.network)]
    if missing and result.table == "posts":
        lines.append(f"  not reported by this file (left blank): {', '.join(missing)}")
    lines.extend(f"  warning: {w}" for w in result.warnings)
    lines.extend(f"  rejected: {r}" for r in result.rejected)
    return lines


@click.command("normalize")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Posts CSV.")
@export_options
@click.option("--skip-bad-rows", is_flag=True, help="Write the rows that parsed even if some rows were rejected.")
@click.option("--force", is_flag=True, help="Replace -o even if it is a file kpixl did not write.")
@click.option(
    "--raw-text",
    is_flag=True,
    help="Write captions exactly as exported. By default text starting with = + - @, tab or CR gets a leading ' "
    "so Excel and LibreOffice never run it as a formula (OWASP CSV injection); use --raw-text for pandas/SQL.",
)
@reports_errors
def command(
    files: tuple[Path, ...],
    output: Path,
    network: str | None,
    format_: str | None,
    year: int | None,
    mapping: Path | None,
    skip_bad_rows: bool,
    force: bool,
    raw_text: bool,
) -> None:
    """Convert native exports (Meta, LinkedIn, X, TikTok, YouTube, generic) to kpixl's canonical CSV."""
    if output.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") or (output.exists() and not force):
        check_outputs([output], force=force)  # before reading anything: a typo must not cost a long read
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
    check_outputs([path for path, _, _ in output_paths(merged, output)], force=force)
    written = write_outputs(merged, output, raw=raw_text)
    click.echo(
        f"wrote {len(merged.posts)} posts and {len(merged.daily)} daily rows to {', '.join(map(str, written))}"
    )
