"""kpixl's Excel functions for the classic xlwings add-in (Windows): set `UDF Modules` to `kpixl_udfs.classic`.

Excel shows them as `=KPIXL_<NAME>(…)` (VBA allows no namespaces). Every argument arrives as a 2-D range with
error cells as text, as in xlwings Lite (`kpixl_udfs.lite`). Classic xlwings cannot return real error cells
(xlwings issue #776): errors come back as text ("#DIV/0!", "#VALUE!", "#VALUE! <reason>" for a failed call)
instead of a traceback. No result uses xlwings' legacy `expand="table"` resizing, which overwrites the cells
beside it without warning: Excel with dynamic arrays (Microsoft 365, Excel 2021+) spills KPIXL_KPIS and column
results and shows #SPILL! when cells are in the way; older Excel needs them entered as array formulas
(select the output range, type the formula, Ctrl+Shift+Enter).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw
from kpixl_udfs.build import ARGUMENT_OPTIONS, make_function
from kpixl_udfs.registry import REGISTRY, FunctionSpec

DOC_LIMIT = 255  # Excel's MacroOptions limit for descriptions


def register(spec: FunctionSpec) -> Callable[..., Any]:
    """One spec as a classic xlwings UDF named KPIXL_<NAME>."""
    function = make_function(spec, module=__name__, raise_errors=False, classic=True)
    for param in spec.params:
        function = xw.arg(param.classic_name, doc=param.help.en[:DOC_LIMIT], **ARGUMENT_OPTIONS)(function)
    return xw.func(category="kpixl")(function)


FUNCTIONS: dict[str, Callable[..., Any]] = {spec.classic_name: register(spec) for spec in REGISTRY.values()}
globals().update(FUNCTIONS)

__all__ = list(FUNCTIONS)
