"""Run Python code in Pyodide (Node.js, fully offline) from pytest.

Set-up: ``npm install --prefix tests/pyodide`` (installs the pinned ``pyodide`` npm package). The Node script
``run.mjs`` beside this file loads Pyodide from ``node_modules/pyodide`` and refuses every network fetch.

What Pyodide offers offline: the standard library only. The npm package ships no package wheels, so numpy,
pandas, lxml, ... (listed in ``pyodide-lock.json`` but downloaded from Pyodide's CDN) cannot be loaded. Pure
``py3-none-any`` wheels from PyPI can: ``download_pure_wheels`` fetches them once (cached under the system temp
dir) and ``run_python`` / ``PyodideSession`` install them with ``pyodide.unpackArchive``.

Typical use (``from tests.pyodide import harness``)::

    def test_something():
        harness.require_pyodide()
        wheels = harness.download_pure_wheels(["openpyxl==3.1.5", "et_xmlfile==2.0.0"])
        with harness.PyodideSession(wheels) as py:
            assert py.run("import openpyxl; print(openpyxl.__version__)") == "3.1.5\\n"
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

PYODIDE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PYODIDE_DIR.parent.parent
RUN_MJS = PYODIDE_DIR / "run.mjs"
PYODIDE_PKG = PYODIDE_DIR / "node_modules" / "pyodide"
MIN_NODE_MAJOR = 18  # pyodide's own "engines" field; CI uses Node 20

# Requirements of kpixl's runtime that exist as pure wheels on PyPI (xlwings ships a py3-none-any wheel next to
# its platform wheels; pip picks it with --platform any).
PURE_RUNTIME_REQUIREMENTS = ("openpyxl", "et_xmlfile", "click", "xlwings")

DEFAULT_TIMEOUT = 180.0


class PyodideError(RuntimeError):
    """Python code failed inside Pyodide (or the runner could not start)."""

    def __init__(self, message: str, *, exit_code: int | None = None, stdout: str = "", stderr: str = "") -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


# --------------------------------------------------------------------------------------------- availability


def _node() -> str | None:
    return shutil.which("node")


def _pinned_version() -> str | None:
    try:
        return json.loads((PYODIDE_DIR / "package.json").read_text())["dependencies"]["pyodide"]
    except (OSError, KeyError, ValueError):
        return None


def pyodide_available() -> str | None:
    """Return ``None`` if Pyodide can run here, else the reason why not (for a skip or fail message)."""
    node = _node()
    if node is None:
        return "node is not on PATH (install Node.js >= 20)"
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout
        major = int(out.strip().lstrip("v").split(".")[0])
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        return f"cannot run `node --version`: {exc}"
    if major < MIN_NODE_MAJOR:
        return f"node {out.strip()} is too old: pyodide needs Node >= {MIN_NODE_MAJOR}"
    needed = ("package.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
    missing = [name for name in needed if not (PYODIDE_PKG / name).is_file()]
    if missing:
        return (
            f"the pyodide npm package is not installed ({PYODIDE_PKG} lacks {', '.join(missing)}): "
            "run `npm install --prefix tests/pyodide`"
        )
    try:
        installed = json.loads((PYODIDE_PKG / "package.json").read_text())["version"]
    except (OSError, KeyError, ValueError) as exc:
        return f"cannot read {PYODIDE_PKG / 'package.json'}: {exc}"
    pinned = _pinned_version()
    if pinned and installed != pinned:
        return f"pyodide {installed} is installed but {pinned} is pinned: run `npm install --prefix tests/pyodide`"
    return None


def require_pyodide() -> None:
    """Skip the calling test if Pyodide cannot run here; in CI (``CI=true``) fail it instead."""
    from tests.tools import tool_missing

    reason = pyodide_available()
    if reason is None:
        return
    tool_missing(f"Pyodide unavailable: {reason}", ci_message=f"Pyodide is required in CI but unavailable: {reason}")


def pyodide_python_version() -> str:
    """The ``X.Y`` Python version of the installed (or pinned) Pyodide, e.g. ``"3.14"``."""
    try:
        full = json.loads((PYODIDE_PKG / "pyodide-lock.json").read_text())["info"]["python"]
        return ".".join(full.split(".")[:2])
    except (OSError, KeyError, ValueError):
        return "3.14"  # pyodide 314.x


# --------------------------------------------------------------------------------------------- wheels


def wheel_cache_dir() -> Path:
    """Where downloaded wheels are kept between test runs (``$KPIXL_WHEEL_CACHE`` overrides)."""
    override = os.environ.get("KPIXL_WHEEL_CACHE")
    path = Path(override) if override else Path(tempfile.gettempdir()) / "kpixl-pyodide-wheels"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cache_key(requirement: str, python_version: str) -> str:
    key = re.sub(r"[^A-Za-z0-9._-]+", "_", requirement.strip().lower()).strip("_")
    return f"py{python_version}-{key}"


def _is_pure(wheel: Path) -> bool:
    return wheel.name.endswith("-none-any.whl")


def download_pure_wheels(
    requirements: Iterable[str], out_dir: str | os.PathLike[str] | None = None, *, python_version: str | None = None
) -> list[Path]:
    """Download one pure ``*-none-any.whl`` per requirement (no dependencies) and return their paths.

    Each requirement is cached in ``wheel_cache_dir()/py<ver>-<requirement>/``, so only the first run needs
    PyPI; pin versions (``"openpyxl==3.1.5"``) for reproducible runs, or delete the cache to refresh unpinned
    ones. With ``out_dir`` the wheels are also copied there and those copies are returned. Raises
    ``PyodideError`` if a requirement has no pure wheel or pip fails.
    """
    python_version = python_version or pyodide_python_version()
    cache = wheel_cache_dir()
    result: list[Path] = []
    for requirement in requirements:
        entry = cache / _cache_key(requirement, python_version)
        wheels = sorted(entry.glob("*.whl")) if entry.is_dir() else []
        if not wheels:
            tmp = Path(tempfile.mkdtemp(prefix=".dl-", dir=cache))
            try:
                cmd = [
                    sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                    "--no-deps", "--only-binary=:all:", "--platform", "any", "--implementation", "py",
                    "--abi", "none", "--python-version", python_version, "--dest", str(tmp), requirement,
                ]  # fmt: skip
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
                wheels = sorted(tmp.glob("*.whl"))
                if proc.returncode != 0 or not wheels:
                    raise PyodideError(
                        f"pip could not download a pure wheel for {requirement!r} "
                        f"(exit {proc.returncode}):\n{proc.stderr.strip()}",
                        exit_code=proc.returncode, stdout=proc.stdout, stderr=proc.stderr,
                    )  # fmt: skip
                impure = [w.name for w in wheels if not _is_pure(w)]
                if impure:
                    raise PyodideError(f"{requirement!r} has no pure-Python wheel: got {impure}")
                try:
                    tmp.rename(entry)  # atomic: concurrent runs either win or find the other's entry
                except OSError:
                    if not any(entry.glob("*.whl")):
                        raise
                wheels = sorted(entry.glob("*.whl"))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        result.extend(wheels)
    if out_dir is None:
        return result
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    copies = []
    for wheel in result:
        target = out / wheel.name
        shutil.copy2(wheel, target)
        copies.append(target)
    return copies


BUILD_IGNORE = shutil.ignore_patterns(
    ".git", "node_modules", "build", "dist", "*.egg-info", "__pycache__", ".venv", ".pytest_cache", ".ruff_cache"
)


def build_wheel(project_dir: str | os.PathLike[str] = REPO_ROOT, out_dir: str | os.PathLike[str] | None = None) -> Path:
    """Build the project's wheel (no dependencies) and return its path.

    The source is copied to a temporary directory first, so the build leaves no ``build/`` or ``*.egg-info``
    in the work tree and concurrent builds do not collide. Uses ``pip wheel --no-deps`` with pip's build
    isolation: the build backend (setuptools>=68, wheel) comes from PyPI or pip's cache.
    """
    project = Path(project_dir).resolve()
    out = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="kpixl-wheel-"))
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kpixl-build-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(project, src, ignore=BUILD_IGNORE)
        dist = Path(tmp) / "dist"
        cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
               "--wheel-dir", str(dist), str(src)]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        wheels = sorted(dist.glob("*.whl"))
        if proc.returncode != 0 or len(wheels) != 1:
            raise PyodideError(
                f"building the wheel of {project} failed (exit {proc.returncode}):\n{proc.stderr.strip()}",
                exit_code=proc.returncode, stdout=proc.stdout, stderr=proc.stderr,
            )  # fmt: skip
        target = out / wheels[0].name
        shutil.copy2(wheels[0], target)
    return target


# --------------------------------------------------------------------------------------------- running


def _runner_args(wheels: Sequence[str | os.PathLike[str]], packages: Sequence[str]) -> list[str]:
    node = _node()
    if node is None:
        raise PyodideError("node is not on PATH")
    args = [node, str(RUN_MJS)]
    for pkg in packages:
        args += ["--package", str(pkg)]
    for wheel in wheels:
        args += ["--wheel", str(Path(wheel).resolve())]
    return args


def run_python(
    code: str,
    wheels: Sequence[str | os.PathLike[str]] = (),
    *,
    packages: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Run ``code`` in a fresh Pyodide (one Node process, about 2 s) and return its stdout.

    ``wheels`` are pure-Python wheel files to install first; ``packages`` are names or local wheel paths for
    ``pyodide.loadPackage`` (only what exists offline). Raises ``PyodideError`` (message: stderr, i.e. the
    Python traceback) if the code raises, calls ``sys.exit(non-zero)`` or the runner fails.
    """
    cmd = [*_runner_args(wheels, packages), "-"]
    try:
        proc = subprocess.run(
            cmd, input=code, capture_output=True, text=True, encoding="utf-8", timeout=timeout, cwd=PYODIDE_DIR
        )
    except subprocess.TimeoutExpired as exc:
        raise PyodideError(f"Pyodide run timed out after {timeout} s") from exc
    if proc.returncode != 0:
        raise PyodideError(
            f"Python in Pyodide failed (exit {proc.returncode}):\n{proc.stderr.rstrip()}",
            exit_code=proc.returncode, stdout=proc.stdout, stderr=proc.stderr,
        )  # fmt: skip
    return proc.stdout


class PyodideSession:
    """One long-lived Pyodide (``run.mjs --serve``) for running many snippets without reloading (~2 s saved each).

    Snippets share the interpreter (imported modules, installed wheels) but each gets fresh globals.
    Use as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        wheels: Sequence[str | os.PathLike[str]] = (),
        *,
        packages: Sequence[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.timeout = timeout
        self._proc = subprocess.Popen(
            [*_runner_args(wheels, packages), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", cwd=PYODIDE_DIR,
        )  # fmt: skip
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        threading.Thread(target=self._pump, args=(self._proc.stdout, self._lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self._proc.stderr, self._stderr.append), daemon=True).start()
        hello = self._read_reply()
        self.load_ms: int | None = hello.get("load_ms")

    @staticmethod
    def _pump(stream, sink) -> None:
        for line in stream:
            sink(line)
        sink(None)

    def _read_reply(self) -> dict:
        try:
            line = self._lines.get(timeout=self.timeout)
        except queue.Empty:
            self.close()
            raise PyodideError(f"no answer from Pyodide within {self.timeout} s") from None
        if line is None:
            self._proc.wait(timeout=30)
            stderr = "".join(s for s in self._stderr if s)
            raise PyodideError(
                f"the Pyodide runner exited (code {self._proc.returncode}):\n{stderr.rstrip()}",
                exit_code=self._proc.returncode, stderr=stderr,
            )  # fmt: skip
        return json.loads(line)

    def run(self, code: str, *, filename: str = "<snippet>") -> str:
        """Run ``code`` and return its stdout; raise ``PyodideError`` with the traceback if it fails."""
        if self._proc.poll() is not None:
            raise PyodideError("the Pyodide session is closed")
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps({"code": code, "filename": filename}) + "\n")
        self._proc.stdin.flush()
        reply = self._read_reply()
        if not reply["ok"]:
            raise PyodideError(
                f"Python in Pyodide failed (exit {reply['exit_code']}):\n{reply['stderr'].rstrip()}",
                exit_code=reply["exit_code"], stdout=reply["stdout"], stderr=reply["stderr"],
            )  # fmt: skip
        return reply["stdout"]

    def close(self) -> None:
        if self._proc.poll() is None:
            try:
                if self._proc.stdin:
                    self._proc.stdin.close()
                self._proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()

    def __enter__(self) -> PyodideSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
