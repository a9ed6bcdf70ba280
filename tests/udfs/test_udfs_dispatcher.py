"""kpixl's Excel functions and its Refresh button through xlwings' own Lite dispatcher (`xlwings.server`), on the
main.py an English and a Spanish workbook carry: metadata, calls shaped as Office.js sends them, and the script on
a remote book built from the workbook. Tests only: `xlwings.server` is PolyForm Noncommercial (see dispatcher.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import tempfile
from pathlib import Path

import openpyxl
import pytest
from kpixl_udfs.registry import REGISTRY

import kpixl
from kpixl.report.goals import Goal
from kpixl.sources.reading import decode
from kpixl.text.labels import label
from kpixl.text.refresh_labels import text
from kpixl.workbook import build, prepare
from kpixl.workbook.layout import REFRESH_CELL
from kpixl.workbook.lite_code import XLWINGS_VERSION, button, requirements_txt
from tests.pyodide import harness
from tests.udfs.dispatcher import (
    body,
    book_json,
    error,
    formatted_date,
    require_dispatcher,
    returned_error,
    run_cpython,
    run_pyodide,
    workbook_code,
)

EXPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
DASHBOARD = {"en": "Dashboard", "es": "Panel"}
LIKES = [[100], ["1,200"], [""], [None], [error("#N/A")], ["5%"], [7], ["12,5"]]
REACH = [[2000], [0], [50], [10], [10], [10], [""], [4]]
NOT_COUNTS = [["١٢٣"], ["１２３"], ["-5"], [1.5], ["1e400"], [1e20], [2]]
"""Likes that are no count (Arabic-Indic and full-width digits, negative, fractional, past 10^15), then a real one."""


def close(got, want) -> bool:
    """Nested results equal, floats within 1e-12."""
    if isinstance(want, list):
        return isinstance(got, list) and len(got) == len(want) and all(map(close, got, want))
    if isinstance(want, float) and isinstance(got, (int, float)):
        return math.isclose(got, want, rel_tol=1e-12)
    return got == want


def make_workbook(path: Path, lang: str) -> Path:
    spec = prepare(template="social", client="Acme", networks=("instagram", "x"), period=PERIOD, lang=lang)
    return build(path, spec)


@pytest.fixture(scope="module", params=["en", "es"])
def workbook(request, tmp_path_factory) -> tuple[str, Path]:
    require_dispatcher()
    lang = request.param
    return lang, make_workbook(tmp_path_factory.mktemp(lang) / f"report_{lang}.xlsx", lang)


def engagement_rate_rows(runtime: str) -> list[list]:
    """What ENGAGEMENT_RATE(LIKES, REACH) must give, row by row, computed by the engine."""
    want = []
    for (likes,), (reach,) in zip(LIKES, REACH, strict=True):
        if likes in ("", None) and reach in ("", None):
            want.append([""])
        elif isinstance(likes, dict):
            want.append([returned_error("#N/A", runtime)])
        elif likes in ("12,5", "5%"):  # a decimal comma is never 125, a percentage never a count of engagements
            want.append([returned_error("#VALUE!", runtime)])
        else:
            number = {"1,200": 1200, "": None, None: None}.get(likes, likes)
            value = kpixl.compute("engagement_rate", engagements=number, reach=None if reach == "" else reach)
            want.append([returned_error("#DIV/0!", runtime) if value is None else value])
    return want


def calls(lang: str) -> dict[str, dict]:
    culture = "es-ES" if lang == "es" else "en-US"
    return {
        "er": body("engagement_rate", engagements=LIKES, reach=REACH, culture=culture),
        "er_13": body("engagement_rate", "1.3", engagements=LIKES, reach=REACH, culture=culture),
        "er_network": body("engagement_rate", engagements=[[40], [3]], impressions=[[4000], [0]], network=[["x"]]),
        "er_bogus": body("engagement_rate", engagements=[[1]], reach=[[2]], variant=[["bogus"]]),
        "er_sizes": body("engagement_rate", engagements=[[1], [2], [3]], reach=[[2], [3]]),
        "emv_per_row": body("emv", impressions=[[1000], [2000], [3000]], variant=[["cpm"]],
                            emv_cpm=[[20], [30], [""]]),
        "emv_error_setting": body("emv", impressions=[[1000], [2000], [3000]], emv_cpm=[[error("#REF!")]]),
        "emv_error_in_settings_range": body("emv", impressions=[[1000], [2000]], emv_cpm=[[20], [error("#REF!")]]),
        "emv_error_variant": body("emv", impressions=[[1000]], variant=[[error("#N/A")]]),
        "status": body("goal_status", actual=[[50], [10], [120]], baseline=[[0]], target=[[100]],
                       start=[[formatted_date(dt.date(2024, 1, 1))]], deadline=[[45657]],
                       on_date=[[formatted_date(dt.date(2024, 7, 1))]], lang=[[lang]], culture=culture),
        "engagements_not_counts": body("engagements", likes=NOT_COUNTS, comments=[[2]] * 7, culture=culture),
        "kpis": body("kpis", lang=[[lang]]),
        "kpis_default": body("kpis"),
        "kpis_error": body("kpis", lang=[[error("#REF!")]]),
    }


@pytest.fixture(scope="module")
def answer(workbook) -> dict:
    lang, path = workbook
    code = workbook_code(path)
    requests = calls(lang)
    wb = openpyxl.load_workbook(path, data_only=True)  # Office.js sends values (the cached ones), not formulas
    first = book_json(wb)
    wb.create_sheet(text("paste_sheet", lang))
    for row in csv.reader(io.StringIO(decode((EXPORTS / f"instagram_posts_{lang}.csv").read_bytes(), "ig.csv"))):
        wb[text("paste_sheet", lang)].append(row)
    pasted = book_json(wb)
    result = run_cpython({"main_py": code.main_py, "calls": list(requests.values()),
                          "scripts": [{"name": "kpixl_refresh", "book": first},
                                      {"name": "kpixl_refresh", "book": pasted}]})
    result["by_key"] = dict(zip(requests, result["calls"], strict=True))
    return result


def test_main_py_registers_every_function_with_its_arguments_and_help(answer, workbook):
    functions = {f["id"]: f for f in answer["functions"]["functions"]}
    assert answer["xlwings"] == XLWINGS_VERSION or answer["xlwings"]
    assert len(functions) == len(REGISTRY) == 61
    for spec in REGISTRY.values():
        meta = functions[spec.name.upper()]
        assert meta["name"] == spec.lite_name
        assert meta["description"] == spec.help.en
        assert [p["name"] for p in meta["parameters"]] == [p.name for p in spec.params]
        assert [p["description"] for p in meta["parameters"]] == [p.help.en for p in spec.params]
        assert [p.get("optional", False) for p in meta["parameters"]] == [not p.required for p in spec.params]
        assert all(p["dimensionality"] == "matrix" for p in meta["parameters"])
    assert answer["functions"]["allowErrorForDataTypeAny"] is True


def test_kpixl_comes_from_the_wheel_inside_main_py(answer):
    for module, path in answer["modules"].items():
        assert Path(path).is_relative_to(tempfile.gettempdir()), (module, path)  # not this checkout
        assert Path(path).parts[len(Path(tempfile.gettempdir()).parts)].startswith("kpixl-"), path
    assert answer["load_output"] == ""


def test_exactly_one_button_bound_to_the_workbooks_own_dashboard(answer, workbook):
    lang, path = workbook
    assert [s["function_name"] for s in answer["scripts"]] == ["kpixl_refresh"]
    binding = answer["scripts"][0]["button"]
    assert binding == button(DASHBOARD[lang]) == f"{DASHBOARD[lang]}!{REFRESH_CELL}"
    assert DASHBOARD[lang] in openpyxl.load_workbook(path, read_only=True).sheetnames


def test_ranges_text_numbers_blanks_and_error_cells(answer):
    got = answer["by_key"]
    assert close(got["er"]["result"], engagement_rate_rows("1.4")), got["er"]
    assert close(got["er_network"]["result"], [[0.01], [returned_error("#DIV/0!")]])  # X: by impressions


def test_a_count_that_is_no_count_is_value_error_through_the_dispatcher(answer):
    """#24: =KPIXL.ENGAGEMENTS of likes '١٢٣' was 125; full-width digits, -5, 1.5, 1e400 (#DIV/0!) and 1e20 (digits
    lost) were taken too. Each is #VALUE! in Excel; a real count beside them still adds up."""
    assert answer["by_key"]["engagements_not_counts"]["result"] == [[returned_error("#VALUE!")]] * 6 + [[4]]


def test_runtime_1_3_returns_errors_as_text(answer):
    """Office 2021/2024 perpetual (CustomFunctionsRuntime 1.3): no error objects, the cell shows the text."""
    assert close(answer["by_key"]["er_13"]["result"], engagement_rate_rows("1.3"))
    assert "#DIV/0!" in str(answer["by_key"]["er_13"]["result"])


def test_a_failed_call_is_an_error_with_the_reason(answer):
    got = answer["by_key"]
    assert "unknown variant 'bogus'" in got["er_bogus"]["error"]
    assert "engagements 3×1, reach 2×1" in got["er_sizes"]["error"]


def test_settings_range_applies_per_row_and_error_cells_are_never_defaults(answer):
    got = answer["by_key"]
    default = REGISTRY["emv"].param("emv_cpm").default
    assert close(got["emv_per_row"]["result"], [[20.0], [60.0], [3.0 * default]])
    assert got["emv_error_setting"]["result"] == [[returned_error("#REF!")]] * 3  # not 10.8, 21.6, 32.4
    assert close(got["emv_error_in_settings_range"]["result"], [[20.0], [returned_error("#REF!")]])
    assert got["emv_error_variant"]["result"] == [[returned_error("#N/A")]]


def test_goal_status_with_formatted_dates(answer, workbook):
    lang, _ = workbook
    goal = Goal("new_followers", baseline=0, target=100, start="2024-01-01", deadline="2024-12-31")
    want = [[label(goal.evaluate(actual, on="2024-07-01").status, lang)] for actual in (50, 10, 120)]
    assert answer["by_key"]["status"]["result"] == want


def test_kpis_spills_the_catalog_and_passes_an_error_through(answer, workbook):
    lang, _ = workbook
    got = answer["by_key"]
    table = got["kpis"]["result"]
    assert table[0] == [label(k, lang) for k in ("id", "name", "unit", "formula")]
    assert len(table) == len(kpixl.catalog()) + 1
    assert got["kpis_default"]["result"][0] == ["Id", "Name", "Unit", "Formula"]
    assert got["kpis_error"]["result"] == [[returned_error("#REF!")]]


def _shown(value):
    """A value as the cell shows it (a leading apostrophe only tells Excel to keep text as text)."""
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def _writes(actions: list[dict]) -> list[tuple]:
    return [(a["func"], a["sheet_position"], a["start_row"], a["start_column"],
             [[_shown(v) for v in row] for row in a["values"]] if a["values"] else a["values"]) for a in actions]


def test_refresh_script_on_a_remote_book_creates_the_paste_sheet_then_imports(answer, workbook):
    lang, path = workbook
    sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
    dashboard = sheets.index(DASHBOARD[lang])
    first, second = answer["runs"]
    assert "error" not in first, first
    status = text("status_created", lang, sheet=text("paste_sheet", lang))
    assert first["printed"] == f"kpixl: {status}\n"  # the line written, not the stale cell ("kpixl: None")
    assert ("addSheet", None, None, None, None) in [(a["func"], *[a[k] for k in (
        "sheet_position", "start_row", "start_column", "values")]) for a in first["actions"]]
    assert first["actions"][0]["args"][1] == text("paste_sheet", lang)
    assert ("setValues", dashboard, 1, 2, [[status]]) in _writes(first["actions"])  # C2

    assert "error" not in second, second
    status = second["printed"].removeprefix("kpixl: ").strip()
    want = {"en": "5 added, 0 updated, 0 unchanged, 0 rejected",
            "es": "3 añadidas, 0 actualizadas, 0 sin cambios, 1 rechazadas (Pega la exportación aquí, fila 4, "
                  "columna «Me gusta»: no es un recuento: «doce»)"}[lang]  # a Spanish row with "doce" likes
    assert status.startswith(want), status
    writes = _writes(second["actions"])
    assert ("setValues", dashboard, 1, 2, [[status]]) in writes  # C2
    instagram = sheets.index("Instagram")
    rows = [w for w in writes if w[0] == "setValues" and w[1] == instagram]
    raw = [a["values"] for a in second["actions"] if a["func"] == "setValues" and a["sheet_position"] == instagram]
    ids = [v for block in raw for row in block for v in row if isinstance(v, str) and v.startswith("'180")]
    assert len(ids) == {"en": 5, "es": 3}[lang]  # long post ids written as text, not 1.804E+16
    assert any(a["func"] == "resizeTable" for a in second["actions"])
    assert not any(math.isnan(v) for w in rows for r in w[4] for v in r if isinstance(v, float))


@pytest.mark.pyodide
@pytest.mark.slow
def test_the_same_main_py_in_pyodide_offline(answer, workbook):
    """xlwings Lite's runtime: Pyodide with only what requirements.txt installs (pure wheels), no network."""
    harness.require_pyodide()
    lang, path = workbook
    code = workbook_code(path)
    requirements = [line.split("#")[0].strip() for line in code.requirements_txt.splitlines()]
    dependencies = ["et_xmlfile"]  # openpyxl's, which Lite's installer (micropip) resolves by itself
    wheels = harness.download_pure_wheels([r for r in requirements if r] + dependencies)
    requests = calls(lang)
    wb = openpyxl.load_workbook(path, data_only=True)
    got = run_pyodide({"main_py": code.main_py, "calls": list(requests.values()),
                       "scripts": [{"name": "kpixl_refresh", "book": book_json(wb)}]}, wheels)
    assert got["xlwings"] == XLWINGS_VERSION
    assert got["functions"] == answer["functions"] and len(got["functions"]["functions"]) == len(REGISTRY)
    assert got["scripts"] == answer["scripts"] and len(got["scripts"]) == 1
    for key, cpython in answer["by_key"].items():
        if key != "status":  # GOAL_STATUS compares with today's date only when no date is given: here it is given
            assert close(got["calls"][list(requests).index(key)], cpython), key
    assert got["calls"][list(requests).index("status")] == answer["by_key"]["status"]
    assert got["runs"][0]["printed"] == answer["runs"][0]["printed"]
    assert got["runs"][0]["actions"] == answer["runs"][0]["actions"]


def test_the_short_main_py_in_docs_registers_the_same(answer):
    """docs/xlwings-lite/main.py, for when kpixl is on PyPI (here: this checkout's kpixl)."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "xlwings-lite"
    got = run_cpython({"main_py": (docs / "main.py").read_text(encoding="utf-8")})
    assert got["functions"] == answer["functions"]
    assert [s["button"] for s in got["scripts"]] == ["Dashboard!B2"]
    assert (docs / "requirements.txt").read_text(encoding="utf-8").splitlines()[:2] == \
        [line for line in requirements_txt().splitlines()[:2]]
