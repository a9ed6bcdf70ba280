"""Fixtures for import/refresh tests: small kpixl workbooks (the export fixtures are tests/conftest.py's `exports`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kpixl.workbook import build, prepare

PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
NETWORKS = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube")


def make_workbook(path: Path, *, lang: str = "en", networks: tuple[str, ...] = NETWORKS, lite: bool = True) -> Path:
    """An empty kpixl workbook (what `kpixl new` writes without --sample; `lite=False`: `--no-lite`)."""
    spec = prepare(template="social", client="Acme", networks=networks, period=PERIOD, lang=lang)
    return build(path, spec, lite=lite)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return make_workbook(tmp_path / "report.xlsx")


@pytest.fixture
def make_kpixl_workbook():
    """The workbook factory itself, for tests that need another language or network set."""
    return make_workbook
