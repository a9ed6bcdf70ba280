"""What kpixl tells people about their files, in the reader's language, rendered only at the edge.

A `Message` is built where a problem is found, from a key of `kpixl.text.message_texts` and its values. It *is* its
English text (a `str`), so code, logs and tests that compare texts see what they always saw; `render(value, lang)`
gives it in the reader's language where it is shown (the CLI, the Refresh status). Values may be messages
themselves, or lists (shown joined by ", "), so a reason inside "file, row, column: reason" follows the language too.
Pure Python (it runs in xlwings Lite).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from kpixl.text.labels import LANGUAGES, fill
from kpixl.text.message_texts import MESSAGES

ENV_LANGUAGE = "KPIXL_LANG"
"""The environment variable that sets the language of commands that have no workbook to take it from."""


class Message(str):
    """A catalog message with its values; `str()` is the English text, `render(lang)` another language."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, /, **values: Any) -> Message:
        self = super().__new__(cls, fill(MESSAGES[key], "en", **_rendered(values, "en")))
        self.key = key
        self.values = values
        return self

    def render(self, lang: str = "en") -> str:
        """The message in `lang` (English where the catalog has no translation)."""
        return fill(MESSAGES[self.key], lang, **_rendered(self.values, lang))

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle rebuild it from the key and values
        return (_message, (self.key, self.values))


def _message(key: str, values: dict[str, Any]) -> Message:
    return Message(key, **values)


class Joined(tuple):
    """Texts shown joined by `sep` ("likes + comments"), each in the reader's language."""

    sep: str

    def __new__(cls, items: Iterable[object], sep: str = ", ") -> Joined:
        self = super().__new__(cls, items)
        self.sep = sep
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (tuple(self), self.sep))


def render(value: object, lang: str = "en") -> str:
    """Anything shown to people, in `lang`: a Message, an object with a `located()` message (a rejected row, a
    KpixlError: file, row and column named in that language), a list (joined by ", "); anything else as str()."""
    if isinstance(value, Message):
        return value.render(lang)
    locate = getattr(value, "located", None)
    if callable(locate):
        return render(locate(), lang)
    if isinstance(value, (list, tuple)):
        shown = getattr(value, "sep", ", ").join(render(v, lang) for v in value[:LIST_LIMIT])
        if len(value) <= LIST_LIMIT:
            return shown
        return fill(MESSAGES["few_and_more"], lang, shown=shown, more=grouped(len(value) - LIST_LIMIT, lang))
    return str(value)


class Count(int):
    """A count a message shows with the reader's thousands separator (1,048,576 · 1.048.576)."""


class Day(dt.date):
    """A date a message shows as its reader writes it: Nov 1, 2026 · 1 nov 2026 (never ISO in a sentence)."""


MONTHS = {"en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
          "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")}


def spoken_day(day: dt.date, lang: str) -> str:
    """A date in a sentence, in the reader's order and month names."""
    month = MONTHS.get(lang, MONTHS["en"])[day.month - 1]
    return f"{month} {day.day}, {day.year}" if lang == "en" else f"{day.day} {month} {day.year}"


def grouped(number: int, lang: str) -> str:
    """A whole number with its thousands grouped as the reader writes them."""
    text = f"{number:,}"
    return text if lang == "en" else text.replace(",", ".")


LIST_LIMIT = 10
"""Most items a message lists (then "and 99,990 more"): a file of 100,000 columns still gets a one-line message."""


def _rendered(values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Placeholder values ready to format: messages and lists as text in `lang`, numbers kept (for format specs)."""
    return {k: grouped(v, lang) if isinstance(v, Count) else spoken_day(v, lang) if isinstance(v, Day) else
            render(v, lang) if isinstance(v, (str, list, tuple)) or hasattr(v, "located") else v
            for k, v in values.items()}


def located(message: str, file: object = None, row: int | None = None, column: object = None) -> str:
    """"file, row 4, column 'Likes': message" (the parts that are known), as a Message."""
    where: list[Any] = []
    if file is not None:
        where.append(str(file))
    if row is not None:
        where.append(Message("at_row", row=row))
    if column is not None:
        where.append(Message("at_column", column=column))
    return Message("located", where=where, message=message) if where else message


def rows_text(numbers: list[int], limit: int = 5) -> Message:
    """'rows 4, 9 and 12' (at most `limit` numbers, then how many more)."""
    shown = [str(n) for n in numbers[:limit]]
    more = len(numbers) - len(shown)
    if more:
        return Message("rows_and_more", rows=", ".join(shown), more=more)
    if len(shown) == 1:
        return Message("row_one", row=shown[0])
    return Message("rows_and", rows=", ".join(shown[:-1]), last=shown[-1])


def few(names: Iterable[object], limit: int = 6) -> str:
    """At most `limit` names, quoted, and how many more (an error about a 212-column file stays one line)."""
    names = [str(n).strip() for n in names if str(n or "").strip()]
    shown = ", ".join(repr(n) for n in names[:limit])
    return Message("few_and_more", shown=shown, more=len(names) - limit) if len(names) > limit else shown


def language(value: str | None) -> str:
    """A language code from a setting (KPIXL_LANG, a workbook): a known one, else English."""
    value = (value or "").strip().lower()[:2]
    return value if value in LANGUAGES else "en"


def env_language() -> str:
    """The language of KPIXL_LANG (English when unset or unknown)."""
    import os

    return language(os.environ.get(ENV_LANGUAGE))


def field_name(name: str) -> str:
    """A canonical field name (likes, saves) as a message: the name in English, the marketer's word in Spanish."""
    return Message(f"field:{name}") if f"field:{name}" in MESSAGES else name


def field_names(names: Iterable[str], sep: str = ", ") -> Joined:
    """Several field names, joined by `sep` in every language."""
    return Joined([field_name(n) for n in names], sep)


def known(text: str) -> str:
    """A text the catalog has a translation for (Python's "day is out of range for month"), else the text."""
    return Message(text) if text in MESSAGES else text
