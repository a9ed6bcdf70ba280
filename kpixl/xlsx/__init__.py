"""SpreadsheetML that knows no KPI: package parts, the streaming sheet reader, the row writer, the zip guard."""
