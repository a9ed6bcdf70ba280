"""Highlights in words at the top of the Dashboard: the best post, the biggest move, the goals needing attention and
the best format and time, each a formula that writes a sentence in the workbook's language, so it stays live.

A sentence is a label with {placeholders} (`SENTENCES`); `formula` renders it as Excel text concatenation and
`text` as the engine's string, so both read the same. Numbers go through FIXED (the reader's separators), dates
through DAY, a month name and YEAR (never TEXT, whose format codes change with the reader's locale).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kpixl.render.excel_formula import text_literal
from kpixl.report.goals import Goal
from kpixl.workbook.layout import Layout
from kpixl.workbook.report_values import ReportValues
from kpixl.workbook.sheets.trends import FORMAT_LABELS

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
    "best_time": ("Best format: {format} (its median post at {rate} its network's median engagement rate); best time "
                  "to post: {day}, {hours} h.",
                  "Mejor formato: {format} (su publicación mediana, a {rate} la tasa de interacción mediana de su "
                  "red); mejor momento para publicar: {day}, de {hours} h."),
    "a_post": ("post", "publicación"),
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


# -- formatting, as formulas and as Python ---------------------------------------------------------------------------
# FIXED writes a number with the reader's separators: 1,234.56 in English, 1.234,56 in Spanish (Spain and most of
# Latin America; LibreOffice and Excel in es-ES). The cached text guesses the reader from the workbook's language.
SEPARATORS = {"en": (",", "."), "es": (".", ",")}
"""(thousands, decimal) separators of the cached text per workbook language."""


def fixed_text(value: float, decimals: int, lang: str) -> str:
    """What FIXED(value, decimals) shows to a reader of the workbook's language."""
    thousands, decimal = SEPARATORS.get(lang, SEPARATORS["en"])
    return f"{value:,.{decimals}f}".translate(str.maketrans({",": thousands, ".": decimal}))


def count_formula(ref: str) -> str:
    return f"FIXED({ref},0)"


def count_text(value: float, lang: str) -> str:
    return fixed_text(value, 0, lang)


def rate_formula(ref: str) -> str:
    return f'FIXED({ref}*100,2)&" %"'


def rate_text(value: float, lang: str) -> str:
    return f"{fixed_text(value * 100, 2, lang)} %"


def date_formula(ref: str, lang: str) -> str:
    names = ",".join(text_literal(m) for m in MONTH_NAMES[lang])
    return f'DAY({ref})&" "&CHOOSE(MONTH({ref}),{names})&" "&YEAR({ref})'


def date_text(value: dt.date, lang: str) -> str:
    return f"{value.day} {MONTH_NAMES[lang][value.month - 1]} {value.year}"


def format_name_formula(ref: str, lang: str, kinds: Sequence[str] = tuple(FORMAT_LABELS)) -> str:
    """A post type in the workbook's language (the raw value when unknown, "post" when blank), lower case as in a
    sentence."""
    ids = "{" + ",".join(text_literal(k) for k in kinds) + "}"
    names = "{" + ",".join(text_literal(format_name_text(k, lang)) for k in kinds) + "}"
    post = text_literal(words("a_post", lang))  # a post with no type is just a post
    return f'IF({ref}="",{post},IFERROR(INDEX({names},MATCH({ref},{ids},0)),{ref}))'


def format_name_text(kind: str | None, lang: str) -> str:
    if not kind:
        return words("a_post", lang)
    found = FORMAT_LABELS.get(kind.lower())
    if found is None:
        return kind
    return found[1 if lang == "es" else 0].lower()


def move_formula(change: str, fraction: bool, lang: str) -> str:
    """'up 0.56 pp' / 'down 55.9 %' from a Dashboard change cell."""
    size = f'FIXED(ABS({change}),2)&" pp"' if fraction else f'FIXED(ABS({change})*100,1)&" %"'
    return f'IF({change}>=0,{text_literal(words("up", lang))},{text_literal(words("down", lang))})&" "&{size}'


def move_text(change: float, fraction: bool, lang: str) -> str:
    size = f"{fixed_text(abs(change), 2, lang)} pp" if fraction else f"{fixed_text(abs(change) * 100, 1, lang)} %"
    return f"{words('up' if change >= 0 else 'down', lang)} {size}"


def value_formula(ref: str, unit: str, currency: str) -> str:
    """A KPI value in a sentence: rates as 3.58 %, money with the currency code, counts whole."""
    if unit == "fraction":
        return rate_formula(ref)
    if unit == "currency":
        return f'FIXED({ref},2)&" {currency}"'
    if unit == "multiple":
        return f'FIXED({ref},2)&"×"'
    return f"FIXED({ref},{0 if unit in ('count', 'duration') else 2})"


def value_text(value: float, unit: str, currency: str, lang: str) -> str:
    if unit == "fraction":
        return rate_text(value, lang)
    if unit == "currency":
        return f"{fixed_text(value, 2, lang)} {currency}"
    if unit == "multiple":
        return f"{fixed_text(value, 2, lang)}×"
    return fixed_text(value, 0 if unit in ("count", "duration") else 2, lang)


# -- the Dashboard's sentences --------------------------------------------------------------------------------------
HELPER = "T"  # hidden helper column on the Dashboard: the biggest move's row, the goals list, the best slot
MOVE_HELPER = "U"  # hidden per-KPI-row columns: relative change (T) and the move in words (U)


def _sheet(layout: Layout, kind: str) -> str:
    from kpixl.workbook.sheets.settings import quoted

    return quoted(layout.sheet_name(kind))


def best_post(layout: Layout) -> str:
    """Sentence 1, from the Top posts sheet's overall best post by engagements."""
    from kpixl.workbook.sheets.top_posts import networks

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
    from kpixl.catalog import kpi as catalog
    from kpixl.catalog.fields import NETWORK_NAMES
    from kpixl.report.goals import STATUS_LEVEL
    from kpixl.text.labels import label
    from kpixl.workbook.sheets import goals as goals_sheet

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
    parts = {"format": f"{lower}(INDEX({kinds},{best}))", "rate": value_formula(f"MAX({med_range})", "multiple", ""),
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


# -- the engine's values of the sentences and helpers (cached values) ----------------------------------------------
class Values:
    """What the highlight cells and their helpers compute, from the engine's figures (called at save)."""

    def __init__(self, layout: Layout, goals: Sequence[Goal], kpis: Sequence[tuple[str, str]],
                 figures: Sequence[Callable[[str], Any]], rv: ReportValues, currency: str):
        self.layout, self.goals, self.kpis, self.figures, self.rv = layout, goals, kpis, figures, rv
        self.currency = currency

    def relative(self, i: int) -> float | None:
        """Hidden column T of KPI row i: value / previous − 1."""
        value, previous = self.figures[i]("value"), self.figures[i]("previous")
        return value / previous - 1 if value is not None and previous else None

    def move_words(self, i: int) -> str | None:
        """Hidden column U of KPI row i: 'up 0.56 pp'."""
        from kpixl.catalog import kpi as catalog

        change = self.figures[i]("change")
        unit = catalog.get(self.kpis[i][1]).unit
        return None if change is None else move_text(change, unit == "fraction", self.layout.lang)

    def move_row(self) -> int | None:
        found = [(abs(r), i) for i in range(len(self.kpis)) if (r := self.relative(i)) is not None]
        if not found:
            return None
        top = max(v for v, _ in found)
        return next(i for v, i in found if v == top) + 1

    def move(self) -> str:
        from kpixl.catalog import kpi as catalog
        from kpixl.catalog.fields import NETWORK_NAMES

        lang, row = self.layout.lang, self.move_row()
        if row is None:
            return words("no_move", lang)
        net, kpi_id = self.kpis[row - 1]
        kpi = catalog.get(kpi_id)
        fig = self.figures[row - 1]
        return text("move", lang, {"kpi": kpi.name(lang), "network": NETWORK_NAMES[net],
                                   "move": self.move_words(row - 1) or "",
                                   "previous": value_text(fig("previous"), kpi.unit, self.currency, lang),
                                   "value": value_text(fig("value"), kpi.unit, self.currency, lang)})

    def goal_list(self) -> str | None:
        from kpixl.catalog import kpi as catalog
        from kpixl.catalog.fields import NETWORK_NAMES
        from kpixl.report.goals import STATUS_LEVEL
        from kpixl.text.labels import label
        from kpixl.workbook.sheets import goals as goals_sheet

        lang = self.layout.lang
        bad = {label(code, lang) for code, level in STATUS_LEVEL.items() if level in (1, 2)}
        out = ""
        for goal in self.goals:
            status = goals_sheet.goal_values(self.layout, goal, self.rv.record)["status"]
            if status in bad:
                where = NETWORK_NAMES[goal.network] if goal.network else label("all_networks", lang)
                out += f"; {catalog.get(goal.kpi).name(lang)} · {where} ({status.lower()})"
        return out or None

    def goals_sentence(self) -> str:
        found = self.goal_list()
        lang = self.layout.lang
        return words("goals_ok", lang) if not found else text("goals_bad", lang, {"goals": found[2:]})

    def best_post(self) -> str | None:
        from kpixl.catalog.fields import NETWORK_NAMES
        from kpixl.report import posts as report
        from kpixl.workbook.sheets.top_posts import RANKS, networks

        nets = networks(self.layout)
        if not nets:
            return None
        lang = self.layout.lang
        found = report.top_overall({n: self.rv.in_period[n] for n in nets}, "engagements", RANKS)
        if not found:
            return words("no_post", lang)
        p = found[0]
        return text("best_post", lang, {
            "network": NETWORK_NAMES[p.network], "type": format_name_text(p.type, lang),
            "date": date_text(p.when.date(), lang), "engagements": count_text(p.engagements, lang),  # type: ignore
            "rate": rate_text(p.rate, lang) if p.rate is not None else "–"})

    def _heat(self) -> list[list[float | None]]:
        from kpixl.report import posts as report
        from kpixl.workbook.sheets.trends import rate_networks

        by_network = {n: self.rv.in_period[n] for n in rate_networks(self.layout)}
        return [[report.relative_heat_cell(by_network, day, hour) for hour in report.HOUR_BUCKETS]
                for day in range(1, 8)]

    def slot(self) -> tuple[int, int] | None:
        heat = self._heat()
        found = [v for row in heat for v in row if v is not None]
        if not found:
            return None
        top = max(found)
        day = next(d for d, row in enumerate(heat, start=1) if top in row)
        return day, heat[day - 1].index(top) + 1

    def best_time(self) -> str | None:
        from kpixl.report import posts as report
        from kpixl.text.labels import label
        from kpixl.workbook.sheets.trends import DAYS, format_label, formats, rate_networks

        lang, slot = self.layout.lang, self.slot()
        nets = [n for n in rate_networks(self.layout) if self.layout.has_column(n, "post_type")]
        kinds = formats(self.layout)
        by_network = {n: self.rv.in_period[n] for n in nets}
        medians = [(report.relative_format_median(by_network, kind, kinds), kind) for kind in [*kinds, None]]
        found = [m for m, _ in medians if m is not None]
        if slot is None or not found:
            return None
        best = max(found)
        kind = next(k for m, k in medians if m == best)
        name = format_label(kind, lang) if kind else label("wb_other_formats", lang)
        day = DAYS[slot[0] - 1][1 if lang == "es" else 0]
        if lang == "es":
            name, day = name.lower(), day.lower()
        hour = report.HOUR_BUCKETS[slot[1] - 1]
        return text("best_time", lang, {"format": name, "rate": value_text(best, "multiple", "", lang), "day": day,
                                        "hours": f"{hour:02d}–{hour + 3:02d}"})
