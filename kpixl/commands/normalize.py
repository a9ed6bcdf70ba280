"""`kpixl normalize`: any mix of native exports → one canonical posts CSV (and `<stem>_daily.csv`)."""

from __future__ import annotations

import contextlib
import csv
from pathlib import Path

import click

from kpixl.atomic import atomic_path
from kpixl.catalog.fields import DAILY_FIELDS, POST_FIELDS
from kpixl.commands._common import export_options, reports_errors, set_language
from kpixl.errors import KpixlError
from kpixl.refresh.core import first_rejection
from kpixl.sources import Normalized, normalize
from kpixl.sources.formula_text import marked_header, neutralise
from kpixl.sources.result import ImportResult
from kpixl.text.labels import LANGUAGES
from kpixl.text.messages import ENV_LANGUAGE, Message, env_language, field_names, render


def _cell(value: object, raw: bool) -> object:
    """A canonical value as CSV text: blank for missing, numbers as Python writes them, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, str) and not raw:
        return neutralise(value)
    return value


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict[str, object]], raw: bool) -> None:
    """Rows as UTF-8 CSV with a header of canonical field names, quoted when the text is neutralised (the mark that
    tells kpixl to restore it when reading the file back, `kpixl.sources.formula_text`)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write((",".join(fields) if raw else marked_header(fields)) + "\r\n")
        writer = csv.writer(handle)
        writer.writerows([_cell(row.get(f), raw) for f in fields] for row in rows)


def _written_by_kpixl(path: Path) -> bool:
    """Whether an existing file is a canonical CSV (its first line is kpixl's header), so replacing it is safe."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            first = handle.readline(4096).strip()
    except (OSError, UnicodeDecodeError):
        return False
    return first in {header(fields) for fields in (POST_FIELDS, DAILY_FIELDS) for header in (",".join, marked_header)}


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
            raise KpixlError(Message("normalize_csv_only"), file=str(path))
        if path.exists() and not force and not _written_by_kpixl(path):
            raise KpixlError(Message("normalize_not_ours"), file=str(path))


def write_outputs(merged: Normalized, output: Path, *, raw: bool = False) -> list[Path]:
    """Write the posts and daily tables atomically: both files appear, or neither changes.

    Text cells that start like a formula are neutralised unless `raw` (see `neutralise`)."""
    planned = output_paths(merged, output)
    try:
        with contextlib.ExitStack() as stack:  # every temporary file is written before any replaces its target
            for path, fields, rows in planned:
                _write_csv(stack.enter_context(atomic_path(path)), fields, rows, raw)
    except OSError as exc:
        raise KpixlError(Message("cannot_write_output", why=exc.strerror or str(exc)), file=str(output)) from None
    return [path for path, _, _ in planned]


def _kpi_inputs(network: str | None) -> tuple[str, ...]:
    """The fields the network's default engagement and engagement rate read (what a missing column changes)."""
    from kpixl.catalog.kpi import NETWORK_INTERACTIONS, NETWORK_RATE_BASIS

    if network not in NETWORK_INTERACTIONS:
        return ()
    return (*NETWORK_INTERACTIONS[network], NETWORK_RATE_BASIS[network])


def _summary(result: ImportResult, lang: str = "en") -> list[str]:
    """The lines printed for one imported table, in `lang`."""
    sheet = f" [{result.sheet}]" if result.sheet else ""
    network = f", {result.network}" if result.network else ""
    lines = [Message("normalize_head", file=f"{result.file}{sheet}", kind=result.kind, table=result.table,
                     count=len(result.rows), network=network)]
    if result.unknown_headers:
        lines.append(Message("normalize_unknown", headers=list(result.unknown_headers)))
    if result.ignored_headers:
        lines.append(Message("normalize_ignored", headers=list(result.ignored_headers)))
    missing = [f for f in result.not_reported if f in _kpi_inputs(result.network)]
    if missing and result.table == "posts":
        lines.append(Message("normalize_not_reported", fields=field_names(missing)))
    lines.extend(Message("normalize_warning", warning=w) for w in result.warnings)
    lines.extend(Message("normalize_rejected", reason=r) for r in result.rejected)
    return [render(line, lang) for line in lines]


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
@click.option("--lang", type=click.Choice(LANGUAGES),
              help=f"Language of the summary, warnings and errors printed (default: the {ENV_LANGUAGE} environment "
              "variable, else en). The CSV is the same in every language.")
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
    lang: str | None,
) -> None:
    """Convert native exports (Meta, LinkedIn, X, TikTok, YouTube, generic) to kpixl's canonical CSV."""
    lang = lang or env_language()
    set_language(lang)
    if output.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") or (output.exists() and not force):
        check_outputs([output], force=force)  # before reading anything: a typo must not cost a long read
    merged = normalize(files, network=network, format=format_, year=year, mapping=mapping)
    for result in merged.results:
        for line in _summary(result, lang):
            click.echo(line)
    for warning in merged.warnings:
        click.echo(render(Message("normalize_file_warning", warning=warning), lang))
    error = first_rejection(merged.results)
    if error is not None and not skip_bad_rows:
        raise error
    check_outputs([path for path, _, _ in output_paths(merged, output)], force=force)
    written = write_outputs(merged, output, raw=raw_text)
    wrote = Message("normalize_wrote", posts=len(merged.posts), days=len(merged.daily), paths=list(map(str, written)))
    click.echo(render(wrote, lang))
