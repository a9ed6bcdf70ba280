"""Row formulas written once: each piece of row logic is computed in one column (the engagement sum, the
denominator the Settings choose), every rate reads it, and the row plan computes what the catalog computes."""

from __future__ import annotations

import itertools
import math
import random

import pytest

import kpixl
from kpixl.workbook import prepare
from kpixl.workbook.formulas.rows import column_formulas, plan, structured_refs
from kpixl.workbook.sheets.network import cell_refs, row_values

CASES = [("social", None), ("influencer", None)]


def _layouts():
    for template, _ in CASES:
        layout = prepare(template=template, client="Acme").layout
        for net in layout.networks:
            yield template, layout, net


@pytest.mark.parametrize("template,layout,net", list(_layouts()), ids=lambda v: v if isinstance(v, str) else "")
def test_each_piece_of_row_logic_is_in_one_column(template, layout, net):
    formulas = column_formulas(layout, net)
    refs = structured_refs(layout, net)
    choosing = [k for k, f in formulas.items() if f"kpixl_er_variant_{net}" in f]
    assert choosing == (["den:engagement_rate"] if "den:engagement_rate" in formulas else
                        [k for k in formulas if k == "kpi:engagement_rate"])
    if "kpi:engagements" in formulas:
        interactions = kpixl.catalog.kpi.interactions_for(net)
        total = f"SUM({','.join(refs[name] for name in interactions)})"  # the interactions a post reports
        assert [k for k, f in formulas.items() if total in f] == ["kpi:engagements"]
    for key, text in formulas.items():
        if key.startswith("kpi:") and f"num:{key[4:]}" in formulas:
            num, den = refs[f"num:{key[4:]}"], refs[f"den:{key[4:]}"]
            assert text == f'=IF(COUNT({num},{den})<2,"",IFERROR({num}/{den},""))', key


@pytest.mark.parametrize("template,layout,net", list(_layouts()), ids=lambda v: v if isinstance(v, str) else "")
def test_a1_and_structured_renderings_are_the_same_formulas(template, layout, net):
    structured, a1 = column_formulas(layout, net), column_formulas(layout, net, cell_refs(layout, net, "7"))
    assert structured.keys() == a1.keys()
    for key in structured:
        text = structured[key]
        for col_key, ref in sorted(structured_refs(layout, net).items(), key=lambda kv: -len(kv[1])):
            text = text.replace(ref, cell_refs(layout, net, "7")[col_key])
        assert text == a1[key], key


@pytest.mark.parametrize("template,layout,net", list(_layouts()), ids=lambda v: v if isinstance(v, str) else "")
def test_row_plan_computes_what_the_catalog_computes(template, layout, net):
    """The plan (columns reading columns) gives every KPI the engine's value, for every variant in Settings, on
    rows with blanks, zeros and text."""
    rng = random.Random(7)
    inputs = [c for c in layout.columns(net) if c.role == "input" and c.format not in ("text", "url", "date")]
    choices = layout.tables[net].variant_choices or (None,)
    for variant, _ in itertools.product(choices, range(60)):
        row = {c.field: rng.choice([None, 0, 3, 17.5, 1200, "n/a"]) for c in inputs}
        settings_variant = {f"er_variant_{net}": variant} if variant else {}
        compute = row_values(_with_settings(layout, settings_variant), net)
        got = compute(dict(row))
        for step in plan(layout, net):
            if not step.key.startswith("kpi:"):
                continue
            col = layout.column(net, step.key)
            numbers = {k: (v if isinstance(v, (int, float)) else None) for k, v in row.items()}
            want = kpixl.compute(col.kpi, variant=col.variant or variant, network=net, **numbers)
            if want is None:
                assert got[step.key] is None, (step.key, row)
            else:
                assert math.isclose(got[step.key], want, rel_tol=1e-12), (step.key, row)


def _with_settings(layout, values):
    from dataclasses import replace

    settings = tuple(replace(s, value=values.get(s.key, s.value)) for s in layout.settings)
    return replace(layout, settings=settings)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_changing_the_variant_in_settings_changes_every_rate(tmp_path):
    """Settings stay live: pick another engagement-rate base in Settings (as a user would, by its label) and
    LibreOffice's recalculation gives every row the engine's rate for that base, with no kpixl run."""
    import warnings

    import openpyxl

    from tests import libreoffice
    from tests.workbook.conftest import make

    libreoffice.require_soffice()
    path, spec, rows = make(tmp_path, "social", "es", size=15, networks=["facebook", "x"])
    layout = spec.layout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    settings = wb[layout.sheet_name("settings")]
    chosen = {"facebook": "followers", "x": "followers"}
    for net, variant in chosen.items():
        row = next(c.row for c in settings["A"] if c.value == layout.setting(f"er_variant_{net}").label)
        settings[f"B{row}"] = kpixl.catalog.kpi.get("engagement_rate").variant_for(variant).label("es")
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    out = libreoffice.recalculate(edited, tmp_path / "out")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        recalculated = openpyxl.load_workbook(out, data_only=True)
    checked = 0
    for net, variant in chosen.items():
        ws = recalculated[layout.network_sheet(net)]
        column = layout.column_letter(net, "kpi:engagement_rate")
        for r, post in enumerate(rows[net], start=2):
            numbers = {f: post.get(f) if isinstance(post.get(f), (int, float)) else None
                       for f, _ in layout.input_columns(net)}
            want = kpixl.compute("engagement_rate", variant=variant, network=net, **numbers)
            got = ws[f"{column}{r}"].value
            assert (got in (None, "")) if want is None else math.isclose(got, want, rel_tol=1e-9), (net, r)
            checked += want is not None
    assert checked > 20
