"""kpixl's Excel functions for the classic xlwings add-in (Windows): set `UDF Modules` to `kpixl_udfs.classic`.

Excel shows them as `=KPIXL_<NAME>(…)` (VBA allows no namespaces). Classic xlwings cannot return real error
cells (xlwings issue #776): errors come back as text ("#DIV/0!", "#VALUE!", "#VALUE! <reason>" for a failed call)
instead of a traceback. KPIXL_KPIS uses `expand="table"` so it also spills in Excel without dynamic arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw
from kpixl_udfs.build import make_function
from kpixl_udfs.registry import REGISTRY, FunctionSpec

DATA_KINDS = ("number", "date", "option")
DOC_LIMIT = 255  # Excel's MacroOptions limit for descriptions


def register(spec: FunctionSpec) -> Callable[..., Any]:
    """One spec as a classic xlwings UDF named KPIXL_<NAME>."""
    function = make_function(spec, module=__name__, raise_errors=False, classic=True)
    for param in spec.params:
        options: dict[str, Any] = {"doc": param.help.en[:DOC_LIMIT]}
        if param.kind in DATA_KINDS:
            options.update(ndim=2, err_to_str=True)
        function = xw.arg(param.classic_name, **options)(function)
    if spec.kind == "catalog":
        function = xw.ret(expand="table")(function)
    return xw.func(category="kpixl")(function)


FUNCTIONS: dict[str, Callable[..., Any]] = {spec.classic_name: register(spec) for spec in REGISTRY.values()}
globals().update(FUNCTIONS)

__all__ = list(FUNCTIONS)
