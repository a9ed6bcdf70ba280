"""kpixl Excel functions (installed as `kpixl_udfs`).

- `kpixl_udfs.registry.REGISTRY`: every exported function, its arguments and help (en/es), from the catalog;
- `kpixl_udfs.lite`: the functions for xlwings Lite (`from kpixl_udfs.lite import *` in main.py → `KPIXL.<NAME>`);
- `kpixl_udfs.classic`: the UDF module for the classic xlwings add-in on Windows (`KPIXL_<NAME>`);
- `kpixl_udfs.refresh_button`: the ⟳ Refresh button scripts (xlwings Lite `@script`), also exported by `lite`.
Nothing here imports numpy or pandas: the functions run in Pyodide as they are.
"""
