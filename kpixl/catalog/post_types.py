"""Post types in the workbook's words: an export's own labels ("IG reel", "Photos", "Secuencia de IG") read as the
types a network's table lists (reel, photo, carousel… in an English workbook; reel, foto, carrusel… in a Spanish
one: `TYPE_LABELS`), so the report groups formats right and the type drop-down accepts imported rows. A label that
names none of them is kept as exported. Normalized data (CSV, the engine) keeps the English ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SYNONYMS: dict[str, tuple[str, ...]] = {
    "image": ("image", "imagen", "photo", "foto", "picture", "static"),
    "photo": ("photo", "foto", "image", "imagen", "picture"),
    "carousel": ("carousel", "carrusel", "secuencia", "album", "álbum"),
    "reel": ("reel", "video", "vídeo", "clip"),  # Instagram has published every video as a reel since 2022
    "story": ("story", "stories", "historia"),
    "video": ("video", "vídeo"),
    "short": ("short",),
    "live": ("live", "directo", "stream"),
    "link": ("link", "enlace"),
    "status": ("status", "estado", "text", "texto"),
    "text": ("text", "texto", "status", "estado"),
    "document": ("document", "documento", "pdf"),
    "article": ("article", "artículo", "articulo"),
    "thread": ("thread", "hilo"),
    "standard": ("standard", "estándar"),
    "idea": ("idea",),
}
"""Words (lower case, singular) an export uses for each type id a template may list, English and Spanish."""

TYPE_LABELS: dict[str, str] = {
    "photo": "foto", "image": "imagen", "carousel": "carrusel", "reel": "reel", "story": "historia",
    "video": "vídeo", "short": "short", "live": "directo", "link": "enlace", "status": "estado", "text": "texto",
    "document": "documento", "article": "artículo", "thread": "hilo", "standard": "estándar", "idea": "idea",
}
"""Each type id as a Spanish workbook's tables write it (English workbooks write the id)."""

SYNONYMS.update({spanish: SYNONYMS[kind] for kind, spanish in TYPE_LABELS.items() if spanish != kind})


DISTRIBUTION_LABELS: dict[str, str] = {"organic": "orgánico", "sponsored": "patrocinado"}
"""LinkedIn's organic / sponsored flag (the canonical `distribution`) as a Spanish workbook writes it."""


def distribution_label(value: object, lang: str) -> object:
    """'organic' → 'orgánico' in a Spanish workbook; any other value (and English) unchanged."""
    return DISTRIBUTION_LABELS.get(value, value) if lang == "es" and isinstance(value, str) else value


def type_label(kind: str, lang: str) -> str:
    """A type id in the workbook's language: 'carousel' → 'carrusel' in Spanish; the id itself in English."""
    return TYPE_LABELS.get(kind, kind) if lang == "es" else kind

SHORT_MAX_SECONDS = 60
"""A YouTube upload this long or shorter is a Short when the export does not say (the classic Shorts limit)."""


def youtube_type(content_type: object, duration: object) -> str | None:
    """A YouTube upload's type: the export's content type when it has one ("Shorts" → short, "Live" → live), else
    short up to `SHORT_MAX_SECONDS` of duration and video beyond; a label naming none of them is kept."""
    if isinstance(content_type, str) and content_type.strip():
        return canonical_type(content_type, ("short", "live", "video"))  # type: ignore[return-value]
    if isinstance(duration, (int, float)) and not isinstance(duration, bool):
        return "short" if duration <= SHORT_MAX_SECONDS else "video"
    return "video"


_WORD = re.compile(r"[^\W\d_]+")


def _singular(word: str) -> str:
    """'photos' → 'photo', 'reels' → 'reel', 'historias' → 'historia' (enough for export labels)."""
    if word.endswith("es") and word[:-2] in {"imágen", "imagen"}:
        return "imagen"
    return word[:-1] if word.endswith("s") and not word.endswith("us") and len(word) > 3 else word  # status


def canonical_type(raw: object, allowed: Sequence[str]) -> object:
    """The type id in `allowed` that an export's label names ('IG reel' → 'reel'), else the label unchanged.
    A label naming a type itself wins over a synonym ('Videos' is video where both video and reel are listed)."""
    if not isinstance(raw, str) or not raw.strip() or not allowed:
        return raw
    text = raw.strip().casefold()
    if text in allowed:
        return text
    words = [_singular(w) for w in _WORD.findall(text)]
    for kind in allowed:
        if kind in words:
            return kind
    for kind in allowed:
        if any(word in SYNONYMS.get(kind, ()) for word in words):
            return kind
    return raw
