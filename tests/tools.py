"""The one rule for tests that need an outside tool: skip here with the reason, fail in CI (CI=true)."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """True when the CI variable says so (`.ci/run` sets CI=true)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def tool_missing(message: str, *, ci_message: str | None = None) -> NoReturn:
    """Skip the calling test with `message`, or fail it (with `ci_message` if given) in CI, where none may skip."""
    if in_ci():
        pytest.fail(ci_message or message, pytrace=False)
    pytest.skip(message)
