"""The Dashboard line that says which interactions the engagements leave out because an export does not have them:
"Engagements exclude interactions the exports do not have — TikTok: Saves (12 posts) · YouTube: Comments, Shares
(8 posts)", blank when no post of the period lists any.

Per network, two hidden helper cells on its overview row count the period's posts whose engagements count a listed,
blank interaction as 0 (`count_formula`) and name those interactions (`fields_formula`); one visible cell joins the
networks' parts (`note_formula`). Each formula has its Python twin (`*_of`) for the cached values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.text.labels import label
from kpixl.workbook.formulas.aggregates import column, in_range
from kpixl.workbook.formulas.not_reported import FIELD, SEPARATOR, excel_lists, listable, lists
from kpixl.workbook.layout import Layout
from kpixl.workbook.values import TableValues

ENGAGEMENTS = "kpi:engagements"
COUNT_COLUMN, FIELDS_COLUMN = "V", "W"
"""Hidden helper columns of the Dashboard's overview rows (right of the highlights' T and U)."""
JOIN = " · "


def applies(layout: Layout, net: str) -> bool:
    """Whether the network's table has a Not-in-export column and an engagements column to speak of."""
    return bool(listable(layout, net)) and layout.has_column(net, ENGAGEMENTS)


def _listed_blank(layout: Layout, net: str, interaction: str, interaction_label: str) -> str:
    """Array (1/0 per row): the row lists the interaction and has no number for it."""
    listed = excel_lists(column(layout, net, FIELD), interaction_label)
    return f"{listed}*NOT(ISNUMBER({column(layout, net, interaction)}))"


def _counted(layout: Layout, net: str, start: str, end: str) -> str:
    """Array mask: rows of the period with a number in the engagements column."""
    return f"{in_range(layout, net, start, end)}*ISNUMBER({column(layout, net, ENGAGEMENTS)})"


def count_formula(layout: Layout, net: str, start: str, end: str) -> str:
    """Posts of the period whose engagements leave out a listed interaction (formula, with `=`)."""
    listed = "+".join(_listed_blank(layout, net, f, name) for f, name in listable(layout, net))
    return f"=SUMPRODUCT({_counted(layout, net, start, end)}*(({listed})>0))"


def fields_formula(layout: Layout, net: str, start: str, end: str) -> str:
    """The labels of the interactions left out on any such post, ", "-separated (formula, with `=`)."""
    mask = _counted(layout, net, start, end)
    parts = [f"IF(SUMPRODUCT({mask}*{_listed_blank(layout, net, f, name)})>0,{text_literal(SEPARATOR + name)},\"\")"
             for f, name in listable(layout, net)]
    return f"=MID({'&'.join(parts)},{len(SEPARATOR) + 1},1000)"


def note_formula(layout: Layout, helper_rows: Sequence[tuple[str, int]]) -> str:
    """The visible line: each network's part where its count is above 0, joined; blank when none (with `=`)."""
    lang = layout.lang
    parts = []
    for net, row in helper_rows:
        count, fields = f"{COUNT_COLUMN}{row}", f"{FIELDS_COLUMN}{row}"
        posts = f"IF({count}=1,{text_literal(label('wb_post_one', lang))},{text_literal(label('wb_post_many', lang))})"
        pieces = {"network": text_literal(NETWORK_NAMES[net]), "count": count, "posts": posts, "fields": fields}
        part = _rendered(label("wb_not_reported_network", lang), pieces)
        parts.append(f"IF({count}>0,{text_literal(JOIN)}&{part},\"\")")
    joined = f"MID({'&'.join(parts)},{len(JOIN) + 1},2000)"
    any_count = "+".join(f"{COUNT_COLUMN}{row}" for _, row in helper_rows)
    return f'=IF({any_count}=0,"",{_rendered(label("wb_not_reported_note", lang), {"networks": joined})})'


def _rendered(template: str, pieces: dict[str, str]) -> str:
    """A label with {placeholders} as an Excel text expression: literal runs and the given expressions, joined by &."""
    out = []
    for i, piece in enumerate(re.split(r"\{(\w+)\}", template)):
        if i % 2:
            out.append(pieces[piece])
        elif piece:
            out.append(text_literal(piece))
    return "&".join(out)


# -- the same figures from the recorded table values (`kpixl.workbook.values`), for the cached values ------------------
def gaps_of(layout: Layout, record: TableValues, net: str, start: float, end: float) -> tuple[int, str]:
    """What `count_formula` and `fields_formula` give: (posts, labels)."""
    labels = listable(layout, net)
    texts = record.texts(net, FIELD)
    engagements = record.numbers(net, ENGAGEMENTS)
    numbers = {f: record.numbers(net, f) for f, _ in labels}
    posts, left_out = 0, set()
    for j in record.dated(net, start, end):
        if j >= len(engagements) or math.isnan(engagements[j]):
            continue
        text = texts[j] if j < len(texts) and texts[j] is not None else ""
        out = {f for f, name in labels if lists(text, name) and _blank(numbers[f], j)}
        posts += bool(out)
        left_out |= out
    return posts, SEPARATOR.join(name for f, name in labels if f in left_out)


def note_of(layout: Layout, gaps: Sequence[tuple[str, tuple[int, str]]]) -> str:
    """What `note_formula` gives for each network's (posts, labels)."""
    lang = layout.lang
    parts = [label("wb_not_reported_network", lang).format(
        network=NETWORK_NAMES[net], count=count, fields=fields,
        posts=label("wb_post_one" if count == 1 else "wb_post_many", lang)) for net, (count, fields) in gaps if count]
    return label("wb_not_reported_note", lang).format(networks=JOIN.join(parts)) if parts else ""


def _blank(numbers: Any, j: int) -> bool:
    return j >= len(numbers) or math.isnan(numbers[j])
