"""Highlights in words at the top of the Dashboard: the best post, the biggest move, the goals needing attention and
the best format and time, each a formula that writes a sentence in the workbook's language, so it stays live.

A sentence is a label with {placeholders} (`SENTENCES`); `formula` renders it as Excel text concatenation and
`text` as the engine's string, so both read the same. Numbers go through FIXED (the reader's separators), dates
through DAY, a month name and YEAR (never TEXT, whose format codes change with the reader's locale).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from kpixl.render.excel_formula import text_literal
from kpixl.report.goals import Goal
from kpixl.workbook.layout import Layout
from kpixl.workbook.report_values import ReportValues
from kpixl.workbook.sheets.trends import FORMAT_LABELS

SENTENCES = {
    "best_post": ("Best post: {network} {type} of {date}, its engagement rate ({rate}) {relative} its network's "
                  "median (n = {n} posts with a rate).",
                  "Mejor publicación: {type} de {network} del {date}, con una tasa de interacción ({rate}) de "
                  "{relative} la mediana de su red (n = {n} publicaciones con tasa)."),
    "few_posts": ("Best post: not enough posts yet (n = {n}; {min} with an engagement rate needed).",
                  "Mejor publicación: aún no hay suficientes publicaciones (n = {n}; hacen falta {min} con tasa de "
                  "interacción)."),
    "no_post": ("No posts in the report period yet: import the exports or check the period in Settings.",
                "Aún no hay publicaciones en el periodo del informe: importa las exportaciones o revisa el periodo "
                "en Configuración."),
    "move": ("Biggest change: {kpi} on {network}, {move} against the previous period ({previous} → {value}; "
             "n = {n_previous} → {n}).",
             "Mayor cambio: {kpi} en {network}, {move} frente al periodo anterior ({previous} → {value}; "
             "n = {n_previous} → {n})."),
    "no_move": ("No change to report yet: the previous period has no data.",
                "Aún no hay cambios que contar: el periodo anterior no tiene datos."),
    "no_standout": ("Biggest change: no change stands out yet (a KPI needs {min} posts and a base of {base} in both "
                    "periods).",
                    "Mayor cambio: aún ningún cambio destaca (un KPI necesita {min} publicaciones y una base de "
                    "{base} en ambos periodos)."),
    "goals_bad": ("Goals needing attention: {goals}.", "Objetivos que requieren atención: {goals}."),
    "goals_ok": ("Goals: none at risk, behind or missed.", "Objetivos: ninguno en riesgo, retrasado ni sin alcanzar."),
    "goals_examples": ("Goals: the Goals sheet holds the template's examples only; clear a goal's Example mark to "
                       "follow it here.",
                       "Objetivos: la hoja Objetivos solo tiene los ejemplos de la plantilla; borra la marca de "
                       "Ejemplo de un objetivo para seguirlo aquí."),
    "goals_none": ("Goals: none set yet (add them on the Goals sheet).",
                   "Objetivos: aún no hay ninguno (añádelos en la hoja Objetivos)."),
    "best_format": ("Best format: {format} (n = {n}; its median post at {rate} its network's median engagement "
                    "rate)",
                    "Mejor formato: {format} (n = {n}; su publicación mediana, a {rate} la tasa de "
                    "interacción mediana de su red)"),
    "few_format": ("Best format: not enough posts yet ({min} of one format needed)",
                   "Mejor formato: aún no hay suficientes publicaciones (hacen falta {min} de un mismo formato)"),
    "best_slot": ("best time to post: {day}, {hours} h, {zone} time (n = {n}).",
                  "mejor momento para publicar: {day}, de {hours} h, hora de {zone} (n = {n})."),
    "few_slot": ("best time to post: not enough posts yet ({min} in one day and time slot needed).",
                 "mejor momento para publicar: aún no hay suficientes publicaciones (hacen falta {min} en una misma "
                 "franja de día y hora)."),
    "format_and_slot": ("{format}; {slot}", "{format}; {slot}"),
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
MOVE_HELPER = "U"  # hidden per-KPI-row columns: the change against its usual spread (T), the move in words (U),
POSTS_HELPER, PREVIOUS_POSTS_HELPER = "V", "W"  # and the posts with a value now (V) and in the previous period (W)


def _sheet(layout: Layout, kind: str) -> str:
    from kpixl.workbook.sheets.settings import quoted

    return quoted(layout.sheet_name(kind))


def best_post(layout: Layout) -> str:
    """Sentence 1: the Top posts sheet's overall best post by engagement rate relative to its network's median (the
    networks' rates have different bases and their interactions different definitions), once the period has the
    Settings' minimum of posts with a rate."""
    from kpixl.workbook.formulas import aggregates
    from kpixl.workbook.sheets import evidence
    from kpixl.workbook.sheets.top_posts import PERIOD, networks

    lang = layout.lang
    nets = networks(layout)
    if not nets:  # no table with engagements and a rate: nothing to rank
        return '=""'
    top = layout.dashboard["top_posts"]["overall"]["right"][0]
    sheet = _sheet(layout, "posts")
    ref = {key: f"{sheet}!{address}" for key, address in top.items()}
    count = "(" + "+".join(f"SUMPRODUCT({aggregates.in_range(layout, n, *PERIOD)}"
                           f"*ISNUMBER({aggregates.column(layout, n, 'kpi:engagement_rate')}))" for n in nets) + ")"
    least = evidence.ref(layout, "min_posts_best")
    parts = {"network": ref["network"], "type": format_name_formula(ref["type"], lang),
             "date": date_formula(ref["date"], lang), "rate": rate_formula(ref["first"]),
             "relative": value_formula(ref["second"], "multiple", ""), "n": count_formula(count)}
    few = formula("few_posts", lang, {"n": count_formula(count), "min": count_formula(least)})
    return (f'=IF({count}=0,{text_literal(words("no_post", lang))},IF(OR({count}<{least},{ref["second"]}=""),'
            f'{few},{formula("best_post", lang, parts)}))')


def biggest_move(layout: Layout, rows: Sequence[int], helper_row: int, currency: str,
                 units: Sequence[str]) -> tuple[str, str]:
    """(sentence, helper array formula): the KPI row whose change is largest against its usual spread (hidden
    column T, `move_helpers`), among those with enough posts and base; "no change stands out yet" when none has."""
    from kpixl.workbook.sheets import evidence

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
             "value": value, "n": count_formula(pick(POSTS_HELPER)),
             "n_previous": count_formula(pick(PREVIOUS_POSTS_HELPER))}
    none = formula("no_standout", lang, {"min": count_formula(evidence.ref(layout, "min_posts_best")),
                                         "base": count_formula(evidence.ref(layout, "min_base_change"))})
    changes = f"$E${rows[0]}:$E${rows[-1]}"
    return (f'=IF({idx}="",IF(COUNT({changes})=0,{text_literal(words("no_move", lang))},{none}),'
            f'{formula("move", lang, parts)})', helper)


def move_helpers(st: Any, layout: Layout, pair: tuple[str, str], row: int, cur: tuple[str, str],
                 prev: tuple[str, str], said: Values, index: int) -> list[Any]:
    """A KPI row's hidden helpers (columns T–W): its change divided by the spread (standard deviation, SUMPRODUCT)
    of its per-post values in the previous period, blank unless both periods have the Settings' minimum of posts
    with a value and of base (the KPI's denominator; a KPI without one is never the biggest change); the move in
    words; the posts with a value in this period and in the previous one (`kpixl.report.posts.change_score`)."""
    from kpixl.catalog import kpi as catalog
    from kpixl.workbook.formulas import aggregates
    from kpixl.workbook.sheets import evidence

    net, kpi_id = pair
    values = aggregates.column(layout, net, f"kpi:{kpi_id}")

    def posts(period: tuple[str, str]) -> str:
        return f"SUMPRODUCT({aggregates.in_range(layout, net, *period)}*ISNUMBER({values}))"

    n_cur, n_prev = f"{POSTS_HELPER}{row}", f"{PREVIOUS_POSTS_HELPER}{row}"
    score = '=""'
    if layout.has_column(net, f"den:{kpi_id}"):
        base = aggregates.column(layout, net, f"den:{kpi_id}")
        least, smallest = evidence.ref(layout, "min_posts_best"), evidence.ref(layout, "min_base_change")
        earlier = aggregates.in_range(layout, net, *prev)  # SUMPRODUCT's arrays: a text cell counts as 0
        total, squares = f"SUMPRODUCT({earlier},{values})", f"SUMPRODUCT({earlier},{values},{values})"
        spread = f"SQRT(({squares}-{total}^2/{n_prev})/({n_prev}-1))"
        enough = (f"AND(ISNUMBER(C{row}),ISNUMBER(D{row}),{n_cur}>={least},{n_prev}>={least},"
                  f"SUMIFS({base},{aggregates.criteria(layout, net, *cur)})>={smallest},"
                  f"SUMIFS({base},{aggregates.criteria(layout, net, *prev)})>={smallest})")
        score = f'=IF({enough},IFERROR((C{row}-D{row})/{spread},""),"")'
    unit = catalog.get(kpi_id).unit
    return [st.cell(score, cached=partial(said.score, index)),
            st.cell(move_cell(unit, f"E{row}", layout.lang), cached=partial(said.move_words, index)),
            st.cell(f"={posts(cur)}", cached=partial(said.posts, index, 0)),
            st.cell(f"={posts(prev)}", cached=partial(said.posts, index, 1))]


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
        test = f"AND({goals_sheet.confirmed(layout, index)},OR(" + ",".join(
            f"{status}={text_literal(b)}" for b in bad) + "))"  # an example goal is not the client's: not cited
        pieces.append(f'IF({test},"; "&{text_literal(name)}&" ("&LOWER({status})&")","")')
    helper = "=" + ("&".join(pieces) if pieces else '""')
    ref = f"{HELPER}{helper_row}"
    if not goals:
        return f"={text_literal(words('goals_none', lang))}", helper
    any_confirmed = "OR(" + ",".join(goals_sheet.confirmed(layout, i) for i in range(len(goals))) + ")"
    return (f'=IF(NOT({any_confirmed}),{text_literal(words("goals_examples", lang))},'
            f'IF({ref}="",{text_literal(words("goals_ok", lang))},'
            f'{formula("goals_bad", lang, {"goals": f"MID({ref},3,2000)"})}))', helper)


def goal_list_text(names_and_statuses: Sequence[tuple[str, str]], lang: str) -> str:
    """The engine's goals sentence from (goal name, status label) of the goals needing attention."""
    if not names_and_statuses:
        return words("goals_ok", lang)
    return text("goals_bad", lang, {"goals": "; ".join(f"{n} ({s.lower()})" for n, s in names_and_statuses)})


def best_time(layout: Layout, helper_row: int) -> tuple[str, str, str]:
    """(sentence, day helper, hour helper): the best format and the heat map's best slot, each among those with at
    least the Settings' minimum of posts (the format's posts, the slot's posts), with n; "not enough posts yet"
    otherwise. The hours are in the Settings' time zone, which the sentence names."""
    from kpixl.workbook.sheets import evidence

    lang = layout.lang
    trends = layout.dashboard["trends"]
    sheet = _sheet(layout, "trends")
    med = trends["formats"]["median"]
    if not trends["heat"].get("best") or None in med or not med or not trends["formats"].get("best"):
        return '=""', '=""', '=""'  # no engagement rate or post type to compare
    least = evidence.ref(layout, "min_posts_best")
    med_range = f"{sheet}!{_span(med[0], med[-1])}"
    posts = trends["formats"]["posts"]
    posts_range = f"{sheet}!{_span(posts[0], posts[-1])}"
    labels = trends["formats"]["labels"]  # the hidden formats' names, in the best format helper's order
    kinds = f"{sheet}!{_span(labels[0], labels[-1])}"
    heat, counts = trends["heat"]["cells"], trends["heat"]["counts"]
    heat_range = f"{sheet}!{_span(heat[0][0], heat[-1][-1])}"
    count_range = f"{sheet}!{_span(counts[0][0], counts[-1][-1])}"
    days = f"{sheet}!{_span(_shift(heat[0][0], -1), _shift(heat[-1][0], -1))}"
    hours_row = int(re.sub(r"\D", "", heat[0][0])) - 1
    hours = f"{sheet}!{_span(_row_of(heat[0][0], hours_row), _row_of(heat[0][-1], hours_row))}"
    day_idx, hour_idx = f"{HELPER}{helper_row}", f"{HELPER}{helper_row + 1}"
    # the best slot's day and hour, found on the Trends sheet (array formulas beside the map)
    day_cell, hour_cell = (f"{sheet}!{absolute_coordinate_of(c)}" for c in trends["heat"]["best"])
    day_helper, hour_helper = f'=IF({day_cell}="","",{day_cell})', f'=IF({hour_cell}="","",{hour_cell})'
    best = f"{sheet}!{absolute_coordinate_of(trends['formats']['best'])}"
    lower = "LOWER" if lang == "es" else ""  # Spanish writes day and format names in lower case mid-sentence
    zone = evidence.ref(layout, "time_zone")
    format_part = formula("best_format", lang, {
        "format": f"{lower}(INDEX({kinds},{best}))", "n": count_formula(f"INDEX({posts_range},{best})"),
        "rate": value_formula(f"INDEX({med_range},{best})", "multiple", "")})
    few_format = formula("few_format", lang, {"min": count_formula(least)})
    slot_part = formula("best_slot", lang, {
        "day": f"{lower}(INDEX({days},{day_idx}))", "hours": hours_formula(f"INDEX({hours},{hour_idx})", lang),
        "zone": zone,
        "n": count_formula(f"INDEX({count_range},{day_idx},{hour_idx})")})
    few_slot = formula("few_slot", lang, {"min": count_formula(least)})
    sentence = formula("format_and_slot", lang, {"format": f'IF({best}="",{few_format},{format_part})',
                                                 "slot": f'IF(OR({day_idx}="",{hour_idx}=""),{few_slot},{slot_part})'})
    return f'=IF(COUNT({med_range},{heat_range})=0,"",{sentence})', day_helper, hour_helper


def hours_formula(header: str, lang: str) -> str:
    """A heat-map column's hours ("18–21") as the sentence says them: "18–21" in English, "18 a 21" in Spanish
    ("de 18 a 21 h")."""
    return f'SUBSTITUTE({header},"–"," a ")' if lang == "es" else header


def hours_text(hour: int, lang: str) -> str:
    """What `hours_formula` gives for the column starting at `hour`."""
    return f"{hour:02d}{' a ' if lang == 'es' else '–'}{hour + 3:02d}"


def absolute_coordinate_of(cell: str) -> str:
    from openpyxl.utils.cell import absolute_coordinate

    return absolute_coordinate(cell)


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

    def _periods(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """This period's and the previous one's (start, end) serial days."""
        from kpixl.report.period import previous
        from kpixl.workbook.values import serial

        start, end = self.rv.period
        earlier = previous(start, end)
        return (serial(start), serial(end)), (serial(earlier[0]), serial(earlier[1]))  # type: ignore[return-value]

    def _per_post(self, i: int, which: int) -> list[float]:
        """KPI row i's per-post values in this period (0) or the previous one (1), in table order."""
        net, kpi_id = self.kpis[i]
        column = self.rv.record.numbers(net, f"kpi:{kpi_id}")
        found = (column[j] for j in self.rv.record.dated(net, *self._periods()[which]))
        return [x for x in found if not math.isnan(x)]

    def posts(self, i: int, which: int) -> int:
        """Hidden columns V (this period) and W (the previous one) of KPI row i: its posts with a value."""
        return len(self._per_post(i, which))

    def score(self, i: int) -> float | None:
        """Hidden column T of KPI row i: its change against the spread of its previous period's posts."""
        from kpixl.report import posts as report
        from kpixl.workbook.formulas import aggregates
        from kpixl.workbook.sheets import evidence

        net, kpi_id = self.kpis[i]
        if not self.layout.has_column(net, f"den:{kpi_id}"):
            return None
        bases = tuple(aggregates.column_sum_of(self.layout, self.rv.record, [net], f"den:{kpi_id}", *period) or 0.0
                      for period in self._periods())
        return report.change_score(self.figures[i]("value"), self.figures[i]("previous"), self._per_post(i, 1),
                                   bases, (self.posts(i, 0), self.posts(i, 1)),  # type: ignore[arg-type]
                                   evidence.value(self.layout, "min_base_change"),
                                   evidence.value(self.layout, "min_posts_best"))

    def move_words(self, i: int) -> str | None:
        """Hidden column U of KPI row i: 'up 0.56 pp'."""
        from kpixl.catalog import kpi as catalog

        change = self.figures[i]("change")
        unit = catalog.get(self.kpis[i][1]).unit
        return None if change is None else move_text(change, unit == "fraction", self.layout.lang)

    def move_row(self) -> int | None:
        found = [(abs(r), i) for i in range(len(self.kpis)) if (r := self.score(i)) is not None]
        if not found:
            return None
        top = max(v for v, _ in found)
        return next(i for v, i in found if v == top) + 1

    def move(self) -> str:
        from kpixl.catalog import kpi as catalog
        from kpixl.catalog.fields import NETWORK_NAMES
        from kpixl.workbook.sheets import evidence

        lang, row = self.layout.lang, self.move_row()
        if row is None:
            if not any(self.figures[i]("change") is not None for i in range(len(self.kpis))):
                return words("no_move", lang)
            return text("no_standout", lang, {
                "min": count_text(evidence.value(self.layout, "min_posts_best"), lang),
                "base": count_text(evidence.value(self.layout, "min_base_change"), lang)})
        net, kpi_id = self.kpis[row - 1]
        kpi = catalog.get(kpi_id)
        fig = self.figures[row - 1]
        return text("move", lang, {"kpi": kpi.name(lang), "network": NETWORK_NAMES[net],
                                   "move": self.move_words(row - 1) or "",
                                   "previous": value_text(fig("previous"), kpi.unit, self.currency, lang),
                                   "value": value_text(fig("value"), kpi.unit, self.currency, lang),
                                   "n": count_text(self.posts(row - 1, 0), lang),
                                   "n_previous": count_text(self.posts(row - 1, 1), lang)})

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
            if status in bad and not goal.example:
                where = NETWORK_NAMES[goal.network] if goal.network else label("all_networks", lang)
                out += f"; {catalog.get(goal.kpi).name(lang)} · {where} ({status.lower()})"
        return out or None

    def goals_sentence(self) -> str:
        """Goals needing attention; while every goal is still a template example, that (never "none at risk")."""
        found = self.goal_list()
        lang = self.layout.lang
        if not self.goals:
            return words("goals_none", lang)
        if all(goal.example for goal in self.goals):
            return words("goals_examples", lang)
        return words("goals_ok", lang) if not found else text("goals_bad", lang, {"goals": found[2:]})

    def best_post(self) -> str | None:
        from kpixl.catalog.fields import NETWORK_NAMES
        from kpixl.report import posts as report
        from kpixl.workbook.sheets import evidence
        from kpixl.workbook.sheets.top_posts import RANKS, networks

        nets = networks(self.layout)
        if not nets:
            return None
        lang = self.layout.lang
        by_network = {n: self.rv.in_period[n] for n in nets}
        count, least = report.rated_count(by_network), evidence.value(self.layout, "min_posts_best")
        if not count:
            return words("no_post", lang)
        found = report.top_overall(by_network, "rate", RANKS, typical_reach=True)
        if count < least or not found:
            return text("few_posts", lang, {"n": count_text(count, lang), "min": count_text(least, lang)})
        p = found[0]
        relative = report.relative_rate(p, report.median_rate(by_network[p.network]))
        return text("best_post", lang, {
            "network": NETWORK_NAMES[p.network], "type": format_name_text(p.type, lang),
            "date": date_text(p.when.date(), lang), "rate": rate_text(p.rate, lang),  # type: ignore[arg-type]
            "relative": value_text(relative, "multiple", "", lang), "n": count_text(count, lang)})  # type: ignore

    def _by_network(self) -> dict[str, Any]:
        from kpixl.workbook.sheets.trends import rate_networks

        return {n: self.rv.in_period[n] for n in rate_networks(self.layout)}

    def slot(self) -> tuple[int, int] | None:
        """(day, hour bucket) of the best slot with enough posts: the hidden day and hour helpers."""
        from kpixl.report import posts as report
        from kpixl.workbook.sheets import evidence

        found = report.best_slot(self._by_network(), evidence.value(self.layout, "min_posts_best"))
        return None if found is None else found[:2]

    def best_time(self) -> str | None:
        from kpixl.report import posts as report
        from kpixl.workbook.sheets import evidence
        from kpixl.workbook.sheets.trends import (
            DAYS,
            best_format_of,
            format_groups,
            formats,
            group_label,
            rate_networks,
        )

        layout = self.layout
        lang, trends = layout.lang, layout.dashboard["trends"]
        med = trends["formats"]["median"]
        if not trends["heat"].get("best") or None in med or not med or not trends["formats"].get("best"):
            return None
        kinds = formats(layout)
        nets = rate_networks(layout)
        typed = [n for n in layout.networks if layout.has_column(n, "post_type")]
        by_network = self._by_network()
        stats = [report.relative_format_median({n: by_network[n] for n in nets if n in typed}, k, kinds)
                 for k in [*format_groups(layout), None]]
        if all(v is None for v in stats) and not any(report.relative_heat_cell(by_network, d, h) is not None
                                                     for d in range(1, 8) for h in report.HOUR_BUCKETS):
            return None  # nothing to compare (the formula's COUNT of the medians and the map is 0)
        least = evidence.value(layout, "min_posts_best")
        fmt = best_format_of(layout, self.rv, typed, nets)
        if fmt is None:
            format_part = text("few_format", lang, {"min": count_text(least, lang)})
        else:
            name = group_label(fmt[0], lang)
            format_part = text("best_format", lang, {"format": name.lower() if lang == "es" else name,
                                                     "n": count_text(fmt[1], lang),
                                                     "rate": value_text(fmt[2], "multiple", "", lang)})
        slot = report.best_slot(by_network, least)
        if slot is None:
            slot_part = text("few_slot", lang, {"min": count_text(least, lang)})
        else:
            day = DAYS[slot[0] - 1][1 if lang == "es" else 0]
            hour = report.HOUR_BUCKETS[slot[1] - 1]
            slot_part = text("best_slot", lang, {"day": day.lower() if lang == "es" else day,
                                                 "hours": hours_text(hour, lang),
                                                 "zone": evidence.value(layout, "time_zone"),
                                                 "n": count_text(slot[3], lang)})
        return text("format_and_slot", lang, {"format": format_part, "slot": slot_part})
