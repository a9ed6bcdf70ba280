"""Import and refresh: one core over a small book interface, with file (openpyxl) and live-book (xlwings) adapters."""
