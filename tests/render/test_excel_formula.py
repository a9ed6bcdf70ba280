"""Excel formulas rendered from the catalog: structure (tokens, functions, references), precedence and escaping.

Values are checked against LibreOffice in test_formulas_libreoffice.py; here only the text is checked.
"""

from __future__ import annotations

import re

import pytest
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import FORMULAE, get_column_letter

from kpixl.catalog.expr import Const, If, Neg, Param, ReportedSum, i, inputs_of, minimum, required_inputs, walk
from kpixl.catalog.kpi import NETWORK_INTERACTIONS, catalog
from kpixl.errors import MissingInputError
from kpixl.render import excel_formula
from kpixl.report.goals import DIRECTIONS, KINDS, rules


def _cases() -> list[tuple[str, object]]:
    out = []
    for kpi in catalog().values():
        for variant in kpi.variant_ids:
            seen = []
            for network in (None, *NETWORK_INTERACTIONS):
                expr = kpi.expression(variant, network=network)
                if expr not in seen:
                    seen.append(expr)
                    out.append((f"{kpi.id}:{variant}:{network or '-'}", expr))
    for direction in DIRECTIONS:
        for kind in KINDS:
            for name, expr in rules(direction, kind).items():
                out.append((f"goal:{direction}:{kind}:{name}", expr))
    return out


CASES = _cases()


def _refs(expr) -> dict[str, str]:
    return {name: f"{get_column_letter(j)}2" for j, name in enumerate(sorted(inputs_of(expr)), start=1)}


def _balanced(text: str) -> bool:
    depth, in_string = 0, False
    for ch in text:
        if ch == '"':
            in_string = not in_string
        elif not in_string:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth < 0:
                return False
    return depth == 0 and not in_string


@pytest.mark.parametrize(("name", "expr"), CASES, ids=[c[0] for c in CASES])
def test_formula_structure(name, expr):
    refs = _refs(expr)
    text = excel_formula.formula(expr, refs)
    assert text.startswith("=")
    assert _balanced(text), text
    tokens = Tokenizer(text).items
    assert tokens, text
    functions = {t.value.rstrip("(").upper() for t in tokens if t.type == Token.FUNC and t.subtype == Token.OPEN}
    assert functions <= FORMULAE, functions - FORMULAE
    assert "IFERROR" in functions
    operands = {t.value for t in tokens if t.type == Token.OPERAND and t.subtype == Token.RANGE}
    assert set(refs.values()) <= operands, f"unreferenced input in {text}"
    assert operands <= set(refs.values()), f"unknown reference in {text}"
    required = required_inputs(expr)
    if required:
        assert f"COUNT({','.join(refs[n] for n in required)})<{len(required)}" in text
    for group in {n.names for n in walk(expr) if isinstance(n, ReportedSum)}:  # the engagements: blank only when
        cells = ",".join(refs[n] for n in group)  # every interaction is
        assert f"IF(COUNT({cells})=0,\"\",SUM({cells}))" in text


@pytest.mark.parametrize(("name", "expr"), CASES, ids=[c[0] for c in CASES])
def test_formula_with_structured_references_and_settings(name, expr):
    refs = {n: excel_formula.structured_ref("tbl_posts", n.replace("_", " ").title()) for n in inputs_of(expr)}
    params = {p: f"Settings!$B${k}" for k, p in enumerate(sorted({"emv_cpm", "emv_like", "emv_comment",
                                                                   "emv_share", "emv_vpm", "emv_engagement",
                                                                   "on_track_at", "behind_at"}), start=2)}
    text = excel_formula.formula(expr, refs, params=params)
    assert _balanced(text)
    assert "[@" not in text  # the screen shorthand is not file syntax
    Tokenizer(text)
    for ref in refs.values():
        assert ref in text


def test_guarded_division_shape():
    assert excel_formula.formula(i("clicks") / i("impressions"), {"clicks": "B2", "impressions": "C2"}) == (
        '=IF(COUNT(B2,C2)<2,"",IFERROR(B2/C2,""))')


def test_precedence_and_unary_minus():
    a, b, c = i("a"), i("b"), i("c")
    refs = {"a": "A1", "b": "B1", "c": "C1"}
    body = lambda e: excel_formula.render(e, refs)  # noqa: E731
    assert body(a - (b - c)) == "A1-(B1-C1)"
    assert body((a - b) - c) == "A1-B1-C1"
    assert body(a / (b * c)) == "A1/(B1*C1)"
    assert body((a + b) * c) == "(A1+B1)*C1"
    assert body(a + b * c) == "A1+B1*C1"
    assert body(a ** (b ** c)) == "A1^(B1^C1)"
    assert body((a ** b) ** c) == "A1^B1^C1"  # Excel's ^ is left-associative
    # Excel binds unary minus tighter than ^: -A1^2 would be (-A1)^2
    assert body(Neg(a ** 2)) == "-(A1^2)"
    assert body(Neg(a) ** 2) == "(-A1)^2"
    assert body(a - Neg(b)) == "A1-(-B1)"
    assert body(If(a > b, a, Const("x"))) == 'IF(A1>B1,A1,"x")'
    assert body(minimum(a, 1)) == "MIN(A1,1)"


def test_literals_and_params():
    assert excel_formula.number_literal(2.0) == "2"
    assert excel_formula.number_literal(0.05) == "0.05"
    assert excel_formula.number_literal(1000) == "1000"
    assert excel_formula.text_literal('say "hi"') == '"say ""hi"""'
    expr = i("impressions") * Param("emv_cpm", 10.8) / 1000
    assert excel_formula.render(expr, {"impressions": "A2"}) == "A2*10.8/1000"
    assert excel_formula.render(expr, {"impressions": "A2"}, params={"emv_cpm": "Settings!$B$2"}) == (
        "A2*Settings!$B$2/1000")


def test_localised_status_strings():
    text = excel_formula.formula(rules("stay_above", "level")["status"],
                                 {n: f"{get_column_letter(j)}2" for j, n in enumerate(
                                     ("actual", "target", "start", "deadline", "on"), start=1)},
                                 strings={"on_track": "En camino"})
    assert '"En camino"' in text and '"on_track"' not in text


def test_structured_reference_escaping():
    assert excel_formula.structured_ref("tbl", "Likes") == "tbl[[#This Row],[Likes]]"
    assert excel_formula.structured_ref("tbl", "Rate [%]") == "tbl[[#This Row],[Rate '[%']]]"
    assert excel_formula.structured_ref("tbl", "Post #") == "tbl[[#This Row],[Post '#]]"
    assert excel_formula.column_ref("tbl", "It's") == "tbl[It''s]"


def test_missing_reference_is_a_clear_error():
    with pytest.raises(MissingInputError, match="'reach'"):
        excel_formula.formula(i("likes") / i("reach"), {"likes": "A2"})


def test_ratio_formulas_are_guarded_by_the_whole_kpi():
    expr = catalog()["engagement_rate"].expression("reach")
    refs = _refs(expr)
    num, den = excel_formula.ratio_formulas(expr, refs)
    interactions = ",".join(refs[n] for n in ("likes", "comments", "shares"))
    guard = f"=IF(OR(COUNT({refs['reach']})<1,COUNT({interactions})=0),"
    assert num.startswith(guard) and den.startswith(guard), (num, den)
    assert excel_formula.ratio_formulas(i("likes") + i("comments"), {"likes": "A1", "comments": "B1"}) is None
    assert excel_formula.safe_ratio("SUM(A:A)", "SUM(B:B)") == '=IFERROR((SUM(A:A))/(SUM(B:B)),"")'


def test_no_function_needs_the_xlfn_prefix():
    for _, expr in CASES:
        text = excel_formula.formula(expr, _refs(expr))
        assert "_xlfn." not in text
        assert not re.search(r"\b(IFS|SWITCH|LET|XLOOKUP|IFNA|MAXIFS|MINIFS)\(", text)
