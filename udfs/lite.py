"""kpixl's Excel functions for xlwings Lite: `from kpixl_udfs.lite import *` in main.py registers them all.

Excel shows them as `=KPIXL.<NAME>(…)` (namespace "kpixl"). Every argument — data, settings, options, text —
arrives as a 2-D range (`ndim=2`) with error cells as text (`err_to_str=True`), so one call computes a whole
column, a setting given as a range applies per row, and an error cell gives an error instead of a silent default.
Per-cell problems come back as error strings ("#DIV/0!", "#VALUE!"), which xlwings Lite turns into real Excel
errors where Excel has CustomFunctionsRuntime 1.4 (Microsoft 365; Office 2021/2024 show them as text); a failed
call raises, which Lite shows as #VALUE! with the reason on hover. Import-time cost: the catalog only.
The ⟳ Refresh button is not here: each workbook's main.py binds one (`kpixl_udfs.refresh_button.refresh_button`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kpixl_udfs.build import ARGUMENT_OPTIONS, make_function
from kpixl_udfs.registry import REGISTRY, FunctionSpec
from xlwings import arg, func

__xlwings_func_namespace__ = "kpixl"
"""Fallback for xlwings versions that read the namespace from the function's module."""

def register(spec: FunctionSpec) -> Callable[..., Any]:
    """One spec as an xlwings Lite custom function (decorators applied to the generated function)."""
    function = make_function(spec, module=__name__, raise_errors=True)
    for param in spec.params:
        function = arg(param.name, doc=param.help.en, **ARGUMENT_OPTIONS)(function)
    return func(namespace="kpixl")(function)


FUNCTIONS: dict[str, Callable[..., Any]] = {name: register(spec) for name, spec in REGISTRY.items()}
globals().update(FUNCTIONS)

__all__ = list(FUNCTIONS)
