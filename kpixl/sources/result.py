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
        return str(self.located())

    def located(self) -> str:
        """"file, row 4, column 'Likes': reason" as a `kpixl.text.messages.Message` (`render` gives it in Spanish)."""
        from kpixl.text.messages import located

        return located(self.reason, self.file, self.row, self.column)


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
    reported: list[str] = field(default_factory=list)
    """Canonical fields this file reports (has a column for); any other field is "not reported", not blank."""
    engagements_from: tuple[str, ...] = ()
    """The interactions `engagements` was summed from when the file lacks some of its network's set."""

    @property
    def missing_interactions(self) -> tuple[str, ...]:
        """The network's interactions this file lacks where its engagements sum the ones it reports (none when it
        reports them all, or none of them)."""
        from kpixl.catalog.kpi import NETWORK_INTERACTIONS

        if not self.engagements_from or not self.network:
            return ()
        return tuple(f for f in NETWORK_INTERACTIONS.get(self.network, ()) if f not in self.engagements_from)

    @property
    def not_reported(self) -> list[str]:
        """Metric fields of the table this file has no column for (a blank cell in a reported column differs)."""
        from kpixl.catalog.fields import DAILY_FIELDS, POST_METRIC_FIELDS

        fields = POST_METRIC_FIELDS if self.table == "posts" else DAILY_FIELDS[2:]
        return [f for f in fields if f not in self.reported]
