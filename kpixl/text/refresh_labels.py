"""Labels of the import/refresh feature in English and Spanish (the paste sheet, the Refresh status line)."""

from __future__ import annotations

from kpixl.text.labels import fill

LABELS: dict[str, dict[str, str]] = {
    "paste_sheet": {"en": "Paste export here", "es": "Pega la exportación aquí"},
    "status": {"en": "{added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected",
               "es": "{added} añadidas, {updated} actualizadas, {unchanged} sin cambios, {rejected} rechazadas"},
    "status_created": {"en": "Created the sheet “{sheet}”: paste an export there and click again.",
                       "es": "Creada la hoja «{sheet}»: pega allí una exportación y vuelve a pulsar."},
    "status_empty": {"en": "Nothing to import: the sheet “{sheet}” is empty.",
                     "es": "Nada que importar: la hoja «{sheet}» está vacía."},
    "status_error": {"en": "Not imported: {error}", "es": "No importado: {error}"},
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """A label in the workbook's language (English when it has none), with {placeholders} filled."""
    return fill(LABELS[key], lang, **values)
