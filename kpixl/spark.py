"""`kpixl.spark`, the public name of the Spark adapter (`kpixl.analytics.spark`): `from kpixl import spark`."""

from kpixl.analytics.spark import add_kpis, summarize

__all__ = ["add_kpis", "summarize"]
