"""SpreadsheetML that knows no KPI: package parts, the streaming sheet reader, the row writer, the rules for text in
a cell, the zip guard and the zip copier."""
