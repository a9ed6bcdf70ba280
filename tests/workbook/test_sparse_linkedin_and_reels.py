"""Real, sparse exports in a monthly workbook (English and Spanish): a LinkedIn page export that leaves `Follows`
blank on organic posts gives every post with likes or clicks its engagements and engagement rate (the blank counted
as not reported, named by the Dashboard's note); LinkedIn's Organic/Sponsored is its own column and the format comes
from `Content Type`, in the workbook's words (texto, documento… in Spanish); an Instagram reel with views and no
impressions has an EMV by the workbook's one method (views where a post has no impressions); dates carry a
`d mmm yyyy` number format. Cached values equal LibreOffice's
recalculation in the reader's locale, blanks included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import kpixl
from kpixl.workbook import Layout, build, prepare
from tests import libreoffice, ooxml
from tests.workbook.conftest import LOCALES
from tests.workbook.test_cached_values import _load, _same, formula_cells

PERIOD = (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
LINKEDIN_HEADERS = ["Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date",
                    "Campaign start date", "Campaign end date", "Audience", "Impressions",
                    "Views (excluding off-site video views)", "Off-site views", "Clicks", "Click through rate (CTR)",
                    "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type"]
LINKEDIN_POSTS = [  # (title, type, date, impressions, clicks, likes, comments, reposts, follows, content type)
    ("Hiring: data analyst", "Organic", "10/02/2025", 1450, 31, 22, 3, 2, None, "Text"),
    ("Our autumn report", "Organic", "10/06/2025", 3120, 88, 64, 9, 7, None, "Document"),
    ("Behind the scenes", "Organic", "10/09/2025", 980, 12, 18, 0, 1, None, "Video"),
    ("Webinar next week", "Sponsored", "10/14/2025", 15400, 210, 95, 6, 4, 12, "Image"),
    ("Team offsite", "Organic", "10/20/2025", 117, 3, 9, 1, 0, None, "Image"),
    ("Client story", "Organic", "10/27/2025", 2210, 40, 35, 4, 3, None, "Article"),
]
INSTAGRAM_2025 = (  # Meta's 2025 per-post export: the reel reports views and no impressions
    '"Post ID","Account ID","Account username","Account name",Description,"Duration (secs)","Publish time",Permalink,'
    '"Post type","Data comment",Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n'
    '"18060000000000001","1786","kpixl.demo","Kpixl Demo","Autumn menu",0,"10/02/2025 09:30",'
    '"https://www.instagram.com/p/DPa0001/","IG image",,Lifetime,"2,150",1800,210,12,3,18,25\n'
    '"18060000000000002","1786","kpixl.demo","Kpixl Demo","Kitchen reel",31,"10/05/2025 18:05",'
    '"https://www.instagram.com/reel/DPa0002/","IG reel",,Lifetime,"407,599",98000,8700,950,40,610,1200\n'
)


def _linkedin_export(path: Path) -> Path:
    """A LinkedIn page content export: a note on row 1, headers on row 2, `Follows` blank on organic posts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "All posts"
    ws.append(["All posts data for the selected date range"])
    ws.append(LINKEDIN_HEADERS)
    for n, (title, kind, day, impressions, clicks, likes, comments, reposts, follows, content) in enumerate(
            LINKEDIN_POSTS):
        row = {"Post title": title, "Post link": f"https://www.linkedin.com/feed/update/urn:li:activity:7{n:018d}",
               "Post type": kind, "Posted by": "Kpixl", "Created date": day, "Audience": "All followers",
               "Impressions": impressions, "Clicks": clicks, "Likes": likes, "Comments": comments,
               "Reposts": reposts, "Follows": follows, "Content Type": content}
        ws.append([row.get(h) for h in LINKEDIN_HEADERS])
    wb.save(path)
    return path


def _rows(book: Path) -> tuple[Layout, dict[str, list[dict[str, Any]]]]:
    wb = _load(book, data_only=True)
    layout = Layout.from_workbook(_load(book))
    out = {}
    for net in layout.networks:
        keys = [c.key for c in layout.columns(net)]
        ws = wb[layout.network_sheet(net)]
        out[net] = [dict(zip(keys, row, strict=False)) for row in ws.iter_rows(min_row=2, values_only=True)
                    if any(v is not None for v in row[:len(keys)])]
    return layout, out


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["en", "es"])
def test_sparse_linkedin_and_a_reel_get_their_rates_and_emv(tmp_path: Path, lang: str, run_kpixl):
    libreoffice.require_soffice()
    ooxml.require_validator()
    spec = prepare(template="social", client="Acme", networks=("instagram", "linkedin"), period=PERIOD, lang=lang)
    book = build(tmp_path / "report.xlsx", spec, lite=False)
    linkedin = _linkedin_export(tmp_path / "linkedin_content.xlsx")
    instagram = tmp_path / "instagram_posts.csv"
    instagram.write_text(INSTAGRAM_2025, encoding="utf-8")
    run_kpixl.output_of("import", str(book), str(linkedin), str(instagram))
    ooxml.assert_valid(book)

    layout, tables = _rows(book)
    posts = tables["linkedin"]
    assert len(posts) == 6
    with_rate = [p for p in posts if isinstance(p["kpi:engagement_rate"], float)]
    assert len(with_rate) == 6, [(p["text"], p["kpi:engagements"]) for p in posts]  # was 0 of 6
    offsite = next(p for p in posts if p["impressions"] == 117)
    assert offsite["kpi:engagements"] == 9 + 1 + 0 + 3 and offsite["follows"] is None
    assert offsite["kpi:engagement_rate"] == pytest.approx(13 / 117)
    flags = {"en": {"organic", "sponsored"}, "es": {"orgánico", "patrocinado"}}[lang]
    assert {p["distribution"] for p in posts} == flags
    assert {p["post_type"] for p in posts} == {"en": {"text", "document", "video", "image", "article"},
                                               "es": {"texto", "documento", "vídeo", "imagen", "artículo"}}[lang]
    assert {p["post_type"] for p in tables["instagram"]} == {"en": {"image", "reel"}, "es": {"imagen", "reel"}}[lang]

    reel = next(p for p in tables["instagram"] if p["views"] == 407599)
    cpm = layout.setting("emv_cpm").value
    assert reel["impressions"] is None and reel["kpi:emv"] == pytest.approx(407599 * cpm / 1000)
    image = next(p for p in tables["instagram"] if p["impressions"] == 2150)
    assert image["kpi:emv"] == pytest.approx(2150 * cpm / 1000)
    assert kpixl.compute("emv", network="instagram", impressions=None, views=407599) == pytest.approx(reel["kpi:emv"])

    formats = {c.number_format for c in _load(book)[layout.network_sheet("linkedin")]["A"][1:7]}
    assert formats == {"d mmm yyyy"}, formats

    out = libreoffice.recalculate(book, tmp_path / "out", LOCALES[lang])
    cached, recalc = _load(book, data_only=True), _load(out, data_only=True)
    wrong = [f"{s}!{r}: cached {cached[s][r].value!r}, LibreOffice {recalc[s][r].value!r} ({f[:90]})"
             for (s, r), f in formula_cells(book).items() if not _same(cached[s][r].value, recalc[s][r].value)]
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong[:20])
    sheet, cell = layout.sheet_name("dashboard"), layout.dashboard["not_reported_note"]
    note = recalc[sheet][cell].value
    follows = {"en": "LinkedIn: Follows (5 posts)", "es": "LinkedIn: Seguimientos (5 publicaciones)"}[lang]
    assert note and follows in note, note
    headers = [c.value for c in recalc[layout.network_sheet("instagram")][1]]
    assert {"en": "Earned media value (EMV, est.)", "es": "Valor de medios ganados (EMV, estimado)"}[lang] in headers
