# ruff: noqa: E501  (export headers are long, as the platforms write them)
"""Write samples/sparse/: one Spanish brand's native exports for January–November 2026, shaped like real accounts.

Real accounts are sparse, and so is this set: Facebook stops posting in July (no posts in the autumn), TikTok starts
in June and its follower history in mid-May, YouTube skips months, Instagram's follows column is blank in every row,
reels have views and no impressions, LinkedIn leaves Follows blank on organic posts, X, LinkedIn and YouTube give
dates without a time, YouTube's per-video subscribers are net changes (some negative) under a Total row, TikTok's
dates have no year. Figures come from a seeded generator, so the files are the same on every run:

    python samples/sparse/make.py      # rewrites the files beside this script

`docs/render_dashboard.py` builds the README's pictures from them and tests/test_sparse_sample.py imports them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import random
from pathlib import Path

HERE = Path(__file__).parent
YEAR = 2026
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_ES_SHORT = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]
DAYS_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CAPTIONS = ["Nueva colección de otoño 🍂", "Así se hace: detrás de las cámaras", "5 consejos para tu ruta",
            "¡Sorteo! Comenta y gana", "Nuestro equipo en la feria", "Receta rápida para la montaña",
            "Lo más vendido del mes", "Preguntas frecuentes, respondidas", "Ruta del fin de semana",
            "Día de la Tierra 🌍", "Hablamos con una guía de montaña", "Novedades en tienda"]


def days(start: dt.date, end: dt.date, per_month: int, rng: random.Random) -> list[dt.date]:
    """About `per_month` random publish days in each month from start to end, sorted."""
    out: list[dt.date] = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        following = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        span = [month + dt.timedelta(d) for d in range((following - month).days)]
        span = [d for d in span if start <= d <= end]
        out += rng.sample(span, min(len(span), max(0, per_month + rng.randint(-2, 2))))
        month = following
    return sorted(out)


def csv_text(rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def es_number(value: int) -> str:
    """1.234 as Spanish exports write thousands."""
    return f"{value:,}".replace(",", ".")


def instagram(rng: random.Random) -> None:
    """Meta Business Suite content export (Spanish headers, BOM): views and reach, no impressions; follows blank."""
    header = ["Identificador de la publicación", "Identificador de la cuenta", "Nombre de usuario de la cuenta",
              "Nombre de la cuenta", "Descripción", "Duración (segundos)", "Hora de publicación", "Enlace permanente",
              "Tipo de publicación", "Comentario sobre los datos", "Fecha", "Visualizaciones", "Alcance", "Me gusta",
              "Veces que se ha compartido", "Seguidores", "Comentarios", "Veces guardado"]
    rows: list[list[object]] = [header]
    for n, day in enumerate(days(dt.date(YEAR, 1, 1), dt.date(YEAR, 11, 30), 7, rng)):
        kind = rng.choice(["IG image", "IG reel", "IG carousel", "IG reel"])
        reach = rng.randint(700, 5200)
        views = int(reach * rng.uniform(1.2, 2.4))
        if kind == "IG reel":
            views = 407_599 if n == 40 else rng.randint(4_000, 60_000)
            reach = int(views * rng.uniform(0.45, 0.7))
        likes = int(reach * rng.uniform(0.02, 0.07))
        when = dt.datetime.combine(day, dt.time(rng.choice([8, 9, 13, 14, 18, 19, 20, 21]), rng.choice([0, 15, 30])))
        rows.append([f"1806{n:013d}", "17850000000000001", "acme.outdoor", "Acme Outdoor", rng.choice(CAPTIONS),
                     rng.randint(12, 58) if kind == "IG reel" else 0, when.strftime("%m/%d/%Y %H:%M"),
                     f"https://www.instagram.com/{'reel' if kind == 'IG reel' else 'p'}/C{n:05d}/", kind, "",
                     "Total", views, reach, likes, int(likes * rng.uniform(0.02, 0.2)), "",
                     int(likes * rng.uniform(0.02, 0.1)), int(likes * rng.uniform(0.05, 0.3))])
    (HERE / "instagram_contenido.csv").write_bytes(codecs.BOM_UTF8 + csv_text(rows).encode())


def facebook(rng: random.Random) -> None:
    """Facebook content export in Spanish, cp1252 as Windows Excel saves it: no posts after July."""
    header = ["Identificador de la publicación", "Identificador de la página", "Nombre de la página", "Título",
              "Descripción", "Duración (segundos)", "Hora de publicación", "Enlace permanente", "Tipo de publicación",
              "Fecha", "Impresiones", "Alcance", "Reacciones", "Comentarios", "Veces que se ha compartido",
              "Clics totales"]
    rows: list[list[object]] = [header]
    for n, day in enumerate(days(dt.date(YEAR, 1, 1), dt.date(YEAR, 7, 20), 4, rng)):
        kind = rng.choice(["Fotos", "Fotos", "Vídeos", "Enlaces"])
        reach = rng.randint(400, 3000)
        when = dt.datetime.combine(day, dt.time(rng.choice([10, 12, 17, 19]), 0))
        reactions = int(reach * rng.uniform(0.01, 0.05))
        rows.append([f"333_{4000 + n}", "333", "Acme Outdoor", "", rng.choice(CAPTIONS),
                     rng.randint(20, 90) if kind == "Vídeos" else "", when.strftime("%m/%d/%Y %H:%M"),
                     f"https://www.facebook.com/acme.outdoor/posts/{4000 + n}", kind, "Total",
                     es_number(int(reach * rng.uniform(1.1, 1.6))), reach, reactions, rng.randint(0, 12) or "",
                     rng.randint(0, 6), rng.randint(5, 90) if kind == "Enlaces" else rng.randint(0, 30)])
    (HERE / "facebook_contenido.csv").write_bytes(csv_text(rows).encode("cp1252", errors="replace"))  # as Excel saves emoji: ?


def linkedin(rng: random.Random) -> None:
    """LinkedIn Page content export (.xlsx): a note row, then headers; Follows blank on organic posts."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "All posts"
    sheet.append([f"All posts data for Acme Outdoor from 01/01/{YEAR} to 11/30/{YEAR}. Data is updated daily."])
    sheet.append(["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
                  "Campaign start date", "Campaign end date", "Audience", "Impressions",
                  "Views (excluding off-site video views)", "Off-site views", "Clicks", "Click through rate (CTR)",
                  "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"])
    for n, day in enumerate(days(dt.date(YEAR, 1, 1), dt.date(YEAR, 11, 30), 3, rng)):
        sponsored = rng.random() < 0.15
        impressions = rng.randint(2_000, 15_000) if sponsored else rng.randint(90, 1_600)
        clicks, likes = int(impressions * rng.uniform(0.005, 0.04)), int(impressions * rng.uniform(0.01, 0.05))
        comments, reposts = rng.randint(0, 6), rng.randint(0, 4)
        follows = rng.randint(1, 25) if sponsored else None
        rate = (clicks + likes + comments + reposts + (follows or 0)) / impressions
        sheet.append([rng.choice(CAPTIONS), f"https://www.linkedin.com/feed/update/urn:li:activity:74{n:017d}",
                      "Sponsored" if sponsored else "Organic", "Otoño" if sponsored else "", "Marta",
                      day.strftime("%m/%d/%Y"), day.strftime("%m/%d/%Y") if sponsored else "", "", "All followers",
                      impressions, None, None, clicks, round(clicks / impressions, 4), likes, comments, reposts,
                      follows, round(rate, 4), rng.choice(["Text", "Image", "Video", "Document"])])
    book.save(HERE / "linkedin_contenido.xlsx")


def tiktok(rng: random.Random) -> None:
    """TikTok Studio content export in Spanish: year-less written days, 1,5K counts, ids that encode the UTC time."""
    header = ["Título del vídeo", "Enlace del vídeo", "Hora de publicación", "Total de me gusta",
              "Total de comentarios", "Total de veces compartido", "Total de visualizaciones"]
    rows: list[list[object]] = [header]
    for day in days(dt.date(YEAR, 6, 3), dt.date(YEAR, 11, 28), 5, rng):
        local = dt.datetime.combine(day, dt.time(rng.choice([12, 19, 21, 22]), rng.randint(0, 59)))
        utc = local - dt.timedelta(hours=2 if 3 < day.month < 11 else 1)  # Madrid: UTC+2 in summer
        seconds = int(utc.replace(tzinfo=dt.timezone.utc).timestamp())
        video_id = (seconds << 32) | rng.randint(0, 2**32 - 1)
        views = rng.randint(400, 30_000)
        likes = int(views * rng.uniform(0.03, 0.11))
        shown_likes = f"{likes / 1000:.1f}K".replace(".", ",") if likes >= 1000 else likes
        rows.append([rng.choice(CAPTIONS), f"https://www.tiktok.com/@acme.outdoor/video/{video_id}",
                     f"{day.day} de {MONTHS_ES[day.month - 1]}", shown_likes, rng.randint(0, 40),
                     rng.randint(0, 25), es_number(views)])
    (HERE / "tiktok_contenido.csv").write_bytes(codecs.BOM_UTF8 + csv_text(rows).encode())
    history = [["Date", "Followers", "Difference in followers from previous day"]]
    followers = 1_800
    day = dt.date(YEAR, 5, 12)
    while day <= dt.date(YEAR, 11, 30):
        change = rng.randint(-6, 14)
        followers += change
        history.append([f"{day.day} de {MONTHS_ES[day.month - 1]}", es_number(followers), change])
        day += dt.timedelta(1)
    (HERE / "tiktok_historial_seguidores.csv").write_text(csv_text(history), encoding="utf-8")


def x(rng: random.Random) -> None:
    """X (Twitter) content export: a date without a time, English headers whatever the account's language."""
    header = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements", "Bookmarks",
              "Shares", "New follows", "Replies", "Reposts", "Profile visits", "Detail Expands", "URL Clicks",
              "Hashtag Clicks", "Permalink Clicks"]
    rows: list[list[object]] = [header]
    for n, day in enumerate(days(dt.date(YEAR, 1, 1), dt.date(YEAR, 11, 30), 6, rng)):
        impressions = rng.randint(300, 9_000)
        likes, expands = int(impressions * rng.uniform(0.003, 0.02)), int(impressions * rng.uniform(0.005, 0.03))
        replies, reposts, clicks = rng.randint(0, 5), rng.randint(0, 6), rng.randint(0, 40)
        rows.append([1_960_000_000_000_000_000 + n, f"{DAYS_EN[day.weekday()]}, {MONTHS_EN[day.month - 1]} "
                     f"{day.day}, {day.year}", rng.choice(CAPTIONS), f"https://x.com/acme/status/{1960000000000000000 + n}",
                     impressions, likes, likes + expands + replies + reposts + clicks, rng.randint(0, 4), 0,
                     rng.randint(0, 3), replies, reposts, rng.randint(0, 20), expands, clicks, 0, 0])
    (HERE / "x_contenido.csv").write_text(csv_text(rows), encoding="utf-8")


def youtube(rng: random.Random) -> None:
    """YouTube Studio 'Table data' in Spanish: a Total row first, net subscribers (some negative), dates only."""
    header = ["Contenido", "Título del vídeo", "Hora de publicación del vídeo", "Duración", "Visualizaciones",
              "Tiempo de visualización (horas)", "Suscriptores", "Impresiones", "Me gusta", "Comentarios añadidos",
              "Veces compartido"]
    videos = []
    for n, day in enumerate(d for d in days(dt.date(YEAR, 1, 1), dt.date(YEAR, 11, 30), 1, rng) if d.month != 9):
        views = rng.randint(150, 6_000)
        short = rng.random() < 0.4
        videos.append([f"yt{n:09d}", rng.choice(CAPTIONS), f"{day.day} {MONTHS_ES_SHORT[day.month - 1]} {day.year}",
                       rng.randint(15, 59) if short else rng.randint(180, 900), views,
                       round(views * rng.uniform(0.01, 0.06), 2), rng.randint(-3, 12), views * rng.randint(8, 20),
                       int(views * rng.uniform(0.01, 0.05)), rng.randint(0, 9), rng.randint(0, 5)])
    total = ["Total", "", "", "", sum(v[4] for v in videos), round(sum(v[5] for v in videos), 2),
             sum(v[6] for v in videos), sum(v[7] for v in videos), sum(v[8] for v in videos),
             sum(v[9] for v in videos), sum(v[10] for v in videos)]
    (HERE / "youtube_datos_tabla.csv").write_bytes(codecs.BOM_UTF8 + csv_text([header, total, *videos]).encode())


def instagram_followers(rng: random.Random) -> None:
    """Meta Business Suite daily audience export (UTF-16, sep= line): Instagram follows from September only."""
    lines = ["sep=,", '"Seguidores de Instagram"', '"Fecha","Valor"']
    day = dt.date(YEAR, 9, 1)
    while day <= dt.date(YEAR, 11, 30):
        lines.append(f'"{day.isoformat()}T00:00:00","{rng.randint(0, 30) if rng.random() > 0.05 else ""}"')
        day += dt.timedelta(1)
    (HERE / "instagram_seguidores.csv").write_bytes(codecs.BOM_UTF16_LE + "\r\n".join([*lines, ""]).encode("utf-16-le"))


def main() -> None:
    rng = random.Random(2026)
    for make in (instagram, facebook, linkedin, tiktok, x, youtube, instagram_followers):
        make(rng)


if __name__ == "__main__":
    main()
