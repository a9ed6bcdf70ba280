"""`kpixl new` option checks that need no workbook: empty --client and --networks are refused, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(("args", "fragments"), [
    (["--client", ""], ["--client is empty"]),
    (["--client", "   "], ["--client is empty"]),
    (["--client", "Acme", "--networks", ""], ["--networks lists no network", "facebook", "instagram"]),
    (["--client", "Acme", "--networks", " , "], ["--networks lists no network"]),
])
def test_new_refuses_empty_client_and_networks(tmp_path: Path, args: list[str], fragments: list[str], run_kpixl):
    out = tmp_path / "report.xlsx"
    result = run_kpixl("new", str(out), *args)
    assert result.exit_code == 1, result.output
    err = result.stderr.strip()
    assert err.startswith("Error: ") and "\n" not in err, err
    for fragment in fragments:
        assert fragment in err, err
    assert not out.exists()
