# kpixl for xlwings Lite: paste this file as main.py (and requirements.txt beside it).
# Every kpixl function appears as =KPIXL.<NAME>(...), e.g. =KPIXL.ENGAGEMENT_RATE(B2:B100, C2:C100)
# and =KPIXL.KPIS() for the list. Add your own @func/@script functions below if you like.
from kpixl_udfs.lite import *  # noqa: F403
