"""Bad input gives one KpixlError naming file, row and column; random junk never raises anything else."""

from __future__ import annotations

import codecs
import contextlib
import random
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kpixl.errors import KpixlError
from kpixl.sources import read_export
from kpixl.sources.parsing import parse_number
from kpixl.sources.reading import read_tables

HEADER = '"Post ID","Account username","Publish time",Permalink,"Post type",Views,Reach,Likes,Comments'


def _post(i: int) -> str:
    day = 1 + i % 28
    return f'"{i}","demo","03/{day:02d}/2025 10:00","https://instagram.com/p/{i}","IG image",{i * 10},{i * 8},{i},1'


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(KpixlError, match="empty") as info:
        read_export(path)
    assert info.value.file == str(path)


def test_binary_junk(tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(KpixlError, match=r"binary|not a text"):
        read_export(path)


def test_unknown_encoding_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes((HEADER + "\r\n" + _post(1) + "\r\n").encode() + b'"2","\x81x"\r\n')
    with pytest.raises(KpixlError, match="encoding") as info:
        read_export(path)
    assert info.value.row == 3


def test_truncated_inside_quotes(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text(HEADER + "\n" + _post(1) + "\n" + '"2","demo","03/02/2025 10:00","https://insta')
    with pytest.raises(KpixlError, match="truncated") as info:
        read_export(path)
    assert info.value.row == 3


def test_truncated_last_row(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_text(HEADER + "\n" + _post(1) + "\n" + '"2","demo","03/02/2025 10:00"')
    with pytest.raises(KpixlError, match="truncated") as info:
        read_export(path)
    assert (info.value.row, info.value.column) == (3, "Permalink")


def test_short_row_in_the_middle_is_rejected(tmp_path):
    """Outside Meta post exports a short row may be half of a row split by a stray line break: rejected."""
    path = tmp_path / "short.csv"
    head = "Post id,Date,Post text,Impressions,Likes"
    path.write_text(f"{head}\n1,2026-07-14,hi,100,1\n2,2026-07-13\n3,2026-07-12,ho,90,2\n")
    result = read_export(path)
    assert [r["post_id"] for r in result.rows] == ["1", "3"]
    assert (result.rejected[0].row, result.rejected[0].column) == (3, "Post text")


def test_short_meta_row_reads_missing_cells_as_blank(tmp_path):
    """Meta writes a few posts with trailing cells missing: read with those cells blank, and said."""
    path = tmp_path / "short.csv"
    path.write_text(HEADER + "\n" + _post(1) + '\n"2","demo","03/02/2025 10:00"\n' + _post(3) + "\n")
    result = read_export(path)
    assert [r["post_id"] for r in result.rows] == ["1", "2", "3"] and not result.rejected
    assert result.rows[1]["published_at"] == "2025-03-02T10:00:00" and result.rows[1]["reach"] is None
    assert any("row 3 end" in w for w in result.warnings)


def test_bad_number_in_row_812_names_row_and_column(tmp_path):
    lines = [HEADER] + [_post(i) for i in range(1, 1000)]
    lines[811] = lines[811].replace(",1\u0000", ",1").rsplit(",", 2)[0] + ",12x,1"
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result = read_export(path)
    [rejected] = result.rejected
    assert (rejected.row, rejected.column) == (812, "Likes")
    assert len(result.rows) == 998


def test_utf16_and_semicolon_and_tab(tmp_path):
    text = HEADER + "\n" + _post(5) + "\n"
    for name, data in {
        "le.csv": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "be.csv": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "nobom.csv": text.encode("utf-16-le"),
        "semi.csv": text.replace(",", ";").encode(),
        "tab.csv": text.replace(",", "\t").encode(),
        "sep.csv": ("sep=;\n" + text.replace(",", ";")).encode(),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert read_export(path).rows[0]["reach"] == 40, name


def test_size_limit(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "\n" + _post(1) + "\n")
    with pytest.raises(KpixlError, match="limit"):
        read_export(path, max_bytes=10)


def test_zip_bomb_is_refused_before_opening(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    with pytest.raises(KpixlError, match=r"zip bomb|limit"):
        read_tables(path)


def test_damaged_xlsx(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"garbage" * 100)
    with pytest.raises(KpixlError, match=r"damaged|cannot be opened"):
        read_export(path)


def test_xls_without_xlrd_asks_for_xlsx(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "xlrd", None)
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    path = tmp_path / "linkedin.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(KpixlError, match=r"\.xlsx"):
        read_export(path)


def test_sources_do_not_need_pandas(exports):
    import subprocess

    code = (
        "import sys; sys.modules['pandas'] = None; sys.modules['numpy'] = None\n"
        "from kpixl.sources import read_export\n"
        f"r = read_export({str(exports / 'instagram_posts_en.csv')!r})\n"
        "assert len(r.rows) == 5 and 'pandas' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_random_bytes_only_raise_kpixl_errors(tmp_path, data):
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    with contextlib.suppress(KpixlError):
        read_export(path)


_cells = st.one_of(
    st.sampled_from(["", "-", "undefined", "1.2K", "18,400", "1,2,3", "abc", "12/31/2025", "9月16日", '"', "\n"]),
    st.text(max_size=8),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mangled_rows_only_raise_kpixl_errors(tmp_path, exports, data):
    name = data.draw(st.sampled_from(["instagram_posts_en.csv", "x_tweet_activity.csv", "tiktok_overview.csv"]))
    lines = (exports / name).read_text(encoding="utf-8-sig").splitlines()
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    body = lines[1:]
    for _ in range(data.draw(st.integers(1, 4))):
        i = rng.randrange(len(body))
        cells = body[i].split(",")
        action = rng.choice(["delete", "swap", "junk", "drop"])
        if action == "delete" and len(cells) > 1:
            del cells[rng.randrange(len(cells))]
        elif action == "swap" and len(cells) > 1:
            a, b = rng.randrange(len(cells)), rng.randrange(len(cells))
            cells[a], cells[b] = cells[b], cells[a]
        elif action == "junk":
            cells[rng.randrange(len(cells))] = data.draw(_cells)
        else:
            body[i] = ""
            continue
        body[i] = ",".join(cells)
    path = tmp_path / name
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    try:
        result = read_export(path, year=2026)
    except KpixlError:
        return
    for rejected in result.rejected:
        assert rejected.row >= 2 and rejected.file == str(path)


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_formatted_integers_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", "."), decimal=",") == n
    assert parse_number(str(n)) == n
    assert parse_number(f"{n}.0") == n


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_formatted_amounts_round_trip(amount):
    english = f"{amount:,.2f}"
    spanish = english.replace(",", "_").replace(".", ",").replace("_", ".")
    assert parse_number(english) == pytest.approx(float(amount))
    assert parse_number(spanish, decimal=",") == pytest.approx(float(amount))
    assert parse_number(f"{amount:.2f}%") == pytest.approx(float(amount) / 100)


def test_legacy_xls_reads_like_its_xlsx_twin(exports):
    from kpixl.sources import read_exports  # xlrd (a runtime dependency) reads the .xls

    xlsx = read_exports(exports / "linkedin_content.xlsx")
    xls = read_exports(exports / "linkedin_content.xls")
    assert [(r.kind, r.table) for r in xls] == [(r.kind, r.table) for r in xlsx]
    assert [r.rows for r in xls] == [r.rows for r in xlsx]
    assert xls[0].rows and xls[0].rows[0]["network"] == "linkedin"
