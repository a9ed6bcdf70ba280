"""What an import did, per file: rows added, updated, unchanged and rejected (with reasons), for people to read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.text.messages import Message, render
from kpixl.text.refresh_labels import text


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
    unit: str = ""  # what was counted ("days" for daily account data, "posts"), shown before the counts
    network: str = ""  # the network of the table, named when one file holds several tables of one kind

    def lines(self, lang: str = "en", *, named: bool = False) -> list[str]:
        """The summary line of this file and its indented reasons and notes, in `lang`; `named` adds the network
        to the kind (a two-section Meta daily file: one Facebook line, one Instagram line)."""
        unit = (self.unit if self.added != 1 else self.unit.removesuffix("s")) if self.unit else ""
        kind = f"{self.kind} ({NETWORK_NAMES.get(self.network, self.network)})" if named and self.network else self.kind
        head = Message(f"summary_head_{unit}" if unit else "summary_head", file=self.file, kind=kind,
                       added=self.added, updated=self.updated, unchanged=self.unchanged, rejected=self.rejected)
        return [render(line, lang) for line in (head, *(Message("summary_rejected", reason=r) for r in self.reasons),
                                                *(Message("summary_note", note=n) for n in self.notes))]


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

    def lines(self, lang: str = "en") -> list[str]:
        """Per-file lines, then the totals, in `lang`: posts and days are counted apart (13 posts and 300 days are
        never "313 added")."""
        seen = Counter((f.file, str(f.kind)) for f in self.files)
        out = [line for f in self.files for line in f.lines(lang, named=seen[(f.file, str(f.kind))] > 1)]
        units = list(dict.fromkeys(f.unit or "posts" for f in self.files))
        if len(units) < 2:
            out.append(render(Message("summary_total", status=self.status(lang)), lang))
            return out
        for unit in units:
            part = Summary([f for f in self.files if (f.unit or "posts") == unit])
            out.append(render(Message(f"summary_total_{unit}", added=part.added, updated=part.updated,
                                      unchanged=part.unchanged, rejected=part.rejected), lang))
        return out

    def first_reason(self, lang: str = "en") -> str | None:
        """The first rejected row's reason (with its file, row and column), in `lang`."""
        reasons = [reason for f in self.files for reason in f.reasons]
        return render(reasons[0], lang) if reasons else None

    def status(self, lang: str = "en") -> str:
        """The one-line result (the Refresh button writes it beside the button)."""
        return text("status", lang, added=self.added, updated=self.updated, unchanged=self.unchanged,
                    rejected=self.rejected)
