# ruff: noqa: E501  (a text catalog: a message reads best on one line)
"""The texts of `kpixl.text.messages`: what import, normalize and refresh tell people, in English and Spanish.

Each message once, with {placeholders}; English quotes a value with `!r` ('1.5'), Spanish with «». Spanish words
follow the workbook's own labels (`kpixl.text.labels`, the templates' headers): publicación, interacciones, alcance, me gusta.
"""

from __future__ import annotations

Entry = dict[str, str]

WHERE: dict[str, Entry] = {
    "located": {"en": "{where}: {message}", "es": "{where}: {message}"},
    "at_row": {"en": "row {row}", "es": "fila {row}"},
    "at_column": {"en": "column {column!r}", "es": "columna «{column}»"},
    "row_one": {"en": "row {row}", "es": "fila {row}"},
    "rows_and": {"en": "rows {rows} and {last}", "es": "filas {rows} y {last}"},
    "rows_and_more": {"en": "rows {rows} and {more} more", "es": "filas {rows} y {more} más"},
    "few_and_more": {"en": "{shown} and {more} more", "es": "{shown} y {more} más"},
}

PARSING: dict[str, Entry] = {
    "not_number": {"en": "not a number: {value!r}", "es": "no es un número: «{value}»"},
    "not_number_groups": {"en": "not a number: {value!r} (digit groups do not look like thousands)",
                          "es": "no es un número: «{value}» (los grupos de cifras no parecen miles)"},
    "not_finite": {"en": "not a finite number: {value!r}", "es": "no es un número finito: «{value}»"},
    "too_large_amount": {"en": "too large to be an amount: {value!r}",
                         "es": "demasiado grande para ser un importe: «{value}»"},
    "not_count": {"en": "not a count: {value!r}", "es": "no es un recuento: «{value}»"},
    "not_whole": {"en": "not a whole number: {value!r}", "es": "no es un número entero: «{value}»"},
    "negative_count": {"en": "a count cannot be negative: {value}",
                       "es": "un recuento no puede ser negativo: {value}"},
    "negative_count_quoted": {"en": "a count cannot be negative: {value!r}",
                              "es": "un recuento no puede ser negativo: «{value}»"},
    "negative_amount": {"en": "an amount cannot be negative: {value!r}", "es": "un importe no puede ser negativo: «{value}»"},
    "amount_percent": {"en": "a percentage is not an amount: {value!r}",
                       "es": "un porcentaje no es un importe: «{value}»"},
    "year_out_of_range": {"en": "the year {year} is outside {first}–{last}: not a date of an export",
                          "es": "el año {year} está fuera de {first}–{last}: no es una fecha de una exportación"},
    "two_digit_year": {"en": "the two-digit year {value!r} would be in the future; write the year in full",
                       "es": "el año de dos cifras «{value}» quedaría en el futuro; escribe el año completo"},
    "not_valid_offset": {"en": "{value!r} is not a time-zone offset (from −12:00 to +14:00)",
                         "es": "«{value}» no es una diferencia horaria (de −12:00 a +14:00)"},
    "export_year_setting": {"en": "the export year in Settings is not a year: {reason}",
                            "es": "el año de exportación de Configuración no es un año: {reason}"},
    "mixed_encoding": {"en": "{rows}: not in UTF-8 like the rest of the file; read as Windows-1252 (check the "
                             "accents)",
                       "es": "{rows}: no en UTF-8 como el resto del archivo; leído como Windows-1252 (revisa las "
                             "tildes)"},
    "cesu_encoding": {"en": "{rows}: emoji written in two halves (CESU-8), read as the characters they encode",
                      "es": "{rows}: emojis escritos en dos mitades (CESU-8), leídos como los caracteres que "
                            "codifican"},
    "mixed_encoding_line": {"en": "this line mixes UTF-8 and Windows-1252 text; save the file again as UTF-8",
                            "es": "esta línea mezcla texto UTF-8 y Windows-1252; guarda de nuevo el archivo como UTF-8"},
    "lone_surrogate": {"en": "this line holds half an emoji (a lone CESU-8 surrogate); save the file again as UTF-8",
                       "es": "esta línea tiene medio emoji (un sustituto CESU-8 suelto); guarda de nuevo el archivo "
                             "como UTF-8"},
    "too_large_count": {"en": "too large to be a count: {value}",
                        "es": "demasiado grande para ser un recuento: {value}"},
    "not_duration": {"en": "not a duration: {value!r}", "es": "no es una duración: «{value}»"},
    "not_valid_date": {"en": "not a valid date ({why})", "es": "no es una fecha válida ({why})"},
    "unknown_month": {"en": "unknown month name {name!r}", "es": "nombre de mes desconocido: «{name}»"},
    "hour_ampm": {"en": "hour {hour} with AM/PM", "es": "hora {hour} con AM/PM"},
    "not_valid_time": {"en": "not a valid time of day ({why})", "es": "no es una hora del día válida ({why})"},
    "not_date": {"en": "not a date: {value!r}", "es": "no es una fecha: «{value}»"},
    "not_date_format": {"en": "not a date in the format {format!r}: {value!r}",
                        "es": "no es una fecha con el formato «{format}»: «{value}»"},
    "feb29": {"en": "29 February inferred in {year}, which is not a leap year; pass the year explicitly",
              "es": "29 de febrero deducido en {year}, que no es bisiesto; indica el año (--year)"},
}

PYTHON_REASONS: dict[str, Entry] = {
    "day is out of range for month": {"en": "day is out of range for month", "es": "ese mes no tiene ese día"},
    "month must be in 1..12": {"en": "month must be in 1..12", "es": "el mes debe estar entre 1 y 12"},
    "hour must be in 0..23": {"en": "hour must be in 0..23", "es": "la hora debe estar entre 0 y 23"},
    "minute must be in 0..59": {"en": "minute must be in 0..59", "es": "los minutos deben estar entre 0 y 59"},
    "second must be in 0..59": {"en": "second must be in 0..59", "es": "los segundos deben estar entre 0 y 59"},
}
"""Python's own reasons for an impossible date or time, as a marketer reads them (others stay as Python says)."""

READING: dict[str, Entry] = {
    "cannot_read_file": {"en": "cannot read the file ({why})", "es": "no se puede leer el archivo ({why})"},
    "file_too_large": {"en": "the file is {size:.0f} MB, more than the {limit:.0f} MB limit; split it or raise the limit",
                       "es": "el archivo ocupa {size:.0f} MB, más que el límite de {limit:.0f} MB; divídelo o sube el "
                             "límite"},
    "file_empty": {"en": "the file is empty", "es": "el archivo está vacío"},
    "removed_char": {"en": "{count} character a spreadsheet cannot hold (control characters, U+FFFE, U+FFFF) "
                           "removed ({where}: U+{code:04X})",
                     "es": "{count} carácter que una hoja de cálculo no admite (caracteres de control, U+FFFE, "
                           "U+FFFF) eliminado ({where}: U+{code:04X})"},
    "removed_chars": {"en": "{count} characters a spreadsheet cannot hold (control characters, U+FFFE, U+FFFF) "
                            "removed ({where}: U+{code:04X})",
                      "es": "{count} caracteres que una hoja de cálculo no admite (caracteres de control, U+FFFE, "
                            "U+FFFF) eliminados ({where}: U+{code:04X})"},
    "first_on_line": {"en": "first on line {line}", "es": "el primero en la línea {line}"},
    "first_in_row": {"en": "first in row {row}", "es": "el primero en la fila {row}"},
    "binary_file": {"en": "this is a binary file, not a CSV or Excel export",
                    "es": "es un archivo binario, no una exportación CSV o de Excel"},
    "bad_utf16": {"en": "the file is damaged or truncated: invalid {encoding} at byte {at}",
                  "es": "el archivo está dañado o incompleto: {encoding} no válido en el byte {at}"},
    "unknown_encoding": {"en": "unknown text encoding (byte 0x{byte:02x} is neither UTF-8 nor Windows-1252); "
                               "save the file as UTF-8 CSV",
                         "es": "codificación de texto desconocida (el byte 0x{byte:02x} no es UTF-8 ni Windows-1252); "
                               "guarda el archivo como CSV UTF-8"},
    "control_characters": {"en": "this is not a text export: it is full of control characters",
                           "es": "no es una exportación de texto: está llena de caracteres de control"},
    "csv_truncated_quote": {"en": "the file ends inside a quoted cell: it is truncated or a quote is missing",
                            "es": "el archivo termina dentro de una celda entre comillas: está incompleto o falta "
                                  "una comilla"},
    "csv_unreadable": {"en": "this CSV cannot be read: {why}", "es": "este CSV no se puede leer: {why}"},
    "no_header_row": {"en": "no header row found{where}: the file has no row with two or more column names",
                      "es": "no hay fila de encabezados{where}: el archivo no tiene ninguna fila con dos o más "
                            "nombres de columna"},
    "in_sheet": {"en": " (sheet {sheet!r})", "es": " (hoja «{sheet}»)"},
    "xlsx_damaged": {"en": "this .xlsx file is damaged or truncated ({why})",
                     "es": "este archivo .xlsx está dañado o incompleto ({why})"},
    "xlsx_too_large": {"en": "this .xlsx unpacks to {size:.0f} MB, more than the {limit:.0f} MB limit",
                       "es": "este .xlsx ocupa {size:.0f} MB descomprimido, más que el límite de {limit:.0f} MB"},
    "xlsx_bomb": {"en": "this .xlsx looks like a zip bomb ({member} is compressed too much)",
                  "es": "este .xlsx parece una bomba zip ({member} está demasiado comprimido)"},
    "workbook_unopenable": {"en": "this workbook cannot be opened ({why})",
                            "es": "este libro no se puede abrir ({why})"},
    "xlsx_unopenable": {"en": "this .xlsx file cannot be opened ({why})",
                        "es": "este archivo .xlsx no se puede abrir ({why})"},
    "sheet_unreadable": {"en": "sheet {sheet!r} cannot be read ({why})", "es": "la hoja «{sheet}» no se puede leer ({why})"},
    "no_sheet_with_header": {"en": "the workbook has no sheet with a header row",
                             "es": "el libro no tiene ninguna hoja con fila de encabezados"},
    "old_xls": {"en": "this is an old-style .xls workbook; open it in Excel and save it as .xlsx (or install xlrd)",
                "es": "es un libro .xls antiguo; ábrelo en Excel y guárdalo como .xlsx (o instala xlrd)"},
    "xls_unopenable": {"en": "this .xls file cannot be opened ({why})",
                       "es": "este archivo .xls no se puede abrir ({why})"},
    "zip_unopenable": {"en": "this zip cannot be opened ({why})", "es": "este zip no se puede abrir ({why})"},
    "zip_member_too_large": {"en": "{member} inside the zip is larger than {limit} MB",
                             "es": "{member}, dentro del zip, ocupa más de {limit} MB"},
    "zip_no_export": {"en": "the zip holds no export kpixl knows",
                      "es": "el zip no contiene ninguna exportación que kpixl conozca"},
    "zip_skipped": {"en": "files in the zip not imported (not a known export): {names}",
                    "es": "archivos del zip no importados (no son exportaciones conocidas): {names}"},
    "nothing_pasted": {"en": "nothing was pasted: the sheet is empty", "es": "no se ha pegado nada: la hoja está vacía"},
}

DETECTING: dict[str, Entry] = {
    "unknown_format": {"en": "unknown format {format!r}; use one of {choices}",
                       "es": "formato desconocido: «{format}»; usa uno de estos: {choices}"},
    "no_network_match": {"en": "no {network} export matches this file's headers",
                         "es": "ninguna exportación de {network} coincide con los encabezados de este archivo"},
    "forced_format": {"en": "headers do not match {format!r}; read as {format!r} because you said so",
                      "es": "los encabezados no coinciden con «{format}»; leído como «{format}» porque lo has indicado"},
    "unknown_export": {"en": "not a known export{where}: headers {headers}; pass --format or a --mapping file",
                       "es": "no es una exportación conocida{where}: encabezados {headers}; indica --format o un "
                             "archivo --mapping"},
    "ambiguous_format": {"en": "headers match both {best} and {other}; read as {best} (use --format)",
                         "es": "los encabezados coinciden con {best} y con {other}; leído como {best} (usa --format)"},
    "unknown_network": {"en": "unknown network {network!r}; use one of {choices}",
                        "es": "red desconocida: «{network}»; usa una de estas: {choices}"},
    "no_sheet_known": {"en": "no sheet of this workbook is a known export (sheets: {sheets})",
                       "es": "ninguna hoja de este libro es una exportación conocida (hojas: {sheets})"},
    "sheets_skipped": {"en": "sheets not imported (not a known export): {sheets}",
                       "es": "hojas no importadas (no son exportaciones conocidas): {sheets}"},
    "also_holds_workbook": {"en": "this workbook also holds {names}; use read_exports() or `kpixl normalize` for them",
                            "es": "este libro también contiene {names}; usa read_exports() o `kpixl normalize` para "
                                  "leerlas"},
    "also_holds_file": {"en": "this file also holds {names}; use read_exports() or `kpixl normalize` for them",
                        "es": "este archivo también contiene {names}; usa read_exports() o `kpixl normalize` para "
                              "leerlas"},
    "meta_unknown_metric": {"en": "unknown Meta daily metric {name!r}; known: {known}",
                            "es": "métrica diaria de Meta desconocida: «{name}»; conocidas: {known}"},
    "meta_no_metric": {"en": "a Meta daily file needs the metric name on line 2",
                       "es": "un archivo diario de Meta necesita el nombre de la métrica en la línea 2"},
    "youtube_chart_data": {"en": "this is YouTube's Chart data.csv (one row per video and day); import Table data.csv "
                                 "(one row per video) or Totals.csv (one row per day) from the same download",
                           "es": "es el Chart data.csv de YouTube (una fila por vídeo y día); importa Table data.csv "
                                 "(una fila por vídeo) o Totals.csv (una fila por día) de la misma descarga"},
}

MAPPING: dict[str, Entry] = {
    "mapping_unreadable": {"en": "cannot read the mapping file ({why})",
                           "es": "no se puede leer el archivo de correspondencias ({why})"},
    "mapping_not_toml": {"en": "the mapping file is not valid TOML ({why})",
                         "es": "el archivo de correspondencias no es TOML válido ({why})"},
    "mapping_unknown_keys": {"en": "unknown keys {keys}; use columns, network, table, date_format, decimal",
                             "es": "claves desconocidas {keys}; usa columns, network, table, date_format, decimal"},
    "mapping_table": {"en": "table must be 'posts' or 'daily', not {table!r}",
                      "es": "table debe ser 'posts' o 'daily', no «{table}»"},
    "mapping_no_columns": {"en": 'the mapping needs a [columns] table: "Header in file" = "canonical_field"',
                           "es": 'las correspondencias necesitan una tabla [columns]: "Encabezado del archivo" = '
                                 '"campo_canónico"'},
    "mapping_not_field": {"en": "{target!r} is not a canonical {table} field; use one of {choices}",
                          "es": "«{target}» no es un campo canónico de {table}; usa uno de estos: {choices}"},
    "mapping_date_format": {"en": "date_format must be a text such as '%d/%m/%Y'",
                            "es": "date_format debe ser un texto como '%d/%m/%Y'"},
    "mapping_decimal": {"en": 'decimal must be "," or "."', "es": 'decimal debe ser "," o "."'},
}

CONVERTING: dict[str, Entry] = {
    "day_first_proved": {"en": "column {header!r} read as day/month/year (a value has a first part above 12)",
                         "es": "columna «{header}» leída como día/mes/año (un valor tiene la primera parte mayor "
                               "que 12)"},
    "date_order_assumed_dmy": {"en": "no date in column {header!r} tells day/month from month/day; assumed "
                                     "day/month/year (a Spanish export)",
                               "es": "ninguna fecha de la columna «{header}» distingue día/mes de mes/día; se "
                                     "supone día/mes/año (exportación en español)"},
    "date_order_assumed_mdy": {"en": "no date in column {header!r} tells day/month from month/day; assumed "
                                     "month/day/year (an English export)",
                               "es": "ninguna fecha de la columna «{header}» distingue día/mes de mes/día; se "
                                     "supone mes/día/año (exportación en inglés)"},
    "header_twice": {"en": "the header {header!r} appears twice (columns {first} and {second}); column {first} is "
                           "read, column {second} is not",
                     "es": "el encabezado «{header}» aparece dos veces (columnas {first} y {second}); se lee la "
                           "columna {first}, no la {second}"},
    "no_header_column": {"en": "(column {number}, no header)", "es": "(columna {number}, sin encabezado)"},
    "no_field_column": {"en": "no column of this file maps to a {table} field of {kind}; headers: {headers}",
                        "es": "ninguna columna de este archivo corresponde a un campo de {table} de {kind}; "
                              "encabezados: {headers}"},
    "daily_no_network": {"en": "this daily file does not say which network it is{title}; pass --network "
                               "(e.g. --network instagram)",
                         "es": "este archivo diario no dice de qué red es{title}; indica --network "
                               "(p. ej. --network instagram)"},
    "network_unknown_note": {"en": "the network is not known from this file; pass --network to set it",
                             "es": "este archivo no dice de qué red es; indícala con --network"},
    "row_cells": {"en": "the row has {size} cells but the header has {width}",
                  "es": "la fila tiene {size} celdas pero el encabezado tiene {width}"},
    "file_truncated": {"en": "the file looks truncated: {reason}", "es": "el archivo parece incompleto: {reason}"},
    "rows_end_early": {"en": "{rows} end early (fewer cells than headers): their missing cells are read as blank",
                       "es": "{rows}: menos celdas que encabezados; las celdas que faltan se leen en blanco"},
    "year_inferred": {"en": "{count} date has no year; its year inferred from {how}",
                      "es": "{count} fecha no tiene año; año deducido según {how}"},
    "years_inferred": {"en": "{count} dates have no year; years inferred from {how}",
                       "es": "{count} fechas no tienen año; años deducidos según {how}"},
    "year_from_option": {"en": "the year {year} given for the latest date (--year or the export year in Settings)",
                         "es": "el año {year} indicado para la fecha más reciente (--year o el año de exportación "
                               "de Configuración)"},
    "year_from_today": {"en": "today's date {day} (pass --year to fix the year)",
                        "es": "la fecha de hoy, {day} (indica --year para fijar el año)"},
    "year_from_reference": {"en": "the reference date {day}", "es": "la fecha de referencia {day}"},
    "year_from_download_assumed": {"en": "the download date in the Time column, {day} (year assumed; pass --year to "
                                         "fix it)",
                                   "es": "la fecha de descarga de la columna Time, {day} (año supuesto; indica "
                                         "--year para fijarlo)"},
    "year_from_download": {"en": "the download date in the Time column, {day}",
                           "es": "la fecha de descarga de la columna Time, {day}"},
    "negative_daily": {"en": "{count} negative daily values kept as they are (first: {date}, {field})",
                       "es": "{count} valores diarios negativos se mantienen tal cual (el primero: {date}, {field})"},
    "note_meta_views": {"en": "'Views' read as impressions for photos, carousels, links and text, as views for "
                              "reels and videos",
                        "es": "«Views» leído como impresiones en fotos, carruseles, enlaces y texto, y como "
                              "visualizaciones en reels y vídeos"},
    "note_meta_visualizaciones": {"en": "'Visualizaciones' read as impressions for photos, carousels, links and text, "
                                        "as views for reels and videos",
                                  "es": "«Visualizaciones» leído como impresiones en fotos, carruseles, enlaces y "
                                        "texto, y como visualizaciones en reels y vídeos"},
    "note_linkedin_views": {"en": "LinkedIn 'Views' (2025 files) read as {field}: video views where the file also has "
                                  "Impressions, else the renamed impressions",
                            "es": "«Views» de LinkedIn (archivos de 2025) leído como {field}: visualizaciones de "
                                  "vídeo si el archivo también tiene Impressions, si no, las impresiones con otro "
                                  "nombre"},
    "note_tiktok_favorites": {"en": "'Add to Favorites' read as saves (TikTok's saves)",
                              "es": "«Add to Favorites» leído como guardados (los guardados de TikTok)"},
}

CHECKS: dict[str, Entry] = {
    "ids_from_links": {"en": "post ids taken from the permalinks (the file has no id column)",
                       "es": "ids de publicación tomados de los enlaces (el archivo no tiene columna de id)"},
    "ids_from_links_blank": {"en": "post ids of {rows} taken from their permalinks (blank id cells)",
                             "es": "ids de publicación de {rows} tomados de sus enlaces (celdas de id en blanco)"},
    "ids_repaired": {"en": "post ids of {rows} were stored as numbers of 2^53 or more (Excel had rounded them); the "
                           "exact ids were taken from the permalinks",
                     "es": "los ids de publicación de {rows} estaban guardados como números de 2^53 o más (Excel "
                           "los había redondeado); los ids exactos se han tomado de los enlaces"},
    "ids_rounded": {"en": "post ids of {rows} are stored as numbers of 2^53 or more: Excel has rounded their last "
                          "digits, so they may not match other exports (export the ids as text)",
                    "es": "los ids de publicación de {rows} están guardados como números de 2^53 o más: Excel ha "
                          "redondeado sus últimas cifras, así que pueden no coincidir con otras exportaciones "
                          "(exporta los ids como texto)"},
    "tiktok_time_one": {"en": "publish date and time of {count} video taken from the video ids (exact, UTC)",
                        "es": "fecha y hora de publicación de {count} vídeo tomadas de su id (exactas, UTC)"},
    "tiktok_id_year_one": {"en": "the year of {count} video taken from its video id (the day and month are the file's)",
                           "es": "el año de {count} vídeo tomado de su id (el día y el mes son los del archivo)"},
    "tiktok_id_year": {"en": "the year of {count} videos taken from their video ids (the day and month are the file's)",
                       "es": "el año de {count} vídeos tomado de sus ids (el día y el mes son los del archivo)"},
    "tiktok_id_time_one": {"en": "the time of day of {count} video taken from its video id (UTC); the day is the "
                                 "file's",
                           "es": "la hora de {count} vídeo tomada de su id (UTC); el día es el del archivo"},
    "tiktok_id_time": {"en": "the time of day of {count} videos taken from their video ids (UTC); the day is the "
                             "file's",
                       "es": "la hora de {count} vídeos tomada de sus ids (UTC); el día es el del archivo"},
    "tiktok_id_differs": {"en": "{rows}: the date in the video id is more than a day from the written date; the "
                                "written date is kept",
                          "es": "{rows}: la fecha del id del vídeo se aleja más de un día de la fecha escrita; se "
                                "mantiene la fecha escrita"},
    "tiktok_time": {"en": "publish date and time of {count} videos taken from the video ids (exact, UTC)",
                    "es": "fecha y hora de publicación de {count} vídeos tomadas de sus ids (exactas, UTC)"},
    "placeholders_skipped": {"en": "{rows} skipped: placeholder rows whose link ends in status/undefined (no post id)",
                             "es": "sin importar: {rows} (filas de relleno cuyo enlace termina en status/undefined, "
                                   "sin id de publicación)"},
    "totals_skipped": {"en": "{rows} skipped: the account total of the export, not an ad",
                       "es": "sin importar: {rows} (el total de la cuenta de la exportación, no un anuncio)"},
    "duplicate_id": {"en": "post id {post_id} appears on row {first} and {rows}; row {first} is kept",
                     "es": "el id de publicación {post_id} aparece en la fila {first} y en {rows}; se conserva la "
                           "fila {first}"},
    "duplicate_more": {"en": "{count} more post ids appear more than once; the first row of each is kept",
                       "es": "{count} ids de publicación más aparecen más de una vez; se conserva la primera fila "
                             "de cada uno"},
    "impressions_below_reach": {"en": "impressions below reach in {rows} (kept as exported; Meta counts them "
                                      "differently)",
                                "es": "impresiones por debajo del alcance en {rows} (se mantienen como en la "
                                      "exportación; Meta las cuenta de otra forma)"},
    "engagements_reduced": {"en": "engagements = {present}: this file does not report {absent}",
                            "es": "interacciones = {present}: este archivo no incluye {absent}"},
    "merged_posts": {"en": "{count} post rows were repeated across files and merged (later files win)",
                     "es": "{count} filas de publicaciones se repetían entre archivos y se han combinado (gana el "
                           "archivo más reciente)"},
    "merged_days": {"en": "{count} daily rows shared a date and network and were merged",
                    "es": "{count} filas diarias compartían fecha y red y se han combinado"},
}

FIELDS: dict[str, Entry] = {
    f"field:{name}": {"en": name, "es": es} for name, es in {
        "network": "red", "post_id": "id de publicación", "published_at": "fecha de publicación",
        "post_type": "tipo", "text": "texto", "permalink": "enlace", "currency": "moneda", "date": "fecha",
        "impressions": "impresiones", "reach": "alcance", "views": "visualizaciones", "likes": "me gusta",
        "comments": "comentarios", "shares": "compartidos", "saves": "guardados", "clicks": "clics",
        "link_clicks": "clics en el enlace", "profile_visits": "visitas al perfil", "follows": "seguimientos",
        "followers": "seguidores", "watch_time": "tiempo de reproducción", "spend": "inversión",
        "conversions": "conversiones", "revenue": "ingresos", "engagements": "interacciones",
        "duration": "duración", "new_followers": "nuevos seguidores", "lost_followers": "seguidores perdidos",
        "page_views": "visitas a la página", "net_followers": "crecimiento neto",
    }.items()
}
"""Canonical field names as a Spanish marketer reads them (the English text stays the canonical name)."""

IMPORTING: dict[str, Entry] = {
    "summary_head": {"en": "{file}: {kind}: {added} added, {updated} updated, {unchanged} unchanged, "
                           "{rejected} rejected",
                     "es": "{file}: {kind}: {added} añadidas, {updated} actualizadas, {unchanged} sin cambios, "
                           "{rejected} rechazadas"},
    "summary_head_day": {"en": "{file}: {kind}: {added} day added, {updated} updated, {unchanged} unchanged, "
                               "{rejected} rejected",
                         "es": "{file}: {kind}: {added} día añadido, {updated} actualizados, {unchanged} sin cambios, "
                               "{rejected} rechazados"},
    "summary_head_days": {"en": "{file}: {kind}: {added} days added, {updated} updated, {unchanged} unchanged, "
                                "{rejected} rejected",
                          "es": "{file}: {kind}: {added} días añadidos, {updated} actualizados, {unchanged} sin "
                                "cambios, {rejected} rechazados"},
    "summary_head_post": {"en": "{file}: {kind}: {added} post added, {updated} updated, {unchanged} unchanged, "
                                "{rejected} rejected",
                          "es": "{file}: {kind}: {added} publicación añadida, {updated} actualizadas, {unchanged} "
                                "sin cambios, {rejected} rechazadas"},
    "summary_head_posts": {"en": "{file}: {kind}: {added} posts added, {updated} updated, {unchanged} unchanged, "
                                 "{rejected} rejected",
                           "es": "{file}: {kind}: {added} publicaciones añadidas, {updated} actualizadas, "
                                 "{unchanged} sin cambios, {rejected} rechazadas"},
    "summary_rejected": {"en": "  rejected: {reason}", "es": "  rechazada: {reason}"},
    "summary_note": {"en": "  note: {note}", "es": "  nota: {note}"},
    "summary_total": {"en": "total: {status}", "es": "total: {status}"},
    "new_wrote": {"en": "Wrote {path}{note}", "es": "Creado {path}{note}"},
    "new_period_picked": {"en": " (report period {start} to {end}, the latest complete period with data; --period "
                                "START:END to choose another)",
                          "es": " (periodo del informe del {start} al {end}, el último periodo completo con datos; "
                                "--period INICIO:FIN para elegir otro)"},
    "summary_total_posts": {"en": "total posts: {added} added, {updated} updated, {unchanged} unchanged, "
                                  "{rejected} rejected",
                            "es": "total de publicaciones: {added} añadidas, {updated} actualizadas, {unchanged} sin "
                                  "cambios, {rejected} rechazadas"},
    "summary_total_days": {"en": "total days: {added} added, {updated} updated, {unchanged} unchanged, "
                                 "{rejected} rejected",
                           "es": "total de días: {added} añadidos, {updated} actualizados, {unchanged} sin cambios, "
                                 "{rejected} rechazados"},
    "kind_followers_at_post_time": {"en": "followers at post time", "es": "seguidores al publicar"},
    "unknown_headers": {"en": "unknown headers (not imported): {headers}",
                        "es": "encabezados desconocidos (no importados): {headers}"},
    "rows_network_unknown": {"en": "{count} rows: the network is not known from this file (pass --network)",
                             "es": "{count} filas: este archivo no dice de qué red son (indica --network)"},
    "rows_no_sheet": {"en": "{count} rows: the workbook has no {network} sheet (add it with `kpixl new --networks …`)",
                      "es": "{count} filas: el libro no tiene hoja de {network} (añádela con `kpixl new --networks …`)"},
    "days_no_audience": {"en": "{count} days: this workbook has no Audience sheet (it was made by an older kpixl); "
                               "make a new one with `kpixl new` and import the exports there",
                         "es": "{count} días: este libro no tiene hoja Audiencia (se hizo con un kpixl anterior); "
                               "crea uno nuevo con `kpixl new` e importa allí las exportaciones"},
    "days_network_unknown": {"en": "{count} days: the network is not known from this file (pass --network)",
                             "es": "{count} días: este archivo no dice de qué red son (indica --network)"},
    "days_not_reported": {"en": "{count} days of {network}: the workbook does not report on it (add it with "
                                "`kpixl new --networks …`)",
                          "es": "{count} días de {network}: el libro no informa de esa red (añádela con "
                                "`kpixl new --networks …`)"},
    "fields_not_kept": {
        "en": "{fields} not kept: the {sheet} sheet has no column for them",
        "es": "{fields}: no se guardan, la hoja {sheet} no tiene columna para ellos"},
    "no_not_reported_column": {
        "en": "the {sheet} sheet has no “Not in export” column: engagements count what the export has, but the sheet "
              "cannot say that {fields} are not in this file (a workbook made with today's `kpixl new` has it)",
        "es": "la hoja {sheet} no tiene la columna «No incluido en la exportación»: las interacciones cuentan lo que "
              "trae la exportación, pero la hoja no puede indicar que {fields} no están en este archivo (un libro "
              "creado con el `kpixl new` de hoy la tiene)"},
    "first_rejection": {"en": "{reason}{more}; nothing written (fix the file or pass --skip-bad-rows)",
                        "es": "{reason}{more}; no se ha escrito nada (corrige el archivo o indica --skip-bad-rows)"},
    "more_rejected": {"en": " (and {count} more rejected rows)", "es": " (y {count} filas rechazadas más)"},
    "nothing_imported": {"en": "nothing imported: every row was rejected ({reason}); the workbook is unchanged",
                         "es": "no se ha importado nada: se rechazaron todas las filas ({reason}); el libro no ha "
                               "cambiado"},
    "no_reason": {"en": "no reason given", "es": "sin motivo"},
    "table_no_id_column": {"en": "table {table!r} has no {header!r} column, so posts cannot be matched; put the "
                                 "column back (see `kpixl new`)",
                           "es": "la tabla «{table}» no tiene la columna «{header}», así que las publicaciones no se "
                                 "pueden emparejar; vuelve a añadir la columna (ver `kpixl new`)"},
    "table_no_day_column": {"en": "table {table!r} has no {header!r} column, so days cannot be matched; put the "
                                  "column back (see `kpixl new`)",
                            "es": "la tabla «{table}» no tiene la columna «{header}», así que los días no se pueden "
                                  "emparejar; vuelve a añadir la columna (ver `kpixl new`)"},
    "no_exports_folder": {"en": "Settings has no exports folder; type one there or pass --from DIR",
                          "es": "Configuración no tiene carpeta de exportaciones; escribe una allí o indica --from "
                                "CARPETA"},
    "exports_folder_missing": {"en": "the exports folder does not exist",
                               "es": "la carpeta de exportaciones no existe"},
    "no_exports_found": {"en": "no exports found in {folder} (looked for {suffixes} files); the workbook is unchanged",
                         "es": "no hay exportaciones en {folder} (se buscaron archivos {suffixes}); el libro no ha "
                               "cambiado"},
    "read_file": {"en": "read {file}", "es": "leído {file}"},
    "period_note": {"en": "{left_out} of {total} imported posts fall outside the report period ({start} to {end}) "
                          "and are not on the Dashboard: change 'Report period start' and 'Report period end' on "
                          "the Settings sheet{hint}.",
                    "es": "{left_out} de {total} publicaciones importadas quedan fuera del periodo del informe "
                          "({start} a {end}) y no salen en el Panel: cambia «Inicio del periodo del informe» y «Fin "
                          "del periodo del informe» en la hoja Configuración{hint}."},
    "period_hint": {"en": "; the latest complete period with data is {start} to {end}",
                    "es": "; el último periodo completo con datos va del {start} al {end}"},
    "tiktok_times_in_zone": {"en": "the publish times of {count} TikTok videos (UTC in their ids) are in {zone} time, "
                                   "the time zone in Settings",
                             "es": "las horas de publicación de {count} vídeos de TikTok (UTC en sus ids) están en "
                                   "la hora de {zone}, la zona horaria de Configuración"},
    "tiktok_times_utc": {"en": "the publish times of TikTok's videos stay in UTC: this Python has no time zone data "
                               "for {zone} (install the tzdata package)",
                         "es": "las horas de publicación de los vídeos de TikTok quedan en UTC: este Python no tiene "
                               "datos de zonas horarias para {zone} (instala el paquete tzdata)"},
    "utc_times_in_zone": {"en": "the publish times of {count} posts (UTC in the export) are in {zone} time, the time "
                                "zone in Settings",
                          "es": "las horas de publicación de {count} publicaciones (UTC en la exportación) están en "
                                "la hora de {zone}, la zona horaria de Configuración"},
    "unknown_time_zone": {"en": "the time zone in Settings ({zone!r}) is not one kpixl knows: write a name such as "
                                "Europe/Madrid, America/Mexico_City or UTC",
                          "es": "la zona horaria de Configuración («{zone}») no es una que kpixl conozca: escribe un "
                                "nombre como Europe/Madrid, America/Mexico_City o UTC"},
}

SAVING: dict[str, Entry] = {
    "saved": {"en": "saved {path} (previous version kept as {backup})",
              "es": "guardado {path} (la versión anterior se conserva como {backup})"},
    "up_to_date": {"en": "{path} is already up to date (nothing written)",
                   "es": "{path} ya está al día (no se ha escrito nada)"},
    "no_workbook": {"en": "no such workbook", "es": "no existe ese libro"},
    "not_workbook_file": {"en": "not a workbook file", "es": "no es un archivo de libro"},
    "read_only": {"en": "the workbook is read-only; nothing written (make it writable first)",
                  "es": "el libro es de solo lectura; no se ha escrito nada (quita antes la protección contra "
                        "escritura)"},
    "folder_not_writable": {"en": "the folder {folder} is not writable, so the workbook cannot be replaced safely; "
                                  "nothing written",
                            "es": "no se puede escribir en la carpeta {folder}, así que el libro no se puede sustituir "
                                  "con seguridad; no se ha escrito nada"},
    "open_elsewhere": {"en": "the workbook is open in Excel or LibreOffice (lock file {lock}); close it there first, "
                             "or pass --force if that lock file is left over",
                       "es": "el libro está abierto en Excel o LibreOffice (archivo de bloqueo {lock}); ciérralo "
                             "antes, o indica --force si ese archivo de bloqueo es un resto"},
    "waiting_lock": {"en": "waiting for another kpixl run on {name} to finish…",
                     "es": "esperando a que termine otra ejecución de kpixl sobre {name}…"},
    "lock_timeout": {"en": "another kpixl run has been updating the workbook for {seconds:.0f} s; nothing written "
                           "(try again when it has finished)",
                     "es": "otra ejecución de kpixl lleva {seconds:.0f} s actualizando el libro; no se ha escrito "
                           "nada (inténtalo cuando termine)"},
    "waiting_lock_owner": {"en": "waiting for another kpixl run on {name} to finish ({who}, since {since:%Y-%m-%d %H:%M})…",
                           "es": "esperando a que termine otra ejecución de kpixl sobre {name} ({who}, desde {since:%d/%m/%Y %H:%M})…"},
    "lock_busy": {"en": "another kpixl run ({who}, since {since:%Y-%m-%d %H:%M}) is still updating the workbook after {seconds:.0f} s; nothing written (try again when it has finished)",
                  "es": "otra ejecución de kpixl ({who}, desde {since:%d/%m/%Y %H:%M}) sigue actualizando el libro tras {seconds:.0f} s; no se ha escrito nada (inténtalo cuando termine)"},
    "cannot_lock": {"en": "cannot lock the workbook with {lock} ({why}); nothing written (you need to be able to write in its folder)",
                    "es": "no se puede bloquear el libro con {lock} ({why}); no se ha escrito nada (hace falta poder escribir en su carpeta)"},
    "rows_below_table": {"en": "{cell} holds {what} where table {table!r} must grow to take the new rows (rows {first} to {last}); move it below row {last} or to another sheet and import again; nothing written",
                         "es": "{cell} contiene {what} donde la tabla «{table}» tiene que crecer para recibir las filas nuevas (filas {first} a {last}); muévelo debajo de la fila {last} o a otra hoja e importa de nuevo; no se ha escrito nada"},
    "below_value": {"en": "{value!r}", "es": "«{value}»"},
    "below_number": {"en": "{value:g}", "es": "{value:g}"},
    "below_merged": {"en": "merged cells", "es": "celdas combinadas"},
    "below_other_table": {"en": "table {table!r}", "es": "la tabla «{table}»"},
    "text_cut": {"en": "{rows}, column {column!r}: text longer than the 32,767 characters an Excel cell holds, cut there",
                 "es": "{rows}, columna «{column}»: texto más largo que los 32.767 caracteres que caben en una celda de Excel, cortado ahí"},
    "cannot_write_workbook": {"en": "cannot write the workbook ({why}); the original is unchanged",
                              "es": "no se puede escribir el libro ({why}); el original no ha cambiado"},
    "not_kpixl_workbook": {"en": "not a kpixl workbook (it has no kpixl_meta sheet); make one with `kpixl new`",
                           "es": "no es un libro de kpixl (no tiene la hoja kpixl_meta); crea uno con `kpixl new`"},
    "no_defined_name": {"en": "the workbook has no defined name {name!r}", "es": "el libro no tiene el nombre definido «{name}»"},
    "no_table": {"en": "the workbook has no table {table!r} (was it deleted or renamed?)",
                 "es": "el libro no tiene la tabla «{table}» (¿se ha borrado o cambiado de nombre?)"},
    "totals_row": {"en": "table {table!r} has a totals row; remove it before importing",
                   "es": "la tabla «{table}» tiene una fila de totales; quítala antes de importar"},
    "no_sheet": {"en": "the workbook has no sheet {sheet!r}", "es": "el libro no tiene la hoja «{sheet}»"},
    "not_excel_workbook": {"en": "not an Excel workbook (its workbook part is missing)",
                           "es": "no es un libro de Excel (le falta la parte workbook)"},
    "not_readable_xlsx": {"en": "not a readable .xlsx workbook ({why})", "es": "no es un libro .xlsx legible ({why})"},
    "part_too_large": {"en": "workbook part {part} unpacks to {size:,} bytes; refusing it as oversized or a zip bomb",
                       "es": "la parte {part} del libro ocupa {size:,} bytes descomprimida; se rechaza por demasiado grande o por ser una bomba zip"},
    "not_worksheet_part": {"en": "{part} is not a worksheet part", "es": "{part} no es una parte de hoja de cálculo"},
    "part_doctype": {"en": "{part} declares a DOCTYPE; refusing it (entity expansion is not allowed in workbook parts)",
                     "es": "{part} declara un DOCTYPE; se rechaza (las partes de un libro no admiten expansión de entidades)"},
    "no_sheet_data": {"en": "{part} has no sheetData element", "es": "{part} no tiene el elemento sheetData"},
    "unexpected_sheet_data": {"en": "{part}: unexpected content in the sheet data near {near!r}; the part is damaged",
                              "es": "{part}: contenido inesperado en los datos de la hoja cerca de «{near}»; la parte está dañada"},
    "part_damaged": {"en": "workbook part {part} is damaged ({why})", "es": "la parte {part} del libro está dañada ({why})"},
    "cell_bad_string": {"en": "cell {cell} points to shared string {raw!r}, which does not exist; the workbook is damaged",
                        "es": "la celda {cell} apunta a la cadena compartida «{raw}», que no existe; el libro está dañado"},
    "cell_not_number": {"en": "cell {cell} holds {raw!r}, which is not a number; the workbook is damaged",
                        "es": "la celda {cell} contiene «{raw}», que no es un número; el libro está dañado"},
    "table_damaged_range": {"en": "table {table!r} has a damaged range {ref!r}",
                            "es": "la tabla «{table}» tiene un rango dañado: «{ref}»"},
    "reading_exports": {"en": "reading exports", "es": "leyendo exportaciones"},
    "layout_sheet_damaged": {"en": "the {sheet} sheet is damaged ({why})", "es": "la hoja {sheet} está dañada ({why})"},
    "layout_sheet_no_layout": {"en": "not a kpixl workbook: its {sheet} sheet has no layout row",
                       "es": "no es un libro de kpixl: su hoja {sheet} no tiene la fila layout"},
    "lite_files_unknown": {"en": "cannot tell kpixl's own files in {folder} from other files there (no installed RECORD and no git); install kpixl (pip install . in its folder) or work from a git clone, or make the workbook with --no-lite",
                           "es": "no se distinguen los archivos propios de kpixl en {folder} de otros archivos (no hay RECORD instalado ni git); instala kpixl (pip install . en su carpeta) o trabaja desde un clon de git, o crea el libro con --no-lite"},
}

NORMALIZING: dict[str, Entry] = {
    "normalize_head": {"en": "{file}: {kind} ({table}), {count} rows{network}",
                       "es": "{file}: {kind} ({table}), {count} filas{network}"},
    "normalize_unknown": {"en": "  unknown headers (not imported): {headers}",
                          "es": "  encabezados desconocidos (no importados): {headers}"},
    "normalize_ignored": {"en": "  known headers kpixl does not keep: {headers}",
                          "es": "  encabezados conocidos que kpixl no guarda: {headers}"},
    "normalize_not_reported": {"en": "  not reported by this file (left blank): {fields}",
                               "es": "  no incluido en esta exportación (se deja en blanco): {fields}"},
    "normalize_warning": {"en": "  warning: {warning}", "es": "  aviso: {warning}"},
    "normalize_rejected": {"en": "  rejected: {reason}", "es": "  rechazada: {reason}"},
    "normalize_file_warning": {"en": "warning: {warning}", "es": "aviso: {warning}"},
    "normalize_wrote": {"en": "wrote {posts} posts and {days} daily rows to {paths}",
                        "es": "escritas {posts} publicaciones y {days} filas diarias en {paths}"},
    "normalize_csv_only": {"en": "kpixl normalize writes CSV; give -o a .csv name",
                           "es": "kpixl normalize escribe CSV; da a -o un nombre .csv"},
    "normalize_not_ours": {"en": "this file exists and was not written by kpixl normalize; nothing written (choose "
                                 "another -o name, or pass --force to replace it)",
                           "es": "este archivo ya existe y no lo escribió kpixl normalize; no se ha escrito nada "
                                 "(elige otro nombre con -o, o indica --force para sustituirlo)"},
    "terminated": {"en": "stopped by signal {signum}; nothing was half-written",
                   "es": "detenido por la señal {signum}; no ha quedado nada escrito a medias"},
    "cannot_write_output": {"en": "cannot write the output ({why})", "es": "no se puede escribir la salida ({why})"},
}

MESSAGES: dict[str, Entry] = {}
for _part in (WHERE, PARSING, PYTHON_REASONS, READING, DETECTING, MAPPING, CONVERTING, CHECKS, FIELDS, IMPORTING,
              SAVING, NORMALIZING):
    assert not set(_part) & set(MESSAGES), set(_part) & set(MESSAGES)
    MESSAGES.update(_part)

LIMITS_AND_TRUST: dict[str, Entry] = {  # the resource budget (kpixl.xlsx.budget) and files received from others
    "budget_bad_setting": {"en": "{name} must be a whole number above zero, not {value!r}",
                           "es": "{name} debe ser un número entero mayor que cero, no «{value}»"},
    "budget_inflated": {"en": "this file unpacks to more than {limit} MB (all its parts together); refusing it as "
                              "oversized or a zip bomb (raise {setting} to read it)",
                        "es": "este archivo ocupa más de {limit} MB descomprimido (todas sus partes juntas); se "
                              "rechaza por demasiado grande o por ser una bomba zip (sube {setting} para leerlo)"},
    "budget_rows": {"en": "this file has more than {limit} rows (blank lines included); split it or raise {setting}",
                    "es": "este archivo tiene más de {limit} filas (contando las vacías); divídelo o sube {setting}"},
    "budget_cells": {"en": "the cells {where}span {rows} rows × {columns} columns, more than the {limit}-cell "
                           "limit; delete stray cells far from the data or raise {setting}",
                     "es": "las celdas {where}ocupan {rows} filas × {columns} columnas, más que el límite de "
                           "{limit} celdas; borra las celdas sueltas lejos de los datos o sube {setting}"},
    "zip_member_damaged": {"en": "{member} inside the file is damaged ({why})",
                           "es": "{member}, dentro del archivo, está dañado ({why})"},
    "zip_cannot_unpack": {"en": "cannot unpack {member} ({why}); nothing was imported",
                          "es": "no se puede descomprimir {member} ({why}); no se ha importado nada"},
    "table_ref_width": {"en": "table {table} is damaged: its range {ref} spans {width} columns but it declares {count}",
                        "es": "la tabla {table} está dañada: su rango {ref} abarca {width} columnas pero declara {count}"},
    "part_missing": {"en": "this workbook is damaged: {part} is missing", "es": "este libro está dañado: falta {part}"},
    "exports_folder_outside": {"en": "the exports folder in Settings ({folder!r}) is outside the workbook's folder; "
                                     "kpixl only reads folders inside it from Settings (pass the folder on the command "
                                     "line to read another one)",
                               "es": "la carpeta de exportaciones de Configuración («{folder}») está fuera de la "
                                     "carpeta del libro; kpixl solo lee desde Configuración carpetas dentro de ella "
                                     "(indica la carpeta en la línea de comandos para leer otra)"},
    "layout_invalid": {"en": "the hidden {sheet} sheet is damaged or was edited: {why}",
                       "es": "la hoja oculta {sheet} está dañada o se ha editado: {why}"},
    "layout_duplicate_network": {"en": "it lists {network} {count} times", "es": "indica {network} {count} veces"},
    "layout_unknown_network": {"en": "it lists a network kpixl does not know ({network!r})",
                               "es": "indica una red que kpixl no conoce («{network}»)"},
    "layout_too_many": {"en": "it lists {count} {what}, more than the {limit} a workbook can have",
                        "es": "indica {count} {what}, más de los {limit} que puede tener un libro"},
    "layout_bad_header": {"en": "column {header!r} of {network} is not a header kpixl writes (empty, repeated, over "
                                "255 characters, with line breaks or brackets, or starting with = + - @)",
                          "es": "la columna «{header}» de {network} no es un encabezado que kpixl escriba (vacío, "
                                "repetido, de más de 255 caracteres, con saltos de línea o corchetes, o que empieza por = + - @)"},
    "layout_bad_name": {"en": "{what} {name!r} is not a name kpixl writes",
                        "es": "{what} «{name}» no es un nombre que kpixl escriba"},
}
assert not set(LIMITS_AND_TRUST) & set(MESSAGES)
MESSAGES.update(LIMITS_AND_TRUST)
