"""DataFrames and engines at scale: pandas frames, DuckDB, Spark, posts files on disk."""
