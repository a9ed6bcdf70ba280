"""`kpixl calc` reads its inputs as the Excel functions do (#24): counts whole and never negative, amounts never
negative, only ASCII digits, nothing past what a count can hold; each refusal names the input."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("value", "reason"), [
    ("-5", "cannot be negative"), ("1.5", "not a whole number"), ("12%", "not a count"), ("١٢٣", "not a count"),
    ("１２３", "not a count"), ("1e400", "not a count"), ("1e20", "not a count"),
    ("100000000000000000001", "too large"),
])
def test_a_count_that_is_no_count_is_refused(run_kpixl, value, reason):
    result = run_kpixl("calc", "engagements", f"likes={value}", "comments=2")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "input 'likes': " in result.output and reason in result.output


@pytest.mark.parametrize("value", ["-5", "12%"])
def test_an_amount_is_never_negative_nor_a_percentage(run_kpixl, value):
    result = run_kpixl("calc", "roas", "revenue=100", f"spend={value}")
    assert result.exit_code != 0 and "input 'spend'" in result.output


def test_counts_amounts_and_settings_still_read(run_kpixl):
    assert run_kpixl.output_of("calc", "engagements", "likes=1,234", "comments=2").strip().endswith("1,236")
    assert "62.5" in run_kpixl.output_of("calc", "emv", "impressions=5000", "emv_cpm=12.5")
    assert "2.0" in run_kpixl.output_of("calc", "roas", "revenue=100.5", "spend=50.25")
