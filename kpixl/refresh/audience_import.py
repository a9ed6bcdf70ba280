"""Daily account exports into the Audience table, through the Book interface (same rules as posts).

- a day is identified by network + date; an export fills and updates only the figures it carries (a newer export
  wins for those, a blank never erases), and every other cell — typed figures, notes, the user's own columns —
  is left alone;
- new days are appended (sorted by network and date); missing days stay missing, never zero;
- figures kpixl can work out (net growth from new − unfollows or from the change in the total; totals from the
  day before ± net growth) are filled where blank and named in the row's "Calculated by kpixl" cell, so the next
  import recalculates them and an export or a typed value always takes precedence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.refresh.books.protocol import Book
from kpixl.refresh.merge import same_value
from kpixl.refresh.summary import FileSummary
from kpixl.report import audience
from kpixl.text.messages import Message
from kpixl.workbook.layout import Layout
from kpixl.workbook.sheets.audience import cell_value
from kpixl.xlsx.cell_values import is_blank

Batch = tuple[FileSummary, list[dict[str, Any]]]
NETWORK_IDS = {**{n: n for n in NETWORK_NAMES}, **{name.casefold(): n for n, name in NETWORK_NAMES.items()}}


def route(rows: Sequence[dict[str, Any]], default_network: str | None, layout: Layout,
          summary: FileSummary) -> list[dict[str, Any]]:
    """The daily rows this workbook can take; the others are counted as rejected, with the reason."""
    summary.unit = "days"
    if layout.audience is None:
        summary.rejected += len(rows)
        summary.reasons.append(Message("days_no_audience", count=len(rows)))
        return []
    only = layout.networks[0] if len(layout.networks) == 1 else None
    kept, unknown, absent = [], 0, {}
    for row in rows:
        net = row.get("network") or default_network or only
        if net is None:
            unknown += 1
        elif net not in layout.networks:
            absent[net] = absent.get(net, 0) + 1
        else:
            kept.append({**row, "network": net})
    if unknown:
        summary.rejected += unknown
        summary.reasons.append(Message("days_network_unknown", count=unknown))
    for net, count in absent.items():
        summary.rejected += count
        summary.reasons.append(Message("days_not_reported", count=count, network=NETWORK_NAMES.get(net, net)))
    return kept


def import_days(book: Book, layout: Layout, batches: Sequence[Batch]) -> None:
    """Merge each file's daily rows in order, recalculate derived figures, then write only what changed."""
    spec = layout.audience
    assert spec is not None
    data = book.read_table(spec.table)
    where = {h: i for i, h in enumerate(data.headers)}
    columns = {c.key: where[c.header] for c in spec.columns if c.header in where}
    for key in ("network", "date"):
        if key not in columns:
            raise_missing(spec.table, spec.header(key), book)
    header_of = {c.key: c.header for c in spec.columns if c.key in columns}
    key_of_header = {c.header: c.key for c in spec.columns}
    filled = len(data.rows)
    while filled and all(is_blank(v) for v in data.rows[filled - 1]):
        filled -= 1
    original = audience.rows_from_table(data.headers, data.rows[:filled], header_of, NETWORK_IDS)
    rows = [dict(r) for r in original]
    metrics = [k for k in audience.METRICS if k in columns]
    for row in rows:  # figures kpixl calculated last time are recalculated from what is there now
        for header in _split(row.get("derived")):
            key = key_of_header.get(header)
            if key in audience.DERIVABLE:
                row[key] = None
    index: dict[tuple[str, Any], dict[str, Any]] = {}
    for row in rows:
        day = audience._day(row.get("date"))
        if row.get("network") and day is not None:
            index.setdefault((row["network"], day), row)
    added_rows: list[dict[str, Any]] = []
    for fs, incoming in batches:
        touched: set[int] = set()
        for new in incoming:
            day = audience._day(new.get("date"))
            if day is None:
                continue
            target = index.get((new["network"], day))
            if target is None:
                target = {"network": new["network"], "date": cell_value("date", day.isoformat())}
                index[(new["network"], day)] = target
                added_rows.append(target)
                fs.added += 1
                touched.add(id(target))
                _fill(target, new, metrics)
                continue
            changed = _fill(target, new, metrics)
            if id(target) in touched:
                continue
            touched.add(id(target))
            if changed:
                fs.updated += 1
            else:
                fs.unchanged += 1
    added_rows.sort(key=lambda r: (layout.networks.index(r["network"]), r["date"]))
    every = rows + added_rows
    derived = audience.derive(every)
    for i, row in enumerate(every):
        names = [header_of[k] for k in audience.DERIVABLE if k in derived.get(i, ()) and k in header_of]
        row["derived"] = ", ".join(sorted(names, key=list(header_of.values()).index)) or None
        for k in audience.DERIVABLE:  # a derived figure the table has no column for is not kept
            if k not in header_of:
                row.pop(k, None)
    changes: dict[tuple[int, int], Any] = {}
    for r, (old, new) in enumerate(zip(original, rows, strict=True)):
        for key in [*metrics, "derived"]:
            if key in columns and not same_value(old.get(key), new.get(key)):
                changes[(r, columns[key])] = new.get(key)
    if changes:
        book.write_cells(spec.table, changes)
    if added_rows:
        width = len(data.headers)
        lines = []
        for row in added_rows:
            line: list[Any] = [None] * width
            for key, i in columns.items():
                line[i] = cell_value(key, row.get(key))
            lines.append(line)
        book.write_rows(spec.table, filled, lines, {})


def _fill(target: dict[str, Any], new: dict[str, Any], metrics: Sequence[str]) -> bool:
    """Copy the figures an export carries (a blank never erases); whether anything changed."""
    changed = False
    for key in metrics:
        value = new.get(key)
        if value is None or value == "":
            continue
        if not same_value(target.get(key), value):
            target[key] = value
            changed = True
    return changed


def _split(text: Any) -> list[str]:
    return [part.strip() for part in str(text).split(",") if part.strip()] if not is_blank(text) else []


def raise_missing(table: str, header: str, book: Book) -> None:
    from kpixl.errors import KpixlError

    raise KpixlError(Message("table_no_day_column", table=table, header=header), file=getattr(book, "name", None))


def fill_post_followers(book: Book, layout: Layout) -> FileSummary | None:
    """Fill blank "Followers at post time" cells of every network table from the Audience table (the count of the
    post's day, `kpixl.report.audience.followers_at`), so the engagement rate by followers — the definition of the
    published
    benchmarks — exists for every post; typed or imported counts are kept. None when nothing could be filled."""
    spec = layout.audience
    if spec is None:
        return None
    data = book.read_table(spec.table)
    days = [r for r in audience.rows_from_table(data.headers, data.rows, spec.headers(), NETWORK_IDS)
            if r.get("network") and _number(r.get("followers"))]
    if not days:
        return None
    counts = audience.follower_index(days)
    filled = FileSummary(spec.sheet, Message("kind_followers_at_post_time"), unit="posts")
    for net in layout.networks:
        if not layout.has_column(net, "followers") or not any(r["network"] == net for r in days):
            continue
        table = layout.table_name(net)
        posts = book.read_table(table)
        where = {h: i for i, h in enumerate(posts.headers)}
        date_at = where.get(layout.header(net, "published_at"))
        followers_at = where.get(layout.header(net, "followers"))
        if date_at is None or followers_at is None:
            continue
        changes = {}
        for r, row in enumerate(posts.rows):
            day = audience._day(row[date_at] if date_at < len(row) else None)
            if day is None or not is_blank(row[followers_at] if followers_at < len(row) else None):
                continue
            count = audience.followers_at_indexed(counts, net, day)
            if count is not None:
                changes[(r, followers_at)] = count
        if changes:
            book.write_cells(table, changes)
            filled.updated += len(changes)
    return filled if filled.updated else None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
