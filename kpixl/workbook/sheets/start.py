"""The "Start here" sheet: what the workbook is, how to fill and refresh it, and what the statuses mean."""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import IconSetRule

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.report.goals import STATUS_LEVEL
from kpixl.text.labels import label
from kpixl.workbook.layout import Layout
from kpixl.workbook.styles import Styler, print_setup
from kpixl.workbook.templates import Template

TEXT = {
    "intro": ("This workbook computes your social-media KPIs with native Excel formulas: nothing to install to read "
              "it. Every KPI formula comes from the kpixl catalog, the same definitions the kpixl Python engine uses.",
              "Este libro calcula tus KPIs de redes sociales con fórmulas nativas de Excel: no hace falta instalar "
              "nada para leerlo. Cada fórmula viene del catálogo de kpixl, las mismas definiciones que usa el motor."),
    "data_h": ("1. Add your data", "1. Añade tus datos"),
    "data": ("Paste posts into the yellow input columns of each network's table (one row per post; the table grows "
             "as you paste below it), or import native exports: kpixl import WORKBOOK.xlsx EXPORT.csv. Grey columns "
             "are calculated; hidden columns hold each ratio's numerator and denominator for period totals. "
             "“Not in export” names the interactions an imported export does not have (TikTok's Content export has "
             "no saves): engagements add up the others, and a number you type in that interaction's column counts.",
             "Pega publicaciones en las columnas amarillas de la tabla de cada red (una fila por publicación; la "
             "tabla crece al pegar debajo) o importa exportaciones nativas: kpixl import LIBRO.xlsx EXPORT.csv. Las "
             "columnas grises se calculan; las ocultas guardan numerador y denominador de cada ratio. «No incluido "
             "en la exportación» indica las interacciones que una exportación importada no trae (la de Contenido de "
             "TikTok no trae guardados): las interacciones suman las demás, y si escribes el número en la columna de "
             "esa interacción, cuenta."),
    "settings_h": ("2. Check the settings", "2. Revisa la configuración"),
    "settings": ("Settings holds the client, the report period, the engagement-rate variant per network, EMV values "
                 "and goal thresholds. If the period end is blank, goals are evaluated on TODAY().",
                 "Configuración guarda el cliente, el periodo del informe, la variante de la tasa de interacción por "
                 "red, los valores de EMV y los umbrales de los objetivos. Si el fin del periodo está vacío, los "
                 "objetivos se evalúan a fecha de HOY()."),
    "refresh_h": ("3. Refresh", "3. Actualiza"),
    "refresh": ("Run kpixl refresh WORKBOOK.xlsx to load new exports from the exports folder, or click the ⟳ Refresh "
                "cell on the Dashboard when the workbook runs with xlwings Lite. The message beside it says what "
                "happened.",
                "Ejecuta kpixl refresh LIBRO.xlsx para cargar exportaciones nuevas de la carpeta de exportaciones, "
                "o pulsa la celda ⟳ Actualizar del Panel si el libro funciona con xlwings Lite. El mensaje de al "
                "lado indica el resultado."),
    "legend_h": ("Goal status legend", "Leyenda de estados de los objetivos"),
}


def write(workbook: Any, layout: Layout, template: Template, currency: str) -> None:
    """Append the Start here sheet."""
    lang = layout.lang
    ws = workbook.create_sheet(layout.sheet_name("start"))

    def text(key: str) -> str:
        en, es = TEXT[key]
        return es if lang == "es" else en

    # column A holds headings and status labels beside text in B: wide enough for the longest one in this
    # language (Spanish headings such as "2. Revisa la configuración" are longer than the English ones)
    beside_text = [text(f"{key}_h") for key in ("data", "settings", "refresh")] + [label("network", lang)]
    beside_text += [label(code, lang) for code in STATUS_LEVEL]
    ws.column_dimensions["A"].width = max(24, round(max(map(len, beside_text)) * 1.2) + 2)
    ws.column_dimensions["B"].width = 100
    ws.sheet_view.showGridLines = False
    print_setup(ws)
    st = Styler(ws, currency)

    rows: list[list[Any]] = [[st.cell(template.title[lang], "title")], [st.cell(None), st.text(text("intro"))]]
    for key in ("data", "settings", "refresh"):
        rows.append([])
        rows.append([st.cell(text(f"{key}_h"), "heading"), st.text(text(key))])
    rows.append([])
    rows.append([st.cell(label("network", lang), "label"),
                 st.text(", ".join(NETWORK_NAMES[n] for n in layout.networks))])
    rows.append([])
    rows.append([st.cell(text("legend_h"), "heading")])
    first = len(rows) + 1
    statuses = sorted(STATUS_LEVEL.items(), key=lambda kv: -kv[1])
    for code, level in statuses:
        # not started has no light on the Goals sheet (blank level): no icon here either
        rows.append([st.cell(label(code, lang), "label"), st.cell(level or None, "cell", "integer")])
    for row in rows:
        ws.append(row)
    # the level numbers mean nothing alone: show the Goals sheet's traffic lights (same thresholds) instead
    ws.conditional_formatting.add(f"B{first}:B{first + len(statuses) - 1}",
                                  IconSetRule("3TrafficLights1", "num", [0, 2, 3], showValue=False))
