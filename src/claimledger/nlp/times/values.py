"""TIMEX3 values and the calendar arithmetic that gives them: pure functions of dates.

A :class:`Norm` is what a rule reads from words (value, type, the interval it covers,
mod); a :class:`Context` is what the reading may depend on besides the words. Nothing
here knows a pattern or a parse, so every case can be pinned by a test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

PAST, FUTURE = "past", "future"


@dataclass(frozen=True, slots=True)
class Norm:
    """A normalised value; ``begin``/``until`` bound the interval it covers when known."""

    value: str | None
    type: str = "DATE"
    begin: date | None = None
    until: date | None = None
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a value may depend on besides the words: the publication date (``anchor``), the
    tense of the governing verb, and the last calendar date the text gave before
    (``reference``: "that year", "the next day", "three days later", a bare clock time)."""

    anchor: date | None = None
    tense: str | None = None
    reference: Norm | None = None
    day: date | None = None  # the last day-precise date the text gave

    def since(self, unit: str) -> date | None:
        """The reference's start when it is at least as precise as ``unit``, else the last
        day the text gave ("the next day" cannot count from "2009")."""
        ref = self.reference
        level = precision(ref.value) if ref is not None and ref.value else None
        if ref is not None and level is not None and RANKS[level] <= RANKS.get(unit, 0):
            return ref.begin
        return self.day


RANKS = {"day": 0, "week": 1, "weekend": 1, "month": 2, "quarter": 3, "year": 4, "decade": 5, "century": 6}
PRECISIONS = ((re.compile(r"\d{4}-\d\d-\d\d"), "day"), (re.compile(r"\d{4}-W\d\d(?:-WE)?"), "week"),
              (re.compile(r"\d{4}-\d\d"), "month"), (re.compile(r"\d{4}-(?:Q\d|H\d|SP|SU|FA|WI)"), "quarter"),
              (re.compile(r"\d{4}"), "year"))


def precision(value: str) -> str | None:
    """The calendar unit a DATE value is given to: "2025-05" -> "month"; None for others."""
    return next((unit for rx, unit in PRECISIONS if rx.fullmatch(value)), None)


# --- calendar arithmetic ------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_end(year, month + 1).day))


def month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def day_norm(day: date) -> Norm:
    return Norm(day.isoformat(), "DATE", day, day)


def week_norm(day: date) -> Norm:
    """The ISO week holding ``day`` (``2025-W21``: Monday to Sunday)."""
    iso = day.isocalendar()
    monday = day - timedelta(days=day.weekday())
    return Norm(f"{iso.year}-W{iso.week:02d}", "DATE", monday, monday + timedelta(days=6))


def weekend_norm(day: date) -> Norm:
    week = week_norm(day)
    assert week.until is not None
    return Norm(f"{week.value}-WE", "DATE", week.until - timedelta(days=1), week.until)


def month_norm(year: int, month: int) -> Norm:
    return Norm(f"{year:04d}-{month:02d}", "DATE", date(year, month, 1), month_end(year, month))


def quarter_norm(year: int, quarter: int) -> Norm:
    first = 3 * quarter - 2
    return Norm(f"{year:04d}-Q{quarter}", "DATE", date(year, first, 1), month_end(year, first + 2))


def half_norm(year: int, half: int) -> Norm:
    return Norm(f"{year:04d}-H{half}", "DATE", date(year, 6 * half - 5, 1), month_end(year, 6 * half))


SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "autumn": ("FA", 9), "fall": ("FA", 9),
           "winter": ("WI", 12)}


def season_norm(year: int, season: str) -> Norm:
    """Meteorological seasons; winter YYYY runs from December YYYY to February YYYY+1."""
    code, first = SEASONS[season]
    last = add_months(date(year, first, 1), 2)
    return Norm(f"{year:04d}-{code}", "DATE", date(year, first, 1), month_end(last.year, last.month))


def year_norm(year: int) -> Norm:
    return Norm(f"{year:04d}", "DATE", date(year, 1, 1), date(year, 12, 31))


def decade_norm(first_year: int) -> Norm:
    return Norm(f"{first_year // 10:03d}", "DATE", date(first_year, 1, 1), date(first_year + 9, 12, 31))


def century_norm(number: int) -> Norm:
    """The n-th century (TIMEX3 ``19`` for the 20th), 1901-2000 taken as 1900-1999."""
    start = (number - 1) * 100
    return Norm(f"{number - 1:02d}", "DATE", date(max(start, 1), 1, 1), date(start + 99, 12, 31))


def with_mod(norm: Norm, mod: str | None) -> Norm:
    """Narrow the interval to its first, middle or last third for START/MID/END."""
    if mod is None or norm.begin is None or norm.until is None:
        return Norm(norm.value, norm.type, norm.begin, norm.until, mod or norm.mod)
    third = (norm.until - norm.begin) / 3
    begin, until = norm.begin, norm.until
    if mod == "START":
        until = begin + third
    elif mod == "MID":
        begin, until = begin + third, until - third
    elif mod == "END":
        begin = until - third
    return Norm(norm.value, norm.type, begin, until, mod)


def shift(day: date, amount: float, unit: str) -> date:
    """``day`` moved by ``amount`` units (negative: back); fractions go by average lengths."""
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
    if unit in months and float(amount).is_integer():
        return add_months(day, int(amount) * months[unit])
    days = {"day": 1, "week": 7, "fortnight": 14, "month": 30.44, "quarter": 91.31, "year": 365.25,
            "decade": 3652.5, "century": 36525.0}
    return day + timedelta(days=round(amount * days.get(unit, 0)))


def unit_norm(unit: str, day: date) -> Norm:
    """The calendar period of kind ``unit`` that holds ``day``."""
    if unit == "week":
        return week_norm(day)
    if unit == "weekend":
        return weekend_norm(day)
    if unit == "month":
        return month_norm(day.year, day.month)
    if unit == "quarter":
        return quarter_norm(day.year, (day.month - 1) // 3 + 1)
    if unit == "decade":
        return decade_norm(day.year // 10 * 10)
    if unit == "century":
        return century_norm(day.year // 100 + 1)
    if unit == "day":
        return day_norm(day)
    return year_norm(day.year)


# --- durations ----------------------------------------------------------------------------

def unit_of(word: str) -> str:
    """The singular unit name: "centuries" -> "century", "Hours" -> "hour"."""
    word = word.lower()
    if word.startswith("centur"):
        return "century"
    return word[:-1] if word.endswith("s") else word


SMALLER = {"hour": ("minute", 60), "day": ("hour", 24), "year": ("month", 12), "minute": ("second", 60)}


def duration_value(amount: float | None, unit: str) -> str:
    """ISO 8601 duration; decades and centuries in years (P10Y, and "decades" PXY), quarters
    in months, a vague amount as X (TIMEX3)."""
    scale = {"decade": 10, "century": 100, "fortnight": 2, "quarter": 3}.get(unit, 1)
    code = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "fortnight": "W",
            "month": "M", "quarter": "M", "year": "Y", "decade": "Y", "century": "Y"}[unit]
    if amount is None:
        number = "X"
    elif amount < 1 and unit in SMALLER:  # "half an hour" is PT30M, not PT0.5H
        smaller, per = SMALLER[unit]
        return duration_value(amount * per, smaller)
    else:
        total = amount * scale
        number = str(int(total)) if float(total).is_integer() else f"{total:g}"
    return f"PT{number}{code[1]}" if code.startswith("T") else f"P{number}{code}"


# --- readings that depend on the anchor and the tense ---------------------------------------

FAR = 270  # days: beyond this a month without a year is read in the neighbouring year


def nearest_year(ctx: Context, month: int, day: int | None = None) -> int:
    """The year of a month (and day) written without one: back a year (past tense) or on a
    year (future) when it falls on the wrong side of the anchor ("in June", said in a past
    report of May, is last June); with no tense, the anchor's year unless the neighbouring
    one is much nearer ("Christmas" in mid-January is the one just gone)."""
    assert ctx.anchor is not None
    here = (ctx.anchor.month, ctx.anchor.day if day is not None else 0)
    there = (month, day or 0)
    if ctx.tense == PAST and there > here:
        return ctx.anchor.year - 1
    if ctx.tense == FUTURE and there < here:
        return ctx.anchor.year + 1
    if ctx.tense is None:
        middle = date(2001, month, day or 15)  # a common year: any day of any month exists
        gap = (middle - ctx.anchor.replace(year=2001, day=min(ctx.anchor.day, 28))).days
        return ctx.anchor.year + (1 if gap < -FAR else -1 if gap > FAR else 0)
    return ctx.anchor.year


def weekday_date(anchor: date, weekday: int, tense: str | None, step: int | None = None) -> date:
    """"last Friday" is before the anchor, "next Friday" after it, "this Friday" in its week;
    a bare "Friday" goes the way of the tense (back by default) and is the anchor itself
    when the anchor is a Friday."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if step == -1:
        return anchor - timedelta(days=back or 7)
    if step == 1:
        return anchor + timedelta(days=ahead or 7)
    if step == 0:
        return anchor + timedelta(days=weekday - anchor.weekday())
    return anchor + timedelta(days=ahead) if tense == FUTURE else anchor - timedelta(days=back)


def anchored_duration(amount: float | None, unit: str, direction: int, ctx: Context,
                      mod: str | None = None) -> Norm:
    """"the past three years": P3Y running up to the anchor ("the next ...": on from it)."""
    value = duration_value(amount, unit)
    if ctx.anchor is None or amount is None:
        return Norm(value, "DURATION", mod=mod)
    other = shift(ctx.anchor, direction * amount, unit)
    begin, until = (other, ctx.anchor) if direction < 0 else (ctx.anchor, other)
    return Norm(value, "DURATION", begin, until, mod)
