"""Counts are whole, non-negative numbers, never taken from a malformed cell (property tests and named cases)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kpixl.sources import read_export
from kpixl.sources.parsing import MISSING_TEXTS, ParseError, parse_count

HEAD = "Post id,Date,Post text,Impressions,Likes,Replies,Reposts"
ALLOWED = set(string.digits + ",.kKmMbB '’\u00a0\u202f\u2009\u2007" + string.whitespace)


@pytest.mark.parametrize("cell", ["-5", "(5)", "1.5", "12%", "abc123", "ID 42", "5 min", "1e400", "1,5", "$5",
                                  "5 likes", "0x10", "1_000", "+-3", "1.2345K", "--5", "5-", "١٢"])
def test_malformed_counts_are_rejected_naming_file_row_and_column(tmp_path, cell):
    path = tmp_path / "account_analytics_content.csv"
    path.write_text(f'{HEAD}\n1,2026-07-14,ok,100,1,2,3\n2,2026-07-13,bad,100,"{cell}",2,3\n', encoding="utf-8")
    result = read_export(path)
    assert [r["post_id"] for r in result.rows] == ["1"]
    [rejected] = result.rejected
    assert (rejected.file, rejected.row, rejected.column) == (str(path), 3, "Likes")
    assert cell.strip() in str(rejected) or "negative" in str(rejected)


@pytest.mark.parametrize(("cell", "value"), [("1.2K", 1200), ("1,234", 1234), ("1.234", 1234), ("18,400", 18400),
                                             ("1203.0", 1203), ("2.3M", 2300000), ("1 234", 1234), ("0", 0)])
def test_well_formed_counts_keep_working(cell, value):
    assert parse_count(cell) == value


def test_spanish_counts_with_decimal_commas():
    assert parse_count("1.234", decimal=",") == 1234 and parse_count("1,2K", decimal=",") == 1200
    with pytest.raises(ParseError):
        parse_count("1,5", decimal=",")


def test_excel_numbers():
    assert parse_count(12.0) == 12
    for bad in (1.5, -3, float("inf"), 1e400, True):
        with pytest.raises(ParseError):
            parse_count(bad)
    assert parse_count(float("nan")) is None


@given(st.text(max_size=12))
def test_a_count_comes_only_from_digits_and_separators(text):
    """Whatever the cell holds, a count is returned only when every character is a digit, a separator, a space or
    a K/M/B suffix — never from text with letters, signs, units or percent signs around digits."""
    try:
        value = parse_count(text)
    except ParseError:
        return
    if value is None:
        assert text.strip().casefold() in MISSING_TEXTS
        return
    assert isinstance(value, int) and value >= 0
    assert all(c in ALLOWED or c.isspace() for c in text) and any(c.isdigit() for c in text)


_JUNK = st.sampled_from(["-", "(", ")", "%", "$", "€", "ID ", " min", "abc", "e5", "x", "+", "#", "/", ":"])


@given(st.integers(min_value=0, max_value=10**9), _JUNK, st.booleans())
def test_digits_with_junk_around_them_are_never_a_count(number, junk, before):
    cell = f"{junk}{number}" if before else f"{number}{junk}"
    with pytest.raises(ParseError):
        parse_count(cell)


@given(st.integers(min_value=0, max_value=10**12))
def test_formatted_counts_round_trip(number):
    assert parse_count(f"{number:,}") == number
    assert parse_count(f"{number:,}".replace(",", "."), decimal=",") == number
    assert parse_count(float(number)) == number


_BAD_CELLS = st.one_of(
    st.integers(1, 10**6).map(lambda n: f"-{n}"),
    st.integers(1, 10**6).map(lambda n: f"({n})"),
    st.integers(0, 10**6).map(lambda n: f"{n}.5"),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.integers(0, 10**6).map(lambda n: f"ID {n}"),
    st.integers(0, 10**6).map(lambda n: f"{n} min"),
    st.integers(0, 10**6).map(lambda n: f"abc{n}"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_a_malformed_cell_never_reaches_the_rows(tmp_path, data):
    """One malformed count anywhere in a file: its row is rejected at that column, every other row is exact."""
    rows = data.draw(st.integers(2, 8))
    values = [[data.draw(st.integers(0, 10**6)) for _ in range(4)] for _ in range(rows)]
    bad_row, bad_col = data.draw(st.integers(0, rows - 1)), data.draw(st.integers(0, 3))
    cell = data.draw(_BAD_CELLS)
    lines = [HEAD]
    for i, counts in enumerate(values):
        cells = [str(c) for c in counts]
        if i == bad_row:
            cells[bad_col] = cell
        lines.append(f"{i + 1},2026-07-14,post {i}," + ",".join(f'"{c}"' for c in cells))
    path = tmp_path / "content.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_export(path)
    [rejected] = result.rejected
    assert rejected.row == bad_row + 2 and rejected.column == HEAD.split(",")[3 + bad_col]
    good = [counts for i, counts in enumerate(values) if i != bad_row]
    fields = ("impressions", "likes", "comments", "shares")
    assert [[r[f] for f in fields] for r in result.rows] == good
