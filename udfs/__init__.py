"""kpixl Excel functions (installed as `kpixl_udfs`)."""
