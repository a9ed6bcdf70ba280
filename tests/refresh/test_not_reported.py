"""A column the export does not have, in a workbook: a TikTok Content export (no saves) and a YouTube table without
comments or shares, imported into a `kpixl new` workbook (English and Spanish), list what they lack in the rows'
"Not in export" column; the engagements (and the rates and costs that read them) sum what the file reports, as the
engine and the SQL do on the normalized rows; cached values equal LibreOffice's recalculation; the Dashboard says
it; a later export with saves clears it; a blank cell in a column the file has is not reported for that post when
the post reports another interaction (as the engine, the SQL and the Excel formulas count it)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest

import kpixl
from kpixl.catalog.fields import POST_FIELDS, POST_METRIC_FIELDS as NUMBERS
from kpixl.sources import normalize
from kpixl.workbook import Layout, build, prepare
from kpixl.workbook.formulas.not_reported import FIELD
from tests import libreoffice, ooxml
from tests.refresh.conftest import PERIOD
from tests.workbook.test_cached_values import _load, _same, formula_cells


def _video_id(when: str, low: int) -> int:
    """A TikTok video id: the publish time (Unix seconds, UTC) in its top 32 bits."""
    return (int(dt.datetime.fromisoformat(when + "+00:00").timestamp()) << 32) + low


TIKTOK = [(_video_id("2025-02-27T18:19:10", 1), "2025-02-27T18:19:10"),
          (_video_id("2025-02-02T12:02:45", 2), "2025-02-02T12:02:45"),
          (_video_id("2025-01-20T09:00:00", 3), "2025-01-20T09:00:00")]
LINK = "https://www.tiktok.com/@kpixl/video/{}"

TIKTOK_CONTENT = {  # the Content export: no bookmarks (saves) column; the second video's comments cell is blank
    "en": "\ufeffVideo title,Video link,Post time,Total likes,Total comments,Total shares,Total views\n"
          '"Day in the life 🎬",{0},27 February,"1,500",20,7,"21,400"\n'
          "Quick tip,{1},2 February,310,,5,\"9,870\"\n"
          "Duet,{2},20 January,1.2K,34,12,56.7K\n",
    "es": "\ufeffTítulo del vídeo,Enlace del vídeo,Hora de publicación,Total de me gusta,Total de comentarios,"
          "Total de veces compartido,Total de visualizaciones\n"
          '"Un día conmigo 🎬",{0},27 de febrero,"1.500",20,7,"21.400"\n'
          "Consejo rápido,{1},2 de febrero,310,,5,\"9.870\"\n"
          'Dueto,{2},20 de enero,"1,2K",34,12,"56,7K"\n',
}
TIKTOK_STUDIO = (  # the 2025 per-video export, with Add to Favorites (saves): the first video only
    "\ufeffVideo title,Video link,Post time,Video views,Likes,Comments,Shares,Add to Favorites\n"
    '"Day in the life 🎬",{0},2025/02/27 18:19:10,"22,000",1.6K,21,8,40\n'
)
YOUTUBE = {  # Table data without comments and shares; a totals row
    "en": "\ufeffContent,Video title,Video publish time,Views,Likes,Watch time (hours)\n"
          "Total,,,5544,520,120.5\n"
          'dQw4w9WgXcQ,"How we measure engagement, part 1","Feb 14, 2025",5000,480,100.25\n'
          'aBcDeFgHiJk,Shorts: one tip,"Mar 3, 2025",544,40,20.25\n',
    "es": "\ufeffContenido,Título del vídeo,Hora de publicación del vídeo,Visualizaciones,Me gusta,"
          "Tiempo de visualización (horas)\n"
          'Total,,,"5.544",520,"120,5"\n'
          'dQw4w9WgXcQ,"Cómo medimos el engagement","14 feb 2025","5.000",480,"100,25"\n'
          'aBcDeFgHiJk,Un consejo,"3 mar 2025",544,40,"20,25"\n',
}
LISTED = {"en": {"tiktok": "Saves", "youtube": "Comments, Shares"},
          "es": {"tiktok": "Guardados", "youtube": "Comentarios, Compartidos"}}
NOTE = {"en": "Engagements exclude interactions the exports do not have — TikTok: Comments, Saves ({} posts) · "
              "YouTube: Comments, Shares (2 posts)",
        "es": "Las interacciones no cuentan lo que no viene en las exportaciones — TikTok: Comentarios, Guardados "
              "({} publicaciones) · YouTube: Comentarios, Compartidos (2 publicaciones)"}
"""The quick tip's blank comments count too: its engagements sum what it reports (likes, shares)."""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text.format(*(LINK.format(i) for i, _ in TIKTOK)), encoding="utf-8")
    return path


def _exports(folder: Path, lang: str) -> tuple[Path, Path]:
    folder.mkdir(exist_ok=True)
    return (_write(folder, f"tiktok_content_{lang}.csv", TIKTOK_CONTENT[lang]),
            _write(folder, f"Table data {lang}.csv", YOUTUBE[lang]))


def _new(path: Path, lang: str, template: str = "social") -> Path:
    spec = prepare(template=template, client="Acme", networks=("tiktok", "youtube"), period=PERIOD, lang=lang)
    return build(path, spec, lite=False)


def _rows(book: Path, data_only: bool = True) -> tuple[Layout, dict[str, list[dict[str, Any]]]]:
    """Each network table's rows as {column key: cell value}."""
    wb = _load(book, data_only=data_only)
    layout = Layout.from_workbook(_load(book))
    out = {}
    for net in layout.networks:
        ws = wb[layout.network_sheet(net)]
        keys = [c.key for c in layout.columns(net)]
        out[net] = [dict(zip(keys, row, strict=False)) for row in ws.iter_rows(min_row=2, values_only=True)
                    if any(v is not None for v in row[:len(keys)])]
    return layout, out


def _engine(files: list[Path]) -> dict[str, dict[str, Any]]:
    """The normalized rows by post id (what the engine and the SQL read)."""
    return {str(r["post_id"]): r for r in normalize(files).posts}


def _close(got: Any, want: Any) -> bool:
    if want is None:
        return got in (None, "")
    return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9)


def _compare_with_libreoffice(book: Path, folder: Path) -> None:
    """Every formula cell of the network tables carries LibreOffice's recalculated value."""
    out = libreoffice.recalculate(book, folder)
    layout = Layout.from_workbook(_load(book))
    sheets = {layout.network_sheet(n) for n in layout.networks}
    cached, recalc = _load(book, data_only=True), _load(out, data_only=True)
    wrong = [f"{s}!{ref}: cached {cached[s][ref].value!r}, LibreOffice {recalc[s][ref].value!r} ({f[:90]})"
             for (s, ref), f in formula_cells(book).items()
             if s in sheets and not _same(cached[s][ref].value, recalc[s][ref].value)]
    assert not wrong, "\n".join(wrong[:20])
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["en", "es"])
def test_exports_without_a_column_count_what_they_have(tmp_path: Path, lang: str, run_kpixl):
    libreoffice.require_soffice()
    ooxml.require_validator()
    book = _new(tmp_path / "report.xlsx", lang)
    tiktok, youtube = _exports(tmp_path / "exports", lang)
    out = run_kpixl.output_of("import", str(book), str(tiktok), str(youtube))
    said = {"en": ("does not report saves", "does not report comments, shares"),  # in the workbook's language
            "es": ("no incluye guardados", "no incluye comentarios, compartidos")}[lang]
    assert all(words in out for words in said), out
    ooxml.assert_valid(book)

    layout, tables = _rows(book)
    engine = _engine([tiktok, youtube])
    checked = 0
    for net, rows in tables.items():
        assert len(rows) == (3 if net == "tiktok" else 2)
        for row in rows:
            assert row[FIELD] == LISTED[lang][net]
            source = engine[str(row["post_id"])]
            # the engine on the normalized row: engagements as the file reports them (missing stays missing)
            inputs = {f: source.get(f) for f in POST_FIELDS if f in NUMBERS}
            for col in layout.columns(net):
                if col.role != "kpi":
                    continue
                variant = col.variant or layout.setting(f"er_variant_{net}").value
                want = kpixl.compute(col.kpi, variant=variant, network=net, **inputs)
                assert _close(row[col.key], want), f"{net} {row['post_id']} {col.key}: {row[col.key]!r} != {want!r}"
                checked += 1
    assert checked == 3 * 4 + 2 * 6  # TikTok: 4 KPI columns, YouTube: 6
    quick = next(r for r in tables["tiktok"] if r["comments"] is None)  # a blank cell in a column the file has
    assert quick["kpi:engagements"] == 310 + 5 and quick["kpi:engagement_rate"] == pytest.approx(315 / 9870)
    first = next(r for r in tables["tiktok"] if r["likes"] == 1500)
    assert first["kpi:engagements"] == 1500 + 20 + 7 and first["saves"] is None
    assert first["kpi:engagement_rate"] == pytest.approx(1527 / 21400)
    video = next(r for r in tables["youtube"] if r["views"] == 5000)
    assert video["kpi:engagements"] == 480 and video["kpi:engagement_rate"] == pytest.approx(480 / 5000)
    assert video["kpi:emv"] == pytest.approx(5000 * 10.80 / 1000)  # one EMV method: views (no impressions) × CPM

    recalculated = _compare_with_libreoffice(book, tmp_path / "recalculated")
    where = layout.sheet_name("dashboard"), layout.dashboard["not_reported_note"]
    assert _load(recalculated, data_only=True)[where[0]][where[1]].value == NOTE[lang].format(3)
    assert _load(book, data_only=True)[where[0]][where[1]].value == NOTE[lang].format(3)  # cached before Excel runs

    # a later export that has saves clears the list of the post it covers; the others keep theirs
    studio = _write(tmp_path / "exports", "tiktok_studio.csv", TIKTOK_STUDIO)
    run_kpixl.output_of("import", str(book), str(studio))
    layout, tables = _rows(book)
    first = next(r for r in tables["tiktok"] if str(r["post_id"]) == str(TIKTOK[0][0]))
    assert first[FIELD] is None and first["saves"] == 40
    assert first["kpi:engagements"] == 1600 + 21 + 8 + 40
    assert [r[FIELD] for r in tables["tiktok"] if r is not first] == [LISTED[lang]["tiktok"]] * 2
    ooxml.assert_valid(book)
    recalculated = _compare_with_libreoffice(book, tmp_path / "recalculated2")
    assert _load(recalculated, data_only=True)[where[0]][where[1]].value == NOTE[lang].format(2)
    assert _load(book, data_only=True)[where[0]][where[1]].value == NOTE[lang].format(2)


def test_a_value_already_in_the_workbook_is_not_listed(tmp_path: Path, run_kpixl):
    """Saves from an earlier export stay and are not claimed missing when the Content export (no saves) comes."""
    book = _new(tmp_path / "report.xlsx", "en")
    tiktok, _ = _exports(tmp_path / "exports", "en")
    studio = _write(tmp_path / "exports", "tiktok_studio.csv", TIKTOK_STUDIO)
    run_kpixl.output_of("import", str(book), str(studio))
    run_kpixl.output_of("import", str(book), str(tiktok))
    _, tables = _rows(book)
    first = next(r for r in tables["tiktok"] if str(r["post_id"]) == str(TIKTOK[0][0]))
    assert first["saves"] == 40 and first[FIELD] is None
    assert first["kpi:engagements"] == 1500 + 20 + 7 + 40  # the newer counts, the saves kept
    assert [r[FIELD] for r in tables["tiktok"] if r is not first] == ["Saves", "Saves"]


def test_the_sql_engine_gives_the_workbook_engagements(tmp_path: Path, run_kpixl):
    """DuckDB over the normalized rows (the catalog's SQL) fills engagements as the workbook sums them."""
    pd = pytest.importorskip("pandas")
    pytest.importorskip("duckdb")
    from sqlglot import exp

    from kpixl.analytics.duckdb_engine import Session
    from kpixl.render import sql

    tiktok, youtube = _exports(tmp_path / "exports", "en")
    book = _new(tmp_path / "report.xlsx", "en")
    run_kpixl.output_of("import", str(book), str(tiktok), str(youtube))
    _, tables = _rows(book)
    workbook = {str(r["post_id"]): r["kpi:engagements"] for rows in tables.values() for r in rows}
    rows = normalize([tiktok, youtube]).posts
    frame = pd.DataFrame(rows, columns=list(POST_FIELDS))
    options = sql.Options(columns=POST_FIELDS)
    with Session() as session:
        session.register_frame(frame)
        query = exp.select("post_id", "engagements").from_(sql.prepared("posts", options))
        found = dict(session.connection.sql(query.sql("duckdb")).fetchall())
    assert len(found) == len(workbook) == 5
    for post_id, value in found.items():
        want = workbook[str(post_id)]
        assert (value is None or math.isnan(value)) if want is None else value == want, post_id


def test_a_workbook_without_the_column_says_so(tmp_path: Path, run_kpixl):
    """A workbook made before the column existed says the file lacks saves; its engagements sum what the file reports,
    as every post reports other interactions (the catalog's rule needs no Not-in-export column)."""
    from kpixl.workbook import templates

    source = Path(templates.__file__).resolve().parents[2] / "workbook_templates" / "social.toml"
    old = tmp_path / "old.toml"
    old.write_text(source.read_text(encoding="utf-8").replace(', "not_reported"]', "]"), encoding="utf-8")
    spec = prepare(template=str(old), client="Acme", networks=("tiktok",), period=PERIOD, lang="es")
    book = build(tmp_path / "old.xlsx", spec, lite=False)
    tiktok, _ = _exports(tmp_path / "exports", "es")
    out = run_kpixl.output_of("import", str(book), str(tiktok))
    assert "no tiene la columna «No incluido en la exportación»" in out  # a Spanish workbook: said in Spanish
    assert "las interacciones cuentan lo que trae la exportación" in out and "guardados no están en este archivo" in out
    layout, tables = _rows(book)
    assert not layout.has_column("tiktok", FIELD)
    assert [r["kpi:engagements"] for r in tables["tiktok"]] == [1500 + 20 + 7, 310 + 5, 1200 + 34 + 12]

