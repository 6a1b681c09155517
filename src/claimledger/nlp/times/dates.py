"""Rules for calendar dates and periods: "23 May 2025", "last March", "early 2009", "the
1990s", "on Friday", "yesterday", "now", "last week", "the first quarter", "last winter",
"Christmas".

Each rule is a pattern and a pure function of the match and the :class:`Context`; a month,
weekday, quarter or holiday without a year takes the reading the tense points to (see
:func:`~claimledger.nlp.times.values.nearest_year`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from claimledger.nlp.times.patterns import (
    CALENDAR_UNIT,
    DAY,
    MOD,
    MODS,
    MONTH,
    MONTHS,
    PART,
    PARTS_OF_DAY,
    SP,
    SPO,
    STEPS,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    YEAR_TAIL,
    Rules,
    folded,
    group,
    mod_of,
    year_of,
)
from claimledger.nlp.times.values import (
    FUTURE,
    PAST,
    SEASONS,
    Context,
    Norm,
    add_months,
    anchored_duration,
    century_norm,
    day_norm,
    decade_norm,
    half_norm,
    month_end,
    month_norm,
    nearest_year,
    quarter_norm,
    season_norm,
    shift,
    unit_norm,
    weekday_date,
    weekend_norm,
    with_mod,
    year_norm,
)

DATES = Rules()
rule = DATES.rule


@rule("iso date", r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)")
def _iso(m: re.Match[str], ctx: Context) -> Norm:
    return day_norm(date(int(m["y"]), int(m["m"]), int(m["d"])))


@rule("numeric date", r"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>\d{4}|\d\d)")
def _numeric(m: re.Match[str], ctx: Context) -> Norm:
    """US order (month/day) unless the first number cannot be a month."""
    first, second, year = int(m["a"]), int(m["b"]), int(m["y"])
    month, day = (second, first) if first > 12 else (first, second)
    if len(m["y"]) == 2:
        year += 2000 if year < 50 else 1900
    return day_norm(date(year, month, day))


def _calendar_day(m: re.Match[str], ctx: Context) -> Norm:
    month, day = MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
    year = year_of(m, ctx)
    if year is None and ctx.anchor is None:
        return Norm(f"XXXX-{month:02d}-{day:02d}")
    norm = day_norm(date(year or nearest_year(ctx, month, day), month, day))
    return _with_part(norm, group(m, "part"))


rule("day month", rf"(?:{WEEKDAY},?{SP}(?:the{SP})?)?{DAY}{SP}(?:of{SP})?{MONTH}(?:{YEAR_TAIL})?{PART}")(
    _calendar_day)
rule("month day", rf"(?:{WEEKDAY},?{SP})?{MONTH}{SP}(?:the{SP})?{DAY}(?:{YEAR_TAIL})?{PART}")(_calendar_day)


@rule("month", rf"(?:{MOD}|(?P<rel>(?i:last|this|next)){SP})?{MONTH}(?:{YEAR_TAIL})?")
def _month(m: re.Match[str], ctx: Context) -> Norm:
    """A month; without a year, "last March" is the latest March before the anchor, a bare
    "March" the one the tense points to."""
    month = MONTHS[m["month"].lower().rstrip(".")]
    year = year_of(m, ctx)
    rel = group(m, "rel").lower()
    if year is None and ctx.anchor is None:
        return with_mod(Norm(None if rel else f"XXXX-{month:02d}"), mod_of(m))
    if year is None:
        assert ctx.anchor is not None
        year = ctx.anchor.year
        if rel == "last" and month >= ctx.anchor.month:
            year -= 1
        elif rel == "next" and month <= ctx.anchor.month:
            year += 1
        elif not rel:
            year = nearest_year(ctx, month)
    return with_mod(month_norm(year, month), mod_of(m))


@rule("year", rf"(?:{MOD}|(?P<fy>(?i:fiscal(?:{SP}year)?|financial{SP}year|FY)){SPO})?{YEAR}")
def _year(m: re.Match[str], ctx: Context) -> Norm:
    if group(m, "fy"):
        return Norm(f"FY{m['year']}")
    return with_mod(year_norm(int(m["year"])), mod_of(m))


@rule("decade", rf"(?:(?i:the){SP})?(?:{MOD})?(?P<dec>(?:1[5-9]|20)\d0|'\d0)'?s")
def _decade(m: re.Match[str], ctx: Context) -> Norm:
    raw = m["dec"]
    return with_mod(decade_norm(int(raw) if len(raw) == 4 else 1900 + int(raw[1:])), mod_of(m))


ORDINALS = {w: i for i, w in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
     "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth", "twentieth"], 1)}
ORDINAL_RX = r"(?:\d{1,2}(?:st|nd|rd|th)|twenty-first|twenty-second|" + "|".join(ORDINALS) + ")"


def ordinal(word: str) -> int:
    """"21st" -> 21, "twenty-first" -> 21, "third" -> 3."""
    word = word.lower()
    if word[0].isdigit():
        return int(re.sub(r"\D", "", word))
    if word.startswith("twenty-"):
        return 20 + ORDINALS[word[7:]]
    return ORDINALS[word]


@rule("century", rf"(?:the{SP})?(?:{MOD})?(?P<n>{ORDINAL_RX})[ -]century", re.I)
def _century(m: re.Match[str], ctx: Context) -> Norm:
    return with_mod(century_norm(ordinal(m["n"])), mod_of(m))


def _with_part(norm: Norm, part: str) -> Norm:
    """"Friday morning" -> 2025-05-23TMO (a TIME)."""
    if not part:
        return norm
    value = None if norm.value is None else f"{norm.value}T{PARTS_OF_DAY[part.lower()]}"
    return Norm(value, "TIME", norm.begin, norm.until)


@rule("weekday", rf"(?:(?P<rel>(?i:last|this|next|this{SP}past|this{SP}coming)){SP})?{WEEKDAY}{PART}"
                 rf"(?:{SP}of{SP}(?P<wrel>last|this|next){SP}week)?")
def _weekday(m: re.Match[str], ctx: Context) -> Norm:
    if ctx.anchor is None:
        return _with_part(Norm(None), group(m, "part"))
    rel = folded(group(m, "rel"))
    weekday = WEEKDAYS.index(m["weekday"].lower())
    if group(m, "wrel"):  # "Monday of last week"
        day = weekday_date(ctx.anchor + timedelta(days=7 * STEPS[group(m, "wrel").lower()]), weekday, None, 0)
    else:
        day = weekday_date(ctx.anchor, weekday, ctx.tense, STEPS.get(rel))
    return _with_part(day_norm(day), group(m, "part"))


@rule("deictic", rf"(?P<word>today|tonight|yesterday|tomorrow|the{SP}day{SP}before{SP}yesterday"
                 rf"|the{SP}day{SP}after{SP}tomorrow){PART}|(?P<word2>this|last){SP}(?P<part2>morning|afternoon|evening|night)",
      re.I)
def _deictic(m: re.Match[str], ctx: Context) -> Norm:
    """today/yesterday/tomorrow, "this morning", "last night", "tonight"."""
    word = folded(m["word"] or m["word2"])
    part = group(m, "part") or group(m, "part2") or ("night" if word == "tonight" else "")
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1, "the day before yesterday": -2,
              "the day after tomorrow": 2}.get(word, 0)
    if ctx.anchor is None:
        return Norm(None, "TIME" if part else "DATE")
    return _with_part(day_norm(ctx.anchor + timedelta(days=offset)), part)


@rule("reference", rf"(?:right{SP})?now|currently|at{SP}present|presently|nowadays|at{SP}the{SP}moment"
                   rf"|these{SP}days|(?:more{SP}|most{SP}|very{SP})?recently|lately|in{SP}the{SP}past"
                   rf"|the{SP}future", re.I)
def _reference(m: re.Match[str], ctx: Context) -> Norm:
    """TIMEX3's PRESENT_REF / PAST_REF / FUTURE_REF; ``begin``/``until`` meet the anchor."""
    words = m[0].lower()
    value = ("PAST_REF" if words.endswith(("recently", "lately", "past")) else
             "FUTURE_REF" if words.endswith("future") else "PRESENT_REF")
    a = ctx.anchor
    return Norm(value, "DATE", a if value != "PAST_REF" else None, a if value != "FUTURE_REF" else None)


@rule("relative unit", rf"(?:(?P<side>earlier|later){SP}|{MOD})?(?:(?P<the>the){SP})?"
                       rf"(?P<rel>last|this|next|current|coming|past|this{SP}past){SP}{CALENDAR_UNIT}", re.I)
def _relative_unit(m: re.Match[str], ctx: Context) -> Norm:
    """"last week" is a date (the week before the anchor's), "the past week" a duration of a
    week up to the anchor; "earlier this week" the part of this week before the anchor."""
    unit, rel = m["unit"].lower(), folded(m["rel"])
    if group(m, "the") and rel in {"past", "last", "next", "coming"} and unit not in {"quarter", "weekend"}:
        return anchored_duration(1.0, unit, -1 if rel in {"past", "last"} else 1, ctx)
    if ctx.anchor is None:
        return Norm(None)
    step = STEPS[rel]
    moved = shift(ctx.anchor, step * 7, "day") if unit == "weekend" else shift(ctx.anchor, step, unit)
    norm = unit_norm(unit, moved)
    side = group(m, "side").lower()
    if side == "earlier":
        return Norm(norm.value, "DATE", norm.begin, min(ctx.anchor, norm.until or ctx.anchor))
    if side == "later":
        return Norm(norm.value, "DATE", max(ctx.anchor, norm.begin or ctx.anchor), norm.until)
    return with_mod(norm, mod_of(m))


@rule("the weekend", rf"the{SP}(?P<unit>weekend)|all{SP}(?P<unit2>week|day|month|year)", re.I)
def _the_weekend(m: re.Match[str], ctx: Context) -> Norm:
    """"over the weekend" (the one the tense points to: the last by default), "all week" (the
    anchor's). "the week" or "the day" alone say too little to be read."""
    unit = (m["unit"] or m["unit2"]).lower()
    if ctx.anchor is None:
        return Norm(None)
    if unit != "weekend" or ctx.tense == FUTURE or ctx.anchor.weekday() >= 5:
        return unit_norm(unit, ctx.anchor)
    return weekend_norm(ctx.anchor - timedelta(days=7))


@rule("unit boundary", rf"(?P<mod>the{SP}(?:beginning|start|end|middle){SP}of){SP}the{SP}{CALENDAR_UNIT}",
      re.I)
def _unit_boundary(m: re.Match[str], ctx: Context) -> Norm:
    """"the end of the month": the anchor's month, as a reader of the day's paper takes it."""
    if ctx.anchor is None:
        return Norm(None)
    return with_mod(unit_norm(m["unit"].lower(), ctx.anchor), MODS[folded(m["mod"])])


@rule("fiscal year", rf"(?:{MOD})?(?:the{SP})?(?:(?P<rel>last|this|next|current|previous|coming){SP})?"
                     rf"(?:fiscal|financial){SP}year", re.I)
def _fiscal_year(m: re.Match[str], ctx: Context) -> Norm:
    """"the financial year" is the anchor's (TIMEX3 FY2025); "last fiscal year" the one before.
    Fiscal calendars differ by company and country, so no begin/until."""
    if ctx.anchor is None:
        return Norm(None)
    return Norm(f"FY{ctx.anchor.year + STEPS.get(folded(group(m, 'rel')), 0)}", mod=mod_of(m))


@rule("quarter", rf"(?:the{SP})?(?:(?P<rel>last|this|next|current|previous|past){SP}|(?P<n>first|second|third"
                 rf"|fourth|1st|2nd|3rd|4th|final){SP}(?:(?:fiscal|financial){SP})?)(?P<kind>quarter|half)"
                 rf"(?:{SP}of{SP}(?:{YEAR}|(?P<yrel>last|this|next){SP}year|the{SP}year))?"
                 rf"|(?P<q>Q[1-4]|H[12])(?:{SP}(?P<year2>\d{{4}}))?", re.I)
def _quarter(m: re.Match[str], ctx: Context) -> Norm:
    """Quarters and halves: "the first quarter" of the anchor's year (or the year the tense
    points to), "last quarter" the one before the anchor's, "Q3 2024"."""
    kind = group(m, "kind").lower() or ("quarter" if m["q"][0] in "Qq" else "half")
    size = 3 if kind == "quarter" else 6
    written = group(m, "n") or (m["q"][1] if m["q"] else "")
    year = year_of(m, ctx)
    if not written:
        if ctx.anchor is None:
            return Norm(None)
        day = add_months(ctx.anchor, STEPS[folded(m["rel"])] * size)
        index, year = (day.month - 1) // size + 1, day.year
    else:
        words = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 12 // size}
        index = int(written[0]) if written[0].isdigit() else words[written.lower()]
        if year is None and ctx.anchor is None:
            return Norm(f"XXXX-{kind[0].upper()}{index}")
        year = year or nearest_year(ctx, (index - 1) * size + 1)
    return quarter_norm(year, index) if size == 3 else half_norm(year, index)


@rule("season", rf"(?:{MOD}|(?P<rel>(?i:last|this|next|the|this{SP}past|this{SP}coming)){SP})?"
                rf"(?P<season>(?i:spring|summer|autumn|winter|fall))(?:{SP}(?:of{SP})?{YEAR})?")
def _season(m: re.Match[str], ctx: Context) -> Norm:
    """Seasons; the winter of YYYY starts in December YYYY."""
    season = m["season"].lower()
    if group(m, "year"):
        return with_mod(season_norm(int(m["year"]), season), mod_of(m))
    if ctx.anchor is None:
        return Norm(None)
    first = SEASONS[season][1]
    a = ctx.anchor
    current = a.year - 1 if first == 12 and a.month <= 2 else a.year  # the season of this year
    step = STEPS.get(folded(group(m, "rel")))
    if step is not None:
        year = current + step
    elif ctx.tense == PAST:
        started = a.month >= first or (first == 12 and a.month <= 2)
        year = current if started else current - 1
    elif ctx.tense == FUTURE:
        over = a.month > first + 2 and first != 12
        year = current + 1 if over else current
    else:
        year = current
    return with_mod(season_norm(year, season), mod_of(m))


HOLIDAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "christmas": (12, 25),
            "new year's day": (1, 1), "new year's eve": (12, 31), "halloween": (10, 31),
            "valentine's day": (2, 14), "boxing day": (12, 26), "independence day": (7, 4),
            "the fourth of july": (7, 4)}
# (month, weekday, n-th; -1 the last): the movable ones news dates things by.
MOVABLE = {"thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
           "memorial day": (5, 0, -1), "election day": (11, 1, 1)}


def movable_day(year: int, month: int, weekday: int, nth: int) -> date:
    """The n-th (or last, -1) given weekday of a month; Election Day is the Tuesday after
    the first Monday of November, so it is the first Tuesday after 1 November."""
    if nth < 0:
        last = month_end(year, month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 2 if (month, weekday) == (11, 1) else 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


@rule("holiday", rf"Christmas(?:{SP}(?:Day|Eve))?|New{SP}Year[’']s{SP}(?:Day|Eve)|Halloween"
                 rf"|Valentine[’']s{SP}Day|Boxing{SP}Day|Thanksgiving(?:{SP}Day)?|Independence{SP}Day"
                 rf"|the{SP}Fourth{SP}of{SP}July|Labor{SP}Day|Memorial{SP}Day|Election{SP}Day")
def _holiday(m: re.Match[str], ctx: Context) -> Norm:
    """Holidays with a fixed or a computed date, in the year the tense points to."""
    name = folded(m[0].replace("’", "'"))
    if ctx.anchor is None:
        return Norm(None)
    if name in MOVABLE:
        month, weekday, nth = MOVABLE[name]
        this_year = movable_day(ctx.anchor.year, month, weekday, nth)
        return day_norm(movable_day(nearest_year(ctx, month, this_year.day), month, weekday, nth))
    month, day = HOLIDAYS[name]
    return day_norm(date(nearest_year(ctx, month, day), month, day))
