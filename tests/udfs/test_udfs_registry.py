"""The registry of exported functions: every catalog KPI has its function, every argument has help (en/es), and
the Lite and classic modules expose exactly what it lists, with real signatures."""

from __future__ import annotations

import inspect
import keyword
import re
import subprocess
import sys

import pytest
from kpixl_udfs import classic, lite
from kpixl_udfs.registry import GOAL_FUNCTIONS, REGISTRY, VBA_RESERVED

import kpixl
from kpixl.catalog.expr import Input, inputs_of, walk
from kpixl.catalog.kpi import DERIVED, INTERACTIONS
from kpixl.report.goals import rules

SPECS = list(REGISTRY.values())


def test_every_catalog_kpi_has_its_function():
    kpi_functions = {s.target: s for s in SPECS if s.kind in ("kpi", "engagements")}
    assert set(kpi_functions) == set(kpixl.catalog())
    for kpi_id, spec in kpi_functions.items():
        assert spec.excel_name == kpi_id.upper()
        assert spec.lite_name == f"KPIXL.{kpi_id.upper()}"
        assert spec.classic_name == f"KPIXL_{kpi_id.upper()}"


def test_goal_functions_and_kpis_exist():
    names = {s.excel_name for s in SPECS}
    assert {"GOAL_PROGRESS", "GOAL_EXPECTED", "GOAL_STATUS", "GOAL_PROJECTION", "KPIS", "ENGAGEMENTS"} <= names
    assert set(GOAL_FUNCTIONS) == set(rules("increase", "level"))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.excel_name)
def test_help_text_and_every_argument_documented(spec):
    for lang in ("en", "es"):
        assert spec.help(lang).strip() and len(spec.help(lang)) <= 255, "Excel cuts descriptions at 255"
        assert spec.returns(lang).strip()
        for param in spec.params:
            assert param.help(lang).strip(), (spec.excel_name, param.name, lang)
        doc = spec.docstring(lang)
        assert all(f"    {p.name}: " in doc for p in spec.params)
    assert spec.help.en != spec.help.es or spec.kind == "catalog"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.excel_name)
def test_kpi_arguments_follow_the_conventions(spec):
    names = [p.name for p in spec.params]
    required = [p.required for p in spec.params]
    assert required == sorted(required, reverse=True), "required arguments come first"
    if spec.kind != "kpi":
        return
    kpi = kpixl.get(spec.target)
    inputs = {n for v in kpi.variant_ids for n in inputs_of(kpi.expression(v, provided=DERIVED))}
    assert {p.name for p in spec.params if p.kind == "number"} == inputs
    assert ("variant" in names) == (len(kpi.variants) > 1)
    assert ("network" in names) == bool(kpi.network_variants)
    if "variant" in names:
        assert spec.param("variant").choices == kpi.variant_ids
        assert names.index("variant") > max(i for i, p in enumerate(spec.params) if p.kind == "number")
    if any(Input("engagements") in walk(v.expr) for v in kpi.variants):
        assert "engagements" in names and not set(INTERACTIONS) & set(names), "engagements is one argument"


@pytest.mark.parametrize("module", [lite, classic], ids=["lite", "classic"])
def test_modules_export_exactly_the_registry_with_real_signatures(module):
    is_classic = module is classic
    exported = {name for name in module.__all__ if name not in getattr(module, "SCRIPTS", ())}
    assert exported == {s.classic_name if is_classic else s.name for s in SPECS}
    for spec in SPECS:
        function = getattr(module, spec.classic_name if is_classic else spec.name)
        sig = inspect.signature(function)
        assert list(sig.parameters) == [p.classic_name if is_classic else p.name for p in spec.params]
        assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in sig.parameters.values())
        for param, parameter in zip(spec.params, sig.parameters.values(), strict=True):
            assert (parameter.default is inspect.Parameter.empty) == param.required
        assert function.__doc__ == spec.help.en
        assert function.__name__ == (spec.classic_name if is_classic else spec.name)


def test_classic_argument_names_are_valid_vba():
    for spec in SPECS:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,254}", spec.classic_name)
        for param in spec.params:
            assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", param.classic_name)
            assert param.classic_name.lower() not in VBA_RESERVED
            assert not keyword.iskeyword(param.name)
    assert REGISTRY["engagement_rate"].param("variant").classic_name == "kpi_variant"


def test_lite_import_star_brings_the_functions_and_nothing_heavy():
    code = ("import sys\nfrom kpixl_udfs.lite import *\n"
            "print(ENGAGEMENT_RATE.__name__ if 'ENGAGEMENT_RATE' in dir() else engagement_rate.__name__)\n"
            "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules and "
            "'kpixl' in str(getattr(sys.modules[m], '__file__', ''))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["engagement_rate", "[]"]


def test_kpixl_udfs_core_imports_without_numpy_or_pandas():
    code = ("import sys\nimport kpixl_udfs.build, kpixl_udfs.evaluate\n"
            "print('numpy' in sys.modules, 'pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"
