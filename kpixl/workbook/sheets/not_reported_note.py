"""The Dashboard line that says which interactions the engagements leave out because a post's export does not
report them: "Engagements exclude interactions the exports do not have — LinkedIn: Follows (6 posts) · TikTok: Saves
(12 posts)", blank when every post of the period reports every interaction.

The engagements count an interaction a post leaves blank as not reported (0) when the post reports another one
(`kpixl.catalog.expr.ReportedSum`: LinkedIn leaves Follows blank on organic posts, TikTok has no Saves column). Per
network, two hidden helper cells on its overview row count the period's posts with engagements and a blank
interaction (`count_formula`) and name those interactions (`fields_formula`); one visible cell joins the networks'
parts (`note_formula`). Each formula has its Python twin (`*_of`) for the cached values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.catalog.kpi import NETWORK_INTERACTIONS
from kpixl.render.excel_formula import text_literal
from kpixl.text.labels import label
from kpixl.workbook.formulas.aggregates import column, in_range
from kpixl.workbook.formulas.not_reported import SEPARATOR
from kpixl.workbook.layout import Layout
from kpixl.workbook.values import TableValues

ENGAGEMENTS = "kpi:engagements"
COUNT_COLUMN, FIELDS_COLUMN = "V", "W"
"""Hidden helper columns of the Dashboard's overview rows (right of the highlights' T and U)."""
JOIN = " · "


def interactions(layout: Layout, net: str) -> tuple[tuple[str, str], ...]:
    """(field, header label) of the network's interactions its table has: what its engagements add up."""
    return tuple((f, layout.header(net, f)) for f in NETWORK_INTERACTIONS.get(net, ()) if layout.has_column(net, f))


def applies(layout: Layout, net: str) -> bool:
    """Whether the network's table has an engagements column and interactions to speak of."""
    return bool(interactions(layout, net)) and layout.has_column(net, ENGAGEMENTS)


def _blank(layout: Layout, net: str, interaction: str) -> str:
    """Array (1/0 per row): the row has no number for the interaction."""
    return f"NOT(ISNUMBER({column(layout, net, interaction)}))"


def _counted(layout: Layout, net: str, start: str, end: str) -> str:
    """Array mask: rows of the period with a number in the engagements column."""
    return f"{in_range(layout, net, start, end)}*ISNUMBER({column(layout, net, ENGAGEMENTS)})"


def count_formula(layout: Layout, net: str, start: str, end: str) -> str:
    """Posts of the period whose engagements leave out an interaction (formula, with `=`)."""
    blank = "+".join(_blank(layout, net, f) for f, _ in interactions(layout, net))
    return f"=SUMPRODUCT({_counted(layout, net, start, end)}*(({blank})>0))"


def fields_formula(layout: Layout, net: str, start: str, end: str) -> str:
    """The labels of the interactions left out on any such post, ", "-separated (formula, with `=`)."""
    mask = _counted(layout, net, start, end)
    parts = [f"IF(SUMPRODUCT({mask}*{_blank(layout, net, f)})>0,{text_literal(SEPARATOR + name)},\"\")"
             for f, name in interactions(layout, net)]
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
    labels = interactions(layout, net)
    engagements = record.numbers(net, ENGAGEMENTS)
    numbers = {f: record.numbers(net, f) for f, _ in labels}
    posts, left_out = 0, set()
    for j in record.dated(net, start, end):
        if j >= len(engagements) or math.isnan(engagements[j]):
            continue
        out = {f for f, _ in labels if _is_blank(numbers[f], j)}
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


def _is_blank(numbers: Any, j: int) -> bool:
    return j >= len(numbers) or math.isnan(numbers[j])
