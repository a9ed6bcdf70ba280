"""Export labels of post types read as the types each network's table lists (English and Spanish exports)."""

from __future__ import annotations

import pytest

from kpixl.catalog.post_types import canonical_type
from kpixl.refresh.books.package import open_book
from kpixl.workbook import templates

SOCIAL = templates.load("social")


def allowed(net: str) -> tuple[str, ...]:
    return SOCIAL.networks[net].post_types


@pytest.mark.parametrize(("net", "label", "want"), [
    ("instagram", "IG image", "image"), ("instagram", "IG carousel", "carousel"), ("instagram", "IG reel", "reel"),
    ("instagram", "Imagen de IG", "image"), ("instagram", "Secuencia de IG", "carousel"),
    ("instagram", "Reel de IG", "reel"), ("instagram", "IG video", "reel"), ("instagram", "Historia", "story"),
    ("facebook", "Photos", "photo"), ("facebook", "Videos", "video"), ("facebook", "Reels", "reel"),
    ("facebook", "Links", "link"), ("facebook", "Fotos", "photo"), ("facebook", "Vídeos", "video"),
    ("facebook", "Enlaces", "link"), ("facebook", "Text", "status"),
    ("linkedin", "Image", "image"), ("linkedin", "Document", "document"), ("linkedin", "Article", "article"),
    ("linkedin", "Texto", "text"), ("youtube", "Shorts", "short"), ("youtube", "Videos", "video"),
    ("youtube", "En directo", "live"), ("tiktok", "Video", "video"), ("x", "Thread", "thread"),
])
def test_export_labels_read_as_the_table_types(net: str, label: str, want: str):
    assert canonical_type(label, allowed(net)) == want


@pytest.mark.parametrize("label", ["Poll", "Event", "Encuesta"])
def test_a_label_naming_no_listed_type_is_kept_as_exported(label: str):
    assert canonical_type(label, allowed("linkedin")) == label


def test_blank_and_non_text_types_stay_as_they_are():
    assert canonical_type(None, allowed("instagram")) is None
    assert canonical_type("", allowed("instagram")) == ""
    assert canonical_type(3, allowed("instagram")) == 3
    assert canonical_type("reel", ()) == "reel"


def test_imported_instagram_types_are_the_drop_down_s(workbook, exports, run_kpixl):
    """The Meta export's 'IG image', 'IG carousel', 'IG reel' land as image, carousel, reel."""
    result = run_kpixl("import", str(workbook), str(exports / "instagram_posts_en.csv"))
    assert result.exit_code == 0, result.output
    with open_book(workbook) as book:
        data = book.read_table("tbl_instagram")
    column = data.headers.index("Type")
    assert {row[column] for row in data.rows if row[column]} == {"image", "carousel", "reel"}
