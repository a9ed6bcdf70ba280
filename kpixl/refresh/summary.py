"""What an import did, per file: rows added, updated, unchanged and rejected (with reasons), for people to read."""

from __future__ import annotations

from dataclasses import dataclass, field

from kpixl.refresh.labels import text


@dataclass
class FileSummary:
    """One imported table of one file."""

    file: str
    kind: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unit: str = ""  # what was counted ("days" for daily account data), shown before the counts

    def lines(self) -> list[str]:
        """The summary line of this file and its indented reasons and notes."""
        what = f" {self.unit if self.added != 1 else self.unit.removesuffix('s')}" if self.unit else ""
        head = (f"{self.file}: {self.kind}: {self.added}{what} added, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.rejected} rejected")
        return [head, *(f"  rejected: {r}" for r in self.reasons), *(f"  note: {n}" for n in self.notes)]


@dataclass
class Summary:
    """Every file's summary and the totals."""

    files: list[FileSummary] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def updated(self) -> int:
        return sum(f.updated for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    def lines(self) -> list[str]:
        """Per-file lines, then the totals."""
        out = [line for f in self.files for line in f.lines()]
        out.append(f"total: {self.status()}")
        return out

    def status(self, lang: str = "en") -> str:
        """The one-line result (the Refresh button writes it beside the button)."""
        return text("status", lang, added=self.added, updated=self.updated, unchanged=self.unchanged,
                    rejected=self.rejected)
