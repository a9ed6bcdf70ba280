"""Errors kpixl reports to people: each names what went wrong and where (file, row, column)."""

from __future__ import annotations

from kpixl.text.messages import located


class KpixlError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits non-zero, never a traceback."""

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None, column: str | None = None):
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return str(self.located())

    def located(self) -> str:
        """The message with its file, row and column (a `kpixl.text.messages.Message`: `render` gives it in Spanish)."""
        return located(self.message, self.file, self.row, self.column)


class UnknownKpiError(KpixlError, KeyError):
    """A KPI id that is not in the catalog."""


class MissingInputError(KpixlError, TypeError):
    """A KPI was asked for without an input it needs."""


class BadInputError(KpixlError, ValueError):
    """A value that is not a number where a number is needed, or an unknown variant or option."""
