"""One module per sheet kind of a client workbook."""
