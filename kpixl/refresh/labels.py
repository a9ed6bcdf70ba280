"""Labels of the import/refresh feature in English and Spanish (the paste sheet, the Refresh status line)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "paste_sheet": {"en": "Paste export here", "es": "Pega la exportación aquí"},
    "status": {"en": "{added} added, {updated} updated, {unchanged} unchanged, {rejected} rejected",
               "es": "{added} añadidas, {updated} actualizadas, {unchanged} sin cambios, {rejected} rechazadas"},
    "status_created": {"en": "Created the sheet “{sheet}”: paste an export there and click again.",
                       "es": "Creada la hoja «{sheet}»: pega allí una exportación y vuelve a pulsar."},
    "status_empty": {"en": "Nothing to import: the sheet “{sheet}” is empty.",
                     "es": "Nada que importar: la hoja «{sheet}» está vacía."},
    "status_error": {"en": "Not imported: {error}", "es": "No importado: {error}"},
    "no_not_reported_column": {
        "en": "this workbook's {sheet} sheet has no “Not in export” column, so the engagements of these posts stay "
              "blank ({fields} not in this file); recreate the workbook with `kpixl new` to count what the export has",
        "es": "la hoja {sheet} de este libro no tiene la columna «No incluido en la exportación», así que las "
              "interacciones de estas publicaciones quedan en blanco ({fields} no están en este archivo); crea el "
              "libro de nuevo con `kpixl new` para contar lo que trae la exportación"},
}


def text(key: str, lang: str = "en", **values: object) -> str:
    """A label in the workbook's language (English when it has none), with {placeholders} filled."""
    entry = LABELS[key]
    return (entry.get(lang) or entry["en"]).format(**values)
