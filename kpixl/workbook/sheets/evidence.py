"""The Settings behind every "best" (issue 19): how many posts a best time, format or post needs, the smallest base
a biggest change may rest on, and the time zone the hours are in; read by formulas through their defined names.

A workbook written before these settings existed has no such names: its formulas then carry the default itself,
and the engine uses the same default, so cached values and recalculation still agree.
"""

from __future__ import annotations

from typing import Any

from kpixl.render.excel_formula import text_literal
from kpixl.workbook.layout import Layout

DEFAULTS: dict[str, Any] = {"min_posts_best": 5, "min_base_change": 1000, "time_zone": "UTC"}
"""Fallbacks for a layout without the setting (the templates' [settings] hold the real defaults)."""


def _setting(layout: Layout, key: str) -> Any:
    return next((s for s in layout.settings if s.key == key), None)


def value(layout: Layout, key: str) -> Any:
    """The setting's value as the engine uses it (a blank or non-number count reads as the default)."""
    found = _setting(layout, key)
    got = found.value if found is not None else None
    default = DEFAULTS[key]
    if isinstance(default, int):
        return got if isinstance(got, (int, float)) and not isinstance(got, bool) else default
    return got.strip() if isinstance(got, str) and got.strip() else default


def ref(layout: Layout, key: str) -> str:
    """The setting in a formula: its defined name, or the default for a workbook without it. A count that is not
    a number in Settings counts as the default, as `value` does."""
    default = DEFAULTS[key]
    if _setting(layout, key) is None:
        return str(default) if isinstance(default, int) else text_literal(default)
    name = layout.defined_name(key)
    if isinstance(default, int):
        return f"IF(ISNUMBER({name}),{name},{default})"
    return f'IF(TRIM({name}&"")="",{text_literal(default)},TRIM({name}&""))'
