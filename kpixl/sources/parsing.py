"""Parsing of the cell texts native exports write: numbers, dates, durations and header names, pure Python."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kpixl.catalog.fields import FRACTIONAL_INPUTS, NET_CHANGE_FIELDS
from kpixl.text.messages import Message, known

MISSING_TEXTS = frozenset({"", "-", "--", "–", "—", "undefined", "n/a", "na", "null", "none", "nan", "#n/a"})
"""Cell texts that mean "no value" (never 0): blanks, dashes for "not promoted", TikTok's `undefined`."""

_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u2007'’"), None)
_CORE = re.compile(r"[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?")
_PREFIX = re.compile(r"^(?:[A-Za-z]{1,3}\$?|R\$|[$€£¥₹₩₱₺₫฿])\s*")
_SUFFIX = re.compile(r"\s*(?:[A-Za-z]{3}|[$€£¥₹₩₱₺₫฿])$")
_MULTIPLIERS = {"k": Decimal(1000), "m": Decimal(1000000), "b": Decimal(1000000000)}


class ParseError(ValueError):
    """A cell text that is not what its column needs; the importer turns it into a rejected row."""


def _to_number(value: Decimal) -> int | float:
    """Return an int for whole values (counts written as "1203.0") and a float otherwise."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _plain_decimal(core: str, decimal: str | None, whole: bool) -> Decimal:
    """Read digits with thousands and decimal separators, guessing which is which when the file does not say."""
    commas, dots = core.count(","), core.count(".")
    if commas and dots:
        dec = "," if core.rfind(",") > core.rfind(".") else "."
    elif commas:
        last = len(core) - core.rfind(",") - 1
        dec = "," if commas == 1 and (last != 3 or (decimal == "," and not whole)) else None
    elif dots:
        last = len(core) - core.rfind(".") - 1
        dec = None if dots > 1 or (last == 3 and (decimal == "," or whole)) else "."
    else:
        dec = None
    if dec is None:
        whole, frac = core, ""
    else:
        whole, _, frac = core.rpartition(dec)
        if not frac.isdigit() and frac:
            raise ParseError(Message("not_number", value=core))
    groups = re.split(r"[.,]", whole)
    if len(groups) > 1 and (
        not 1 <= len(groups[0]) <= 3 or len(groups[-1]) != 3 or any(len(g) not in (2, 3) for g in groups[1:])
    ):
        raise ParseError(Message("not_number_groups", value=core))
    try:
        return Decimal("".join(groups) + ("." + frac if frac else ""))
    except InvalidOperation:
        raise ParseError(Message("not_number", value=core)) from None


def parse_number(value: object, *, decimal: str | None = None, whole: bool = False) -> int | float | None:
    """Read a count, amount or rate as written by any export ("18,400", "1.234,50", "1.2K", "1.25%", "RM 800").

    Missing markers ("", "-", "undefined") give None, never 0; percent strings give fractions ("1.25%" → 0.0125);
    `decimal=","` says the file uses decimal commas, which only matters for the ambiguous "1.234" and "1,234";
    `whole=True` says the column holds counts, so a lone separator before three digits groups thousands either way.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError(Message("not_number", value=value))
    if isinstance(value, (int, float)) and abs(value) >= MAX_AMOUNT:
        raise ParseError(Message("too_large_amount", value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            raise ParseError(Message("not_finite", value=value))
        return int(value) if value.is_integer() else value
    text = str(value).strip()
    if text.isascii() and text.isdigit() and len(text) < 16:
        return int(text)
    if text.casefold() in MISSING_TEXTS:
        return None
    return _parse_number_text(text, decimal, whole)


MAX_AMOUNT = 10**15
"""Largest amount read (spend, revenue, seconds): beyond it a cell is damaged, and Excel could not hold it exactly."""

MAX_COUNT = 10**15
"""Largest count accepted (a quadrillion): anything bigger is a damaged cell, not a number of likes."""

_COUNT_TEXT = re.compile(r"([0-9][0-9.,]*)\s*([kKmMbB])?")


def parse_count(value: object, *, decimal: str | None = None, signed: bool = False) -> int | None:
    """Read a count (likes, reach, views…): a whole number, never negative unless `signed` (daily net changes).

    Accepts "1203", "1,234", Spanish "1.234", "1.2K", "1203.0" and Excel numbers; refuses, naming the reason,
    "-5" (unless signed), "(5)", "1.5", "12%", "abc123", "ID 42", "5 min", "1e400" — a count is never guessed
    from a malformed cell. Missing markers ("", "-", "undefined", "NAN") give None, never 0.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError(Message("not_count", value=value))
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if not math.isfinite(value) or not value.is_integer():
            raise ParseError(Message("not_whole", value=value))
        value = int(value)
    if isinstance(value, int):
        return _checked_count(value, repr(value), signed)
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise ParseError(Message("not_whole", value=value))
        return _checked_count(int(value), str(value), signed)
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        return _checked_count(int(text), text, signed)
    if text.casefold() in MISSING_TEXTS:
        return None
    core = text.replace("\u2212", "-").translate(_SPACES)
    if signed and core.startswith("+") and core[1:2].isdigit():  # a daily change written "+15"
        core = core[1:]
    negative = signed and core.startswith("-")
    match = _COUNT_TEXT.fullmatch(core[1:] if negative else core)
    if match is None:
        reason = "negative_count_quoted" if core[:1] in "-(" and core[1:2].isdigit() else "not_count"
        raise ParseError(Message(reason, value=text))
    digits, suffix = match.groups()
    number = _plain_decimal(digits, decimal, not suffix) * (_MULTIPLIERS[suffix.lower()] if suffix else 1)
    if number != number.to_integral_value():
        raise ParseError(Message("not_whole", value=text))
    return _checked_count(-int(number) if negative else int(number), text, signed)


def parse_amount(value: object, *, decimal: str | None = None) -> int | float | None:
    """Read an amount (spend, revenue, seconds, a rating): a number as parse_number reads it, never negative and
    never a percentage ("-5" and "12%" are malformed amounts, not a refund or a rate)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        raise ParseError(Message("amount_percent", value=value.strip()))
    number = parse_number(value, decimal=decimal)
    if number is not None and number < 0:
        raise ParseError(Message("negative_amount", value=value))
    return number


def parse_input(name: str, value: object, *, decimal: str | None = None) -> int | float | None:
    """The one reading of a metric or KPI input by its name, for imports, Excel functions and `kpixl calc` alike:
    counts (likes, reach, mentions …) whole and never negative, net changes (NET_CHANGE_FIELDS) whole and signed,
    amounts and durations (FRACTIONAL_INPUTS) numbers that are never negative. Only ASCII digits are digits."""
    if name in FRACTIONAL_INPUTS:
        return parse_amount(value, decimal=decimal)
    return parse_count(value, decimal=decimal, signed=name in NET_CHANGE_FIELDS)


def _checked_count(number: int, text: str, signed: bool) -> int:
    """A count within range: not negative (unless signed) and below MAX_COUNT."""
    if number < 0 and not signed:
        raise ParseError(Message("negative_count", value=text))
    if abs(number) >= MAX_COUNT:
        raise ParseError(Message("too_large_count", value=text[:30]))
    return number


def _parse_number_text(text: str, decimal: str | None, whole: bool) -> int | float:
    """The slow path of parse_number: signs, currency, suffixes, separators; exact through Decimal."""
    s = text.replace("−", "-").translate(_SPACES)
    negative = signed = False
    if s.startswith("(") and s.endswith(")"):
        negative, signed, s = True, True, s[1:-1]
    if s[:1] in "+-" and s and not signed:
        negative, signed, s = s[0] == "-", True, s[1:]
    factor = Decimal(1)
    if s.endswith("%"):
        factor, s = Decimal("0.01"), s[:-1]
    if s and not s[0].isdigit():
        s = _PREFIX.sub("", s, count=1)
        if s[:1] in "+-" and s and not signed:
            negative, s = s[0] == "-", s[1:]
    if s and s[-1].lower() in _MULTIPLIERS and s[-2:-1].isdigit():
        factor, s = factor * _MULTIPLIERS[s[-1].lower()], s[:-1]
    elif s and not s[-1].isdigit():
        s = _SUFFIX.sub("", s, count=1)
    if not _CORE.fullmatch(s):
        raise ParseError(Message("not_number", value=text))
    if "e" in s or "E" in s:
        try:
            number = Decimal(s)
        except InvalidOperation:
            raise ParseError(Message("not_number", value=text)) from None
        if not number.is_finite():
            raise ParseError(Message("not_number", value=text))
    else:
        number = _plain_decimal(s, decimal, whole)
    number *= factor
    if abs(number) >= MAX_AMOUNT:
        raise ParseError(Message("too_large_amount", value=text[:30]))
    return _to_number(-number if negative else number)


def parse_duration(value: object) -> int | float | None:
    """Read a duration in seconds from "H:MM:SS", "M:SS" or a plain number of seconds."""
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, dt.timedelta):
        return _to_number(Decimal(str(value.total_seconds())))
    if isinstance(value, str) and ":" in value:
        parts = value.strip().split(":")
        if len(parts) > 3 or not all(p.strip().replace(".", "", 1).isdigit() and p.isascii() for p in parts):
            raise ParseError(Message("not_duration", value=value))
        seconds = Decimal(0)
        for part in parts:
            seconds = seconds * 60 + Decimal(part.strip())
        return _to_number(seconds)
    return parse_amount(value)


# ---------------------------------------------------------------------------------------------------------- dates

_MONTH_NAMES = (
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"),
    ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
    ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
     "diciembre"),
)
_MONTHS = {name: i for names in _MONTH_NAMES for i, name in enumerate(names, 1)} | {"sept": 9, "setiembre": 9, "set": 9}
# digits are ASCII digits: "٢٠٢٦-٠٣-٠١" and full-width "２０２６" are not dates (`\d` would read them)
_WEEKDAY = r"(?:[A-Za-zÀ-ÿ]{2,12}\.?,?\s+)?"
_TIME = r"(?:,?\s+(?:a las\s+)?([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?\s*([AaPp]\.?\s?[Mm]\.?)?)?"
_ZONE = r"\s*(Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?"
_ISO = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?)?" + _ZONE
)
_SLASH = re.compile(r"([0-9]{1,2})([/.])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})" + _TIME)
_MONTH_FIRST = re.compile(
    _WEEKDAY + r"([A-Za-zÀ-ÿ]{3,10})\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?(?:,?\s+([0-9]{4}))?" + _TIME
)
_DAY_FIRST = re.compile(
    _WEEKDAY + r"([0-9]{1,2})\.?(?:\s+de)?\s+([A-Za-zÀ-ÿ]{3,10})\.?(?:,?\s+(?:de\s+)?([0-9]{4}))?" + _TIME
)
_YMD = re.compile(r"([0-9]{4})([/.])([0-9]{1,2})\2([0-9]{1,2})" + _TIME)
_CJK = re.compile(r"(?:([0-9]{4})年)?\s*([0-9]{1,2})月\s*([0-9]{1,2})日" + _TIME)


def fast_us_datetime(text: str, *, date_only: bool = False) -> str | None:
    """ISO text of Meta's "MM/DD/YYYY HH:MM" without regexes (the common case), or None for any other shape."""
    if text[2:3] != "/" or text[5:6] != "/" or text[10:11] != " " or text[13:14] != ":":
        return None
    y, m, d, hh, mm = text[6:10], text[0:2], text[3:5], text[11:13], text[14:16]
    if not (y + m + d + hh + mm).isascii() or not (y + m + d + hh + mm).isdigit():
        return None
    try:
        moment = dt.datetime(int(y), int(m), int(d), int(hh), int(mm))
    except ValueError as exc:
        raise ParseError(Message("not_valid_date", why=known(str(exc)))) from None
    _in_range(moment)
    return f"{y}-{m}-{d}" if date_only else f"{y}-{m}-{d}T{hh}:{mm}:00"


@dataclass(frozen=True)
class PartialDate:
    """A month and day without a year (TikTok Studio's "28 August"); the year is inferred later for the column."""

    month: int
    day: int
    time: dt.time | None = None


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive form of a text, for comparing headers and month names."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def _month(name: str) -> int:
    """Month number from an English or Spanish month name or abbreviation."""
    month = _MONTHS.get(fold(name).rstrip("."))
    if month is None:
        raise ParseError(Message("unknown_month", name=name))
    return month


def _clock(hour: str | None, minute: str | None, second: str | None, ampm: str | None) -> dt.time | None:
    """A time of day from regex groups, with 12-hour AM/PM support."""
    if hour is None:
        return None
    h = int(hour)
    if ampm:
        pm = ampm.lower().startswith("p")
        if not 1 <= h <= 12:
            raise ParseError(Message("hour_ampm", hour=h))
        h = (h % 12) + (12 if pm else 0)
    try:
        return dt.time(h, int(minute or 0), int(second or 0))
    except ValueError as exc:
        raise ParseError(Message("not_valid_time", why=known(str(exc)))) from None


def _build(year: int, month: int, day: int, time: dt.time | None) -> dt.date | dt.datetime:
    """A validated date or datetime; raises ParseError for 31 February and friends."""
    try:
        day_value = dt.date(year, month, day)
    except ValueError as exc:
        raise ParseError(Message("not_valid_date", why=known(str(exc)))) from None
    _in_range(day_value)
    return day_value if time is None else dt.datetime.combine(day_value, time)


FIRST_YEAR = 2000
"""The earliest year a date of an export may have: no social network's post, day or ad is older."""


def last_year() -> int:
    """The latest year a date may have: next year (scheduled posts), never the far future of a damaged cell."""
    return dt.date.today().year + 1


def check_year(year: int) -> int:
    """A year within FIRST_YEAR..last_year(), else ParseError naming the range (also --year and Settings)."""
    if not FIRST_YEAR <= year <= last_year():
        raise ParseError(Message("year_out_of_range", year=year, first=FIRST_YEAR, last=last_year()))
    return year


def parse_year(value: object) -> int | None:
    """A year typed in a cell (Settings' export year): a whole number check_year accepts; blank is None."""
    year = parse_count(value)
    return None if year is None else check_year(year)


def _in_range(value: dt.date) -> dt.date:
    """A date (or datetime) whose year check_year accepts ("0001-01-01", "1850-06-01" and "9999-12-31" are not)."""
    check_year(value.year)
    return value


def _year(text: str) -> int:
    """A four-digit year from a two- or four-digit year text ("25" is 2025; "99" would be 2099, so it is refused)."""
    year = int(text)
    if year >= 100:
        return year
    if 2000 + year > last_year():
        raise ParseError(Message("two_digit_year", value=text))
    return year + 2000


def parse_date(
    value: object, *, day_first: bool = False, date_format: str | None = None
) -> dt.date | dt.datetime | PartialDate | None:
    """Read a date as any export writes it: "03/25/2025 22:00", ISO, "2020-02-10 18:00 +0000" (→ UTC),
    "Tue, Jul 14, 2026", "Sep 14, 2026", and year-less "28 August", "28 de febrero", "9月16日" (→ PartialDate).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _in_range(value if value.time() != dt.time() else value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ParseError(Message("not_date", value=value))
    text = str(value).strip()
    if text.casefold() in MISSING_TEXTS:
        return None
    if date_format:
        try:
            parsed = dt.datetime.strptime(text, date_format)
        except ValueError:
            raise ParseError(Message("not_date_format", format=date_format, value=text)) from None
        _in_range(parsed)
        return parsed if parsed.time() != dt.time() or "%H" in date_format else parsed.date()
    match = _ISO.fullmatch(text)
    if match:
        y, m, d, hh, mm, ss, zone = match.groups()
        moment = _build(int(y), int(m), int(d), _clock(hh, mm, ss, None))
        if zone and zone not in ("Z", "UTC", "GMT") and isinstance(moment, dt.datetime):
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 14 or minutes > 59 or (hours == 14 and minutes):  # UTC−12:00 … UTC+14:00 exist
                raise ParseError(Message("not_valid_offset", value=zone))
            moment = moment - sign * dt.timedelta(hours=hours, minutes=minutes)
        return _in_range(moment)
    match = _SLASH.fullmatch(text)
    if match:
        a, sep, b, y, hh, mm, ss, ampm = match.groups()
        first_is_day = day_first or sep == "."
        month, day = (int(b), int(a)) if first_is_day else (int(a), int(b))
        return _build(_year(y), month, day, _clock(hh, mm, ss, ampm))
    match = _YMD.fullmatch(text)
    if match:  # TikTok Studio 2025: "2025/10/31 18:19:10"
        y, _, m, d, hh, mm, ss, ampm = match.groups()
        return _build(int(y), int(m), int(d), _clock(hh, mm, ss, ampm))
    match = _CJK.fullmatch(text)
    if match:
        y, m, d, hh, mm, ss, ampm = match.groups()
        return _partial_or_full(y, int(m), int(d), _clock(hh, mm, ss, ampm))
    for pattern, month_group in ((_MONTH_FIRST, 0), (_DAY_FIRST, 1)):
        match = pattern.fullmatch(text)
        if match and fold(match.group(month_group + 1)).rstrip(".") in _MONTHS:
            groups = match.groups()
            name, day = (groups[0], groups[1]) if month_group == 0 else (groups[1], groups[0])
            return _partial_or_full(groups[2], _month(name), int(day), _clock(*groups[3:7]))
    raise ParseError(Message("not_date", value=text))


def _partial_or_full(year: str | None, month: int, day: int, time: dt.time | None) -> dt.date | PartialDate:
    """A full date when the year is written, else a PartialDate (validated against a leap year)."""
    if year is not None:
        return _build(int(year), month, day, time)
    _build(2000, month, day, None)
    return PartialDate(month, day, time)


def infer_years(
    dates: list[PartialDate], *, reference: dt.date | None = None, year: int | None = None
) -> list[dt.date | dt.datetime]:
    """Give year-less dates a year, the whole column as one run (an export spans less than a year).

    With `year` (--year, the year of the most recent date): the latest month/day is the one just before the widest
    gap of the calendar circle, whatever order the rows are in (Content exports are sorted by views); it gets `year`,
    and every month/day after it rolls back to the year before. With `reference` (the download date): every date
    falls in the year before it, since TikTok Studio exports cover at most 365 days. With neither, the run found by
    the widest gap ends at its latest occurrence not after today, so a series read long after its download (a
    300-day Follower History) stays one contiguous run instead of splitting at today's month and day.
    """
    keys = [(d.month, d.day) for d in dates]
    if reference is not None and year is None:
        years = [reference.year if k <= (reference.month, reference.day) else reference.year - 1 for k in keys]
    else:
        latest = _latest_key(keys)
        if year is None:
            today = dt.date.today()
            year = today.year if latest <= (today.month, today.day) else today.year - 1
        years = [year if k <= latest else year - 1 for k in keys]
    out: list[dt.date | dt.datetime] = []
    for d, y in zip(dates, years, strict=True):
        if (d.month, d.day) == (2, 29) and not _is_leap(y):
            raise ParseError(Message("feb29", year=y))
        out.append(_build(y, d.month, d.day, d.time))
    return out


def _latest_key(keys: list[tuple[int, int]]) -> tuple[int, int]:
    """The latest month/day of dates spanning under a year: the one before the widest gap around the calendar."""
    distinct = sorted(set(keys))
    if len(distinct) == 1:
        return distinct[0]
    doys = [31 * (m - 1) + d for m, d in distinct]
    gaps = [(b - a) for a, b in itertools.pairwise(doys)] + [doys[0] + 372 - doys[-1]]
    widest = max(range(len(gaps)), key=lambda i: (gaps[i], i))
    return distinct[widest]


def _is_leap(year: int) -> bool:
    """Whether a year has a 29 February."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def iso(value: dt.date | dt.datetime, *, date_only: bool = False) -> str:
    """ISO 8601 text: "2025-03-25T22:00:00" for moments, "2025-03-25" for days (and always with date_only)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if date_only else value.replace(tzinfo=None).isoformat(timespec="seconds")
    return value.isoformat()


# -------------------------------------------------------------------------------------------------------- headers

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\ufffe"), None)


def normalize_header(header: object) -> str:
    """Compare headers case-, accent-, BOM-, quote- and whitespace-insensitively: ' "Descripción" ' → 'descripcion'."""
    text = "" if header is None else str(header)
    text = text.translate(_INVISIBLE).strip().strip("\"'").strip()
    return fold(text)
