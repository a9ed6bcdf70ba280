"""Publish times in the account's time zone (Settings' time_zone): TikTok gives each video's moment in its id, in UTC
(`kpixl.sources.identity.tiktok_published_at`), and X's tweet activity writes UTC times; an import converts them
once, so the heat map and the best time read local hours, with each moment's own offset (a July post in Madrid is
UTC+2, a November one UTC+1).

Times an export writes already local (Meta's, TikTok Studio's written ones) are kept as written. The conversion
happens at import, where the workbook's Settings are known: a formula could only add one fixed offset, wrong half
the year. Re-importing an export after the zone is changed in Settings rewrites its posts' times in the new zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kpixl.errors import KpixlError
from kpixl.sources.identity import tiktok_published_at
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message

UTC_NAMES = ("UTC", "Etc/UTC", "GMT", "Z")


UTC_EXPORTS = ("x_tweet_activity",)
"""Exports whose every publish time is UTC: X's tweet activity writes "2020-02-10 18:00 +0000" (read as UTC)."""


class NoTimeZoneData(Exception):
    """This Python has no time zone database (Pyodide, xlwings Lite, without the tzdata package): only UTC is known."""


def zone_of(name: str) -> dt.tzinfo:
    """The time zone Settings names ("Europe/Madrid", "UTC"); a name no time zone database knows is refused in one
    line naming the setting."""
    if name.strip().upper() in {n.upper() for n in UTC_NAMES}:
        return dt.timezone.utc
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # the tz database is needed for other zones only

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        from zoneinfo import available_timezones

        if not available_timezones():
            raise NoTimeZoneData(name) from None
        raise KpixlError(Message("unknown_time_zone", zone=name)) from None


def _moment(value: object) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def in_zone(row: dict[str, Any], zone: Callable[[], dt.tzinfo]) -> dict[str, Any]:
    """The row with a TikTok publish time taken from its video id (UTC: the id's time of day, within a day of the
    written date) moved to the account's zone; any other row as it is. `zone` is called only when one is needed."""
    decoded = tiktok_published_at(row.get("post_id"))
    written = _moment(row.get("published_at"))
    if decoded is None or written is None:
        return row
    utc = dt.datetime.fromisoformat(decoded)
    if written.time() != utc.time() or abs((written.date() - utc.date()).days) > 1:
        return row  # the time is not the id's (a written local time, or an id that disagrees): kept
    local = _local(row, utc, zone)
    if dt.datetime.fromisoformat(local["published_at"]).date() != written.date():
        # The written day is the account's (#24: it wins); a zone that puts the moment on another day is not the
        # account's, so the time of day is unknown: the day alone (00:00, out of the heat map), never a wrong hour.
        return {**row, "published_at": dt.datetime.combine(written.date(), dt.time()).isoformat(timespec="seconds")}
    return local


def utc_in_zone(row: dict[str, Any], zone: Callable[[], dt.tzinfo]) -> dict[str, Any]:
    """The row of an export whose times are UTC (`UTC_EXPORTS`) with its publish time in the account's zone; a date
    without a time (00:00:00: no time given) as it is."""
    written = _moment(row.get("published_at"))
    if written is None or written.time() == dt.time():
        return row
    return _local(row, written, zone)


def _local(row: dict[str, Any], utc: dt.datetime, zone: Callable[[], dt.tzinfo]) -> dict[str, Any]:
    local = utc.replace(tzinfo=dt.timezone.utc).astimezone(zone()).replace(tzinfo=None)
    return {**row, "published_at": local.isoformat(timespec="seconds")}


def rows_in_zone(result: ImportResult, zone: Callable[[], dt.tzinfo] | None, summary: Any) -> list[dict[str, Any]]:
    """A result's rows, TikTok's with their id-derived times in the account's zone (`in_zone`); the file's summary
    says how many moved and to which zone. Without a zone (no workbook Settings) the rows as they are; without a time
    zone database the times stay in UTC, and the summary says so rather than fail the import."""
    if zone is None:
        return result.rows
    def moved(zone: Callable[[], dt.tzinfo]) -> list[dict[str, Any]]:
        if result.kind in UTC_EXPORTS:
            return [utc_in_zone(row, zone) for row in result.rows]
        return [in_zone(row, zone) if (row.get("network") or result.network) == "tiktok" else row
                for row in result.rows]

    try:
        out = moved(zone)
    except NoTimeZoneData as missing:  # the id's whole moment in UTC, never the written day with UTC's time of day
        summary.notes.append(Message("tiktok_times_utc", zone=str(missing)))
        return moved(lambda: dt.timezone.utc)
    count = sum(1 for a, b in zip(result.rows, out, strict=True) if a is not b)
    if count:
        key = "utc_times_in_zone" if result.kind in UTC_EXPORTS else "tiktok_times_in_zone"
        summary.notes.append(Message(key, count=count, zone=_name(zone())))
    return out


def _name(zone: dt.tzinfo) -> str:
    return str(getattr(zone, "key", None) or "UTC")


def settings_zone(book: Any, layout: Any) -> Callable[[], dt.tzinfo]:
    """The workbook's time zone as Settings holds it now, read as the formulas read it (`evidence.ref`: blank, or an
    older workbook without the setting, is UTC), looked up the first time a row needs it."""
    from kpixl.workbook.sheets import evidence

    found: list[dt.tzinfo] = []

    def zone() -> dt.tzinfo:
        if not found:
            name = evidence.DEFAULTS["time_zone"]
            if any(s.key == "time_zone" for s in layout.settings):
                written = book.read_name(layout.defined_name("time_zone"))
                name = str(written).strip() if isinstance(written, str) and written.strip() else name
            found.append(zone_of(name))
        return found[0]

    return zone
