"""Rules for stretches of time and times of day: durations ("three days", "the past
decade", "for years"), counts from a date ("a week ago", "three days later"), recurrences
("every week", "twice a year"), anaphora ("the next day", "that year") and clock times
("9 a.m. Sunday", "18:00 UTC").

Durations carry TIMEX3 values (``P3D``, ``PT2H``, ``PXY`` for an unsaid amount); those
anchored on the publication date ("the past three years") also carry the interval.
"""

from __future__ import annotations

import re
from datetime import timedelta

from claimledger.nlp.numbers import parse_number
from claimledger.nlp.times.patterns import (
    NUMBER_RX,
    PARTS_OF_DAY,
    QUANT,
    SP,
    SPO,
    UNIT_GROUP,
    VAGUE_RX,
    WEEKDAYS,
    Rules,
    approx_of,
    folded,
    group,
)
from claimledger.nlp.times.values import (
    Context,
    Norm,
    anchored_duration,
    duration_value,
    precision,
    shift,
    unit_norm,
    unit_of,
    weekday_date,
    with_mod,
)

SPANS = Rules()
rule = SPANS.rule


@rule("span of time", rf"the{SP}(?P<rel>past|last|next|coming|previous|first|following){SP}"
                      rf"(?P<n>{NUMBER_RX}|{VAGUE_RX}){SP}{UNIT_GROUP}", re.I)
def _span_of_time(m: re.Match[str], ctx: Context) -> Norm:
    unit = unit_of(m["unit"])
    direction = -1 if m["rel"].lower() in {"past", "last", "previous"} else 1
    amount = parse_number(m["n"])
    if m["rel"].lower() in {"first", "following"}:  # counted from a time the text gave, not the anchor
        return Norm(duration_value(amount, unit), "DURATION")
    return anchored_duration(amount, unit, direction, ctx)


@rule("vague span", rf"(?:over{SP}the{SP}|the{SP}(?P<rel>past|last|next|coming){SP}(?:few{SP})?"
                    rf"|(?P<rel2>coming){SP}|recent{SP})(?P<unit>years|months|weeks|days|decades)", re.I)
def _vague_span(m: re.Match[str], ctx: Context) -> Norm:
    """"over the years", "recent years", "the coming weeks": a stretch of unsaid length."""
    direction = 1 if (group(m, "rel") or group(m, "rel2")).lower() in {"next", "coming"} else -1
    norm = anchored_duration(None, unit_of(m["unit"]), direction, ctx)
    if ctx.anchor is None:
        return norm
    forward = direction > 0
    return Norm(norm.value, "DURATION", ctx.anchor if forward else None, None if forward else ctx.anchor)


@rule("ago", rf"{QUANT}(?:(?P<n>{NUMBER_RX}|{VAGUE_RX}){SP})?{UNIT_GROUP}{SP}"
             rf"(?P<dir>ago|earlier|later|from{SP}now|hence|(?:before|after)(?={SPO}(?:[,.;:)]|$)))", re.I)
def _ago(m: re.Match[str], ctx: Context) -> Norm:
    """"three years ago" is that year, "two months ago" that month, "a week ago" that day
    (see :func:`_counted_precision`); "... ago"/"from now" count from the anchor, "...
    later" from the last date the text gave. "two days before the launch" is a duration
    with a signal (TIMEX3): only a clause-final "before"/"after" belongs to the expression."""
    unit = unit_of(m["unit"])
    amount = parse_number(m["n"]) if m["n"] else None
    direction = folded(m["dir"])
    sign = -1 if direction in {"ago", "earlier", "before"} else 1
    from_anchor = direction in {"ago", "from now", "hence"}
    base = ctx.anchor if from_anchor else ctx.since(unit)
    clock = unit in {"hour", "minute", "second"}
    if amount is None:
        return Norm(("PAST_REF" if sign < 0 else "FUTURE_REF") if from_anchor else None)
    if base is None:
        return Norm(None, "TIME" if clock else "DATE", mod=approx_of(m))
    if clock:
        return Norm(f"{base.isoformat()}TXX", "TIME", base, base, approx_of(m))
    day = shift(base, sign * amount, unit)
    return with_mod(unit_norm(_counted_precision(unit, from_anchor, ctx), day), approx_of(m))


def _counted_precision(unit: str, from_anchor: bool, ctx: Context) -> str:
    """The calendar unit of a date counted in ``unit``s. Months and longer keep their own
    ("two months ago" is a month); weeks and fortnights count days ("a week ago" is a date:
    published on Friday 23 May, the Friday before), except from a week the text gave ("that
    week ... a week later" is the next week)."""
    if unit not in {"week", "fortnight"}:
        return unit
    ref = ctx.reference
    if from_anchor or ref is None or ref.value is None:
        return "day"
    return "week" if precision(ref.value) == "week" else "day"


SET_UNITS = {"annual": "year", "annually": "year", "yearly": "year", "weekly": "week", "daily": "day",
             "monthly": "month", "quarterly": "quarter", "hourly": "hour", "nightly": "day",
             "biweekly": "fortnight"}


@rule("set", rf"(?P<every>every|each|per){SP}(?:(?P<other>other){SP}|(?P<n>{NUMBER_RX}){SP})?"
             rf"(?:{UNIT_GROUP}|(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
             rf"|(?P<pod>morning|afternoon|evening|night))"
             rf"|(?:once|twice|\w+{SP}times){SP}an?{SP}(?P<unit2>day|week|month|year|quarter|hour|minute|decade)"
             rf"|(?P<adj>{'|'.join(SET_UNITS)})", re.I)
def _set(m: re.Match[str], ctx: Context) -> Norm:
    """Recurrences: "every week" P1W, "twice a year" P1Y, "annual" P1Y, "every Monday"."""
    if m["adj"]:
        return Norm(duration_value(1.0, SET_UNITS[m["adj"].lower()]), "SET")
    if m["wd"]:
        return Norm(f"XXXX-WXX-{WEEKDAYS.index(m['wd'].lower()) + 1}", "SET")
    if m["pod"]:
        return Norm(f"XXXX-XX-XXT{PARTS_OF_DAY[m['pod'].lower()]}", "SET")
    amount = 2.0 if m["other"] else parse_number(m["n"]) if m["n"] else 1.0
    return Norm(duration_value(amount, unit_of(m["unit"] or m["unit2"])), "SET")


@rule("duration", rf"{QUANT}(?P<n>{NUMBER_RX}|{VAGUE_RX}|half{SP}an?)(?:{SP}|-)"
                  rf"(?:(?:straight|consecutive|full|more|additional|whole|long){SP})?{UNIT_GROUP}"
                  rf"(?P<long>-long|{SP}long)?(?![ -]olds?\b|-\w)"
                  rf"(?<!quarter(?={SP}of\b))(?<!quarters(?={SP}of\b))"  # "a quarter of" is a fraction
                  rf"|(?P<bare>years|months|weeks|decades|centuries)(?=-long)(?P<long2>-long)", re.I)
def _duration(m: re.Match[str], ctx: Context) -> Norm:
    """"three days" P3D, "two-hour" PT2H, "almost two and a half years" P2.5Y (LESS_THAN)."""
    unit = unit_of(m["unit"] or m["bare"])
    words = folded(m["n"] or "")
    amount = 0.5 if words.startswith("half") else parse_number(words) if words else None
    return Norm(duration_value(amount, unit), "DURATION", mod=approx_of(m))


@rule("bare span", r"(?:(?<=for )|(?<=in )|(?<=over )|(?<=within )|(?<=after )|(?<=than )|(?<=during )"
                   r"|(?<=just ))(?P<unit>years|months|weeks|days|hours|minutes|decades|centuries)", re.I)
def _bare_span(m: re.Match[str], ctx: Context) -> Norm:
    """"for years", "just hours": a duration of unsaid length (only after such a word)."""
    return Norm(duration_value(None, unit_of(m["unit"])), "DURATION")


@rule("anaphoric", rf"(?P<which>that|the{SP}same|the{SP}next|the{SP}following|the{SP}previous)"
                   rf"{SP}(?P<unit>day|week|month|year)|the{SP}(?P<unit2>day|week|month|year){SP}(?P<dir>before|after)(?={SPO}(?:[,.;:)]|$))",
      re.I)
def _anaphoric(m: re.Match[str], ctx: Context) -> Norm:
    """"That year", "the next day": counted from the last date the text gave when it is
    precise enough, else from the anchor (none when the text gave a coarser date)."""
    unit = (m["unit"] or m["unit2"]).lower()
    base = ctx.since(unit) if ctx.reference is not None else ctx.anchor
    if base is None:
        return Norm(None)
    which = folded(m["which"] or m["dir"])
    step = {"the next": 1, "the following": 1, "the previous": -1, "before": -1, "after": 1}.get(which, 0)
    return unit_norm(unit, shift(base, step, unit))


ZONES = {"utc": "Z", "gmt": "Z", "z": "Z", "est": "-05:00", "edt": "-04:00", "cst": "-06:00",
         "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00",
         "bst": "+01:00", "cet": "+01:00", "cest": "+02:00"}
ZONE_RX = r"UTC|GMT|Z|[ECMP][SD]T|BST|CEST|CET"


@rule("clock time", rf"(?:(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))?{SPO}"
                    rf"(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b|a\.m|p\.m)"
                    rf"|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?={SPO}(?:{ZONE_RX}|hrs\b|local\b)))"
                    rf"(?:{SPO}\(?(?P<zone>{ZONE_RX})(?:{SPO}(?P<off>[+-]{SPO}\d{{1,2}}))?{SPO}\)?|{SP}local{SP}time)?"
                    rf"(?:,?{SP}(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
                    rf"|{SP}(?P<deictic>today|yesterday|tomorrow)"
                    rf"|(?=,?{SP}on{SP}(?P<on>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)))?"
                    rf"|(?P<word>noon|midday|midnight)")
def _clock(m: re.Match[str], ctx: Context) -> Norm:
    """A clock time on the day it names ("9 a.m. Sunday"), else on the last day the text
    gave ("Tuesday ... at 18:00 UTC"), else on the anchor."""
    if m["word"]:
        hour, minute = (24, 0) if m["word"].lower() == "midnight" else (12, 0)
    elif m["h24"]:
        hour, minute = int(m["h24"]), int(m["m24"])
    else:
        hour, minute = int(m["h"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0), int(m["min"] or 0)
    zone = ZONES.get((m["zone"] or "").lower(), "")
    if m["off"]:
        offset = int(m["off"].replace(" ", ""))
        zone = f"{'+' if offset >= 0 else '-'}{abs(offset):02d}:00"
    day = ctx.day or ctx.anchor
    weekday = m["wd"] or m["on"]  # "9 a.m. Monday"; "18:00 on Tuesday" leaves "on Tuesday" outside
    if weekday and ctx.anchor is not None:
        day = weekday_date(ctx.anchor, WEEKDAYS.index(weekday.lower()), ctx.tense)
    elif m["deictic"] and ctx.anchor is not None:
        day = ctx.anchor + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(m["deictic"].lower(), 0))
    if day is None:
        return Norm(None, "TIME")
    return Norm(f"{day.isoformat()}T{hour:02d}:{minute:02d}{zone}", "TIME", day, day)
