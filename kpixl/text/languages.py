"""A language a person chose (a command's --lang, an Excel function's argument), checked: one kpixl speaks or an error.

Apart from the catalogs of texts because it raises a `kpixl.errors.BadInputError`, and errors carry the messages of
`kpixl.text.messages`: the catalogs stay below the errors, this check above them. (`kpixl.text.messages.language`
is the lenient reading, for settings: an unknown code there means English.)
"""

from __future__ import annotations

from kpixl.errors import BadInputError
from kpixl.text.labels import LANGUAGES


def check_language(lang: str) -> str:
    """Validate a language code."""
    if lang not in LANGUAGES:
        raise BadInputError(f"unknown language {lang!r}; choose from: {', '.join(LANGUAGES)}")
    return lang
