"""Helpers of the audience tests (daily exports into the Audience table): kpixl workbooks, a long TikTok follower
history as downloaded, and a workbook's Audience table read back as rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from kpixl.refresh.audience_import import NETWORK_IDS
from kpixl.report import audience
from kpixl.workbook import Layout, build, prepare

REFERENCE = dt.date(2026, 3, 10)
"""The download date of year-less TikTok files."""


def make_workbook(path: Path, *, lang: str = "en", networks: tuple[str, ...], period: tuple[dt.date, dt.date],
                  goals: Path | None = None) -> Path:
    spec = prepare(template="social", client="Acme", networks=networks, period=period, lang=lang,
                   goals_path=goals)
    return build(path, spec)


def follower_history(path: Path, end: dt.date, days: int, *, start_count: int = 5000, spanish: bool = False,
                     bom: bool = True, plain: bool = False) -> list[tuple[dt.date, int, int]]:
    """A TikTok Studio FollowerHistory.csv as downloaded: year-less dates, thousands separators, newest day last;
    `plain` writes the other shape seen in real files (UTF-8 without BOM, unquoted, "August 18" month first, the
    first day's count "undefined" with a difference of 0). Returns (day, followers or None, difference)."""
    months_en = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                 "October", "November", "December")
    months_es = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                 "noviembre", "diciembre")
    head = ('"Fecha","Seguidores","Diferencia de seguidores con respecto al día anterior"' if spanish else
            '"Date","Followers","Difference in followers from previous day"')
    if plain:
        head = head.replace('"', "")
    lines, out, count = [head], [], start_count
    for k in range(days):
        day = end - dt.timedelta(days=days - 1 - k)
        diff = (k * 37) % 61 - 18
        count += diff
        name = f"{day.day} de {months_es[day.month - 1]}" if spanish else f"{day.day} {months_en[day.month - 1]}"
        if plain:
            shown, diff = ("undefined", 0) if k == 0 else (str(count), diff)
            lines.append(f"{months_en[day.month - 1]} {day.day},{shown},{diff}")
            out.append((day, None if k == 0 else count, diff))
            continue
        lines.append(f'"{name}","{count:,}","{diff}"')
        out.append((day, count, diff))
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return out


def audience_rows(path: Path) -> tuple[Layout, list[dict[str, Any]]]:
    """The Audience table of a workbook file as rows by key (network ids, dates)."""
    wb = openpyxl.load_workbook(path)
    layout = Layout.from_workbook(wb)
    ws, table = next((ws, t) for ws in wb.worksheets for t in ws.tables.values()
                     if t.displayName == layout.audience.table)
    values = [list(r) for r in ws[table.ref]]
    headers = [c.value for c in values[0]]
    body = [[c.value for c in r] for r in values[1:]]
    return layout, [r for r in audience.rows_from_table(headers, body, layout.audience.headers(), NETWORK_IDS)
                    if r.get("network")]
