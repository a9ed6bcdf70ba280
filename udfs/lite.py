"""kpixl's Excel functions for xlwings Lite: `from kpixl_udfs.lite import *` in main.py registers them all.

Excel shows them as `=KPIXL.<NAME>(…)` (namespace "kpixl"). Every data argument arrives as a 2-D range
(`ndim=2`) with error cells as text (`err_to_str=True`), so one call computes a whole column. Per-cell problems
come back as error strings ("#DIV/0!", "#VALUE!"), which xlwings Lite turns into real Excel errors; a failed call
raises, which Lite shows as #VALUE! with the reason on hover. Import-time cost: the catalog only (no numpy/pandas).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kpixl_udfs.build import make_function
from kpixl_udfs.refresh_button import refresh_from_paste, refresh_from_paste_es  # noqa: F401  (re-exported)
from kpixl_udfs.registry import REGISTRY, FunctionSpec
from xlwings import arg, func

__xlwings_func_namespace__ = "kpixl"
"""Fallback for xlwings versions that read the namespace from the function's module."""

DATA_KINDS = ("number", "date", "option")


def register(spec: FunctionSpec) -> Callable[..., Any]:
    """One spec as an xlwings Lite custom function (decorators applied to the generated function)."""
    function = make_function(spec, module=__name__, raise_errors=True)
    for param in spec.params:
        options: dict[str, Any] = {"doc": param.help.en}
        if param.kind in DATA_KINDS:
            options.update(ndim=2, err_to_str=True)
        function = arg(param.name, **options)(function)
    return func(namespace="kpixl")(function)


FUNCTIONS: dict[str, Callable[..., Any]] = {name: register(spec) for name, spec in REGISTRY.items()}
globals().update(FUNCTIONS)

SCRIPTS = ("refresh_from_paste", "refresh_from_paste_es")
"""The ⟳ Refresh button scripts (Dashboard!B2 in English workbooks, Panel!B2 in Spanish ones)."""

__all__ = [*FUNCTIONS, *SCRIPTS]
