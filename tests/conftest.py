"""Fixtures every test folder shares: `kpixl …` run in-process (`run_kpixl`) and the folder of export fixtures
(`exports`).

`run_kpixl("import", book, export)` runs the `kpixl` command line (`kpixl.cli.main`) through click's CliRunner and
returns click's Result: `exit_code`, `output` (standard output and standard error as a terminal shows them) and
`stderr` alone. Arguments may be paths or numbers (each is passed as text). An exception kpixl does not turn into an
exit code propagates with its traceback (`catch_exceptions=True` to get it as `result.exception`); `env` sets or, with
None, unsets variables such as KPIXL_LANG for the run. `run_kpixl.output_of(…)` is for runs that must succeed: it
fails the test with kpixl's output unless the exit code is 0, and returns the output.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kpixl.cli import main

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
"""The hand-made export fixtures (made by tests/fixtures/exports/make_fixtures.py)."""


class KpixlRunner:
    """The `kpixl` command line, run in-process."""

    def __call__(self, *args: object, env: Mapping[str, str | None] | None = None,
                 catch_exceptions: bool = False) -> Result:
        return CliRunner().invoke(main, [str(arg) for arg in args], env=env, catch_exceptions=catch_exceptions)

    def output_of(self, *args: object, env: Mapping[str, str | None] | None = None) -> str:
        """The output of a run that must succeed (exit code 0)."""
        result = self(*args, env=env)
        assert result.exit_code == 0, result.output
        return result.output


@pytest.fixture(scope="session")
def run_kpixl() -> KpixlRunner:
    """`kpixl ARGS…` in-process: `run_kpixl(*args)` → click's Result; `run_kpixl.output_of(*args)` → the output of a
    run that must succeed."""
    return KpixlRunner()


@pytest.fixture
def exports() -> Path:
    """The folder of hand-made export fixtures (tests/fixtures/exports)."""
    return EXPORTS
