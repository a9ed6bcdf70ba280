"""SpreadsheetML that knows no KPI: package parts, the streaming sheet reader, cell values as openpyxl reads them,
shared formulas, the row writer, the rules for text in a cell, the zip guard and the zip copier."""
