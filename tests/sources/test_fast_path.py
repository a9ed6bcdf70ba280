"""The pandas fast path (kpixl.sources.fast) gives exactly the pure-Python path's results, and steps aside cleanly."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kpixl.sources import fast, normalize, read_exports
from kpixl.sources.generic import load_mapping

pytest.importorskip("pandas")

REFERENCE = dt.date(2026, 3, 10)


@contextlib.contextmanager
def path_forced(value: str) -> Iterator[None]:
    """Force a path with KPIXL_PURE_PYTHON ("1" pure, "0" fast) for the duration of the block."""
    old = os.environ.get(fast.ENV)
    os.environ[fast.ENV] = value
    try:
        yield
    finally:
        if old is None:
            del os.environ[fast.ENV]
        else:
            os.environ[fast.ENV] = old


def both(path: Path, **options: object) -> tuple[object, object]:
    """read_exports on both paths: each a list of results, or the error's text when it fails."""
    out = []
    for value in ("1", "0"):
        with path_forced(value):
            try:
                out.append(read_exports(path, reference=REFERENCE, **options))
            except Exception as exc:  # both paths must fail alike too
                out.append(f"{type(exc).__name__}: {exc}")
    return out[0], out[1]


def assert_same(path: Path, **options: object) -> None:
    """Both paths give equal results, down to value types (repr tells 1 from 1.0 and True from 1)."""
    pure, quick = both(path, **options)
    assert repr(quick) == repr(pure)
    assert quick == pure


FIXTURES = sorted(
    p.name for p in (Path(__file__).resolve().parents[1] / "fixtures" / "exports").iterdir() if p.suffix != ".py"
)


@pytest.mark.parametrize("name", [n for n in FIXTURES if not n.endswith(".toml")])
def test_every_fixture_is_identical_on_both_paths(exports: Path, name: str) -> None:
    assert_same(exports / name)


def test_generic_mapping_is_identical_on_both_paths(exports: Path) -> None:
    assert_same(exports / "generic.csv", mapping=load_mapping(exports / "generic_mapping.toml"))


PURE_ONLY = {"instagram_2025_ragged.csv", "meta_daily_two_sections.csv", "meta_daily_two_sections_es.csv"}
"""Short rows and repeated header rows (several sections) are left to the pure reader, which reads them exactly."""


@pytest.mark.parametrize("name", [n for n in FIXTURES if n.endswith(".csv")])
def test_every_csv_fixture_takes_the_fast_reader_when_forced(exports: Path, name: str) -> None:
    with path_forced("0"):
        tables = fast.read_tables(exports / name)
    if name in PURE_ONLY:
        assert tables is None
    else:
        assert tables is not None and isinstance(tables[0], fast.FrameTable)


def test_pure_path_when_pandas_is_blocked(exports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = exports / "instagram_posts_en.csv"
    with path_forced("1"):
        expected = read_exports(path)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with path_forced("0"):
        assert fast.available() is None
        assert fast.read_tables(path) is None
        assert repr(read_exports(path)) == repr(expected)


def test_env_var_forces_the_pure_path(exports: Path) -> None:
    with path_forced("1"):
        assert fast.read_tables(exports / "instagram_posts_en.csv") is None


def _big_export(path: Path, rows: int) -> None:
    """An Instagram posts export with `rows` rows (thousands separators, blanks, multi-line captions)."""
    lines = ['"Post ID","Account username",Description,"Publish time",Permalink,"Post type",Views,Reach,Likes']
    for i in range(rows):
        caption = f'"Post {i}\nline two, ""quoted"""' if i % 7 == 0 else f"Post {i}"
        views = "" if i % 11 == 0 else f'"{i * 37:,}"'
        lines.append(
            f'{9000 + i},demo,{caption},"{i % 12 + 1:02d}/{i % 28 + 1:02d}/2025 {i % 24:02d}:{i % 60:02d}",'
            f"https://x/{i},IG reel,{views},{i * 3},{i % 500}"
        )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")


def test_large_files_take_the_fast_path_automatically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fast.ENV, raising=False)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _big_export(small, 100)
    _big_export(large, fast.MIN_ROWS + 500)
    assert fast.read_tables(small) is None
    tables = fast.read_tables(large)
    assert tables is not None and isinstance(tables[0], fast.FrameTable)
    assert_same(large)
    with path_forced("1"):
        pure = normalize([large])
    assert repr(normalize([large]).posts) == repr(pure.posts)


def test_ragged_rows_and_bad_quotes_fall_back_to_the_pure_path(tmp_path: Path) -> None:
    good = "Post ID,Publish time,Permalink,Account username,Views\n1,2025-03-01,https://x/1,demo,5\n"
    cases = {
        "short.csv": good + "2,2025-03-02\n",
        "long.csv": good + "2,2025-03-02,https://x/2,demo,7,extra\n",
        "quote.csv": good + '3,2025-03-03,"https://x/3"junk,demo,9\n',
        "open.csv": good + '4,2025-03-04,"https://x/4,demo,9\n',
        "blank_middle.csv": good + ",,,,\n5,2025-03-05,https://x/5,demo,1\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with path_forced("0"):
            assert fast.read_tables(path) is None, name
        assert_same(path)


# ------------------------------------------------------------------------------------------------ hypothesis

_DIGITS = st.integers(min_value=0, max_value=10**12)
_NUMBER_TEXTS = st.one_of(
    _DIGITS.map(str),
    _DIGITS.map(lambda n: f"-{n}"),
    _DIGITS.map(lambda n: f"{n:,}"),
    _DIGITS.map(lambda n: f"{n:,}".replace(",", ".")),
    _DIGITS.map(lambda n: f"{n:,}".replace(",", "\u00a0")),
    _DIGITS.map(lambda n: f"0{n}"),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(lambda d: str(d).replace(".", ",")),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False).map(lambda d: f"{d}%"),
    st.decimals(min_value=0, max_value=999, places=1, allow_nan=False).map(lambda d: f"{d}K"),
    st.decimals(min_value=0, max_value=999, places=1, allow_nan=False).map(lambda d: f"{d}M"),
    st.integers(0, 10**6).map(lambda n: f"${n:,}"),
    st.integers(0, 10**6).map(lambda n: f"({n})"),
    st.integers(0, 10**6).map(lambda n: f" {n} "),
    st.integers(0, 10**6).map(lambda n: f"+{n}"),
    st.sampled_from(["", "-", "--", "undefined", "n/a", "N/A", "null", "abc", "1,2,3", "12e3", "1.2.3,4", "½", "٣"]),
    st.text(alphabet="0123456789,.-%KMkm $€()e ", max_size=8),
)
_DATE_TEXTS = st.one_of(
    st.tuples(
        st.integers(0, 14), st.integers(0, 32), st.integers(1998, 2030), st.integers(0, 25), st.integers(0, 61)
    ).map(lambda t: f"{t[0]:02d}/{t[1]:02d}/{t[2]} {t[3]:02d}:{t[4]:02d}"),
    st.tuples(st.integers(1, 2030), st.integers(0, 13), st.integers(0, 32)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
    st.dates().map(lambda d: d.strftime("%b %d, %Y")),
    st.dates().map(lambda d: f"{d.day} {d.strftime('%B')}"),
    st.dates().map(lambda d: d.isoformat() + " 10:30:00"),
    st.sampled_from(["", "-", "tomorrow", "31/02/2025", "02/31/2025 10:00", "0000-01-01"]),
)
_TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), max_size=12)
_HEADERS = ["Post ID", "Publish time", "Permalink", "Account username", "Views", "Reach", "Seconds viewed", "Notes"]


@st.composite
def exports_text(draw: st.DrawFn) -> tuple[str, str]:
    """A CSV export (Instagram posts headers) with numbers and dates in every notation, junk and odd rows."""
    delimiter = draw(st.sampled_from([",", ";"]))
    rows = []
    shapes = ["full"] * 8 + (["short", "long", "blank"] if draw(st.booleans()) else [])
    for i in range(draw(st.integers(1, 30))):
        row = [
            str(i) if draw(st.booleans()) else draw(_TEXTS),
            draw(_DATE_TEXTS),
            draw(_TEXTS),
            "demo",
            draw(_NUMBER_TEXTS),
            draw(_NUMBER_TEXTS),
            draw(_NUMBER_TEXTS),
            draw(_TEXTS),
        ]
        shape = draw(st.sampled_from(shapes))
        odd = {"short": row[:3], "long": [*row, "x"], "blank": []}
        rows.append(odd.get(shape, row))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n"])))
    writer.writerow(_HEADERS)
    writer.writerows(rows)
    return buffer.getvalue(), delimiter


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports_text())
def test_random_exports_are_identical_on_both_paths(tmp_path_factory: pytest.TempPathFactory, drawn) -> None:
    text, _ = drawn
    path = tmp_path_factory.mktemp("fast") / "export.csv"
    path.write_text(text, encoding="utf-8")
    assert_same(path)


@settings(max_examples=60, deadline=None)
@given(st.lists(_NUMBER_TEXTS, min_size=1, max_size=40), st.sampled_from(["count", "number"]))
def test_number_cells_convert_like_the_pure_converter(cells: list[str], kind: str) -> None:
    import numpy as np

    from kpixl.sources.convert import _convert_column, make_converter

    for decimal in (None, ","):
        convert = make_converter(kind, decimal=decimal)
        expected = _convert_column(cells, convert)
        got = fast.convert_column(np.array(cells, dtype=object), kind, convert, decimal=decimal, dates="us")
        assert repr(got) == repr(expected)
