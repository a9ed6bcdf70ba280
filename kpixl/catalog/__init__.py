"""What a KPI is: the formula language, every KPI declared once, fields, post types, actions, benchmarks.

Imports nothing above it. The package is also the public `kpixl.catalog()`: calling it gives every KPI by id (a
module whose class has `__call__`), so the folder and the function kpixl has always had share one name.
"""

from __future__ import annotations

import sys
import types


class _CatalogModule(types.ModuleType):
    def __call__(self) -> dict:
        """Every KPI by id, grouped by area in the order of a social-media plan."""
        from kpixl.catalog.kpi import catalog

        return catalog()


sys.modules[__name__].__class__ = _CatalogModule
