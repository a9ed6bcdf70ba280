"""One EMV method per workbook: every network's EMV column is impressions (views where a post reports views instead)
× the Settings' CPM, so a reel with views and no impressions has one and the Dashboard adds like with like; EMV is
named an estimate wherever the catalog's name is shown, and Settings says which rates are kpixl's defaults."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import kpixl
from kpixl.workbook import build, prepare
from kpixl.workbook.formulas.rows import column_formulas
from tests.workbook.conftest import PERIOD

NOTE = {"en": "kpixl default — replace with your rates",
        "es": "Valor por defecto de kpixl: sustitúyelo por tus tarifas"}
ESTIMATE = {"en": "(EMV, est.)", "es": "(EMV, estimado)"}


@pytest.mark.parametrize("template", ["social", "influencer"])
def test_every_network_uses_the_one_method(template: str):
    layout = prepare(template=template, client="Acme", period=PERIOD).layout
    emv = {net: column_formulas(layout, net)["kpi:emv"] for net in layout.networks if layout.has_column(net, "kpi:emv")}
    assert len(emv) == len(layout.networks)
    for net, formula in emv.items():
        assert "kpixl_emv_cpm" in formula and "emv_engagement" not in formula, (net, formula)
        if layout.has_column(net, "impressions") and layout.has_column(net, "views"):
            assert "ISNUMBER" in formula, (net, formula)  # impressions, else views
    assert kpixl.compute("emv", impressions=None, views=407_599) == pytest.approx(407.599 * 10.80)
    assert kpixl.compute("emv", impressions=2150, views=407_599) == pytest.approx(2.150 * 10.80)
    assert kpixl.compute("emv", network="tiktok", views=1000) == pytest.approx(10.80)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_settings_name_kpixl_defaults_and_emv_reads_as_an_estimate(tmp_path: Path, lang: str):
    spec = prepare(template="social", client="Acme", period=PERIOD, lang=lang)
    book = build(tmp_path / "book.xlsx", spec, lite=False)
    wb = openpyxl.load_workbook(book)
    layout = spec.layout
    ws = wb[layout.sheet_name("settings")]
    notes = {row[0].value: row[3].value for row in ws.iter_rows(min_row=4, max_col=4) if row[0].value}
    rates = {s.label for s in layout.settings if s.key.startswith("emv_")}
    assert rates and {k for k, v in notes.items() if v == NOTE[lang]} == rates
    assert ws["D3"].value == {"en": "Note", "es": "Nota"}[lang]
    dashboard = [c.value for row in wb[layout.sheet_name("dashboard")].iter_rows() for c in row
                 if isinstance(c.value, str)]
    assert any(ESTIMATE[lang] in text for text in dashboard)
    headers = [c.value for c in wb[layout.network_sheet("instagram")][1]]
    assert any(isinstance(h, str) and ESTIMATE[lang] in h for h in headers)
