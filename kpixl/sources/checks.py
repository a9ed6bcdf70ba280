"""Checks and fixes of converted post rows that need the whole file: identity, placeholders, totals, duplicates,
impossible values and the engagement set a file can report. Each one says what it did in the result's warnings."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from kpixl.catalog.expr import reported_total
from kpixl.render.engine import evaluate_scalar
from kpixl.sources.identity import RoundedId, post_id_from_link, tiktok_published_at
from kpixl.sources.parsing import PartialDate
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message, field_names, rows_text

Row = dict[str, object]


def identify(result: ImportResult, rows: list[Row], numbers: list[int]) -> None:
    """Post ids from permalinks where the file has no id; ids Excel rounded (≥ 2^53) replaced from the link or
    reported (TikTok dates from the ids: `tiktok_dates`)."""
    network = result.network
    from_links: list[int] = []
    rounded: list[int] = []
    repaired: list[int] = []
    suspects = [i for i, row in enumerate(rows) if row["post_id"] is None or type(row["post_id"]) is RoundedId]
    for i in suspects:  # usually none: one pass of a list comprehension over the rows
        row, number = rows[i], numbers[i]
        post_id = row["post_id"]
        if type(post_id) is RoundedId:
            exact = post_id_from_link(row["permalink"], network)
            if exact is not None:
                row["post_id"] = exact
                repaired.append(number)
            else:
                row["post_id"] = str(post_id)
                rounded.append(number)
        else:
            found = post_id_from_link(row["permalink"], network)
            if found is not None:
                row["post_id"] = found
                from_links.append(number)
    if from_links and "post_id" not in result.reported:
        result.reported.append("post_id")
        result.warnings.append(Message("ids_from_links"))
    elif from_links:
        result.warnings.append(Message("ids_from_links_blank", rows=rows_text(from_links)))
    if repaired:
        result.warnings.append(Message("ids_repaired", rows=rows_text(repaired)))
    if rounded:
        result.warnings.append(Message("ids_rounded", rows=rows_text(rounded)))


def tiktok_dates(
    result: ImportResult, rows: list[Row], numbers: list[int], *, explicit_year: bool, only: list[int] | None = None
) -> list[int]:
    """The publish time of TikTok videos: the written day and month (the account's local date, what TikTok Studio
    shows) win; the video id's moment (UTC) gives the year and the time of day only when its date is within a day
    of the written one; a video without a written date takes the id's moment. With an explicit --year, year-less
    dates are skipped here and returned (dated by --year first, then passed back as `only` for the time of day).
    """
    whole, dated, timed, differ, skipped = 0, 0, 0, [], []
    for i in range(len(rows)) if only is None else only:
        row = rows[i]
        decoded = tiktok_published_at(row["post_id"])
        if decoded is None:
            continue
        moment = dt.datetime.fromisoformat(decoded)
        written = row["published_at"]
        if written is None:
            row["published_at"] = decoded
            whole += 1
            continue
        if type(written) is PartialDate:
            if explicit_year:
                skipped.append(i)
                continue
            day = _near(written.month, written.day, moment.date())
            dated += day is not None
        else:
            day = dt.date.fromisoformat(str(written)[:10])
            day = day if abs((day - moment.date()).days) <= 1 else None
        if day is None:
            differ.append(numbers[i])
            continue
        row["published_at"] = dt.datetime.combine(day, moment.time()).isoformat(timespec="seconds")
        timed += 1
    if whole:
        result.warnings.append(Message("tiktok_time" if whole > 1 else "tiktok_time_one", count=whole))
    if dated:
        result.warnings.append(Message("tiktok_id_year" if dated > 1 else "tiktok_id_year_one", count=dated))
    if timed:
        result.warnings.append(Message("tiktok_id_time" if timed > 1 else "tiktok_id_time_one", count=timed))
    if differ:
        result.warnings.append(Message("tiktok_id_differs", rows=rows_text(differ)))
    return skipped


def _near(month: int, day: int, target: dt.date) -> dt.date | None:
    """The date of this month and day within a day of `target` (in target's year or the one either side), if any."""
    for year in (target.year, target.year - 1, target.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # 29 February of a common year
            continue
        if abs((candidate - target).days) <= 1:
            return candidate
    return None


_PLACEHOLDER = re.compile(r"/status/undefined\b|/undefined/?$", re.IGNORECASE)
_TOTALS_TEXT = re.compile(
    r"^\s*(results? from \d[\d,.]* \w+|resultados? de \d[\d,.]* \w+|total(es)?|account total|"
    r"totales de la cuenta)\s*$",
    re.IGNORECASE,
)


def drop_non_posts(
    result: ImportResult, rows: list[Row], numbers: list[int], *, totals_row: bool
) -> tuple[list[Row], list[int]]:
    """Drop rows that are not posts: X placeholders (`status/undefined`, no id) and, where `totals_row`, the
    account-total row of a Meta Ads export (first row without an id, or "Results from N ads")."""
    placeholders = [
        i for i, row in enumerate(rows)
        if row["post_id"] is None and isinstance(row["permalink"], str) and _PLACEHOLDER.search(row["permalink"])
    ]
    totals = [i for i, row in enumerate(rows) if _is_total(row, i)] if totals_row else []
    if not placeholders and not totals:
        return rows, numbers
    if placeholders:
        result.warnings.append(Message("placeholders_skipped", rows=rows_text([numbers[i] for i in placeholders])))
    if totals:
        result.warnings.append(Message("totals_skipped", rows=rows_text([numbers[i] for i in totals])))
    dropped = set(placeholders) | set(totals)
    kept = [i for i in range(len(rows)) if i not in dropped]
    return [rows[i] for i in kept], [numbers[i] for i in kept]


def _is_total(row: Row, position: int) -> bool:
    """A Meta Ads total row: "Results from N ads" as its name, or the first row with neither id nor name."""
    text = row["text"]
    if isinstance(text, str) and _TOTALS_TEXT.match(text):
        return True
    return position == 0 and row["post_id"] is None and not (isinstance(text, str) and text.strip())


def dedupe(result: ImportResult, rows: list[Row], numbers: list[int]) -> tuple[list[Row], list[int]]:
    """One row per post id: the first row is kept, later rows with the same id are reported and dropped."""
    ids = [row["post_id"] for row in rows]
    present = [i for i in ids if i is not None]
    if len(set(present)) == len(present):
        return rows, numbers
    first: dict[object, int] = {}
    repeats: dict[object, list[int]] = {}
    kept: list[int] = []
    for i, post_id in enumerate(ids):
        if post_id is None:
            kept.append(i)
        elif post_id in first:
            repeats.setdefault(post_id, []).append(numbers[i])
        else:
            first[post_id] = numbers[i]
            kept.append(i)
    for post_id, later in list(repeats.items())[:5]:
        result.warnings.append(Message("duplicate_id", post_id=post_id, first=first[post_id], rows=rows_text(later)))
    if len(repeats) > 5:
        result.warnings.append(Message("duplicate_more", count=len(repeats) - 5))
    return [rows[i] for i in kept], [numbers[i] for i in kept]


def impossible_values(result: ImportResult, rows: list[Row], numbers: list[int]) -> None:
    """Impressions below reach cannot happen (every account reached saw the post at least once): reported."""
    low = [
        n for row, n in zip(rows, numbers, strict=True)
        if row["impressions"] is not None and row["reach"] is not None and row["impressions"] < row["reach"]
    ]
    if low:
        result.warnings.append(Message("impressions_below_reach", rows=rows_text(low)))


def reduced_engagements(
    result: ImportResult, rows: list[Row], interactions: Callable[[str], tuple[str, ...]]
) -> None:
    """Where the file reports some of its network's interactions but not all (TikTok Content has no saves, some
    YouTube tables no comments or shares), `engagements` sums the ones it reports, and the reduction is stated.
    A blank cell in a reported column is not reported for that post when another interaction is there (the catalog's
    rule, `kpixl.catalog.expr.ReportedSum`)."""
    network = result.network
    if not network or "engagements" in result.reported:
        return
    wanted = interactions(network)
    present = [f for f in wanted if f in result.reported]
    absent = [f for f in wanted if f not in result.reported]
    if not absent or not present:
        return
    engagements = reported_total(*present)
    for row in rows:
        row["engagements"] = evaluate_scalar(engagements, row, present)
    result.reported.append("engagements")
    result.engagements_from = tuple(present)
    result.warnings.append(
        Message("engagements_reduced", present=field_names(present, " + "), absent=field_names(absent))
    )
