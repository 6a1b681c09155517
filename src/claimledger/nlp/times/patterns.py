"""The building blocks of the time grammar: word tables, regular-expression pieces, and
:class:`Rule` (a pattern with the function that reads its value).

The rules themselves are in :mod:`.dates` (calendar dates and periods) and :mod:`.spans`
(durations, counts from a date, recurrences, clock times); :mod:`.grammar` puts them in
the order in which they win ties.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from claimledger.nlp.numbers import SMALL, TENS
from claimledger.nlp.times.values import Context, Norm

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
NUMBER_RX = (r"(?:\d+(?:\.\d+)?|(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(SMALL[1:10]) + r"))?|"
             + "|".join(sorted(SMALL[1:], key=len, reverse=True)) + r"|a dozen|a|an|one)"
             + r"(?:[- ]and[- ]a[- ]half)?")
VAGUE_RX = rf"(?:a{SP}few|few|several|some|many|a{SP}couple{SP}of|a{SP}number{SP}of|numerous)"
UNIT_RX = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?"
           r"|century|centuries)")
UNIT_GROUP = UNIT_RX.replace("(?:", "(?P<unit>", 1)
CALENDAR_UNIT = r"(?P<unit>week|weekend|month|year|quarter|decade|century)"

Handler = Callable[[re.Match[str], Context], Norm]


@dataclass(frozen=True, slots=True)
class Rule:
    """One family of expressions: a pattern (searched in running text, or matched against a
    whole string by :func:`~claimledger.nlp.times.grammar.normalise`) and the function that
    gives its value."""

    name: str
    pattern: re.Pattern[str]
    handle: Handler


@dataclass(slots=True)
class Rules:
    """The rules of one module, in the order they were written (earlier ones win ties)."""

    items: list[Rule] = field(default_factory=list)

    def rule(self, name: str, pattern: str, flags: int = 0) -> Callable[[Handler], Handler]:
        """Register a rule; the pattern is fenced so that it never starts or ends inside a word."""
        def register(handle: Handler) -> Handler:
            self.items.append(Rule(name, re.compile(rf"(?<![\w-])(?:{pattern})(?!\w)", flags), handle))
            return handle
        return register


def group(m: re.Match[str], name: str) -> str:
    """A named group's text, "" when the group is absent from the pattern or did not match."""
    return (m.groupdict().get(name) or "").strip()


def folded(text: str) -> str:
    """Lower case, runs of spaces as one: "This  Past" -> "this past"."""
    return " ".join(text.lower().split())


def year_of(m: re.Match[str], ctx: Context) -> int | None:
    """The year the match states ("2025", "last year"), else None."""
    written = group(m, "year2") or group(m, "year")
    if written:
        return int(written)
    rel = group(m, "yrel").lower()
    if rel and ctx.anchor:
        return ctx.anchor.year + STEPS[rel]
    return None


def mod_of(m: re.Match[str]) -> str | None:
    """START/MID/END from "early", "the end of", "mid-"."""
    return MODS.get(folded(group(m, "mod")).rstrip("-"))


def approx_of(m: re.Match[str]) -> str | None:
    """APPROX/LESS_THAN/... from "about", "almost", "at least"."""
    return APPROX.get(folded(group(m, "approx")))
