"""Declarative workbook templates (installed as `kpixl_templates`)."""
