"""Turn registry specs into plain Python functions with real signatures and docstrings (no xlwings here).

Each function binds its arguments by name, runs `kpixl_udfs.evaluate.call` and handles a failed call in the
front end's way: `raise_errors=True` lets `UdfInputError` propagate (xlwings Lite shows #VALUE! with the message
on hover), `False` returns the text "#VALUE! <reason>" (classic xlwings would otherwise print a traceback).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from kpixl_udfs.evaluate import UdfInputError, call
from kpixl_udfs.excel_values import BAD_INPUT
from kpixl_udfs.registry import FunctionSpec

ARGUMENT_OPTIONS: dict[str, Any] = {"ndim": 2, "err_to_str": True}
"""How xlwings converts every argument, in Lite and classic: a 2-D list, error cells as their text ("#REF!")."""


def signature(spec: FunctionSpec, *, classic: bool = False) -> inspect.Signature:
    """Positional-or-keyword parameters (xlwings refuses keyword-only ones), required first."""
    return inspect.Signature([
        inspect.Parameter(p.classic_name if classic else p.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          default=inspect.Parameter.empty if p.required else p.default)
        for p in spec.params
    ])


def make_function(spec: FunctionSpec, *, module: str, raise_errors: bool, classic: bool = False) -> Callable[..., Any]:
    """A function for one spec, named `spec.name` (Lite) or `spec.classic_name` (classic)."""
    sig = signature(spec, classic=classic)
    names = [(p.name, p.classic_name if classic else p.name) for p in spec.params]

    def function(*args: Any, **kwargs: Any) -> Any:
        bound = sig.bind(*args, **kwargs)
        bound.apply_defaults()
        values = {name: bound.arguments[shown] for name, shown in names}
        try:
            return call(spec, values)
        except UdfInputError as exc:
            if raise_errors:
                raise
            return f"{BAD_INPUT} {exc}"
        except Exception as exc:  # a bug must not print a traceback into a classic cell
            if raise_errors:
                raise
            return f"{BAD_INPUT} {type(exc).__name__}: {exc}"

    function.__name__ = function.__qualname__ = spec.classic_name if classic else spec.name
    function.__doc__ = spec.help.en
    function.__module__ = module
    function.__signature__ = sig  # type: ignore[attr-defined]
    function.__annotations__ = {}
    function.kpixl_spec = spec  # type: ignore[attr-defined]
    return function
