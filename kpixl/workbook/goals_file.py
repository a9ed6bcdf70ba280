"""Goal definitions from a `--goals` TOML file or a template's defaults, validated into `kpixl.Goal`s.

File format: `[[goals]]` tables with kpi, network (a network id or "all"), baseline, target, start, deadline
(YYYY-MM-DD, or period_start / period_end), and optionally direction, kind, owner, low, high. The owner is a
string or a label per language, `owner = { en = "Social team", es = "Equipo social" }`, resolved to the workbook's
language. Every error names the file, the goal's number (row) and the key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kpixl.catalog import kpi as catalog
from kpixl.errors import BadInputError, KpixlError
from kpixl.report import audience
from kpixl.report.goals import Goal
from kpixl.workbook.layout import Layout
from kpixl.workbook.templates import tomllib

KEYS = ("kpi", "network", "baseline", "target", "start", "deadline", "direction", "kind", "owner", "low", "high",
        "name")
REQUIRED = ("kpi", "target", "start", "deadline")


def load(path: str | Path) -> list[dict[str, Any]]:
    """The raw goal tables of a TOML file."""
    source = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInputError("goals file not found", file=source) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInputError(f"not valid TOML: {exc}", file=source) from None
    goals = data.get("goals")
    if not isinstance(goals, list) or not all(isinstance(g, dict) for g in goals):
        raise BadInputError("expected [[goals]] tables", file=source, column="goals")
    return goals


def _date(value: Any, period: tuple[dt.date, dt.date], source: str, row: int, key: str) -> dt.date:
    if value == "period_start":
        return period[0]
    if value == "period_end":
        return period[1]
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BadInputError(f"not a date (YYYY-MM-DD, period_start or period_end): {value!r}", file=source, row=row,
                        column=key)


def _owner(value: Any, lang: str, source: str, row: int) -> str:
    """A goal's owner in the workbook's language: a string, or a table {en, es}."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and set(value) == {"en", "es"} and all(isinstance(v, str) for v in value.values()):
        return value[lang]
    raise BadInputError(f'must be a string or a table {{ en = "...", es = "..." }}, not {value!r}', file=source,
                        row=row, column="owner")


def parse(entries: Sequence[dict[str, Any]], source: str, layout: Layout, period: tuple[dt.date, dt.date],
          example: bool = False) -> list[Goal]:
    """Validate goal tables against the workbook's networks and KPI columns; `example` marks them as placeholders
    (a template's default goals), which the Goals sheet flags and the Dashboard does not cite."""
    goals = []
    for row, entry in enumerate(entries, start=1):
        for key in entry:
            if key not in KEYS:
                raise BadInputError(f"unknown key; expected one of: {', '.join(KEYS)}", file=source, row=row,
                                    column=key)
        for key in REQUIRED:
            if key not in entry:
                raise BadInputError("missing", file=source, row=row, column=key)
        for key in ("baseline", "target", "low", "high"):
            if key in entry and (isinstance(entry[key], bool) or not isinstance(entry[key], (int, float))):
                raise BadInputError(f"must be a number, not {entry[key]!r}", file=source, row=row, column=key)
        network = entry.get("network", "all")
        nets = layout.networks if network == "all" else (network,)
        if network != "all" and network not in layout.networks:
            raise BadInputError(f"{network!r} is not a network of this workbook ({', '.join(layout.networks)})",
                                file=source, row=row, column="network")
        try:
            kpi_id = catalog.get(str(entry["kpi"])).id
        except KpixlError as exc:
            raise BadInputError(exc.message, file=source, row=row, column="kpi") from None
        lacking = [n for n in nets if not layout.has_column(n, f"kpi:{kpi_id}")]
        if lacking and audience.is_audience_kpi(kpi_id) and layout.audience is not None:
            lacking = []  # computed from the Audience table
        if lacking:
            raise BadInputError(f"{kpi_id!r} is not a KPI column of {', '.join(lacking)}", file=source, row=row,
                                column="kpi")
        if network == "all" and catalog.get(kpi_id).aggregation in ("last", "none"):
            raise BadInputError(f"{kpi_id!r} is a snapshot: give one network", file=source, row=row,
                                column="network")
        if network == "all" and len(nets) > 1 and catalog.get(kpi_id).network_variants:
            raise BadInputError(f"{kpi_id!r} divides by a different base on each network (reach, impressions, "
                                "views): one figure for all networks would mix them; give one network",
                                file=source, row=row, column="network")
        fields = {k: v for k, v in entry.items() if k not in ("network", "start", "deadline", "kpi")}
        if "owner" in fields:
            fields["owner"] = _owner(fields["owner"], layout.lang, source, row)
        try:
            goals.append(Goal(kpi=kpi_id, network=None if network == "all" else network,
                              start=_date(entry["start"], period, source, row, "start"),
                              deadline=_date(entry["deadline"], period, source, row, "deadline"), example=example,
                              **fields))
        except KpixlError as exc:
            if exc.file:
                raise
            raise BadInputError(exc.message, file=source, row=row) from None
    return goals
