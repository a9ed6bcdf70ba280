"""Native Excel formulas a workbook carries: row plans, period aggregates, audience formulas."""
