# kpixl for xlwings Lite, for when kpixl is on PyPI (it is not yet: see README.md beside this file). Until then,
# use the main.py every `kpixl new` workbook carries, or write a self-contained one with `kpixl excel lite DIR`.
# Every kpixl function appears as =KPIXL.<NAME>(...), e.g. =KPIXL.ENGAGEMENT_RATE(B2:B100, C2:C100);
# =KPIXL.KPIS() lists them. Add your own @func / @script code at the end.
from kpixl_udfs.lite import *  # noqa: F403
from kpixl_udfs.refresh_button import refresh_button

kpixl_refresh = refresh_button("Dashboard")  # ⟳ Dashboard!B2 (a Spanish workbook: refresh_button("Panel"))
