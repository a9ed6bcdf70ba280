"""Cell parsing (text numbers, percents, blanks, errors, dates) and range shapes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st
from kpixl_udfs.excel_values import CellError, common_shape, flatten, reshape, shape_of, to_number, to_option, to_serial


@pytest.mark.parametrize(("cell", "number"), [
    (5, 5), (2.5, 2.5), ("1,234", 1234), ("1,234,567.5", 1234567.5), ("12.5", 12.5), ("1.5%", 0.015),
    (" 7 ", 7), ("-3", -3), ("+4", 4), ("1e3", 1000.0), ("50 %", 0.5), ("1\u00a0234", 1234), (None, None), ("", None),
    ("   ", None), (float("nan"), None),
])
def test_to_number(cell, number):
    assert to_number(cell) == pytest.approx(number) if number is not None else to_number(cell) is None


@pytest.mark.parametrize(("cell", "code"), [
    ("abc", "#VALUE!"), ("12,5", "#VALUE!"), ("1,23", "#VALUE!"), (True, "#VALUE!"), (float("inf"), "#VALUE!"),
    ("#N/A", "#N/A"), ("#div/0!", "#DIV/0!"), (dt.date(2024, 1, 1), "#VALUE!"),
])
def test_to_number_refuses(cell, code):
    with pytest.raises(CellError) as info:
        to_number(cell)
    assert info.value.code == code


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_thousands_separators_round_trip(n):
    assert to_number(f"{n:,}") == n
    assert to_number(f"{n}%") == pytest.approx(n / 100)


def test_to_serial():
    assert to_serial(dt.date(1900, 3, 1)) == 61
    assert to_serial(dt.date(2024, 4, 1)) == 45383
    assert to_serial("2024-04-01") == 45383
    assert to_serial(dt.datetime(2024, 4, 1, 12)) == 45383.5
    assert to_serial(45383) == 45383
    assert to_serial(None) is None
    with pytest.raises(CellError, match="not a date"):
        to_serial("April")


def test_to_option():
    assert to_option(" Instagram ", ("instagram", "x"), "network") == "instagram"
    assert to_option("stay above", ("stay_above",), "direction") == "stay_above"
    assert to_option("", ("x",), "network") is None
    with pytest.raises(CellError, match="unknown network 'myspace'"):
        to_option("myspace", ("instagram", "x"), "network")


def test_shapes():
    assert shape_of(3) == () and shape_of([[3]]) == () and shape_of([3]) == ()
    assert shape_of([1, 2]) == (2,) and shape_of([[1], [2]]) == (2, 1) and shape_of([[1, 2, 3]]) == (1, 3)
    with pytest.raises(ValueError, match="ragged"):
        shape_of([[1, 2], [3]])
    grid = [[1, 2], [3, 4]]
    assert reshape(flatten(grid, (2, 2)), (2, 2)) == grid
    assert flatten([[9]], ()) == [9]
    assert common_shape({"a": (), "b": (2, 1), "c": (2, 1)}) == (2, 1)
    with pytest.raises(ValueError, match="a 2×1, b 3×1"):
        common_shape({"a": (2, 1), "b": (3, 1)})
