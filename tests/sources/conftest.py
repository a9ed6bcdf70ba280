"""Shared fixtures of the importer tests: the fixture folder and a fixed download date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest


@pytest.fixture
def exports() -> Path:
    """The folder of hand-made export fixtures (tests/fixtures/exports, made by make_fixtures.py)."""
    return Path(__file__).resolve().parents[1] / "fixtures" / "exports"


@pytest.fixture
def reference() -> dt.date:
    """The "download date" used for year-less TikTok dates."""
    return dt.date(2026, 3, 10)
