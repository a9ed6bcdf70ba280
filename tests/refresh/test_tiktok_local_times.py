"""TikTok's publish times in the account's time zone (issue 19 item 3): a video id encodes its UTC moment (`id >> 32`
is Unix seconds) and TikTok Studio writes only the local day, so an import moves the id's time to Settings'
time_zone with that moment's own offset. In a Spanish workbook (Europe/Madrid) a 21:30 post appears at 21:30 and in
the heat map's 21–24 slot — in July (UTC+2, 19:30 UTC) and in November (UTC+1) alike — and one at 00:30 on 12
November (23:30 UTC the day before) on the 12th; an English workbook (UTC) keeps UTC, except where UTC puts the
moment on another day than the one TikTok wrote (the account's): that post keeps its written day without a time.
A zone Settings names that no time zone database knows is refused in one line, the workbook unchanged."""

from __future__ import annotations

import codecs
import datetime as dt
import warnings
from pathlib import Path

import openpyxl

from kpixl.refresh.books.package.book import PackageBook
from tests.workbook.test_cached_values import _load

MADRID = {7: 2, 11: 1}  # hours ahead of UTC: summer and winter time
VIDEOS = [(dt.datetime(2026, 7, 8, 21, 30), "8 de julio"), (dt.datetime(2026, 11, 10, 21, 30), "10 de noviembre"),
          (dt.datetime(2026, 11, 12, 0, 30), "12 de noviembre")]


def tiktok_export(folder: Path) -> Path:
    """TikTok Studio's Spanish content export: the written day (local) and ids encoding the UTC moment."""
    lines = ["Título del vídeo,Enlace del vídeo,Hora de publicación,Total de me gusta,Total de comentarios,"
             "Total de veces compartido,Total de visualizaciones"]
    for i, (local, written) in enumerate(VIDEOS):
        utc = local - dt.timedelta(hours=MADRID[local.month])
        video_id = (int(utc.replace(tzinfo=dt.timezone.utc).timestamp()) << 32) | (12345 + i)
        lines.append(f"Vídeo {i},https://www.tiktok.com/@acme.outdoor/video/{video_id},{written},"
                     f'"1,2K",{7 + i},{2 + i},"15.478"')
    path = folder / "tiktok_contenido.csv"
    path.write_bytes(codecs.BOM_UTF8 + ("\n".join(lines) + "\n").encode())
    return path


def _published(book: Path) -> list[dt.datetime]:
    layout = PackageBook(book).layout()
    wb = _load(book, data_only=True)
    ws = wb[layout.network_sheet("tiktok")]
    table = ws.tables[layout.table_name("tiktok")]
    first, last = table.ref.split(":")
    rows = list(ws[f"{first}:{last}"])
    col = [c.value for c in rows[0]].index(layout.header("tiktok", "published_at"))
    return sorted(r[col].value for r in rows[1:] if isinstance(r[col].value, dt.datetime))


def _heat_count(book: Path, day: int, hour: int) -> object:
    """The posts the heat map's day × 3-hour slot holds (its hidden count), as cached."""
    layout = PackageBook(book).layout()
    wb = _load(book, data_only=True)
    trends = layout.dashboard["trends"]
    return wb[layout.sheet_name("trends")][trends["heat"]["counts"][day - 1][hour // 3]].value


def test_tiktok_times_are_read_in_the_settings_time_zone(tmp_path, run_kpixl):
    export = tiktok_export(tmp_path)
    spanish, english = tmp_path / "marca.xlsx", tmp_path / "brand.xlsx"
    for book, lang in ((spanish, "es"), (english, "en")):
        run_kpixl.output_of("new", book, "--client", "Marca", "--lang", lang, "--period", "2026-07-01:2026-11-30")
    said = run_kpixl.output_of("import", spanish, export, "--year", "2026")
    assert "3 vídeos de TikTok (UTC en sus ids) están en la hora de Europe/Madrid" in said
    run_kpixl.output_of("import", english, export, "--year", "2026")

    assert _published(spanish) == [local for local, _ in VIDEOS]  # 21:30, 21:30 and 00:30 on the 12th
    assert _published(english) == [dt.datetime(2026, 7, 8, 19, 30), dt.datetime(2026, 11, 10, 20, 30),
                                   dt.datetime(2026, 11, 12)]  # written 12 Nov wins; 23:30 UTC is the 11th
    assert _heat_count(spanish, 3, 21) == 1 and _heat_count(spanish, 3, 18) == 0  # Wednesday 8 July, 21–24
    assert _heat_count(english, 3, 18) == 1


def test_a_time_zone_no_database_knows_is_refused_in_one_line(tmp_path, run_kpixl):
    export = tiktok_export(tmp_path)
    book = tmp_path / "marca.xlsx"
    run_kpixl.output_of("new", book, "--client", "Marca", "--lang", "es", "--period", "2026-07-01:2026-11-30")
    layout = PackageBook(book).layout()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(book)
    settings = wb[layout.sheet_name("settings")]
    row = next(r for r in settings.iter_rows() if r[0].value == layout.setting("time_zone").label)
    row[1].value = "Europa/Madrid"
    wb.save(book)
    before = book.read_bytes()
    result = run_kpixl("import", book, export, "--year", "2026")
    assert result.exit_code != 0
    message = result.output.strip()
    assert "«Europa/Madrid»" in message and "Europe/Madrid" in message and "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert book.read_bytes() == before


def test_x_tweet_activity_utc_times_are_read_in_the_settings_time_zone(tmp_path, run_kpixl, exports):
    book = tmp_path / "marca.xlsx"
    run_kpixl.output_of("new", book, "--client", "Marca", "--lang", "es", "--period", "2020-02-01:2020-02-29")
    said = run_kpixl.output_of("import", book, exports / "x_tweet_activity.csv")
    assert "(UTC en la exportación) están en la hora de Europe/Madrid" in said
    layout = PackageBook(book).layout()
    ws = _load(book, data_only=True)[layout.network_sheet("x")]
    table = ws.tables[layout.table_name("x")]
    rows = list(ws[table.ref])
    col = [c.value for c in rows[0]].index(layout.header("x", "published_at"))
    assert dt.datetime(2020, 2, 10, 19, 0) in [r[col].value for r in rows[1:]]  # 18:00 +0000 is 19:00 in Madrid
