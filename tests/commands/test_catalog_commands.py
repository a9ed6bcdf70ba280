"""`kpixl kpis`, `kpixl calc`, `kpixl goal` and `kpixl docs` through click's CliRunner (the run_kpixl fixture)."""

from __future__ import annotations

import json

import pytest

from kpixl.catalog.kpi import catalog


def _one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1
    err = result.stderr.strip()
    assert err.startswith("Error: ") and "\n" not in err, err
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in err, err


def test_kpis_text_lists_every_kpi_grouped_by_area(run_kpixl):
    result = run_kpixl("kpis")
    assert result.exit_code == 0
    for kpi in catalog().values():
        assert kpi.id in result.output and kpi.name.en in result.output
    assert "Engagement rate" in result.output and "(likes + comments + shares) / reach" in result.output


def test_kpis_in_spanish(run_kpixl):
    result = run_kpixl("kpis", "--lang", "es")
    assert result.exit_code == 0
    assert "Tasa de interacción" in result.output and "Clientes potenciales" in result.output
    assert "Engagement rate" not in result.output


def test_kpis_json_parses_and_lists_all(run_kpixl):
    data = json.loads(run_kpixl("kpis", "--json").output)
    assert [d["id"] for d in data] == list(catalog())
    rate = next(d for d in data if d["id"] == "engagement_rate")
    assert rate["network_variants"]["x"] == "impressions"
    assert {v["id"] for v in rate["variants"]} == {"reach", "impressions", "followers", "views"}
    assert rate["actions"]["below"]
    spanish = json.loads(run_kpixl("kpis", "--json", "--lang", "es").output)
    assert next(d for d in spanish if d["id"] == "ctr")["name"] == "Tasa de clics (CTR)"


def test_kpis_by_area(run_kpixl):
    data = json.loads(run_kpixl("kpis", "--json", "--area", "reputation").output)
    assert {d["area"] for d in data} == {"reputation"} and len(data) == 5


def test_calc_values(run_kpixl):
    result = run_kpixl("calc", "engagement_rate", "likes=80", "comments=15", "shares=5", "reach=2000")
    assert result.exit_code == 0
    assert result.output.strip() == "Engagement rate (reach): 5.0000%"
    assert "0.5000%" in run_kpixl("calc", "ctr", "clicks=5", "impressions=1,000", "--variant", "impressions").output
    assert "5.0000" in run_kpixl("calc", "roas", "revenue=5000", "spend=1000").output


def test_calc_network_and_interactions(run_kpixl):
    x = json.loads(run_kpixl("calc", "engagement_rate", "--network", "x", "likes=10", "comments=2", "shares=3",
                       "clicks=5", "impressions=400", "--json").output)
    assert x == {"kpi": "engagement_rate", "variant": "impressions", "unit": "fraction", "value": 0.05}
    only_likes = json.loads(run_kpixl("calc", "engagement_rate", "--interactions", "likes", "likes=10", "reach=100",
                                "--json").output)
    assert only_likes["value"] == pytest.approx(0.1)


def test_calc_refuses_inputs_the_variant_does_not_read(run_kpixl):
    _one_line_error(run_kpixl("calc", "engagement_rate", "likes=80", "comments=15", "shares=5", "reach=2000", "foo=3"),
                    "does not use foo", "it reads: likes, comments, shares, reach")
    _one_line_error(run_kpixl("calc", "engagement_rate", "--network", "tiktok", "likes=1", "comments=1", "shares=1",
                        "sves=3", "views=10"), "does not use sves", "saves, views")
    _one_line_error(run_kpixl("calc", "engagement_rate", "engagements=5", "likes=3", "reach=10"), "does not use likes",
                    "engagements, reach")
    _one_line_error(run_kpixl("calc", "emv", "likes=1", "impressions=1000"), "does not use likes", "impressions",
                    "--variant")
    # settings (parameters) of the formula are inputs it reads
    assert run_kpixl("calc", "emv", "impressions=1000", "emv_cpm=12").exit_code == 0


def test_calc_json_and_no_value(run_kpixl):
    data = json.loads(run_kpixl("calc", "cpc", "spend=10", "clicks=0", "--json").output)
    assert data["value"] is None and data["unit"] == "currency"
    assert "no value" in run_kpixl("calc", "cpc", "spend=10", "clicks=").output.lower()
    assert json.loads(run_kpixl("calc", "ctr", "clicks=5", "impressions=100", "--json").output)["value"] == 0.05


def test_calc_errors_are_one_line(run_kpixl):
    _one_line_error(run_kpixl("calc", "engagment_rate", "likes=1"), "unknown KPI", "engagement_rate")
    _one_line_error(run_kpixl("calc", "cpm", "spend=1"), "impressions")
    _one_line_error(run_kpixl("calc", "ctr", "clicks=abc", "impressions=1"), "'clicks'", "not a count")
    _one_line_error(run_kpixl("calc", "ctr", "clicks=inf", "impressions=1"), "'clicks'", "not a count")
    _one_line_error(run_kpixl("calc", "ctr", "clicks", "impressions=1"), "name=value")
    _one_line_error(run_kpixl("calc", "ctr", "--variant", "followers", "clicks=1", "impressions=1"), "variant")
    _one_line_error(run_kpixl("calc", "engagement_rate", "--network", "myspace", "likes=1", "reach=1"), "network")


def test_goal_text_and_spanish(run_kpixl):
    args = ("goal", "new_followers", "--target", "1000", "--start", "2026-04-01", "--deadline", "2026-04-30",
            "--actual", "485", "--on", "2026-04-15")
    english = run_kpixl(*args)
    assert english.exit_code == 0
    assert "On track" in english.output and "970" in english.output and "50.0000%" in english.output
    spanish = run_kpixl(*args, "--lang", "es")
    assert "En camino" in spanish.output and "Proyección" in spanish.output


def test_goal_spanish_says_no_value_in_spanish(run_kpixl):
    """Level goals have no projection, and before any actual there is no progress: Spanish output says so in
    Spanish, not "no value"."""
    result = run_kpixl("goal", "engagement_rate", "--baseline", "0.02", "--target", "0.04", "--start", "2026-04-01",
                 "--deadline", "2026-04-30", "--on", "2026-04-15", "--lang", "es")
    assert result.exit_code == 0
    assert "no value" not in result.output
    projection = next(line for line in result.output.splitlines() if line.startswith("Proyección"))
    assert projection.split(maxsplit=1)[1] == "sin valor"


def test_goal_json(run_kpixl):
    data = json.loads(run_kpixl("goal", "cpa", "--baseline", "8", "--target", "5", "--start", "2026-01-01",
                          "--deadline", "2026-12-31", "--actual", "9", "--on", "2026-06-01", "--json").output)
    assert data["direction"] == "decrease" and data["kind"] == "level"
    assert data["progress"] == pytest.approx(-1 / 3) and data["status"] == "at_risk"
    assert data["projection"] is None
    before = json.loads(run_kpixl("goal", "reach", "--target", "10", "--start", "2026-01-01", "--deadline",
                            "2026-12-31", "--on", "2025-12-01", "--json").output)
    assert before["status"] == "not_started"


def test_goal_errors(run_kpixl):
    _one_line_error(run_kpixl("goal", "reach", "--target", "10", "--start", "2026-05-01", "--deadline", "2026-04-01"),
                    "before its start")
    _one_line_error(run_kpixl("goal", "reach", "--baseline", "20", "--target", "10", "--start", "2026-01-01",
                        "--deadline", "2026-02-01"), "below baseline")
    _one_line_error(run_kpixl("goal", "ctr", "--target", "1", "--direction", "range", "--start", "2026-01-01",
                        "--deadline", "2026-02-01"), "--direction range needs --low and --high",
                    "missing --low and --high")
    _one_line_error(run_kpixl("goal", "ctr", "--target", "1", "--direction", "range", "--low", "0.01", "--start",
                        "2026-01-01", "--deadline", "2026-02-01"), "missing --high")
    _one_line_error(run_kpixl("goal", "ctr", "--target", "1", "--direction", "range", "--low", "3", "--high", "2",
                        "--start", "2026-01-01", "--deadline", "2026-02-01"), "low <= high")
    usage = run_kpixl("goal", "reach", "--target", "10", "--start", "01/01/2026", "--deadline", "2026-02-01")
    assert usage.exit_code == 2 and "Traceback" not in usage.output


def test_docs_command_writes_both_languages(run_kpixl, tmp_path):
    from kpixl.render.markdown import render

    for lang, name in (("en", "kpis.md"), ("es", "kpis.es.md")):
        target = tmp_path / name
        result = run_kpixl("docs", "--lang", lang, "-o", str(target))
        assert result.exit_code == 0
        text = target.read_text(encoding="utf-8")
        assert text == render(lang)
        for kpi in catalog().values():
            assert f"(`{kpi.id}`)" in text and kpi.name(lang) in text
            for variant in kpi.variants:
                assert not variant.source or variant.source in text
    assert "Tasa de interacción" in (tmp_path / "kpis.es.md").read_text(encoding="utf-8")
    assert "(likes + comments + shares) / reach" in (tmp_path / "kpis.md").read_text(encoding="utf-8")
    assert run_kpixl("docs").output == render("en")


def test_generated_docs_are_up_to_date():
    from pathlib import Path

    from kpixl.render.markdown import render

    docs = Path(__file__).resolve().parents[2] / "docs"
    for lang, name in (("en", "kpis.md"), ("es", "kpis.es.md")):
        path = docs / name
        if not path.exists():
            pytest.skip(f"{path} not generated")
        assert path.read_text(encoding="utf-8") == render(lang), f"regenerate: kpixl docs --lang {lang} -o {path}"
