"""UTM links percent-encode every parameter value (RFC 3986): a Spanish creator name with accents and a space gives
utm_content=%C3%AD%C3%B1igo_sanz, in the Creators sheet's formula as LibreOffice recalculates it and in the value
kpixl caches alike (the formula needs no ENCODEURL, which Excel for the web and for Mac lack)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import openpyxl

from kpixl.workbook.formulas.url_encoding import ENCODED, encoded_value
from kpixl.workbook.layout import Layout
from tests import libreoffice
from tests.refresh.test_creators_rebuild import IG, _new, _type, _type_creator
from tests.workbook.conftest import LOCALES
from tests.workbook.test_cached_values import _load

NAME = "Íñigo  Sanz"  # typed with a double space: TRIM keeps one


def test_the_python_encoding_is_rfc_3986_for_every_character_it_encodes():
    text = "".join(ENCODED) + "íñigo_sanz-1.0~"
    assert encoded_value(text) == quote(text, safe="")


def test_a_creators_link_is_percent_encoded_and_cached_as_libreoffice_recalculates(tmp_path: Path, exports: Path,
                                                                                  run_kpixl):
    libreoffice.require_soffice()
    book, layout = _new(tmp_path, "es", run_kpixl)
    creators = layout.sheet_name("creators")
    _type(book, creators, "A6", NAME)
    run_kpixl.output_of("import", str(book), str(exports / IG))  # rebuilds Creators with every link cached
    layout = Layout.from_workbook(openpyxl.load_workbook(book, read_only=True))
    settings = {k: layout.setting(k).value for k in ("base_url", "utm_medium", "utm_campaign")}
    links = layout.dashboard["creators"]["links"]
    cached = _load(book, data_only=True)[creators]
    mine = {cached[link["link"]].value for link in links if cached[link["creator"]].value == NAME}
    medium, campaign = (quote(str(settings[k]), safe="") for k in ("utm_medium", "utm_campaign"))
    assert mine == {f"{settings['base_url']}?utm_source={net}&utm_medium={medium}&utm_campaign={campaign}"
                    "&utm_content=%C3%AD%C3%B1igo_sanz" for net in layout.networks}
    _type_creator(book, layout, "instagram", 2, NAME)  # on a post: its link cached as `utm_link_value` gives it
    recalculated = libreoffice.recalculate(book, tmp_path / "recalculated", LOCALES["es"])
    recalc = _load(recalculated, data_only=True)[creators]
    assert [recalc[link["link"]].value for link in links] == [cached[link["link"]].value for link in links]
    post_link = f"{layout.column_letter('instagram', 'utm_link')}2"
    sheet = layout.network_sheet("instagram")
    typed, recalculated_post = _load(book, data_only=True)[sheet][post_link], _load(recalculated, data_only=True)[sheet]
    assert typed.value.endswith("utm_content=%C3%AD%C3%B1igo_sanz")
    assert recalculated_post[post_link].value == typed.value
