"""Number, date, duration and header parsing of export cells."""

from __future__ import annotations

import datetime as dt

import pytest

from kpixl.sources.parsing import (
    ParseError,
    PartialDate,
    infer_years,
    normalize_header,
    parse_date,
    parse_duration,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18,400", 18400),
        ("1.234,50", 1234.5),
        ("1,234.50", 1234.5),
        ("12,5", 12.5),
        ("1.25%", 0.0125),
        ("1,25 %", 0.0125),
        ("1.2K", 1200),
        ("56.7k", 56700),
        ("1.5M", 1500000),
        ("1203.0", 1203),
        ("RM 800", 800),
        ("$1,234.50", 1234.5),
        ("800 USD", 800),
        ("€ 12,50", 12.5),
        ("-12", -12),
        ("−3", -3),
        ("(7)", -7),
        ("0.032418952618453865", 0.032418952618453865),
        ("1 234 567", 1234567),
        ("1.234.567", 1234567),
    ],
)
def test_numbers(text, expected):
    value = parse_number(text)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize("text", ["", "  ", "-", "undefined", "Undefined", "N/A", "—"])
def test_missing_stays_missing(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12a", "1..2", "--5", "K", "%", "inf", "1K2", "0x10"])
def test_junk_is_a_parse_error(text):
    with pytest.raises(ParseError):
        parse_number(text)


def test_ambiguous_separators_follow_hints():
    assert parse_number("1.234") == 1.234
    assert parse_number("1.234", decimal=",") == 1234
    assert parse_number("1.234", whole=True) == 1234
    assert parse_number("1,234", whole=True, decimal=",") == 1234
    assert parse_number("1,234", decimal=",") == 1.234


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/25/2025 22:00", dt.datetime(2025, 3, 25, 22, 0)),
        ("2025-08-01T00:00:00", dt.datetime(2025, 8, 1)),
        ("2025-08-01", dt.date(2025, 8, 1)),
        ("2020-02-10 18:00 +0000", dt.datetime(2020, 2, 10, 18, 0)),
        ("2020-02-11 09:30 +0100", dt.datetime(2020, 2, 11, 8, 30)),
        ("Tue, Jul 14, 2026", dt.date(2026, 7, 14)),
        ("Sep 14, 2026", dt.date(2026, 9, 14)),
        ("September 14, 2026", dt.date(2026, 9, 14)),
        ("Jul 14, 2026 10:05 PM", dt.datetime(2026, 7, 14, 22, 5)),
        ("14 de julio de 2026", dt.date(2026, 7, 14)),
        ("2026年9月16日", dt.date(2026, 9, 16)),
        ("28 August", PartialDate(8, 28)),
        ("28 de febrero", PartialDate(2, 28)),
        ("9月16日", PartialDate(9, 16)),
        ("1 sept", PartialDate(9, 1)),
    ],
)
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_day_first_and_formats():
    assert parse_date("25/03/2025 22:00", day_first=True) == dt.datetime(2025, 3, 25, 22)
    assert parse_date("25.03.2025") == dt.date(2025, 3, 25)
    assert parse_date("01/03/2025", date_format="%d/%m/%Y") == dt.date(2025, 3, 1)


@pytest.mark.parametrize("text", ["31/31/2025", "02/30/2025", "hello", "30 Febtober", "30 de febrero", "2025-13-01"])
def test_bad_dates(text):
    with pytest.raises(ParseError):
        parse_date(text)


def test_year_inference_from_reference_date():
    dates = [PartialDate(12, 30), PartialDate(1, 2), PartialDate(3, 1)]
    assert infer_years(dates, reference=dt.date(2026, 2, 1)) == [
        dt.date(2025, 12, 30),
        dt.date(2026, 1, 2),
        dt.date(2025, 3, 1),
    ]


def test_year_inference_rolls_back_where_month_day_goes_backwards():
    ascending = [PartialDate(12, 30), PartialDate(12, 31), PartialDate(1, 1)]
    assert infer_years(ascending, year=2026) == [dt.date(2025, 12, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 1)]
    descending = [PartialDate(1, 2), PartialDate(1, 1), PartialDate(12, 31)]
    assert infer_years(descending, year=2026) == [dt.date(2026, 1, 2), dt.date(2026, 1, 1), dt.date(2025, 12, 31)]


def test_leap_day_in_a_common_year_is_an_error():
    with pytest.raises(ParseError):
        infer_years([PartialDate(2, 29)], reference=dt.date(2026, 3, 10))


@pytest.mark.parametrize(
    ("text", "seconds"), [("1:02:03", 3723), ("2:03", 123), ("45", 45), ("0:00:36", 36), ("", None), ("-", None)]
)
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


def test_headers_compare_loosely():
    assert normalize_header('\ufeff"Descripción" ') == "descripcion"
    assert normalize_header("  Hora   de  PUBLICACIÓN ") == "hora de publicacion"
    assert normalize_header(None) == ""


@pytest.mark.parametrize("text", ["2025-03-25 25:00", "2025-03-25T10:61:00", "03/25/2025 10:99 PM"])
def test_out_of_range_times_are_parse_errors_not_crashes(text):
    with pytest.raises(ParseError, match=r"not a valid|hour"):
        parse_date(text)
