"""Workbooks shaped like real sparse exports, built and recalculated by LibreOffice (en-US and es-ES) once per session:
a network without a post in the period, a week no network exported, a TikTok follower history that starts in the
middle of the period (the other networks have none), and a workbook with no audience data at all.

Import the `sparse` fixture into a test module: `from tests.workbook.sparse_books import sparse  # noqa: F401`.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from kpixl.sources.samples import sample_audience, sample_rows
from kpixl.workbook import build, prepare

MONTH = (dt.date(2025, 5, 1), dt.date(2025, 5, 31))
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
QUARTER = (dt.date(2025, 4, 1), dt.date(2025, 6, 30))
SILENT = "linkedin"
"""The network with no post in the period (nor in the weeks around it)."""
ONE_NETWORK_CREATOR = "Ana Lima"
"""An influencer-workbook creator who posts on Instagram only (the others post on Instagram and TikTok)."""
GAP_WEEK = (dt.date(2025, 5, 12), dt.date(2025, 5, 18))
"""A week that no network's export covers."""
CASES = {  # name: (template, lang, period, networks, audience)
    "month_en": ("social", "en", MONTH, None, "tiktok_mid"),
    "year_es": ("social", "es", YEAR, None, "tiktok_mid"),
    "quarter_en": ("social", "en", QUARTER, None, "tiktok_mid"),
    "no_audience_es": ("social", "es", MONTH, None, "none"),
    "influencer_es": ("influencer", "es", MONTH, ("instagram", "tiktok"), "none"),
}
LOCALES = {"en": "en-US", "es": "es-ES"}
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@dataclass
class Book:
    path: Path
    recalculated: Path
    spec: Any
    rows: dict[str, list[dict[str, Any]]]
    audience: list[dict[str, Any]]

    @property
    def layout(self) -> Any:
        return self.spec.layout

    def cached(self) -> Any:
        return openpyxl.load_workbook(self.path, data_only=True)

    def values(self) -> Any:
        return openpyxl.load_workbook(self.recalculated, data_only=True)


def rows_of(template: str, networks: tuple[str, ...], period: tuple[dt.date, dt.date]) -> dict[str, list[dict]]:
    """Sample posts with the sparsity of real exports: SILENT posted nothing in the period, GAP_WEEK is missing, and
    ONE_NETWORK_CREATOR has no TikTok post."""
    rows = sample_rows(template, networks, period[1], 300 if period == YEAR else 120)

    def day(row: dict) -> dt.date:
        return dt.date.fromisoformat(row["published_at"][:10])

    out = {}
    for net, found in rows.items():
        kept = [r for r in found if not GAP_WEEK[0] <= day(r) <= GAP_WEEK[1]]
        if net == SILENT:  # nor in the days of the period's first and last ISO weeks outside it
            quiet = (period[0] - dt.timedelta(days=7), period[1] + dt.timedelta(days=7))
            kept = [r for r in kept if not quiet[0] <= day(r) <= quiet[1]]
        if net == "tiktok" and template == "influencer":
            kept = [r for r in kept if r.get("creator") != ONE_NETWORK_CREATOR]
        out[net] = kept
    return out


def audience_of(kind: str, networks: tuple[str, ...], period: tuple[dt.date, dt.date]) -> list[dict]:
    """Daily follower rows: TikTok's history only, starting halfway through the period, or none."""
    if kind == "none":
        return []
    middle = (period[0] + (period[1] - period[0]) / 2).isoformat()
    return [r for r in sample_audience(networks, period[1]) if r["network"] == "tiktok" and r["date"] >= middle]


@pytest.fixture(scope="session")
def sparse(tmp_path_factory) -> dict[str, Book]:
    from tests import libreoffice

    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("sparse")
    made = {}
    for name, (template, lang, period, networks, kind) in CASES.items():
        spec = prepare(template=template, client="Acme", networks=networks, period=period, lang=lang)
        rows = rows_of(template, spec.layout.networks, period)
        audience = audience_of(kind, spec.layout.networks, period)
        made[name] = (build(folder / f"{name}.xlsx", spec, rows, audience=audience), spec, rows, audience)
    books = {}
    for lang, locale in LOCALES.items():
        names = [n for n in CASES if CASES[n][1] == lang]
        outs = libreoffice.recalculate_many([made[n][0] for n in names], folder / f"recalculated_{lang}", locale)
        for name, out in zip(names, outs, strict=True):
            books[name] = Book(made[name][0], out, *made[name][1:])
    return books


def charts(path: Path) -> list[tuple[str, ElementTree.Element]]:
    """(sheet name, chart XML) of every chart in the package."""
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        out = []
        for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
            rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            part = "xl/" + targets[rid].removeprefix("/xl/")
            for drawing in _targets(package, names, part, "drawing"):
                for chart in _targets(package, names, drawing, "chart"):
                    out.append((sheet.get("name"), ElementTree.fromstring(package.read(chart))))
    return out


def anchors(path: Path, sheet_name: str) -> list[tuple[int, int, ElementTree.Element]]:
    """(column, row) of the top-left cell, 1-based, and the chart XML of every chart drawn on one sheet."""
    xdr = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        sheet = next(s for s in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")
                     if s.get("name") == sheet_name)
        out = []
        for drawing in _targets(package, names, "xl/" + targets[sheet.get(rid)].removeprefix("/xl/"), "drawing"):
            folder, file = drawing.rsplit("/", 1)
            links = {r.get("Id"): r.get("Target") for r in ElementTree.fromstring(
                package.read(f"{folder}/_rels/{file}.rels"))}
            for anchor in ElementTree.fromstring(package.read(drawing)):
                start = anchor.find(f"{xdr}from")
                chart = next(anchor.iter(f"{C}chart"), None)
                if start is None or chart is None:
                    continue
                target = links[chart.get(rid)]
                part = target.removeprefix("/") if target.startswith("/") else _join(folder, target)
                out.append((int(start.find(f"{xdr}col").text) + 1, int(start.find(f"{xdr}row").text) + 1,
                            ElementTree.fromstring(package.read(part))))
    return out


def _targets(package: zipfile.ZipFile, names: set[str], part: str, kind: str) -> list[str]:
    folder, file = part.rsplit("/", 1)
    rels = f"{folder}/_rels/{file}.rels"
    if rels not in names:
        return []
    found = []
    for rel in ElementTree.fromstring(package.read(rels)):
        if rel.get("Type", "").endswith("/" + kind):
            target = rel.get("Target")
            path = target.removeprefix("/") if target.startswith("/") else _join(folder, target)
            found.append(path)
    return found


def _join(folder: str, target: str) -> str:
    parts = folder.split("/")
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def series_refs(chart: ElementTree.Element) -> dict[str, list[str]]:
    """{"values": [...], "categories": [...], "titles": [...], "unlisted": [...]}: the cell ranges a chart's series
    read; "unlisted" holds the values of series without a legend entry (kpixl's gap enabler for LibreOffice)."""
    out: dict[str, list[str]] = {"values": [], "categories": [], "titles": [], "unlisted": []}
    deleted = {int(e.find(f"{C}idx").get("val")) for e in chart.iter(f"{C}legendEntry")
               if e.find(f"{C}delete") is not None and e.find(f"{C}delete").get("val") in ("1", "true")}
    for index, ser in enumerate(chart.iter(f"{C}ser")):
        if index in deleted:
            out["unlisted"] += [f.text for f in ser.find(f"{C}val").iter(f"{C}f") if f.text]
            continue
        for tag, key in (("val", "values"), ("yVal", "values"), ("cat", "categories"), ("xVal", "categories"),
                         ("tx", "titles")):
            part = ser.find(f"{C}{tag}")
            if part is not None:
                out[key] += [f.text for f in part.iter(f"{C}f") if f.text]
    return out


def cells(workbook: Any, ref: str) -> list[tuple[str, str, Any]]:
    """(sheet, address, value) of every cell of a range reference `'Sheet'!$A$1:$B$2`."""
    sheet, span = ref.rsplit("!", 1)
    sheet = re.sub(r"^'(.*)'$", r"\1", sheet).replace("''", "'")
    ws = workbook[sheet]
    low_col, low_row, high_col, high_row = range_boundaries(span.replace("$", ""))
    return [(sheet, ws.cell(r, c).coordinate, ws.cell(r, c).value)
            for r in range(low_row, high_row + 1) for c in range(low_col, high_col + 1)]


def titled(book: Book, sheet_key: str, title: str) -> list[ElementTree.Element]:
    """The charts of one of kpixl's sheets whose text holds `title` (a chart's title)."""
    sheet = book.layout.sheet_name(sheet_key)
    return [chart for name, chart in charts(book.path) if name == sheet and title in "".join(chart.itertext())]


def series_titles(book: Book, chart: ElementTree.Element) -> list[Any]:
    """Each listed series' title as LibreOffice recalculated it."""
    found = book.values()
    return [cells(found, ref)[0][2] for ref in series_refs(chart)["titles"]]
