"""What an import yields: canonical rows plus everything the user must hear about (unknown headers, rejected rows)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rejection:
    """A data row that could not be parsed: where it is (as the user sees the file) and why."""

    file: str
    row: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" + (f", column {self.column!r}" if self.column is not None else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportResult:
    """One table read from one export: its kind, canonical rows and the report of what was not used."""

    file: str
    kind: str
    table: str
    rows: list[dict[str, object]]
    network: str | None = None
    sheet: str | None = None
    unknown_headers: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
