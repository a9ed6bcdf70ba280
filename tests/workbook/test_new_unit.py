"""`kpixl new` without LibreOffice: template and goals validation, CLI errors, atomic writes, formula lint,
Spanish labels, defined names and the meta sheet."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import FORMULAE

from kpixl.report.goals import STATUS_LEVEL
from kpixl.text.labels import label
from kpixl.workbook import Layout, templates
from kpixl.workbook.layout import REFRESH_BUTTON, REFRESH_STATUS
from kpixl.workbook.styles import escape_text, needs_escape
from tests.workbook.conftest import PERIOD, make

BASE = """
name = "t"
title = { en = "T", es = "T" }
kpis = ["engagement_rate"]
[fields]
published_at = { en = "Date", es = "Fecha", format = "date" }
likes = { en = "Likes", es = "Me gusta", format = "integer" }
comments = { en = "Comments", es = "Comentarios", format = "integer" }
shares = { en = "Shares", es = "Compartidos", format = "integer" }
reach = { en = "Reach", es = "Alcance", format = "integer" }
[networks.facebook]
inputs = ["published_at", "likes", "comments", "shares", "reach"]
[dashboard]
totals = ["likes"]
kpis = ["engagement_rate"]
trend = "likes"
"""


def _template(tmp_path: Path, text: str) -> str:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_builtin_templates_load():
    for name in templates.BUILTIN:
        tpl = templates.load(name)
        assert tpl.default_networks and tpl.dashboard_kpis


@pytest.mark.parametrize(("edit", "message"), [
    (("format = \"integer\" }\ncomments", "format = \"bogus\" }\ncomments"), r"t\.toml: fields\.likes\.format"),
    (('kpis = ["engagement_rate"]', 'kpis = ["engagment_rate"]'), r"t\.toml: networks\.facebook\.kpis: unknown KPI"),
    (('kpis = ["engagement_rate"]', 'kpis = ["ctr"]'), r"networks\.facebook\.kpis: 'ctr' needs input\(s\)"),
    (("[networks.facebook]", "[networks.myspace]"), r"networks\.myspace: unknown network"),
    (('trend = "likes"', 'trend = "nothing"'), r"dashboard\.trend"),
    (('name = "t"', 'name = "t"\ncolour = "red"'), r"t\.toml: colour: unknown key"),
])
def test_template_errors_name_file_and_key(tmp_path, edit, message):
    with pytest.raises(templates.TemplateError, match=message):
        templates.load(_template(tmp_path, BASE.replace(*edit)))


def test_custom_template_adds_a_network_without_code(tmp_path, run_kpixl):
    spec_path = _template(tmp_path, BASE)
    result = run_kpixl("new", str(tmp_path / "c.xlsx"), "--client", "C", "--template", spec_path,
                       "--period", "2025-04-01:2025-06-30", "--sample", "--sample-size", "5")
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    assert "tbl_facebook" in wb["Facebook"].tables


@pytest.mark.parametrize(("args", "message"), [
    (["--networks", "facebook,myspace"], "--networks: 'myspace'"),
    (["--period", "2025-06-01"], "--period: expected START:END"),
    (["--period", "2025-06-30:2025-06-01"], "before start"),
    (["--lang", "fr"], "unknown language"),
    (["--template", "nope"], "unknown template"),
    (["--currency", "euros"], "--currency"),
])
def test_cli_errors_exit_1_and_write_nothing(tmp_path, args, message, run_kpixl):
    out = tmp_path / "x.xlsx"
    result = run_kpixl("new", str(out), "--client", "A", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


GOALS = """
[[goals]]
kpi = "engagement_rate"
network = "instagram"
target = 0.05
start = "2025-04-01"
deadline = "2025-06-30"
"""


@pytest.mark.parametrize(("edit", "message"), [
    (('network = "instagram"', 'network = "myspace"'), "goals.toml, row 1, column 'network'"),
    (('kpi = "engagement_rate"', 'kpi = "nope"'), "row 1, column 'kpi'"),
    (('start = "2025-04-01"', 'start = "April"'), "row 1, column 'start'"),
    (("target = 0.05", 'target = "high"'), "row 1, column 'target'"),
    (("target = 0.05", "target = 0.05\ncolour = 1"), "row 1, column 'colour'"),
    (('deadline = "2025-06-30"', 'deadline = "2025-01-01"'), "goals.toml, row 1: goal deadline"),
    (('network = "instagram"', 'network = "all"'), "row 1, column 'network': 'engagement_rate' divides by"),
])
def test_goals_file_errors(tmp_path, edit, message, run_kpixl):
    goals = tmp_path / "goals.toml"
    goals.write_text(GOALS.replace(*edit), encoding="utf-8")
    out = tmp_path / "x.xlsx"
    result = run_kpixl("new", str(out), "--client", "A", "--goals", str(goals))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert not out.exists()


def test_goals_file_replaces_template_goals(tmp_path, run_kpixl):
    goals = tmp_path / "goals.toml"
    goals.write_text(GOALS, encoding="utf-8")
    out = tmp_path / "x.xlsx"
    result = run_kpixl("new", str(out), "--client", "A", "--goals", str(goals))
    assert result.exit_code == 0, result.output
    layout = Layout.from_workbook(openpyxl.load_workbook(out))
    assert [g["kpi"] for g in layout.goals] == ["engagement_rate"]


def test_refuses_overwrite_without_force_and_prints_path(tmp_path, run_kpixl):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"keep me")
    result = run_kpixl("new", str(out), "--client", "A")
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_bytes() == b"keep me"
    result = run_kpixl("new", str(out), "--client", "A", "--force")
    assert result.exit_code == 0 and str(out.resolve()) in result.output
    assert out.read_bytes() != b"keep me"


def test_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    from kpixl.workbook import builder

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(builder.layout_sheet, "write", boom)
    spec = builder.prepare(client="A", period=PERIOD)
    with pytest.raises(RuntimeError):
        builder.build(tmp_path / "f.xlsx", spec)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unit")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {(t, lang): openpyxl.load_workbook(make(folder, t, lang, size=30)[0])
                for t in ("social", "influencer") for lang in ("en", "es")}


def _formulas(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":  # array formulas (MEDIAN(IF(…))) hold their text in .text
                    yield f"{ws.title}!{cell.coordinate}", getattr(cell.value, "text", cell.value)


def test_formula_lint_functions_known_to_excel_2007_or_prefixed(books):
    seen = 0
    for wb in books.values():
        for where, text in _formulas(wb):
            assert "[@" not in text, where
            for token in Tokenizer(text).items:
                if token.type == Token.FUNC and token.subtype == Token.OPEN:
                    name = token.value[:-1].upper()
                    assert name in FORMULAE or name.startswith("_XLFN."), f"{where}: {name}"
                    assert name not in ("XLOOKUP", "LET", "IFS", "_XLFN.XLOOKUP", "_XLFN.LET", "_XLFN.IFS")
                    seen += 1
    assert seen > 1000


def test_defined_names_exist(books):
    for (template, _), wb in books.items():
        names = set(wb.defined_names)
        assert {REFRESH_BUTTON, REFRESH_STATUS, "kpixl_period_start", "kpixl_period_end", "kpixl_emv_cpm",
                "kpixl_on_track_at", "kpixl_behind_at", "kpixl_exports_folder", "kpixl_client"} <= names
        layout = Layout.from_workbook(wb)
        for setting in layout.settings:
            assert layout.defined_name(setting.key) in names
        assert wb.defined_names[REFRESH_BUTTON].attr_text.endswith("!$B$2")
        if template == "influencer":
            assert {"kpixl_base_url", "kpixl_utm_campaign"} <= names


def test_spanish_labels(books):
    wb = books[("social", "es")]
    assert {"Empieza aquí", "Panel", "Objetivos", "Configuración", "Referencias"} <= set(wb.sheetnames)
    headers = [c.value for c in wb["Instagram"][1]]
    assert {"Fecha", "Me gusta", "Tasa de interacción", "Notas"} <= set(headers)
    goals_header = [c.value for c in wb["Objetivos"][4]]
    assert "Progreso" in goals_header and "Estado" in goals_header
    statuses = " ".join(str(v) for _, v in _formulas(wb))
    assert '"En camino"' in statuses and '"On track"' not in statuses


def test_start_sheet_legend_shows_traffic_lights_and_headings_fit(books):
    """The status legend shows the Goals sheet's icons, not bare level numbers, and column A fits the longest
    heading or status beside text in B (Spanish ones are longer)."""
    for (_, lang), wb in books.items():
        ws = wb.worksheets[0]
        statuses = {label(code, lang) for code in STATUS_LEVEL}
        legend = [row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value in statuses]
        assert len(legend) == len(STATUS_LEVEL)
        rules = [(str(cf.sqref), rule) for cf in ws.conditional_formatting for rule in cf.rules]
        icons = [(ref, rule) for ref, rule in rules if rule.type == "iconSet"]
        assert [ref for ref, _ in icons] == [f"B{legend[0]}:B{legend[-1]}"], rules
        assert icons[0][1].iconSet.showValue is False
        beside_text = [ws.cell(row, 1).value for row in range(1, ws.max_row + 1)
                       if ws.cell(row, 1).value and ws.cell(row, 2).value is not None]
        assert ws.column_dimensions["A"].width >= max(map(len, beside_text)) * 1.2, lang


def test_meta_layout_round_trips_and_describes_tables(books):
    wb = books[("influencer", "en")]
    layout = Layout.from_workbook(wb)
    assert layout.template == "influencer" and layout.networks == ("instagram", "tiktok", "youtube")
    ws = wb[layout.network_sheet("tiktok")]
    table = ws.tables[layout.table_name("tiktok")]
    assert [c.name for c in table.tableColumns] == [c.header for c in layout.columns("tiktok")]
    assert ("spend", "Fee") in layout.input_columns("tiktok")
    generated = dict(layout.generated_columns("tiktok"))
    assert "utm_link" in generated and "kpi:roi" in generated and "num:engagement_rate" in generated
    link = ws.cell(row=2, column=[c.key for c in layout.columns("tiktok")].index("utm_link") + 1).value
    assert link.startswith('=IF(kpixl_base_url="","",') and "utm_source=tiktok" in link
    assert re.search(r"tbl_tiktok\[\[#This Row\],\[Creator\]\]", link)
    calculated = next(c.calculatedColumnFormula.attr_text for c in table.tableColumns if c.name == layout.header(
        "tiktok", "utm_link"))
    assert link == "=" + calculated  # every cell agrees with its calculated column (no Excel warning)
    assert Layout.from_json(layout.to_json()) == layout


def test_engagement_rate_follows_settings_variant(books):
    wb = books[("social", "en")]
    layout = Layout.from_workbook(wb)
    den = layout.column_letter("x", "den:engagement_rate")
    num, base = (f"tbl_x[[#This Row],[engagement_rate__{part}]]" for part in ("num", "den"))
    assert wb["X"][f"{den}3"].value.startswith('=IF(kpixl_er_variant_x="impressions",')
    rate = wb["X"][f"{layout.column_letter('x', 'kpi:engagement_rate')}3"].value
    assert rate == f'=IF(COUNT({num},{base})<2,"",IFERROR({num}/{base},""))'  # the rate reads the chosen base
    assert layout.setting("er_variant_x").choices == ("impressions", "followers")


def test_input_cells_unlocked_kpi_cells_locked(books):
    wb = books[("social", "en")]
    layout = Layout.from_workbook(wb)
    ws = wb["Facebook"]
    assert ws.freeze_panes == "B2"
    assert ws[f"{layout.column_letter('facebook', 'likes')}2"].protection.locked is False
    assert ws[f"{layout.column_letter('facebook', 'kpi:engagement_rate')}2"].protection.locked is True
    assert ws[f"{layout.column_letter('facebook', 'kpi:engagement_rate')}2"].number_format == "0.00%"
    assert ws.column_dimensions[layout.column_letter("facebook", "num:engagement_rate")].hidden


def test_text_that_looks_like_a_formula_stays_text(books):
    texts = [c for ws in books[("social", "en")].worksheets[2:8] for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and needs_escape(c.value) and c.data_type != "f"]
    assert any(c.value.startswith("=") for c in texts) and any(c.value.startswith("-") for c in texts)
    assert all(c.data_type == "s" for c in texts)


def test_escape_text_marks_formula_like_strings():
    from openpyxl import Workbook

    cell = Workbook().active["A1"]
    cell.value = "=1+1"
    assert cell.data_type == "f"
    cell = escape_text(cell)
    assert cell.data_type == "s" and cell.quotePrefix


def test_not_started_goals_show_no_traffic_light(books):
    """Not started (level 0) is below the icon set's lowest threshold and would show a red light: its level is
    blank on the Goals sheet (no branch of the level formula gives it a number) and in the Start here legend."""
    for (_, lang), wb in books.items():
        layout = Layout.from_workbook(wb)
        goals = wb[layout.sheet_name("goals")]
        not_started = '"' + label("not_started", lang) + '"'
        for g in layout.goals:
            level = goals[g["cells"]["level"]].value
            assert level.startswith("=") and not_started not in level and ",0," not in level, level
            for code, value in STATUS_LEVEL.items():
                if value:
                    assert f'"{label(code, lang)}",{value},' in level, (code, level)
        ws = wb.worksheets[0]
        legend = {ws.cell(row, 1).value: ws.cell(row, 2).value for row in range(1, ws.max_row + 1)}
        assert legend[label("not_started", lang)] is None
        assert all(legend[label(code, lang)] == value for code, value in STATUS_LEVEL.items() if value)


def test_spanish_workbook_has_no_english_owners_definitions_or_variant_ids(books):
    """Default goal owners, benchmark definitions and engagement-rate variant choices are in Spanish; the variant
    label shown in Settings is turned back into its id by a hidden cell, which the setting's name points at."""
    from kpixl.catalog.benchmarks import BENCHMARKS
    from kpixl.catalog.kpi import get

    english_owners = set()
    for name in templates.BUILTIN:
        for goal in templates.load(name).goals:
            english_owners.add(goal["owner"]["en"])
    english = english_owners | {b.definition for b in BENCHMARKS}
    er = get("engagement_rate")
    for (_, lang), wb in books.items():
        layout = Layout.from_workbook(wb)
        texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        owners = {g["owner"] for g in layout.goals}
        if lang == "es":
            assert not texts & english, texts & english
            assert owners and not owners & english_owners
        else:
            assert owners <= english_owners
        settings = wb[layout.sheet_name("settings")]
        assert settings.column_dimensions["C"].hidden
        for setting in layout.settings:
            if not setting.key.startswith("er_variant_"):
                continue
            labels = {v.id: v.label(lang) for v in er.variants}
            target = wb.defined_names[layout.defined_name(setting.key)].attr_text
            row = int(target.rsplit("$", 1)[1])
            assert target.endswith(f"!$C${row}")
            assert settings[f"B{row}"].value == labels[setting.value]
            mapping = settings[f"C{row}"].value
            for choice in setting.choices:
                assert f'IF(B{row}="{labels[choice]}","{choice}",' in mapping
            lists = [dv.formula1 for dv in settings.data_validations.dataValidation if f"B{row}" in dv.sqref]
            assert lists == ['"' + ",".join(labels[c] for c in setting.choices) + '"']


def test_template_goal_owner_per_language_is_validated(tmp_path):
    goal = '[[goals]]\nkpi = "engagement_rate"\ntarget = 0.05\nstart = "period_start"\ndeadline = "period_end"\n'
    ok = templates.load(_template(tmp_path, BASE + goal + 'owner = { en = "Team", es = "Equipo" }\n'))
    assert ok.goals[0]["owner"] == {"en": "Team", "es": "Equipo"}
    for owner, message in (('{ en = "Team" }', r"goals\[1\]\.owner\.es: missing"),
                           ('{ en = "Team", es = "Equipo", fr = "Équipe" }', r"goals\[1\]\.owner\.fr: unknown key"),
                           ("3", r"goals\[1\]\.owner: must be a string or a table")):
        with pytest.raises(templates.TemplateError, match=message):
            templates.load(_template(tmp_path, BASE + goal + f"owner = {owner}\n"))


def test_print_setup_and_headers_fit(books):
    """Every visible sheet prints landscape, one page wide (the Dashboard on one page); tables repeat their header
    row on each page; each header's longest word fits its column (Spanish "Visualizaciones" was cut)."""
    for (_, lang), wb in books.items():
        layout = Layout.from_workbook(wb)
        titles = {layout.network_sheet(n): "$1:$1" for n in layout.networks}
        titles[layout.sheet_name("goals")] = "$4:$4"
        titles[layout.sheet_name("settings")] = "$3:$3"
        titles[layout.sheet_name("benchmarks")] = "$3:$3"
        titles[layout.audience.sheet] = "$1:$1"
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            setup = ws.page_setup
            assert setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
            one_page = [layout.sheet_name(kind) for kind in ("dashboard", "posts", "trends", "creators")]
            assert setup.fitToWidth in (1, None) and setup.fitToHeight == (
                1 if ws.title in one_page else 0), ws.title
            assert ws.print_title_rows == titles.get(ws.title), ws.title
        sheets = [layout.network_sheet(n) for n in layout.networks] + [
            layout.sheet_name(kind) for kind in ("dashboard", "goals", "posts", "trends")]
        checked = 0
        for name in sheets:
            ws = wb[name]
            for row in ws.iter_rows(max_row=30):
                for cell in row:
                    if cell.fill.fgColor.rgb == "002F5597" and isinstance(cell.value, str) \
                            and not cell.value.startswith("="):  # a formula's header: its text is not what shows
                        width = ws.column_dimensions[cell.column_letter].width
                        longest = max(map(len, cell.value.split()))
                        checked += 1
                        assert ws.column_dimensions[cell.column_letter].hidden or width >= longest + 2, \
                            (lang, name, cell.coordinate, cell.value, width)
        assert checked > 50


def test_emv_settings_use_the_currency_format(books):
    for wb in books.values():
        layout = Layout.from_workbook(wb)
        ws = wb[layout.sheet_name("settings")]
        emv = [(s.key, row) for row, s in enumerate(layout.settings, start=4) if s.key.startswith("emv_")]
        assert emv
        for key, row in emv:
            assert ws[f"B{row}"].number_format == '#,##0.00 "€"', (key, ws[f"B{row}"].number_format)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_roas_reads_as_a_multiple_everywhere(books, lang):
    """ROAS (and every other money-back multiple) shows as 0.74×: network tables, Creators, Dashboard."""
    wb = books[("influencer", lang)]
    layout = Layout.from_workbook(wb)
    multiple = '0.00"×"'
    for net in layout.networks:
        letter = layout.column_letter(net, "kpi:roas")
        assert wb[layout.network_sheet(net)][f"{letter}2"].number_format == multiple
    creators = wb[layout.sheet_name("creators")]
    header = [c.value for c in creators[5]]
    roas = header.index("ROAS") + 1
    assert all(creators.cell(r, roas).number_format == multiple for r in range(6, 10))
    dash = wb[layout.sheet_name("dashboard")]
    rows = [k["row"] for k in layout.dashboard["kpis"] if k["kpi"] == "roas"]
    assert rows and all(dash[f"{col}{r}"].number_format == multiple for r in rows for col in "CD")
