"""One renderer per target language, each proven equal to the engine: Python values, Excel formulas, SQL, Markdown."""
