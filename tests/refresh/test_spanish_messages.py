"""A Spanish workbook hears about its imports in Spanish: the ⟳ Refresh status (through the script xlwings Lite
runs), `kpixl import` and `kpixl refresh` (reasons, notes, totals, errors); `kpixl normalize --lang es` too. An
English workbook keeps the English texts."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from kpixl_udfs import refresh_button

from kpixl.sources.reading import decode
from kpixl.text.refresh_labels import text
from tests.conftest import EXPORTS
from tests.refresh.fake_xlwings import Book as FakeXlwingsBook

ENGLISH_WORDS = (" row ", " column ", "rejected:", "note:", " added", "warning:", "saved ", "nothing written")


def pasted(path: Path, change: dict[tuple[int, str], str] | None = None) -> list[list[str]]:
    """An export's cells as a user pastes them, with some cells changed ((row index, header) → text)."""
    rows = list(csv.reader(io.StringIO(decode(path.read_bytes(), str(path)), newline="")))
    for (row, header), value in (change or {}).items():
        rows[row][rows[0].index(header)] = value
    return rows


def click_refresh(path: Path, rows: list[list[str]] | None) -> str:
    """Paste `rows` into the paste sheet and click ⟳ (the script Lite runs, on a live-book stand-in)."""
    wb = openpyxl.load_workbook(path)
    fake = FakeXlwingsBook(wb)
    sheet = text("paste_sheet", "es")
    if sheet not in wb.sheetnames:
        refresh_button.run(fake)  # the first click creates the paste sheet
    for row in rows or []:
        wb[sheet].append(row)
    status = refresh_button.run(fake)
    wb.save(path)
    return status


def test_refresh_status_of_a_spanish_workbook_is_spanish_through_and_through(tmp_path, exports, make_kpixl_workbook):
    path = make_kpixl_workbook(tmp_path / "es.xlsx", lang="es")
    status = click_refresh(path, pasted(exports / "instagram_posts_es.csv"))
    assert status == ("3 añadidas, 0 actualizadas, 0 sin cambios, 1 rechazadas (Pega la exportación aquí, fila 4, "
                      "columna «Me gusta»: no es un recuento: «doce»)")
    status = click_refresh(path, pasted(exports / "instagram_posts_es.csv", {(3, "Me gusta"): "1.5"}))
    assert status.endswith("(Pega la exportación aquí, fila 4, columna «Me gusta»: no es un número entero: «1.5»)")
    status = click_refresh(path, pasted(exports / "instagram_posts_es.csv", {(2, "Me gusta"): "-5"}))
    assert "fila 3, columna «Me gusta»: un recuento no puede ser negativo: «-5»" in status


def test_refresh_error_of_a_spanish_workbook_is_spanish(tmp_path, exports, make_kpixl_workbook):
    path = make_kpixl_workbook(tmp_path / "es.xlsx", lang="es")
    status = click_refresh(path, [["Color", "Sabor"], ["rojo", "dulce"]])
    assert status == ("No importado: Pega la exportación aquí, fila 1: no es una exportación conocida: encabezados "
                      "'Color', 'Sabor'; indica --format o un archivo --mapping")


def test_refresh_status_of_an_english_workbook_stays_english(tmp_path, exports, make_kpixl_workbook):
    path = make_kpixl_workbook(tmp_path / "en.xlsx", lang="en")
    wb = openpyxl.load_workbook(path)
    fake = FakeXlwingsBook(wb)
    refresh_button.run(fake)
    for row in pasted(exports / "instagram_posts_es.csv"):
        wb[text("paste_sheet", "en")].append(row)
    assert refresh_button.run(fake) == ("3 added, 0 updated, 0 unchanged, 1 rejected (Paste export here, row 4, "
                                        "column 'Me gusta': not a count: 'doce')")


IMPORTED = {
    "es": ["total: 5 añadidas, 0 actualizadas, 0 sin cambios, 1 rechazadas",
           "tiktok_content_es.csv: tiktok_content: 2 añadidas, 0 actualizadas, 0 sin cambios, 0 rechazadas",
           "  nota: interacciones = me gusta + comentarios + compartidos: este archivo no incluye guardados",
           "  nota: ids de publicación tomados de los enlaces (el archivo no tiene columna de id)",
           "instagram_posts_es.csv, fila 4, columna «Me gusta»: no es un recuento: «doce»",
           "  nota: «Visualizaciones» leído como impresiones en fotos, carruseles, enlaces y texto, y como "
           "visualizaciones en reels y vídeos",
           "(la versión anterior se conserva como es.bak.xlsx)"],
    "en": ["total: 5 added, 0 updated, 0 unchanged, 1 rejected",
           "  note: engagements = likes + comments + shares: this file does not report saves",
           "instagram_posts_es.csv, row 4, column 'Me gusta': not a count: 'doce'",
           "(previous version kept as en.bak.xlsx)"],
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_kpixl_import_speaks_the_workbook_language(tmp_path, exports, make_kpixl_workbook, lang, run_kpixl):
    path = make_kpixl_workbook(tmp_path / f"{lang}.xlsx", lang=lang)
    files = [exports / "tiktok_content_es.csv", exports / "instagram_posts_es.csv"]
    result = run_kpixl("import", path, *files, "--skip-bad-rows", "--year", "2025", env={"KPIXL_LANG": "en"})
    assert result.exit_code == 0, result.output
    for line in IMPORTED[lang]:
        assert line in result.output, (line, result.output)
    if lang == "es":
        assert "  rechazada: " in result.output
        assert not [w for w in ENGLISH_WORDS if w in result.output], result.output


def test_kpixl_import_error_into_a_spanish_workbook_is_spanish(tmp_path, exports, make_kpixl_workbook, run_kpixl):
    path = make_kpixl_workbook(tmp_path / "es.xlsx", lang="es")
    before = path.read_bytes()
    result = run_kpixl("import", path, exports / "instagram_posts_es.csv")
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "instagram_posts_es.csv, fila 4, columna «Me gusta»: no es un recuento: «doce»; no se ha escrito nada "
        "(corrige el archivo o indica --skip-bad-rows)")
    assert path.read_bytes() == before
    again = run_kpixl("import", path, exports / "instagram_posts_es.csv", "--skip-bad-rows")
    assert "total: 3 añadidas" in again.output
    same = run_kpixl("import", path, exports / "instagram_posts_es.csv", "--skip-bad-rows")
    assert "ya está al día (no se ha escrito nada)" in same.output


def test_kpixl_refresh_speaks_the_workbook_language(tmp_path, exports, make_kpixl_workbook, run_kpixl):
    path = make_kpixl_workbook(tmp_path / "es.xlsx", lang="es")
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(exports / "facebook_posts_es.csv", folder)
    result = run_kpixl("refresh", path, "--from", folder)
    assert result.exit_code == 0, result.output
    assert f"leído {folder / 'facebook_posts_es.csv'}" in result.output
    assert "total: 3 añadidas, 0 actualizadas, 0 sin cambios, 0 rechazadas" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    failed = run_kpixl("refresh", path, "--from", empty)
    assert failed.exit_code == 1
    assert f"Error: no hay exportaciones en {empty}" in failed.output and "el libro no ha cambiado" in failed.output


def test_kpixl_normalize_lang(tmp_path, exports, run_kpixl):
    files = [exports / "tiktok_content_es.csv", exports / "instagram_posts_es.csv"]
    out = tmp_path / "posts.csv"
    spanish = run_kpixl("normalize", *files, "-o", out, "--skip-bad-rows", "--year", "2025", "--lang", "es")
    assert spanish.exit_code == 0, spanish.output
    for line in ("  no incluido en esta exportación (se deja en blanco): guardados",
                 "  aviso: interacciones = me gusta + comentarios + compartidos: este archivo no incluye guardados",
                 "  rechazada: ", "fila 4, columna «Me gusta»: no es un recuento: «doce»",
                 "tiktok_content (posts), 2 filas, tiktok", "escritas 5 publicaciones y 0 filas diarias en"):
        assert line in spanish.output, (line, spanish.output)
    by_env = run_kpixl("normalize", *files, "-o", out, "--skip-bad-rows", "--year", "2025", env={"KPIXL_LANG": "es"})
    assert by_env.output == spanish.output  # KPIXL_LANG is the default of --lang
    english = run_kpixl("normalize", *files, "-o", out, "--skip-bad-rows", "--year", "2025", env={"KPIXL_LANG": ""})
    assert "  not reported by this file (left blank): saves" in english.output
    assert "wrote 5 posts and 0 daily rows to" in english.output
    refused = run_kpixl("normalize", *files, "-o", out, "--lang", "es")
    assert refused.exit_code == 1
    assert "no se ha escrito nada (corrige el archivo o indica --skip-bad-rows)" in refused.output
    assert "--lang [en|es]" in run_kpixl("normalize", "--help").output


BAD_FILES = {  # a file's bytes → the Spanish error `kpixl normalize --lang es` gives (after "Error: <file>")
    b"": "el archivo está vacío",
    b"\x00\x01\x02\x03binary\x00junk": "fila 1: es un archivo binario, no una exportación CSV o de Excel",
    b"Color,Sabor\nrojo,dulce\n": "fila 1: no es una exportación conocida: encabezados 'Color', 'Sabor'; "
                                          "indica --format o un archivo --mapping",
    (EXPORTS / "youtube_chart_data.csv").read_bytes(): "es el Chart data.csv de YouTube (una fila por vídeo y día)",
    b'Post ID,Likes\n1,"2\n': "el archivo termina dentro de una celda entre comillas",
}


@pytest.mark.parametrize("data", list(BAD_FILES), ids=["empty", "binary", "unknown", "chart-data", "open-quote"])
def test_file_errors_in_spanish(tmp_path, data, run_kpixl):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    result = run_kpixl("normalize", path, "-o", tmp_path / "out.csv", "--lang", "es")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}")
    assert BAD_FILES[data] in result.output, result.output
    assert not (tmp_path / "out.csv").exists()


def test_reading_notes_in_spanish(tmp_path, run_kpixl):
    path = tmp_path / "x_content.csv"
    path.write_text("Post id,Date,Post text,Likes,Replies,Reposts,Impressions\n"
                    "1900000000000000001,2025-03-01 10:00,Hola\uffff mundo,5,1,0,100\n"
                    "1900000000000000001,2025-03-01 10:00,Hola,5,1,0,100\n", encoding="utf-8")
    result = run_kpixl("normalize", path, "-o", tmp_path / "out.csv", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert ("aviso: 1 carácter que una hoja de cálculo no admite (caracteres de control, U+FFFE, U+FFFF) eliminado "
            "(el primero en la línea 2: U+FFFF)") in result.output
    assert ("aviso: el id de publicación 1900000000000000001 aparece en la fila 2 y en fila 3; se conserva la fila 2"
            in result.output)
