"""Highlights in words at the top of the Dashboard: the best post, the biggest move, the goals needing attention and
the best format and time, each a formula that writes a sentence in the workbook's language, so it stays live.

A sentence is a label with {placeholders} (`SENTENCES`); `formula` renders it as Excel text concatenation and
`text` as the engine's string, so both read the same. Numbers go through FIXED (the reader's separators), dates
through DAY, a month name and YEAR (never TEXT, whose format codes change with the reader's locale).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence

from kpixl.excel_formula import text_literal
from kpixl.goals import Goal
from kpixl.workbook.layout import Layout
from kpixl.workbook.trends_sheet import FORMAT_LABELS

SENTENCES = {
    "best_post": ("Best post: {network} {type} of {date}, with {engagements} engagements and a {rate} engagement "
                  "rate.",
                  "Mejor publicación: {type} de {network} del {date}, con {engagements} interacciones y una tasa "
                  "de interacción del {rate}."),
    "no_post": ("No posts in the report period yet: import the exports or check the period in Settings.",
                "Aún no hay publicaciones en el periodo del informe: importa las exportaciones o revisa el periodo "
                "en Configuración."),
    "move": ("Biggest move: {kpi} on {network}, {move} against the previous period ({previous} → {value}).",
             "Mayor cambio: {kpi} en {network}, {move} frente al periodo anterior ({previous} → {value})."),
    "no_move": ("No change to report yet: the previous period has no data.",
                "Aún no hay cambios que contar: el periodo anterior no tiene datos."),
    "goals_bad": ("Goals needing attention: {goals}.", "Objetivos que requieren atención: {goals}."),
    "goals_ok": ("Goals: none at risk, behind or missed.", "Objetivos: ninguno en riesgo, retrasado ni sin alcanzar."),
    "best_time": ("Best format: {format} (median engagement rate {rate}); best time to post: {day}, {hours} h.",
                  "Mejor formato: {format} (tasa de interacción mediana del {rate}); mejor momento para publicar: "
                  "{day}, de {hours} h."),
    "up": ("up", "sube"),
    "down": ("down", "baja"),
}
MONTH_NAMES = {"en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
               "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")}


def words(key: str, lang: str) -> str:
    en, es = SENTENCES[key]
    return es if lang == "es" else en


def formula(key: str, lang: str, parts: Mapping[str, str]) -> str:
    """A sentence as an Excel expression: literal chunks joined with & to the parts' expressions."""
    pieces = re.split(r"\{(\w+)\}", words(key, lang))
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(f"({parts[piece]})")
        elif piece:
            out.append(text_literal(piece))
    return "&".join(out) or '""'


def text(key: str, lang: str, parts: Mapping[str, str]) -> str:
    """The engine's sentence."""
    return words(key, lang).format(**parts)


# -- formatting, as formulas and as Python (LibreOffice and Excel in an English locale: 1,234.56) ---------------
def count_formula(ref: str) -> str:
    return f"FIXED({ref},0)"


def count_text(value: float) -> str:
    return f"{value:,.0f}"


def rate_formula(ref: str) -> str:
    return f'FIXED({ref}*100,2)&" %"'


def rate_text(value: float) -> str:
    return f"{value * 100:,.2f} %"


def date_formula(ref: str, lang: str) -> str:
    names = ",".join(text_literal(m) for m in MONTH_NAMES[lang])
    return f'DAY({ref})&" "&CHOOSE(MONTH({ref}),{names})&" "&YEAR({ref})'


def date_text(value: dt.date, lang: str) -> str:
    return f"{value.day} {MONTH_NAMES[lang][value.month - 1]} {value.year}"


def format_name_formula(ref: str, lang: str, kinds: Sequence[str] = tuple(FORMAT_LABELS)) -> str:
    """A post type in the workbook's language (the raw value when unknown), lower case as in a sentence."""
    ids = "{" + ",".join(text_literal(k) for k in kinds) + "}"
    names = "{" + ",".join(text_literal(format_name_text(k, lang)) for k in kinds) + "}"
    return f"IFERROR(INDEX({names},MATCH({ref},{ids},0)),{ref})"


def format_name_text(kind: str | None, lang: str) -> str:
    if not kind:
        return ""
    found = FORMAT_LABELS.get(kind.lower())
    if found is None:
        return kind
    return found[1 if lang == "es" else 0].lower()


def move_formula(change: str, fraction: bool, lang: str) -> str:
    """'up 0.56 pp' / 'down 55.9 %' from a Dashboard change cell."""
    size = f'FIXED(ABS({change}),2)&" pp"' if fraction else f'FIXED(ABS({change})*100,1)&" %"'
    return f'IF({change}>=0,{text_literal(words("up", lang))},{text_literal(words("down", lang))})&" "&{size}'


def move_text(change: float, fraction: bool, lang: str) -> str:
    size = f"{abs(change):,.2f} pp" if fraction else f"{abs(change) * 100:,.1f} %"
    return f"{words('up' if change >= 0 else 'down', lang)} {size}"


def value_formula(ref: str, unit: str, currency: str) -> str:
    """A KPI value in a sentence: rates as 3.58 %, money with the currency code, counts whole."""
    if unit == "fraction":
        return rate_formula(ref)
    if unit == "currency":
        return f'FIXED({ref},2)&" {currency}"'
    return f"FIXED({ref},{0 if unit in ('count', 'duration') else 2})"


def value_text(value: float, unit: str, currency: str) -> str:
    if unit == "fraction":
        return rate_text(value)
    if unit == "currency":
        return f"{value:,.2f} {currency}"
    return f"{value:,.{0 if unit in ('count', 'duration') else 2}f}"


# -- the Dashboard's sentences --------------------------------------------------------------------------------------
HELPER = "T"  # hidden helper column on the Dashboard: the biggest move's row, the goals list, the best slot
MOVE_HELPER = "U"  # hidden per-KPI-row columns: relative change (T) and the move in words (U)


def _sheet(layout: Layout, kind: str) -> str:
    from kpixl.workbook.settings_sheet import quoted

    return quoted(layout.sheet_name(kind))


def best_post(layout: Layout) -> str:
    """Sentence 1, from the Top posts sheet's overall best post by engagements."""
    from kpixl.workbook.top_posts_sheet import networks

    lang = layout.lang
    if not networks(layout):  # no table with engagements and a rate: nothing to rank
        return '=""'
    top = layout.dashboard["top_posts"]["overall"]["left"][0]
    sheet = _sheet(layout, "posts")
    ref = {key: f"{sheet}!{address}" for key, address in top.items()}
    parts = {"network": ref["network"], "type": format_name_formula(ref["type"], lang),
             "date": date_formula(ref["date"], lang), "engagements": count_formula(ref["first"]),
             "rate": f'IF({ref["second"]}="","–",{rate_formula(ref["second"])})'}
    return (f'=IF({ref["first"]}="",{text_literal(words("no_post", lang))},'
            f'{formula("best_post", lang, parts)})')


def biggest_move(layout: Layout, rows: Sequence[int], helper_row: int, currency: str,
                 units: Sequence[str]) -> tuple[str, str]:
    """(sentence, helper array formula): the KPI row with the largest relative change (hidden column T)."""
    lang = layout.lang
    if not rows:
        return f"={text_literal(words('no_move', lang))}", '=""'
    span = f"$T${rows[0]}:$T${rows[-1]}"
    helper = f'=IFERROR(MATCH(MAX(IF(ISNUMBER({span}),ABS({span}),"")),IF(ISNUMBER({span}),ABS({span}),""),0),"")'
    idx = f"{HELPER}{helper_row}"

    def pick(col: str) -> str:
        return f"INDEX(${col}${rows[0]}:${col}${rows[-1]},{idx})"

    value = _by_unit(rows, units, "C", idx, currency)
    previous = _by_unit(rows, units, "D", idx, currency)
    parts = {"kpi": pick("B"), "network": pick("A"), "move": pick(MOVE_HELPER), "previous": previous,
             "value": value}
    return (f'=IF({idx}="",{text_literal(words("no_move", lang))},{formula("move", lang, parts)})', helper)


def _by_unit(rows: Sequence[int], units: Sequence[str], col: str, idx: str, currency: str) -> str:
    """A KPI cell chosen by row number, formatted for its own unit (rates, money and counts differ)."""
    cell = f"INDEX(${col}${rows[0]}:${col}${rows[-1]},{idx})"
    kinds = sorted(set(units))
    if len(kinds) == 1:
        return value_formula(cell, kinds[0], currency)
    unit_of = "CHOOSE(" + idx + "," + ",".join(str(kinds.index(u) + 1) for u in units) + ")"
    return "CHOOSE(" + unit_of + "," + ",".join(value_formula(cell, u, currency) for u in kinds) + ")"


def move_cell(kpi_unit: str, change: str, lang: str) -> str:
    """The hidden per-row move in words ('up 0.56 pp'), blank without a change."""
    return f'=IF({change}="","",{move_formula(change, kpi_unit == "fraction", lang)})'


def goals_at_risk(layout: Layout, goals: Sequence[Goal], helper_row: int) -> tuple[str, str]:
    """(sentence, helper): the goals whose status is at risk, behind or missed, named with their status."""
    from kpixl import kpi as catalog
    from kpixl.fields import NETWORK_NAMES
    from kpixl.goals import STATUS_LEVEL
    from kpixl.i18n import label
    from kpixl.workbook import goals_sheet

    lang = layout.lang
    bad = [label(code, lang) for code, level in STATUS_LEVEL.items() if level in (1, 2)]
    sheet = _sheet(layout, "goals")
    pieces = []
    for index, goal in enumerate(goals):
        status = f"{sheet}!{goals_sheet.cell('status', goals_sheet.FIRST_ROW + index)}"
        name = f"{catalog.get(goal.kpi).name(lang)} · " + (NETWORK_NAMES[goal.network] if goal.network
                                                           else label("all_networks", lang))
        test = "OR(" + ",".join(f"{status}={text_literal(b)}" for b in bad) + ")"
        pieces.append(f'IF({test},"; "&{text_literal(name)}&" ("&LOWER({status})&")","")')
    helper = "=" + ("&".join(pieces) if pieces else '""')
    ref = f"{HELPER}{helper_row}"
    return (f'=IF({ref}="",{text_literal(words("goals_ok", lang))},'
            f'{formula("goals_bad", lang, {"goals": f"MID({ref},3,2000)"})})', helper)


def goal_list_text(names_and_statuses: Sequence[tuple[str, str]], lang: str) -> str:
    """The engine's goals sentence from (goal name, status label) of the goals needing attention."""
    if not names_and_statuses:
        return words("goals_ok", lang)
    return text("goals_bad", lang, {"goals": "; ".join(f"{n} ({s.lower()})" for n, s in names_and_statuses)})


def best_time(layout: Layout, helper_row: int) -> tuple[str, str, str]:
    """(sentence, day helper, hour helper): the format with the highest median rate and the heat map's best slot."""
    lang = layout.lang
    trends = layout.dashboard["trends"]
    sheet = _sheet(layout, "trends")
    med = trends["formats"]["median"]
    if not trends["heat"]["cells"] or None in med or not med:  # no engagement rate or post type to compare
        return '=""', '=""', '=""'
    med_range = f"{sheet}!{_span(med[0], med[-1])}"
    kinds = f"{sheet}!{_span(_col_of(med[0], 'A'), _col_of(med[-1], 'A'))}"
    heat = trends["heat"]["cells"]
    heat_range = f"{sheet}!{_span(heat[0][0], heat[-1][-1])}"
    days = f"{sheet}!{_span(_shift(heat[0][0], -1), _shift(heat[-1][0], -1))}"
    hours_row = int(re.sub(r"\D", "", heat[0][0])) - 1
    hours = f"{sheet}!{_span(_row_of(heat[0][0], hours_row), _row_of(heat[0][-1], hours_row))}"
    day_idx, hour_idx = f"{HELPER}{helper_row}", f"{HELPER}{helper_row + 1}"
    day_helper = (f'=IF(COUNT({heat_range})=0,"",MIN(IF({heat_range}=MAX({heat_range}),'
                  f'ROW({heat_range})-MIN(ROW({heat_range}))+1,"")))')
    hour_helper = f'=IF({day_idx}="","",MATCH(MAX({heat_range}),INDEX({heat_range},{day_idx},0),0))'
    best = f"MATCH(MAX({med_range}),{med_range},0)"
    lower = "LOWER" if lang == "es" else ""  # Spanish writes day and format names in lower case mid-sentence
    parts = {"format": f"{lower}(INDEX({kinds},{best}))", "rate": rate_formula(f"MAX({med_range})"),
             "day": f"{lower}(INDEX({days},{day_idx}))", "hours": f"INDEX({hours},{hour_idx})"}
    sentence = f'=IF(OR(COUNT({med_range})=0,{day_idx}=""),"",{formula("best_time", lang, parts)})'
    return sentence, day_helper, hour_helper


def _span(a: str, b: str) -> str:
    from openpyxl.utils.cell import absolute_coordinate

    return f"{absolute_coordinate(a)}:{absolute_coordinate(b)}"


def _col_of(cell: str, col: str) -> str:
    return col + re.sub(r"\D", "", cell)


def _row_of(cell: str, row: int) -> str:
    return re.sub(r"\d+", str(row), cell)


def _shift(cell: str, by: int) -> str:
    from openpyxl.utils import column_index_from_string, get_column_letter

    letters = re.sub(r"\d", "", cell)
    return get_column_letter(column_index_from_string(letters) + by) + re.sub(r"\D", "", cell)
