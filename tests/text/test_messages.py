"""The message catalogs: every text in English and Spanish with the same placeholders; Messages stay their English
text (so code comparing texts is unchanged) and render in Spanish, nested values included."""

from __future__ import annotations

import pickle
import re
import string
from pathlib import Path

import pytest

from kpixl.errors import KpixlError
from kpixl.sources.result import Rejection
from kpixl.text import refresh_labels
from kpixl.text.labels import LABELS, LANGUAGES
from kpixl.text.message_texts import MESSAGES
from kpixl.text.messages import Message, env_language, field_names, language, render, rows_text

CATALOGS = {"labels": LABELS, "refresh labels": refresh_labels.LABELS, "messages": MESSAGES}
ROOT = Path(__file__).resolve().parents[2]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("catalog", CATALOGS)
def test_every_entry_has_both_languages_and_the_same_placeholders(catalog: str):
    for key, entry in CATALOGS[catalog].items():
        assert set(entry) == set(LANGUAGES), (catalog, key)
        assert all(entry[lang].strip() for lang in LANGUAGES), (catalog, key)
        assert placeholders(entry["en"]) == placeholders(entry["es"]), (catalog, key)


def test_spanish_texts_quote_with_guillemets_not_python_repr():
    for key, entry in MESSAGES.items():
        assert "!r}" not in entry["es"], key  # «{value}», not '{value!r}'


def test_every_message_key_the_code_builds_is_in_the_catalog():
    built = set()
    for path in (ROOT / "kpixl").rglob("*.py"):
        built |= set(re.findall(r"""Message\(\s*["']([a-z0-9_:]+)["']""", path.read_text(encoding="utf-8")))
    assert built, "no Message(...) found: the pattern is stale"
    assert sorted(built - set(MESSAGES)) == []


def test_a_message_is_its_english_text_and_renders_in_spanish():
    reason = Message("not_whole", value="1.5")
    assert reason == "not a whole number: '1.5'" and isinstance(reason, str)
    assert render(reason, "es") == "no es un número entero: «1.5»"
    rejection = Rejection("instagram.csv", 4, "Likes", reason)
    assert str(rejection) == "instagram.csv, row 4, column 'Likes': not a whole number: '1.5'"
    assert render(rejection, "es") == "instagram.csv, fila 4, columna «Likes»: no es un número entero: «1.5»"
    error = KpixlError(Message("first_rejection", reason=reason, more=Message("more_rejected", count=2)),
                       file="x.csv", row=7, column="Me gusta")
    assert str(error) == ("x.csv, row 7, column 'Me gusta': not a whole number: '1.5' (and 2 more rejected rows); "
                          "nothing written (fix the file or pass --skip-bad-rows)")
    assert render(error, "es") == ("x.csv, fila 7, columna «Me gusta»: no es un número entero: «1.5» (y 2 filas "
                                   "rechazadas más); no se ha escrito nada (corrige el archivo o indica "
                                   "--skip-bad-rows)")
    assert render(pickle.loads(pickle.dumps(error.located())), "es") == render(error, "es")


def test_lists_rows_and_field_names_follow_the_language():
    assert rows_text([4]) == "row 4" and render(rows_text([4]), "es") == "fila 4"
    assert render(rows_text([4, 9, 12]), "es") == "filas 4, 9 y 12"
    assert render(rows_text(list(range(1, 9))), "es") == "filas 1, 2, 3, 4, 5 y 3 más"
    reduced = Message("engagements_reduced", present=field_names(["likes", "comments"], " + "),
                      absent=field_names(["saves"]))
    assert reduced == "engagements = likes + comments: this file does not report saves"
    assert render(reduced, "es") == "interacciones = me gusta + comentarios: este archivo no incluye guardados"
    assert render("plain text", "es") == "plain text"  # what is not a Message passes through


def test_python_date_reasons_are_translated_and_unknown_ones_kept():
    from kpixl.sources.parsing import ParseError, parse_date

    with pytest.raises(ParseError) as caught:
        parse_date("31/02/2025", day_first=True)
    assert "day is out of range for month" in str(caught.value)
    assert render(caught.value.args[0], "es") == "no es una fecha válida (ese mes no tiene ese día)"


def test_language_settings():
    assert language("es") == "es" and language("ES_es") == "es" and language("fr") == "en" and language(None) == "en"


def test_env_language(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KPIXL_LANG", "es")
    assert env_language() == "es"
    monkeypatch.delenv("KPIXL_LANG")
    assert env_language() == "en"


def test_column_notes_of_every_export_spec_are_catalog_keys():
    from kpixl.sources.detect import SPECS

    notes = {note for spec in SPECS for note in spec.column_notes.values()}
    assert notes and notes <= set(MESSAGES)
