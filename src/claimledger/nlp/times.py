"""Time expressions: found in a parsed Doc, normalised against the publication date.

Why rules and not a library: the expressions news uses are a small closed grammar
("on Friday", "last month", "the past three years", "since March 2022"), TIMEX3 fixes
what each one means, and every rule here is a pure function of (text, anchor, tense) that
a test can pin. dateparser would add a dependency and still miss "earlier this week",
"since …" and durations (see shared/ENVIRONMENT.md).

Conventions (TIMEX3 / TempEval-3, so that MEANTIME scores are honest):

* The extent is the expression without its signal: "since March 2022" gives the span
  "March 2022" (value ``2022-03``, ``mod`` ON_OR_AFTER, ``begin`` 2022-03-01, ``until`` None);
  "over three days" gives "three days" (DURATION ``P3D``). Determiners and modifiers that
  change the meaning are inside ("the past decade", "early 2009", "almost two years").
* Values: ``2025-05-23``, ``2025-W21``, ``2025-W21-WE``, ``2025-05``, ``2025-Q1``,
  ``2025-H1``, ``2025-SU``, ``2025``, ``199`` (the 1990s), ``19`` (the 20th century),
  ``FY2025``, ``2025-05-23T18:00Z``, ``2025-05-23TMO``, ``P3D``, ``PT2H``, ``PXY``
  (a vague amount), ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``; SETs carry their period.
* Without a publication date an expression that needs one (weekdays, "last month",
  "a week ago", "today") keeps its text and type and gets no value, never today's date.
  A month or day without a year gets the TIMEX3 unknown year (``XXXX-05-23``).
* Weekdays, months and quarters without a year take the reading that fits the tense of the
  verb governing them: past by default ("on Friday" in a report is the Friday before
  publication, or publication day itself), future when the verb is ("will meet Friday").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from claimledger.types import TimeExpression

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


# --- numbers and units --------------------------------------------------------------------

SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_RX = (r"(?:\d+(?:\.\d+)?|(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(SMALL[1:10]) + r"))?|"
             + "|".join(sorted(SMALL[1:], key=len, reverse=True)) + r"|a dozen|a|an|one)"
             + r"(?:[- ]and[- ]a[- ]half)?")
UNIT_RX = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?"
           r"|century|centuries)")


def parse_number(words: str) -> float | None:
    """"two and a half" -> 2.5, "twenty-five" -> 25, "a" -> 1; None for a vague amount."""
    words = words.lower().strip()
    half = re.search(r"[- ]and[- ]a[- ]half$", words)
    if half:
        base = parse_number(words[: half.start()])
        return None if base is None else base + 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    if words in {"a", "an", "one"}:
        return 1.0
    if words in {"a dozen", "dozen"}:
        return 12.0
    if words in SMALL:
        return float(SMALL.index(words))
    parts = re.split(r"[- ]", words)
    if parts[0] in TENS:
        return 20.0 + 10 * TENS.index(parts[0]) + (SMALL.index(parts[1]) if len(parts) > 1 else 0)
    return None


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


# --- the grammar --------------------------------------------------------------------------

MONTHS = {name: n for n, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], 1) for name in names}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
MODS = {"early": "START", "the beginning of": "START", "the start of": "START", "late": "END",
        "the end of": "END", "mid": "MID", "the middle of": "MID", "the mid": "MID"}
APPROX = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
          "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "less than": "LESS_THAN",
          "under": "LESS_THAN", "up to": "EQUAL_OR_LESS", "more than": "MORE_THAN",
          "at least": "EQUAL_OR_MORE"}
ZONES = {"utc": "Z", "gmt": "Z", "z": "Z", "est": "-05:00", "edt": "-04:00", "cst": "-06:00",
         "cdt": "-05:00", "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00",
         "bst": "+01:00", "cet": "+01:00", "cest": "+02:00"}
STEPS = {"last": -1, "past": -1, "previous": -1, "this past": -1, "this": 0, "current": 0,
         "next": 1, "coming": 1, "this coming": 1, "following": 1}

SP = r"[ \t\u00a0]+"  # spaces inside one expression, never a newline (a line is a sentence or more)
SPO = r"[ \t\u00a0]*"
MONTH = (r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November"
         r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)")
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)(?![\w%]|[.,]\d)"
WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
MOD = (rf"(?P<mod>(?i:early|late|the{SP}(?:beginning|start|end|middle){SP}of|the{SP}mid){SP}"
       rf"|(?i:mid)-?)")
YEAR_TAIL = (rf"(?:{SPO},?{SPO}(?P<year2>(?:1[5-9]|20)\d\d)(?![\w%]|[.,]\d)"
             rf"|{SP}(?:of{SP})?(?P<yrel>(?i:last|this|next)){SP}year)")
PART = rf"(?:{SP}(?P<part>morning|afternoon|evening|night))?"
QUANT = (rf"(?P<approx>(?i:about|around|approximately|roughly|some|nearly|almost|less{SP}than|under"
         rf"|up{SP}to|more{SP}than|at{SP}least){SP})?")
VAGUE_RX = rf"(?:a{SP}few|few|several|some|many|a{SP}couple{SP}of|a{SP}number{SP}of|numerous)"
UNIT_GROUP = UNIT_RX.replace("(?:", "(?P<unit>", 1)

Handler = Callable[[re.Match[str], Context], Norm]


@dataclass(frozen=True, slots=True)
class Rule:
    """One family of expressions: a pattern (searched in running text, or matched against a
    whole string by :func:`normalise`) and the function that gives its value."""

    name: str
    pattern: re.Pattern[str]
    handle: Handler


RULES: list[Rule] = []


def rule(name: str, pattern: str, flags: int = 0) -> Callable[[Handler], Handler]:
    """Register a rule; the pattern is fenced so that it never starts or ends inside a word."""
    def register(handle: Handler) -> Handler:
        RULES.append(Rule(name, re.compile(rf"(?<![\w-])(?:{pattern})(?!\w)", flags), handle))
        return handle
    return register


def _g(m: re.Match[str], name: str) -> str:
    """A named group's text, "" when the group is absent from the pattern or did not match."""
    return (m.groupdict().get(name) or "").strip()


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _year_of(m: re.Match[str], ctx: Context) -> int | None:
    """The year the match states ("2025", "last year"), else None."""
    written = _g(m, "year2") or _g(m, "year")
    if written:
        return int(written)
    rel = _g(m, "yrel").lower()
    if rel and ctx.anchor:
        return ctx.anchor.year + STEPS[rel]
    return None


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


def _mod(m: re.Match[str]) -> str | None:
    return MODS.get(_words(_g(m, "mod")).rstrip("-"))


def _approx(m: re.Match[str]) -> str | None:
    return APPROX.get(_words(_g(m, "approx")))


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
    year = _year_of(m, ctx)
    if year is None and ctx.anchor is None:
        return Norm(f"XXXX-{month:02d}-{day:02d}")
    norm = day_norm(date(year or nearest_year(ctx, month, day), month, day))
    return _with_part(norm, _g(m, "part"))


rule("day month", rf"(?:{WEEKDAY},?{SP}(?:the{SP})?)?{DAY}{SP}(?:of{SP})?{MONTH}(?:{YEAR_TAIL})?{PART}")(
    _calendar_day)
rule("month day", rf"(?:{WEEKDAY},?{SP})?{MONTH}{SP}(?:the{SP})?{DAY}(?:{YEAR_TAIL})?{PART}")(_calendar_day)


@rule("month", rf"(?:{MOD}|(?P<rel>(?i:last|this|next)){SP})?{MONTH}(?:{YEAR_TAIL})?")
def _month(m: re.Match[str], ctx: Context) -> Norm:
    """A month; without a year, "last March" is the latest March before the anchor, a bare
    "March" the one the tense points to."""
    month = MONTHS[m["month"].lower().rstrip(".")]
    year = _year_of(m, ctx)
    rel = _g(m, "rel").lower()
    if year is None and ctx.anchor is None:
        return with_mod(Norm(None if rel else f"XXXX-{month:02d}"), _mod(m))
    if year is None:
        assert ctx.anchor is not None
        year = ctx.anchor.year
        if rel == "last" and month >= ctx.anchor.month:
            year -= 1
        elif rel == "next" and month <= ctx.anchor.month:
            year += 1
        elif not rel:
            year = nearest_year(ctx, month)
    return with_mod(month_norm(year, month), _mod(m))


@rule("year", rf"(?:{MOD}|(?P<fy>(?i:fiscal(?:{SP}year)?|financial{SP}year|FY)){SPO})?{YEAR}")
def _year(m: re.Match[str], ctx: Context) -> Norm:
    if _g(m, "fy"):
        return Norm(f"FY{m['year']}")
    return with_mod(year_norm(int(m["year"])), _mod(m))


@rule("decade", rf"(?:(?i:the){SP})?(?:{MOD})?(?P<dec>(?:1[5-9]|20)\d0|'\d0)'?s")
def _decade(m: re.Match[str], ctx: Context) -> Norm:
    raw = m["dec"]
    return with_mod(decade_norm(int(raw) if len(raw) == 4 else 1900 + int(raw[1:])), _mod(m))


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
    return with_mod(century_norm(ordinal(m["n"])), _mod(m))


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
        return _with_part(Norm(None), _g(m, "part"))
    rel = _words(_g(m, "rel"))
    weekday = WEEKDAYS.index(m["weekday"].lower())
    if _g(m, "wrel"):  # "Monday of last week"
        day = weekday_date(ctx.anchor + timedelta(days=7 * STEPS[_g(m, "wrel").lower()]), weekday, None, 0)
    else:
        day = weekday_date(ctx.anchor, weekday, ctx.tense, STEPS.get(rel))
    return _with_part(day_norm(day), _g(m, "part"))


@rule("deictic", rf"(?P<word>today|tonight|yesterday|tomorrow|the{SP}day{SP}before{SP}yesterday"
                 rf"|the{SP}day{SP}after{SP}tomorrow){PART}|(?P<word2>this|last){SP}(?P<part2>morning|afternoon|evening|night)",
      re.I)
def _deictic(m: re.Match[str], ctx: Context) -> Norm:
    """today/yesterday/tomorrow, "this morning", "last night", "tonight"."""
    word = _words(m["word"] or m["word2"])
    part = _g(m, "part") or _g(m, "part2") or ("night" if word == "tonight" else "")
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


CALENDAR_UNIT = r"(?P<unit>week|weekend|month|year|quarter|decade|century)"


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


@rule("relative unit", rf"(?:(?P<side>earlier|later){SP}|{MOD})?(?:(?P<the>the){SP})?"
                       rf"(?P<rel>last|this|next|current|coming|past|this{SP}past){SP}{CALENDAR_UNIT}", re.I)
def _relative_unit(m: re.Match[str], ctx: Context) -> Norm:
    """"last week" is a date (the week before the anchor's), "the past week" a duration of a
    week up to the anchor; "earlier this week" the part of this week before the anchor."""
    unit, rel = m["unit"].lower(), _words(m["rel"])
    if _g(m, "the") and rel in {"past", "last", "next", "coming"} and unit not in {"quarter", "weekend"}:
        return _anchored_duration(1.0, unit, -1 if rel in {"past", "last"} else 1, ctx)
    if ctx.anchor is None:
        return Norm(None)
    step = STEPS[rel]
    moved = shift(ctx.anchor, step * 7, "day") if unit == "weekend" else shift(ctx.anchor, step, unit)
    norm = unit_norm(unit, moved)
    side = _g(m, "side").lower()
    if side == "earlier":
        return Norm(norm.value, "DATE", norm.begin, min(ctx.anchor, norm.until or ctx.anchor))
    if side == "later":
        return Norm(norm.value, "DATE", max(ctx.anchor, norm.begin or ctx.anchor), norm.until)
    return with_mod(norm, _mod(m))


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
    return with_mod(unit_norm(m["unit"].lower(), ctx.anchor), MODS[_words(m["mod"])])


@rule("fiscal year", rf"(?:{MOD})?(?:the{SP})?(?:(?P<rel>last|this|next|current|previous|coming){SP})?"
                     rf"(?:fiscal|financial){SP}year", re.I)
def _fiscal_year(m: re.Match[str], ctx: Context) -> Norm:
    """"the financial year" is the anchor's (TIMEX3 FY2025); "last fiscal year" the one before.
    Fiscal calendars differ by company and country, so no begin/until."""
    if ctx.anchor is None:
        return Norm(None)
    return Norm(f"FY{ctx.anchor.year + STEPS.get(_words(_g(m, 'rel')), 0)}", mod=_mod(m))


@rule("quarter", rf"(?:the{SP})?(?:(?P<rel>last|this|next|current|previous|past){SP}|(?P<n>first|second|third"
                 rf"|fourth|1st|2nd|3rd|4th|final){SP}(?:(?:fiscal|financial){SP})?)(?P<kind>quarter|half)"
                 rf"(?:{SP}of{SP}(?:{YEAR}|(?P<yrel>last|this|next){SP}year|the{SP}year))?"
                 rf"|(?P<q>Q[1-4]|H[12])(?:{SP}(?P<year2>\d{{4}}))?", re.I)
def _quarter(m: re.Match[str], ctx: Context) -> Norm:
    """Quarters and halves: "the first quarter" of the anchor's year (or the year the tense
    points to), "last quarter" the one before the anchor's, "Q3 2024"."""
    kind = _g(m, "kind").lower() or ("quarter" if m["q"][0] in "Qq" else "half")
    size = 3 if kind == "quarter" else 6
    written = _g(m, "n") or (m["q"][1] if m["q"] else "")
    year = _year_of(m, ctx)
    if not written:
        if ctx.anchor is None:
            return Norm(None)
        day = add_months(ctx.anchor, STEPS[_words(m["rel"])] * size)
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
    if _g(m, "year"):
        return with_mod(season_norm(int(m["year"]), season), _mod(m))
    if ctx.anchor is None:
        return Norm(None)
    first = SEASONS[season][1]
    a = ctx.anchor
    current = a.year - 1 if first == 12 and a.month <= 2 else a.year  # the season of this year
    step = STEPS.get(_words(_g(m, "rel")))
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
    return with_mod(season_norm(year, season), _mod(m))


def _anchored_duration(amount: float | None, unit: str, direction: int, ctx: Context,
                       mod: str | None = None) -> Norm:
    """"the past three years": P3Y running up to the anchor ("the next ...": on from it)."""
    value = duration_value(amount, unit)
    if ctx.anchor is None or amount is None:
        return Norm(value, "DURATION", mod=mod)
    other = shift(ctx.anchor, direction * amount, unit)
    begin, until = (other, ctx.anchor) if direction < 0 else (ctx.anchor, other)
    return Norm(value, "DURATION", begin, until, mod)


@rule("span of time", rf"the{SP}(?P<rel>past|last|next|coming|previous|first|following){SP}"
                      rf"(?P<n>{NUMBER_RX}|{VAGUE_RX}){SP}{UNIT_GROUP}", re.I)
def _span_of_time(m: re.Match[str], ctx: Context) -> Norm:
    unit = unit_of(m["unit"])
    direction = -1 if m["rel"].lower() in {"past", "last", "previous"} else 1
    amount = parse_number(m["n"])
    if m["rel"].lower() in {"first", "following"}:  # counted from a time the text gave, not the anchor
        return Norm(duration_value(amount, unit), "DURATION")
    return _anchored_duration(amount, unit, direction, ctx)


@rule("vague span", rf"(?:over{SP}the{SP}|the{SP}(?P<rel>past|last|next|coming){SP}(?:few{SP})?"
                    rf"|(?P<rel2>coming){SP}|recent{SP})(?P<unit>years|months|weeks|days|decades)", re.I)
def _vague_span(m: re.Match[str], ctx: Context) -> Norm:
    """"over the years", "recent years", "the coming weeks": a stretch of unsaid length."""
    direction = 1 if (_g(m, "rel") or _g(m, "rel2")).lower() in {"next", "coming"} else -1
    norm = _anchored_duration(None, unit_of(m["unit"]), direction, ctx)
    if ctx.anchor is None:
        return norm
    forward = direction > 0
    return Norm(norm.value, "DURATION", ctx.anchor if forward else None, None if forward else ctx.anchor)


@rule("ago", rf"{QUANT}(?:(?P<n>{NUMBER_RX}|{VAGUE_RX}){SP})?{UNIT_GROUP}{SP}"
             rf"(?P<dir>ago|earlier|later|from{SP}now|hence|(?:before|after)(?={SPO}(?:[,.;:)]|$)))", re.I)
def _ago(m: re.Match[str], ctx: Context) -> Norm:
    """"a week ago" is that week (the unit sets the precision: "three years ago" is a year);
    "... ago"/"from now" count from the anchor, "... later" from the last date the text gave.
    "two days before the launch" is a duration with a signal (TIMEX3): only a clause-final
    "before"/"after" belongs to the expression."""
    unit = unit_of(m["unit"])
    amount = parse_number(m["n"]) if m["n"] else None
    direction = _words(m["dir"])
    sign = -1 if direction in {"ago", "earlier", "before"} else 1
    from_anchor = direction in {"ago", "from now", "hence"}
    base = ctx.anchor if from_anchor else ctx.since(unit)
    clock = unit in {"hour", "minute", "second"}
    if amount is None:
        return Norm(("PAST_REF" if sign < 0 else "FUTURE_REF") if from_anchor else None)
    if base is None:
        return Norm(None, "TIME" if clock else "DATE", mod=_approx(m))
    if clock:
        return Norm(f"{base.isoformat()}TXX", "TIME", base, base, _approx(m))
    day = shift(base, sign * amount, unit)
    return with_mod(unit_norm("week" if unit == "fortnight" else unit, day), _approx(m))


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
    words = _words(m["n"] or "")
    amount = 0.5 if words.startswith("half") else parse_number(words) if words else None
    return Norm(duration_value(amount, unit), "DURATION", mod=_approx(m))


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
    which = _words(m["which"] or m["dir"])
    step = {"the next": 1, "the following": 1, "the previous": -1, "before": -1, "after": 1}.get(which, 0)
    return unit_norm(unit, shift(base, step, unit))


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
    name = _words(m[0].replace("’", "'"))
    if ctx.anchor is None:
        return Norm(None)
    if name in MOVABLE:
        month, weekday, nth = MOVABLE[name]
        this_year = movable_day(ctx.anchor.year, month, weekday, nth)
        return day_norm(movable_day(nearest_year(ctx, month, this_year.day), month, weekday, nth))
    month, day = HOLIDAYS[name]
    return day_norm(date(nearest_year(ctx, month, day), month, day))


# --- running the grammar ------------------------------------------------------------------

def normalise(text: str, anchor: date | None, tense: str | None = None,
              reference: date | Norm | None = None) -> Norm | None:
    """The value of ``text`` read as one whole time expression, or None when no rule reads
    it. Pure: the parse only supplies ``tense``, the text before it ``reference``."""
    ref = day_norm(reference) if isinstance(reference, date) else reference
    ctx = Context(anchor, tense, ref, ref.begin if ref is not None and ref.value and
                  precision(ref.value) == "day" else None)
    for candidate in RULES:
        m = candidate.pattern.fullmatch(text.strip())
        if m:
            return read(candidate, m, ctx)
    return None


def read(candidate: Rule, m: re.Match[str], ctx: Context) -> Norm:
    """A rule's value; words that name no real date (31 February) get no value."""
    try:
        return candidate.handle(m, ctx)
    except (ValueError, KeyError, OverflowError):
        return Norm(None, "DURATION" if candidate.name == "duration" else "DATE")


# --- finding expressions in a parsed document ----------------------------------------------

# Words before a bare year, "May" or a bare season that make it a time ("in 2009", "since May").
TIME_PREPOSITIONS = frozenset({
    "in", "since", "by", "until", "till", "from", "to", "through", "throughout", "before", "after",
    "during", "of", "early", "late", "mid", "and", "or", "between", "circa", "around", "about", "the",
    "this", "last", "next", "year", "spring", "summer", "autumn", "fall", "winter", "fiscal", "end",
    "beginning", "start", "middle", "than", "as"})
# Entities inside which a date-like word is part of a name ("Windows 2000", "USA Today").
# Full calendar dates and clock times are times even where the model draws a name around them.
FULL_DATES = frozenset({"iso date", "numeric date", "day month", "month day", "clock time"})
NAME_LABELS = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "LAW", "PERSON", "GPE", "NORP", "LANGUAGE"})
# "since March 2022" -> ON_OR_AFTER with an open end; the signal stays outside the extent.
SIGNALS = {"since": "ON_OR_AFTER", "after": "AFTER", "before": "BEFORE", "until": "ON_OR_BEFORE",
           "till": "ON_OR_BEFORE", "by": "ON_OR_BEFORE"}
FUTURE_AUX = frozenset({"will", "shall", "'ll", "’ll", "wo", "would", "could", "may", "might"})
PLAN_LEMMAS = frozenset({"plan", "expect", "schedule", "set", "due", "intend", "aim", "hope", "promise",
                         "prepare", "go", "want", "seek", "propose", "agree", "vow", "pledge", "threaten"})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text one rule matched, before its value is worked out."""

    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def find_times(doc: Doc, published: date | None) -> list[TimeExpression]:
    """Every time expression of ``doc``, in text order, normalised against ``published``.

    Ids are "T1", "T2" … in text order; offsets are into ``doc.text``; spans never overlap.
    """
    text = doc.text  # spaCy joins the tokens on every access: read it once
    found = [c for c in candidates(text) if plausible(doc, c, text)]
    found = _merge_entities(doc, found, text)
    times: list[TimeExpression] = []
    reference: Norm | None = None
    last_day: date | None = None
    for cand in found:
        signal = _previous_word(text, cand.start)
        tense = PAST if signal == "since" else tense_at(doc, cand.start, cand.end)
        ctx = Context(published, tense, reference, last_day)
        norm = _with_signal(read(cand.rule, cand.match, ctx), signal)
        if _as_set(doc, cand):
            norm = Norm(norm.value, "SET")
        if norm.type == "DATE" and norm.value and precision(norm.value):
            reference = norm
            last_day = norm.begin if precision(norm.value) == "day" else last_day
        times.append(TimeExpression(
            id=f"T{len(times) + 1}", start=cand.start, end=cand.end, text=text[cand.start:cand.end],
            value=norm.value, type=norm.type, mod=norm.mod,
            begin=None if norm.begin is None else norm.begin.isoformat(),
            until=None if norm.until is None else norm.until.isoformat()))
    return times


def candidates(text: str) -> list[Candidate]:
    """Every match of every rule; among overlapping ones the longest (then the earliest, then
    the first rule) wins. Returned in text order."""
    found = [Candidate(m.start(), m.end(), r, m) for r in RULES for m in r.pattern.finditer(text)]
    found.sort(key=lambda c: (c.start - c.end, c.start))
    chosen: list[Candidate] = []
    for cand in found:
        if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _previous_word(text: str, start: int) -> str:
    before = re.search(r"([\w'’$£€#%]+)[ \t\u00a0]*$", text[max(0, start - 40):start])
    return before.group(1).lower() if before else ""


def plausible(doc: Doc, cand: Candidate, text: str) -> bool:
    """Reject what only looks like a time: a bare number that is not a year ("2,000 jobs",
    "$2009"), the modal "May", "a day" that is no duration, words inside a name ("Windows
    2000"), ages ("a 55-year-old": already refused by the pattern)."""
    m = cand.match
    before = _previous_word(text, cand.start)
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    name = cand.rule.name
    if span is not None and name not in FULL_DATES and _inside_name(span):
        return False
    if name == "year" and not (_g(m, "mod") or _g(m, "fy")):
        tagged = span is not None and span[0].ent_type_ == "DATE"  # the model's DATE entity
        return text[cand.start - 1:cand.start] not in {"$", "£", "€", "#"} and (
            before in TIME_PREPOSITIONS or tagged)
    if name == "month" and not (_g(m, "mod") or _g(m, "rel") or _g(m, "year2") or _g(m, "yrel")):
        return m["month"] != "May" or before in TIME_PREPOSITIONS
    if name == "season" and m["season"].lower() in {"fall", "spring"}:
        return bool(_g(m, "mod") or _g(m, "rel") or _g(m, "year")) or before in TIME_PREPOSITIONS
    if name in {"reference", "deictic"} and span is not None and _title_case_name(span):
        return False
    if name == "reference":
        return text[cand.end:cand.end + 1] != "-"  # "now-defunct"
    if name == "duration" and _words(m["n"] or "") in {"a", "an", "one"} and not _g(m, "approx"):
        return bool(_g(m, "long")) or before in {"for", "within", "in", "over", "after", "than", "least",
                                                "about", "nearly", "almost", "around", "just", "only",
                                                "during", "past", "first", "last"} or _as_set(doc, cand) \
            or re.match(r"[ \t]+(?:before|after|later|earlier)\b", text[cand.end:cand.end + 10]) is not None
    return True


def _title_case_name(span: Span) -> bool:
    """"CBS This Morning", "USA Today": capitalised words in mid-sentence name a show or paper."""
    if span[0].is_sent_start or span.start == 0 or not all(t.is_title for t in span if t.is_alpha):
        return False
    return span.doc[span.start - 1].text not in {'"', "“", "‘", "'", "(", ":"}


def _inside_name(span: Span) -> bool:
    """True when the words belong to a larger named entity that is not a time."""
    for token in span:
        if token.ent_type_ in NAME_LABELS:
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            # an entity across a line break is a headline run into the next line, not a name
            if ent is not None and "\n" not in ent.text and (ent.start < span.start or ent.end > span.end):
                return True
    return False


def _as_set(doc: Doc, cand: Candidate) -> bool:
    """"15 a year", "200 flights a month": a rate, so a SET, not a duration."""
    if cand.rule.name != "duration" or _words(cand.match["n"] or "") not in {"a", "an"}:
        return False
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    previous = doc[span.start - 1]
    return previous.tag_ in {"CD", "NNS", "$"} or previous.text in {"%", "percent", "once", "twice"}


TIME_WORD = re.compile(r"\b(?:days?|weeks?|weekends?|months?|years?|decades?|century|centuries|hours?"
                       r"|minutes?|mornings?|afternoons?|evenings?|nights?|season|era|period|quarter)\b",
                       re.I)
AGE = re.compile(r"\bold\b|\bage[ds]?\b|-olds?\b", re.I)
# "the day", "a year" as the model's entity: too vague to stand as a time on their own
BARE_UNIT = re.compile(r"(?:the|a|an|that|those)[ \t]+(?:day|week|month|year|hour|night)s?", re.I)
FRACTION = re.compile(r".*\b(?:quarters?|half)[ \t]+of\b", re.I)  # "less than a quarter of the donors"


def _unread_date(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(None, "DATE")


def _unread_time(m: re.Match[str], ctx: Context) -> Norm:
    return Norm(None, "TIME")


# The model's entities that no rule reads: kept with their text and type, without a value.
ENTITY_RULES = {"DATE": Rule("DATE entity", re.compile(r".+"), _unread_date),
                "TIME": Rule("TIME entity", re.compile(r".+"), _unread_time)}


def _names_a_time(words: str, after: str) -> bool:
    """An unread entity is kept only when it names a stretch of time and is no age, no
    fraction ("a quarter of") and not a bare unit ("the day")."""
    return bool(TIME_WORD.search(words)) and not (
        AGE.search(words) or FRACTION.match(words + after[:4]) or BARE_UNIT.fullmatch(words))


def _merge_entities(doc: Doc, found: list[Candidate], text: str) -> list[Candidate]:
    """Add the model's DATE/TIME entities that no rule read but that name a stretch of time
    ("the school year", "a half-century"): kept with their text and no value. Ages and bare
    numbers ("55", "the age of 56") are not times."""
    extra = []
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"}:
            continue
        line = ent.text.split("\n")[0].rstrip(" ,.;:")
        line = re.sub(r"[’']s$", "", line)
        start, end = ent.start_char, ent.start_char + len(line)
        if any(c.start < end and start < c.end for c in found) or not _names_a_time(line, text[end:end + 8]):
            continue
        entity_rule = ENTITY_RULES[ent.label_]
        match = entity_rule.pattern.match(text, start, end)
        if match is not None:
            extra.append(Candidate(start, end, entity_rule, match))
    return sorted(found + extra, key=lambda c: c.start)


def _with_signal(norm: Norm, signal: str) -> Norm:
    """"since March 2022": open interval from March 2022 (``until`` None), mod ON_OR_AFTER."""
    mod = SIGNALS.get(signal)
    if mod is None or norm.begin is None or norm.until is None or norm.mod is not None:
        return norm  # "until recently", "by now": no calendar interval to open
    if mod in {"ON_OR_AFTER", "AFTER"}:
        start = norm.begin if mod == "ON_OR_AFTER" else norm.until
        return Norm(norm.value, norm.type, start, None, mod)
    end = norm.begin if mod == "BEFORE" else norm.until
    return Norm(norm.value, norm.type, None, end, mod)


def tense_at(doc: Doc, start: int, end: int) -> str | None:
    """The tense of the verb that governs the expression: FUTURE for "will"/"would"/modals and
    "plans to …", PAST for a past or perfect verb, None when the parse does not say."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    verb: Token = span.root
    for _ in range(6):
        if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
            break
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    return verb_tense(verb)


def verb_tense(verb: Token, depth: int = 0) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in FUTURE_AUX for a in auxes):
        return FUTURE
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes):
        return PAST
    if verb.dep_ in {"xcomp", "ccomp", "advcl"} and verb.head is not verb and depth < 2:
        if verb.dep_ == "xcomp" and verb.head.lemma_ in PLAN_LEMMAS:
            return FUTURE
        if verb.tag_ == "VB":
            return verb_tense(verb.head, depth + 1)
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in {"VBZ", "VBP"} for a in auxes):
        return FUTURE  # "is launching on Friday"
    return None
