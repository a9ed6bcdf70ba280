"""Client workbooks (`kpixl new`): one module per sheet kind, `layout` for where things live, `builder` to write.

Public entry points: `prepare(...)` validates options into a `Spec`, `build(path, spec, rows)` writes atomically,
`Layout` (see `kpixl.workbook.layout`) tells import/refresh code where tables, columns and settings are.
"""

from __future__ import annotations

from kpixl.workbook.builder import Spec, build, prepare
from kpixl.workbook.layout import Layout

__all__ = ["Layout", "Spec", "build", "prepare"]
