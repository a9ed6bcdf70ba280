"""Shared fixtures of the importer tests: a fixed download date (the export fixtures folder, `exports`, is
tests/conftest.py's)."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def reference() -> dt.date:
    """The "download date" used for year-less TikTok dates."""
    return dt.date(2026, 3, 10)
