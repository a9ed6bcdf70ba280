"""Labels and messages in English and Spanish: status words, units, areas, directions, generic UI words."""

from __future__ import annotations

LANGUAGES = ("en", "es")

LABELS: dict[str, dict[str, str]] = {
    # goal statuses
    "not_started": {"en": "Not started", "es": "Sin empezar"},
    "on_track": {"en": "On track", "es": "En camino"},
    "behind": {"en": "Behind", "es": "Retrasado"},
    "at_risk": {"en": "At risk", "es": "En riesgo"},
    "achieved": {"en": "Achieved", "es": "Conseguido"},
    "missed": {"en": "Missed", "es": "No conseguido"},
    # goal directions and kinds
    "increase": {"en": "Increase", "es": "Aumentar"},
    "decrease": {"en": "Decrease", "es": "Reducir"},
    "stay_above": {"en": "Stay above", "es": "Mantener por encima"},
    "stay_below": {"en": "Stay below", "es": "Mantener por debajo"},
    "range": {"en": "Range", "es": "Rango"},
    "cumulative": {"en": "Cumulative", "es": "Acumulado"},
    "level": {"en": "Level", "es": "Nivel"},
    # goal outputs
    "progress": {"en": "Progress", "es": "Progreso"},
    "percent_of_target": {"en": "% of target", "es": "% del objetivo"},
    "expected_progress": {"en": "Expected progress", "es": "Progreso esperado"},
    "expected_value": {"en": "Expected value", "es": "Valor esperado"},
    "projection": {"en": "Projection", "es": "Proyección"},
    "status": {"en": "Status", "es": "Estado"},
    "baseline": {"en": "Baseline", "es": "Valor inicial"},
    "target": {"en": "Target", "es": "Objetivo"},
    "actual": {"en": "Actual", "es": "Real"},
    "start": {"en": "Start", "es": "Inicio"},
    "deadline": {"en": "Deadline", "es": "Fecha límite"},
    "direction": {"en": "Direction", "es": "Dirección"},
    "kind": {"en": "Kind", "es": "Tipo"},
    "owner": {"en": "Owner", "es": "Responsable"},
    "network": {"en": "Network", "es": "Red"},
    "all_networks": {"en": "All networks", "es": "Todas las redes"},
    "kpi": {"en": "KPI", "es": "KPI"},
    # units
    "fraction": {"en": "percent", "es": "porcentaje"},
    "currency": {"en": "currency", "es": "moneda"},
    "count": {"en": "count", "es": "recuento"},
    "ratio": {"en": "ratio", "es": "ratio"},
    "multiple": {"en": "multiple (×)", "es": "múltiplo (×)"},
    "duration": {"en": "seconds", "es": "segundos"},
    "score": {"en": "score", "es": "puntuación"},
    # KPI directions
    "higher": {"en": "higher is better", "es": "más es mejor"},
    "lower": {"en": "lower is better", "es": "menos es mejor"},
    # areas
    "engagement": {"en": "Engagement", "es": "Compromiso"},
    "reach": {"en": "Reach and audience", "es": "Alcance y audiencia"},
    "conversion": {"en": "Traffic and conversion", "es": "Tráfico y conversión"},
    "paid": {"en": "Paid and value", "es": "Pago y valor"},
    "reputation": {"en": "Reputation and care", "es": "Reputación y atención"},
    "influencer": {"en": "Influencers", "es": "Influencers"},
    # generic words
    "id": {"en": "Id", "es": "Id"},
    "name": {"en": "Name", "es": "Nombre"},
    "unit": {"en": "Unit", "es": "Unidad"},
    "variants": {"en": "Variants", "es": "Variantes"},
    "formula": {"en": "Formula", "es": "Fórmula"},
    "description": {"en": "Description", "es": "Descripción"},
    "area": {"en": "Area", "es": "Área"},
    "no_value": {"en": "no value", "es": "sin valor"},
    # workbook (`kpixl new`): sheet names, headings, settings
    "wb_sheet_start": {"en": "Start here", "es": "Empieza aquí"},
    "wb_sheet_dashboard": {"en": "Dashboard", "es": "Panel"},
    "wb_sheet_goals": {"en": "Goals", "es": "Objetivos"},
    "wb_sheet_settings": {"en": "Settings", "es": "Configuración"},
    "wb_sheet_benchmarks": {"en": "Benchmarks", "es": "Referencias"},
    "wb_notes": {"en": "Notes", "es": "Notas"},
    "wb_not_reported_note": {"en": "Engagements exclude interactions the exports do not have — {networks}",
                             "es": "Las interacciones no cuentan lo que no viene en las exportaciones — {networks}"},
    "wb_not_reported_network": {"en": "{network}: {fields} ({count} {posts})",
                                "es": "{network}: {fields} ({count} {posts})"},
    "wb_post_one": {"en": "post", "es": "publicación"},
    "wb_post_many": {"en": "posts", "es": "publicaciones"},
    "wb_client": {"en": "Client", "es": "Cliente"},
    "wb_period_start": {"en": "Report period start", "es": "Inicio del periodo del informe"},
    "wb_period_end": {"en": "Report period end", "es": "Fin del periodo del informe"},
    "wb_currency": {"en": "Currency", "es": "Moneda"},
    "wb_er_variant": {"en": "Engagement-rate variant", "es": "Variante de la tasa de interacción"},
    "wb_param_emv_cpm": {"en": "EMV: CPM (value per 1,000 impressions or views)",
                         "es": "EMV: CPM (valor por 1.000 impresiones o visualizaciones)"},
    "wb_param_emv_like": {"en": "EMV: value per like", "es": "EMV: valor por me gusta"},
    "wb_param_emv_comment": {"en": "EMV: value per comment", "es": "EMV: valor por comentario"},
    "wb_param_emv_share": {"en": "EMV: value per share", "es": "EMV: valor por compartido"},
    "wb_param_emv_vpm": {"en": "EMV: value per 1,000 impressions", "es": "EMV: valor por 1.000 impresiones"},
    "wb_param_emv_engagement": {"en": "EMV: value per engagement", "es": "EMV: valor por interacción"},
    "wb_setting_note": {"en": "Note", "es": "Nota"},
    "wb_kpixl_default": {"en": "kpixl default — replace with your rates",
                         "es": "Valor por defecto de kpixl: sustitúyelo por tus tarifas"},
    "wb_param_on_track_at": {"en": "Goals: on track at (share of expected progress)",
                             "es": "Objetivos: en camino desde (parte del progreso esperado)"},
    "wb_param_behind_at": {"en": "Goals: behind at (share of expected progress)",
                           "es": "Objetivos: retrasado desde (parte del progreso esperado)"},
    "wb_param_benchmark_tolerance": {"en": "Benchmarks: acceptable from (share of the benchmark)",
                                     "es": "Referencias: aceptable desde (parte de la referencia)"},
    "wb_exports_folder": {"en": "Exports folder (for kpixl refresh)",
                          "es": "Carpeta de exportaciones (para kpixl refresh)"},
    "wb_language": {"en": "Language", "es": "Idioma"},
    "wb_setting": {"en": "Setting", "es": "Ajuste"},
    "wb_value": {"en": "Value", "es": "Valor"},
    "wb_settings_title": {"en": "Settings: every formula reads these cells",
                          "es": "Configuración: todas las fórmulas leen estas celdas"},
    "wb_refresh": {"en": "⟳ Refresh", "es": "⟳ Actualizar"},
    "wb_refresh_hint": {"en": "To load new exports, click ⟳ Refresh (xlwings Lite) or run: kpixl refresh on this file.",
                        "es": "Para cargar exportaciones nuevas, pulsa ⟳ Actualizar (xlwings Lite) o ejecuta: "
                              "kpixl refresh con este archivo."},
    "wb_refresh_button_hint": {"en": "To load new exports, click ⟳ Refresh (xlwings Lite) or run: kpixl refresh on "
                                     "this file. ⟳ only works in cell B2: don't insert rows or columns above or left "
                                     "of it.",
                               "es": "Para cargar exportaciones nuevas, pulsa ⟳ Actualizar (xlwings Lite) o ejecuta: "
                                     "kpixl refresh con este archivo. ⟳ solo funciona en la celda B2: no insertes "
                                     "filas ni columnas encima o a su izquierda."},
    "wb_refresh_moved": {"en": "(The ⟳ button moved to {cell}: xlwings Lite only runs it from {bound}. Delete the rows "
                               "or columns inserted above or left of it, or run kpixl_refresh from the task pane.)",
                         "es": "(El botón ⟳ se ha movido a {cell}: xlwings Lite solo lo ejecuta desde {bound}. Borra "
                               "las filas o columnas insertadas encima o a su izquierda, o ejecuta kpixl_refresh "
                               "desde el panel de tareas.)"},
    "wb_period": {"en": "Period", "es": "Periodo"},
    "wb_previous_period": {"en": "Previous period", "es": "Periodo anterior"},
    "wb_overview": {"en": "Totals per network, report period", "es": "Totales por red, periodo del informe"},
    "wb_kpis_heading": {"en": "KPIs against previous period, benchmark and goal",
                        "es": "KPIs frente al periodo anterior, la referencia y el objetivo"},
    "wb_trend_heading": {"en": "Weekly trend", "es": "Tendencia semanal"},
    "wb_week": {"en": "Week (Monday)", "es": "Semana (lunes)"},
    "wb_posts": {"en": "Posts", "es": "Publicaciones"},
    "wb_previous": {"en": "Previous", "es": "Anterior"},
    "wb_change": {"en": "Change", "es": "Variación"},
    "wb_benchmark": {"en": "Benchmark", "es": "Referencia"},
    "wb_vs_benchmark": {"en": "vs benchmark", "es": "frente a referencia"},
    "wb_goal_status": {"en": "Goal", "es": "Objetivo"},
    "wb_action": {"en": "Recommended action", "es": "Acción recomendada"},
    "wb_er_chart": {"en": "Engagement rate by network", "es": "Tasa de interacción por red"},
    "wb_trend_chart": {"en": "Engagements per week", "es": "Interacciones por semana"},
    "wb_evaluated_on": {"en": "Evaluated on", "es": "Evaluado el"},
    "wb_level": {"en": "Level", "es": "Nivel"},
    "wb_low": {"en": "Low", "es": "Mínimo"},
    "wb_high": {"en": "High", "es": "Máximo"},
    "wb_goals_title": {"en": "SMART goals", "es": "Objetivos SMART"},
    "wb_benchmarks_title": {"en": "Published benchmarks (editable; the Dashboard reads them)",
                            "es": "Referencias publicadas (editables; el Panel las lee)"},
    "wb_report": {"en": "Report", "es": "Informe"},
    "wb_year": {"en": "Year", "es": "Año"},
    "wb_definition": {"en": "Definition", "es": "Definición"},
    "wb_source": {"en": "Source", "es": "Fuente"},
    "wb_variant": {"en": "Variant", "es": "Variante"},
    "wb_key": {"en": "Key", "es": "Clave"},
    "wb_no_benchmark_variant": {"en": "none for this definition", "es": "ninguna para esta definición"},
    "wb_no_benchmark": {"en": "none published", "es": "ninguna publicada"},
    # report sheets: top posts, trends, highlights
    "wb_sheet_posts": {"en": "Top posts", "es": "Mejores publicaciones"},
    "wb_sheet_trends": {"en": "Trends", "es": "Tendencias"},
    "wb_open": {"en": "Open post", "es": "Ver publicación"},
    "wb_date": {"en": "Date", "es": "Fecha"},
    "wb_type": {"en": "Type", "es": "Tipo"},
    "wb_post": {"en": "Post", "es": "Publicación"},
    "wb_engagements": {"en": "Engagements", "es": "Interacciones"},
    "wb_rate": {"en": "Engagement rate", "es": "Tasa de interacción"},
    "wb_top_posts_note_relative": {"en": "Click a post to open it. By rate: only posts with at least the period's "
                                         "median reach (or impressions, views), so a tiny audience cannot top the "
                                         "list. Networks measure the rate on different bases (reach, views, "
                                         "impressions) and count different interactions, so all networks together "
                                         "rank each post against its network's median post (2.0× = twice the "
                                         "network's typical post).",
                                   "es": "Pulsa una publicación para abrirla. Por tasa: solo publicaciones con al "
                                         "menos el alcance mediano del periodo (o impresiones, visualizaciones), para "
                                         "que una audiencia mínima no encabece la lista. Cada red mide la tasa sobre "
                                         "su propia base (alcance, visualizaciones, impresiones) y cuenta "
                                         "interacciones distintas, así que entre todas las redes cada publicación se "
                                         "compara con la publicación mediana de su red (2,0× = el doble de una "
                                         "publicación típica de la red)."},
    "wb_top_posts_note": {"en": "Click a post to open it. By rate: only posts with at least the period's median "
                                "reach (or impressions, views), so a tiny audience cannot top the list. Each network "
                                "measures the rate on its own base (reach, views, impressions), so all networks "
                                "together rank each post's rate against its network's median (2.0× = twice the "
                                "network's typical post).",
                          "es": "Pulsa una publicación para abrirla. Por tasa: solo publicaciones con al menos el "
                                "alcance mediano del periodo (o impresiones, visualizaciones), para que una audiencia "
                                "mínima no encabece la lista. Cada red mide la tasa sobre su propia base (alcance, "
                                "visualizaciones, impresiones), así que entre todas las redes se compara la tasa de "
                                "cada publicación con la mediana de su red (2,0× = el doble de una publicación "
                                "típica de la red)."},
    "wb_top_by_relative": {"en": "By engagement rate against the network's median",
                           "es": "Por tasa de interacción frente a la mediana de la red"},
    "wb_vs_network_median": {"en": "× network median", "es": "× mediana de la red"},
    "wb_sheet_creators": {"en": "Creators", "es": "Creadores"},
    "wb_creators_heading": {"en": "Results per creator, report period",
                            "es": "Resultados por creador, periodo del informe"},
    "wb_creator": {"en": "Creator", "es": "Creador"},
    "wb_fee": {"en": "Fee", "es": "Honorarios"},
    "wb_promo_conversions": {"en": "Promo-code conversions", "es": "Conversiones con código"},
    "wb_utm_conversions": {"en": "UTM conversions", "es": "Conversiones UTM"},
    "wb_conversions": {"en": "Total conversions", "es": "Conversiones totales"},
    "wb_utm_links_heading": {"en": "UTM links to hand out, per creator and network",
                             "es": "Enlaces UTM para entregar, por creador y red"},
    "wb_utm_link": {"en": "UTM link", "es": "Enlace UTM"},
    "wb_utm_links_note": {"en": "Built from Settings (landing page, medium, campaign): source = the network, content = "
                                "the creator, as the network sheets' links and the analytics export name them.",
                          "es": "Construidos con Configuración (URL de destino, medio, campaña): source = la red, "
                                "content = el creador, igual que los enlaces de las hojas de cada red y la "
                                "exportación de analítica."},
    "wb_revenue": {"en": "Revenue", "es": "Ingresos"},
    "wb_emv": {"en": "Earned media value (EMV)", "es": "Valor de medios ganados (EMV)"},
    "wb_roas": {"en": "ROAS", "es": "ROAS"},
    "wb_roi": {"en": "ROI", "es": "ROI"},
    "wb_cpe": {"en": "Cost per engagement", "es": "Coste por interacción"},
    "wb_cpe_fee_posts": {"en": "Cost per engagement (posts with a fee)",
                         "es": "Coste por interacción (publicaciones con honorarios)"},
    "wb_creators_cpe_note": {"en": "Cost per engagement counts only the posts with a fee: their fees over their "
                                   "engagements (a post without a fee adds to neither). Reach and views stay blank "
                                   "where the creator's networks do not report them (TikTok has no reach).",
                             "es": "El coste por interacción cuenta solo las publicaciones con honorarios: sus "
                                   "honorarios entre sus interacciones (una publicación sin honorarios no suma a "
                                   "ninguno de los dos). El alcance y las visualizaciones quedan en blanco si las "
                                   "redes del creador no los dan (TikTok no da alcance)."},
    "wb_total": {"en": "Total", "es": "Total"},
    "wb_creators_rate_note": {"en": "A creator's engagement rate divides by one base: a creator who posts on networks "
                                     "of different bases (Instagram's reach, TikTok's views) gets none here, nor does "
                                     "the total; read each network's rate on its sheet.",
                              "es": "La tasa de interacción de un creador divide por una sola base: un creador que "
                                    "publica en redes de bases distintas (el alcance de Instagram, las "
                                    "visualizaciones de TikTok) no tiene tasa aquí, ni el total; consulta la tasa de "
                                    "cada red en su hoja."},
    "wb_creators_note": {"en": "Type a creator's name in a yellow cell to add a row. Total conversions = promo-code "
                                "+ UTM conversions of the posts that report both: a buyer who clicked the link and "
                                "used the code counts twice unless the shop removes duplicates (then type the "
                                "de-duplicated figure in one of the two columns and 0 in the other).",
                         "es": "Escribe el nombre de un creador en una celda amarilla para añadir una fila. "
                               "Conversiones totales = conversiones con código + UTM de las publicaciones que "
                               "informan ambas: quien pulsó el enlace y usó el código cuenta dos veces salvo que la "
                               "tienda quite los duplicados (entonces escribe la cifra sin duplicados en una de las "
                               "dos columnas y 0 en la otra)."},
    "wb_highlights": {"en": "Highlights", "es": "Lo más destacado"},
    "wb_monthly_heading": {"en": "Monthly trend, last 12 months", "es": "Tendencia mensual, últimos 12 meses"},
    "wb_monthly_chart": {"en": "Engagements and engagement rate per month",
                         "es": "Interacciones y tasa de interacción por mes"},
    "wb_month": {"en": "Month", "es": "Mes"},
    "wb_followers_month_end": {"en": "Followers at month end", "es": "Seguidores al cierre del mes"},
    "wb_reach": {"en": "Reach", "es": "Alcance"},
    "wb_impressions": {"en": "Impressions", "es": "Impresiones"},
    "wb_views": {"en": "Views", "es": "Visualizaciones"},
    "wb_formats_heading": {"en": "By format, report period", "es": "Por formato, periodo del informe"},
    "wb_format": {"en": "Format", "es": "Formato"},
    "wb_median_rate": {"en": "Median engagement rate", "es": "Tasa de interacción mediana"},
    "wb_median_relative": {"en": "Median post × its network's median rate",
                           "es": "Publicación mediana × tasa mediana de su red"},
    "wb_other_formats": {"en": "Other", "es": "Otros"},
    "wb_heat_heading": {"en": "Best day and time: engagement rate against each network's median, report period",
                        "es": "Mejor día y hora: tasa de interacción frente a la mediana de cada red, periodo del "
                              "informe"},
    "wb_heat_note": {"en": "Mean of each post's engagement rate divided by its network's median rate (below): 1.20× = "
                           "20 % above a typical post. Networks measure the rate on different bases (reach, views, "
                           "impressions), so rates are never mixed. Darker green: better. The best time on the "
                           "Dashboard needs enough posts in its slot (Settings).",
                     "es": "Media de la tasa de interacción de cada publicación dividida por la mediana de su red "
                           "(debajo): 1,20× = un 20 % por encima de una publicación típica. Cada red mide la tasa "
                           "sobre una base distinta (alcance, visualizaciones, impresiones), así que las tasas nunca "
                           "se mezclan. Verde más oscuro: mejor. El mejor momento del Panel exige suficientes "
                           "publicaciones en su franja (Configuración)."},
    "wb_heat_zone": {"en": "Hours in {zone} time (Settings).",
                     "es": "Horas en la zona horaria {zone} (Configuración)."},
    "wb_heat_untimed": {"en": "{count} posts without a publish time (date-only exports) are not in the map.",
                        "es": "{count} publicaciones sin hora de publicación (exportaciones solo con fecha) no "
                              "están en el mapa."},
    "wb_heat_untimed_one": {"en": "1 post without a publish time (date-only exports) is not in the map.",
                            "es": "1 publicación sin hora de publicación (exportaciones solo con fecha) no está en "
                                  "el mapa."},
    "wb_heat_show": {"en": "Networks shown", "es": "Redes mostradas"},
    "wb_all_networks_choice": {"en": "All networks", "es": "Todas las redes"},
    "wb_typical_rate": {"en": "Median engagement rate (typical post)",
                        "es": "Tasa de interacción mediana (publicación típica)"},
    "wb_day": {"en": "Day", "es": "Día"},
    "wb_top_overall": {"en": "Best posts, all networks", "es": "Mejores publicaciones, todas las redes"},
    "wb_top_per_network": {"en": "Best posts per network", "es": "Mejores publicaciones por red"},
    "wb_top_by_left": {"en": "By engagements", "es": "Por interacciones"},
    "wb_top_by_relative_engagements": {"en": "By engagements against the network's median",
                                       "es": "Por interacciones frente a la mediana de la red"},
    "wb_top_by_right": {"en": "By engagement rate (typical reach or more)",
                        "es": "Por tasa de interacción (alcance típico o mayor)"},
}

AUDIENCE_LABELS: dict[str, dict[str, str]] = {
    "wb_sheet_audience": {"en": "Audience", "es": "Audiencia"},
    "wb_audience_title": {"en": "Audience by day: one row per network and day (imported daily exports or typed)",
                          "es": "Audiencia por día: una fila por red y día (exportaciones diarias importadas o a mano)"},  # noqa: E501
    "wb_audience_hint": {"en": "Days with no data stay blank (never zero). 'Calculated by kpixl' names the figures "
                               "kpixl worked out: net growth from new − unfollows or from the change in the total, "
                               "and totals from the day before ± net growth.",
                         "es": "Los días sin datos quedan en blanco (nunca cero). 'Calculado por kpixl' indica las "
                               "cifras que calculó kpixl: crecimiento neto a partir de nuevos − bajas o de la "
                               "variación del total, y totales a partir del día anterior ± el crecimiento neto."},
    "wb_audience_heading": {"en": "Audience per network, report period",
                            "es": "Audiencia por red, periodo del informe"},
    "wb_followers_end": {"en": "Followers at period end", "es": "Seguidores al cierre"},
    "wb_net_growth": {"en": "Net growth", "es": "Crecimiento neto"},
    "wb_followers_start": {"en": "Followers at period start", "es": "Seguidores al inicio"},
    "wb_growth_rate": {"en": "Growth rate", "es": "Tasa de crecimiento"},
    "wb_followers_chart": {"en": "Followers over time", "es": "Evolución de seguidores"},
    "wb_followers_heading": {"en": "Followers at the end of each week", "es": "Seguidores al final de cada semana"},
    "wb_week_from": {"en": "Week from", "es": "Semana desde"},
    "wb_er_followers": {"en": "Engagement rate by followers at post time",
                        "es": "Tasa de interacción por seguidores al publicar"},
    "wb_er_followers_benchmark": {"en": "Benchmark by followers (Benchmarks sheet)",
                                  "es": "Referencia por seguidores (hoja Referencias)"},
    "wb_audience_note": {
        "en": "Followers at period start: the latest count before the period (its first count when the data starts "
              "later). Net growth, new followers, reach and "
              "profile visits add up the days of the Audience sheet (days without data are left out).|"
              "Engagement rate by followers: engagements / followers at post time, the definition of the "
              "by-follower benchmarks, on each benchmark's aggregate (the average or median post: Benchmarks "
              "sheet).|By-follower benchmarks: {sources}.",
        "es": "Seguidores al inicio: el último recuento antes del periodo (el primero del periodo si los datos "
              "empiezan después). Crecimiento neto, nuevos seguidores, "
              "alcance y visitas al perfil suman los días de la hoja Audiencia (los días sin datos no cuentan).|"
              "Tasa de interacción por seguidores: interacciones / seguidores al publicar, la definición de las "
              "referencias por seguidores, con el agregado de cada referencia (la media o la mediana por "
              "publicación: hoja Referencias).|Referencias por seguidores: {sources}."},
}
"""Labels of the Audience sheet, its Dashboard block and daily imports."""
LABELS.update(AUDIENCE_LABELS)

GOAL_AND_BENCHMARK_LABELS: dict[str, dict[str, str]] = {
    "wb_example": {"en": "Example", "es": "Ejemplo"},
    "wb_goals_examples_note": {
        "en": "Goals marked Example are the template's placeholders, not the client's: type the client's targets, "
              "then clear the mark. Until then the Dashboard does not cite them.",
        "es": "Los objetivos marcados como Ejemplo son de la plantilla, no del cliente: escribe las metas del "
              "cliente y borra la marca. Hasta entonces el Panel no los cita."},
    "new_example_goals": {
        "en": "Note: the {count} goals on the Goals sheet are the template's examples, not the client's. The "
              "Dashboard does not cite them until you clear their Example mark (or create the workbook with "
              "--goals FILE).",
        "es": "Aviso: los {count} objetivos de la hoja Objetivos son ejemplos de la plantilla, no del cliente. El "
              "Panel no los cita hasta que borres su marca de Ejemplo (o crees el libro con --goals ARCHIVO)."},
    "wb_not_comparable": {"en": "not comparable", "es": "no comparable"},
    "wb_aggregate": {"en": "Aggregate", "es": "Agregado"},
    "wb_base": {"en": "Base", "es": "Base"},
    "wb_compared_value": {"en": "Value compared (benchmark's aggregate)",
                          "es": "Valor comparado (agregado de la referencia)"},
    "agg_median_post": {"en": "median post", "es": "publicación mediana"},
    "agg_mean_post": {"en": "average post", "es": "media por publicación"},
    "agg_ratio_of_sums": {"en": "period total (sum ÷ sum)", "es": "total del periodo (suma ÷ suma)"},
    "wb_requires": {"en": "Engagements include", "es": "Las interacciones incluyen"},
    "wb_no_posts_in_period": {"en": "no posts in this period", "es": "sin publicaciones en este periodo"},
    "wb_no_posts_networks": {"en": "No posts in this period: {networks}.",
                             "es": "Sin publicaciones en este periodo: {networks}."},
    "wb_no_benchmark_for": {"en": "No published benchmark: {kpis}.", "es": "Sin referencias publicadas: {kpis}."},
    "wb_hidden_rows_with_posts": {
        "en": "Now with posts, their rows still hidden: {networks}. Select the rows around them and Unhide.",
        "es": "Ya tienen publicaciones, con sus filas aún ocultas: {networks}. Selecciona las filas de alrededor y "
              "elige «Mostrar»."},
    "wb_volumes_previous": {"en": "Previous period, same totals", "es": "Periodo anterior, mismos totales"},
    "wb_volumes_change": {"en": "Change against the previous period (rates in percentage points)",
                          "es": "Variación frente al periodo anterior (tasas en puntos porcentuales)"},
}
"""Labels of example goals, benchmark aggregates and networks without posts (Dashboard, Goals, Benchmarks)."""
LABELS.update(GOAL_AND_BENCHMARK_LABELS)

CHART_LABELS: dict[str, dict[str, str]] = {
    "wb_base_reach": {"en": "reach", "es": "alcance"},
    "wb_base_impressions": {"en": "impressions", "es": "impresiones"},
    "wb_base_followers": {"en": "followers", "es": "seguidores"},
    "wb_base_views": {"en": "views", "es": "visualizaciones"},
    "wb_engagements_chart": {"en": "Engagements per month", "es": "Interacciones por mes"},
    "wb_rates_heading": {"en": "Engagement rate per month, each network on its own base",
                         "es": "Tasa de interacción por mes, cada red sobre su propia base"},
    "wb_rates_chart": {"en": "Engagement rate per month by network", "es": "Tasa de interacción mensual por red"},
    "wb_rates_note": {"en": "Each network divides its engagements by the base it reports (in brackets): follow each "
                            "line over time rather than comparing one network's line with another's.",
                      "es": "Cada red divide sus interacciones por la base que informa (entre paréntesis): sigue la "
                            "evolución de cada línea en el tiempo en lugar de comparar una red con otra."},
    "wb_monthly_trend_heading": {"en": "Monthly trend", "es": "Tendencia mensual"},
    "wb_trend_chart_monthly": {"en": "Engagements per month", "es": "Interacciones por mes"},
    "wb_no_audience_short": {"en": "no follower count", "es": "sin recuento de seguidores"},
    "wb_followers_heading_monthly": {"en": "Followers at the end of each month",
                                     "es": "Seguidores al final de cada mes"},
    "wb_no_audience_data": {"en": "No follower counts yet: import each network's follower export (kpixl import or "
                                  "⟳ Refresh).",
                            "es": "Aún no hay recuentos de seguidores: importa la exportación de seguidores de cada "
                                  "red (kpixl import o ⟳ Actualizar)."},
}
"""Chart labels: the base of each network's rate, per-network monthly rates, monthly trends, charts without data."""
LABELS.update(CHART_LABELS)


def label(key: str, lang: str = "en") -> str:
    """A label in the language asked for; English when the language or key has no translation."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return fill(entry, lang)


def fill(entry: dict[str, str], lang: str = "en", **values: object) -> str:
    """One catalog entry ({"en": …, "es": …}) in the language asked for (English when it has none), with its
    {placeholders} filled: the one way every catalog (labels, refresh labels, import messages) is read."""
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template
