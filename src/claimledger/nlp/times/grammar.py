"""Running the grammar over text: every rule of :mod:`.dates` and :mod:`.spans`, in the
order in which they win ties, read whole (:func:`normalise`) or searched in running text
(:func:`candidates`). Pure: no parse, no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claimledger.nlp.times.dates import DATES
from claimledger.nlp.times.patterns import Rule
from claimledger.nlp.times.spans import SPANS
from claimledger.nlp.times.values import Context, Norm, day_norm, precision

# Among rules that match the same stretch of text, the earlier one in this list wins.
RULES: tuple[Rule, ...] = (*DATES.items, *SPANS.items)


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


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stretch of text one rule matched, before its value is worked out."""

    start: int
    end: int
    rule: Rule
    match: re.Match[str]


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
