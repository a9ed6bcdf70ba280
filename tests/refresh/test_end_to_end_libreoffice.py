"""End to end: `kpixl new`, `kpixl import` every export fixture, LibreOffice recalculation, and every KPI cell of
every network table equals `kpixl.compute` on the normalized data (rel tol 1e-9; blank where the engine says None).

Fails in CI (CI=true) when soffice is missing, skips elsewhere.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import kpixl
from kpixl.sources import normalize
from kpixl.workbook import Layout
from kpixl.xlsx.cell_values import to_cell

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

POSTS = ["facebook_posts_en.csv", "facebook_posts_es.csv", "instagram_posts_en.csv", "instagram_posts_es.csv",
         "meta_ads.csv", "linkedin_content.xlsx", "x_tweet_activity.csv", "x_content.csv", "tiktok_content.csv",
         "youtube_table_data.csv", "meta_daily_follows.csv", "tiktok_overview.csv"]
TEXT_FIELDS = ("published_at", "post_id", "post_type", "permalink", "text", "not_reported")


def identity(row: dict[str, Any]) -> Any:
    """How the workbook recognises a post: its id, else its date and text."""
    if row.get("post_id") not in (None, ""):
        return str(row["post_id"])
    return (to_cell("date", row.get("published_at")), row.get("text"))


def same(got: Any, want: Any, where: str) -> None:
    if want is None:
        assert got in (None, ""), f"{where}: engine says no value, workbook has {got!r}"
    else:
        assert isinstance(got, (int, float)), f"{where}: expected {want!r}, workbook has {got!r}"
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {got!r} != {want!r}"


def test_imported_workbook_recalculates_to_the_engine(tmp_path: Path, exports: Path, run_kpixl):
    from tests import libreoffice

    libreoffice.require_soffice()
    book = tmp_path / "report.xlsx"
    run_kpixl.output_of("new", str(book), "--client", "Acme", "--period", "2025-01-01:2025-03-31")
    files = [str(exports / name) for name in POSTS]
    run_kpixl.output_of("import", str(book), *files, "--skip-bad-rows")
    run_kpixl.output_of("import", str(book), str(exports / "generic.csv"), "--mapping",
                        str(exports / "generic_mapping.toml"))

    expected = normalize(exports / name for name in POSTS).posts
    expected += normalize([exports / "generic.csv"], mapping=exports / "generic_mapping.toml").posts
    by_id = {(r["network"], identity(r)): r for r in expected}

    out = libreoffice.recalculate(book, tmp_path / "recalculated")
    layout = Layout.from_workbook(openpyxl.load_workbook(book))
    values = CalamineWorkbook.from_path(str(out))
    checked = 0
    reduced = 0
    x_rates = []  # X engagement rates: clicks are part of X engagements, so an imported X post has a rate
    for net in layout.networks:
        rows = values.get_sheet_by_name(layout.network_sheet(net)).to_python()
        header, body = rows[0], [r for r in rows[1:] if any(v not in (None, "") for v in r)]
        columns = {c.header: c for c in layout.columns(net)}
        for cells in body:
            row = dict(zip(header, cells, strict=False))
            stored = {c.field: row[c.header] for c in layout.columns(net) if c.role == "input"}
            if isinstance(stored.get("published_at"), dt.date) and not isinstance(stored["published_at"],
                                                                                      dt.datetime):
                stored["published_at"] = dt.datetime.combine(stored["published_at"], dt.time())
            source = by_id.pop((net, identity(stored)))  # each imported post is in the workbook exactly once
            inputs = {f: source.get(f) for f, _ in layout.input_columns(net) if f not in TEXT_FIELDS}
            if stored.get("not_reported"):  # the file lacks an interaction: the engine's row holds the reduced sum
                inputs["engagements"] = source["engagements"]
                reduced += 1
            for head, col in columns.items():
                if col.role != "kpi":
                    continue
                variant = col.variant or layout.setting(f"er_variant_{net}").value
                want = kpixl.compute(col.kpi, variant=variant, network=net, **inputs)
                same(row[head], want, f"{net} {source.get('post_id')} {head}")
                checked += 1
                if net == "x" and col.kpi == "engagement_rate":
                    x_rates.append(row[head])
    assert not [k for k in by_id if k[0] in layout.networks], "posts missing from the workbook"
    assert checked > 200
    assert reduced > 0  # posts from files without an interaction column (saves, shares…) were compared
    assert len(x_rates) == 6 and all(isinstance(v, (int, float)) for v in x_rates), x_rates
