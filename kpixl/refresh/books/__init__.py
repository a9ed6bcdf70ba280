"""The Book protocol the refresh core talks to, and its adapters (package, xlwings, openpyxl)."""
