"""Run a workbook's main.py through xlwings' own Lite dispatcher (`xlwings.server`), in CPython or in Pyodide.

Standard library and xlwings only: the same file runs in a CPython subprocess and inside the offline Pyodide
harness. `xlwings.server` and `xlwings.pro` are under the PolyForm Noncommercial licence: tests only, never
imported by kpixl itself. The request (JSON) holds `main_py` (the code, as the workbook carries it), `calls`
(custom-function bodies as Office.js sends them) and `scripts` (script name and the remote book's JSON); the
answer holds the functions' and scripts' metadata, each call's result (or the error xlwings reports) and each
script's queued actions and printed output.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import types

os.environ["XLWINGS_ON_SERVER"] = "true"  # what xlwings Lite's runtime sets: func/script bind to the Office.js side
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")


def load_main(code: str) -> types.ModuleType:
    """Execute main.py as the module `main`, as xlwings Lite does."""
    module = types.ModuleType("main")
    module.__file__ = "main.py"
    sys.modules["main"] = module
    exec(compile(code, "main.py", "exec"), module.__dict__)
    return module


async def dispatch(request: dict) -> dict:
    import xlwings as xw
    import xlwings.server as server

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main = load_main(request["main_py"])
    answer: dict = {
        "xlwings": xw.__version__,
        "functions": server.custom_functions_meta(main),
        "scripts": server.custom_scripts_meta(main),
        "calls": [],
        "runs": [],
        "modules": {name: getattr(sys.modules.get(name), "__file__", None) for name in ("kpixl", "kpixl_udfs")},
        "load_output": printed.getvalue(),
    }
    for body in request.get("calls", []):
        try:
            result = await server.custom_functions_call(body, module=main, typehint_to_value={server.Caller: None})
            answer["calls"].append({"result": result})
        except Exception as exc:  # xlwings Lite shows this as #VALUE! with the message on hover
            answer["calls"].append({"error": f"{type(exc).__name__}: {exc}"})
    for run in request.get("scripts", []):
        book = xw.Book(json=run["book"])
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                await server.custom_scripts_call(module=main, script_name=run["name"],
                                                 typehint_to_value={xw.Book: book}, args=[])
            answer["runs"].append({"actions": book.json()["actions"], "printed": out.getvalue()})
        except Exception as exc:
            answer["runs"].append({"error": f"{type(exc).__name__}: {exc}", "printed": out.getvalue()})
    return answer


if __name__ == "__main__":
    import asyncio

    request = json.load(sys.stdin)
    print(json.dumps(asyncio.run(dispatch(request)), default=str))
