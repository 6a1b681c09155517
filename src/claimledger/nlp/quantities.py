"""Quantities: the amounts an article reports, with their unit ("1,000 prisoners of war
each", "$2.5 billion", "about 300 people", "40 per cent", "200 flights a day").

:func:`find_amounts` reads the model's CARDINAL/MONEY/QUANTITY/PERCENT entities; the
number is read by :func:`~claimledger.nlp.numbers.parse_number`, the unit from the
currency sign, the counted noun (with its compounds and "of" phrase) or the percent, and
a rate from "each", "per side", "a day" right after. Which event an amount belongs to is
the events stage's call (``events.py``): an amount here belongs to no one yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as Entity

from claimledger.nlp.numbers import ARTICLES, parse_number
from claimledger.types import Quantity, Span

AMOUNT_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}
CURRENCY_WORDS = {"dollar", "euro", "pound", "yuan", "yen", "rupee", "rouble", "ruble", "franc", "naira",
                  "shilling", "rand", "peso", "real", "won", "lira", "hryvnia"}
PER_WORDS = {"each", "apiece"}
PER_UNITS = {"day", "week", "month", "year", "side", "person", "head"}


@dataclass
class Amount:
    """A number with its unit, before it is given to an event."""

    start: int  # token span of the whole quantity phrase
    end: int
    value: float
    unit: str
    per: str | None
    attach: Token  # the token through which it hangs from the clause

    def quantity(self, text: str) -> Quantity:
        phrase = self.attach.doc[self.start : self.end]
        span = Span.of(text, phrase.start_char, phrase.end_char)
        return Quantity(self.value, self.unit, span.text, span, self.per)


def find_amounts(doc: Doc, time_tokens: set[int]) -> list[Amount]:
    """Numbers with their unit: "1,000 prisoners of war each", "$2.5 billion", "about 300
    people". Entities that overlap a time expression (``time_tokens``) are not amounts."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in AMOUNT_LABELS or any(t.i in time_tokens for t in ent):
            continue
        value = parse_number(number_words(ent))
        if value is None:
            continue
        currency = [t for t in ent if t.pos_ == "SYM" or t.text.endswith("$") or t.text in "€£¥"
                    or t.lemma_.lower() in CURRENCY_WORDS]
        root, end = ent.root, ent.end
        if ent.label_ == "PERCENT":
            unit = "%"
        elif currency:
            unit = currency[0].text
        elif root.dep_ == "nummod" and root.head.pos_ == "NOUN" and root.head.i >= ent.end:
            root = root.head
            if any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in root.children):
                continue  # "the two sides": a reference, not an amount
            unit_start = min([c.i for c in root.children if c.dep_ == "compound" and c.i > ent.end - 1]
                             + [root.i])
            end = root.i + 1
            for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == end):
                objects = [g for g in prep.children if g.dep_ == "pobj" and not g.ent_type_]
                end = max([g.i + 1 for g in objects] + [end])
            unit = doc[unit_start:end].text
            unit = "%" if unit.lower() in {"cent", "percent"} else unit  # "40 per cent"
        elif root.pos_ == "NOUN" and root.i == ent.end - 1:
            unit = root.text
        else:
            continue
        per, end = rate(doc, end)
        out.append(Amount(ent.start, end, value, unit, per, root))
    return out


def number_words(ent: Entity) -> list[str]:
    """The words of the number in an amount entity: from its first numeral (or an article
    right before one: "a million") to its last, so "about", "$" and "an additional" stay
    out and a range ("$20 million to $30 million") stays whole, to be read as vague."""
    numerals = [t.i for t in ent if is_numeral(t)]
    if not numerals:
        return []  # "a few", "dozens"
    first = numerals[0]
    if first > ent.start and ent.doc[first - 1].lower_ in ARTICLES:
        first -= 1
    return [t.text for t in ent.doc[first : numerals[-1] + 1]]


def is_numeral(tok: Token) -> bool:
    """A number word or figure ("five", "million", "1,000", "1.2bn"); not a name the tagger
    took for a number ("A320s", "iOS")."""
    return tok.pos_ == "NUM" and (tok.like_num or parse_number([tok.text]) is not None)


def rate(doc: Doc, end: int) -> tuple[str | None, int]:
    """ "each", "per side", "a day" right after the amount (which ends before ``end``)."""
    if end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in PER_WORDS:
            return nxt.lower_, end + 1
        following = doc[end + 1] if end + 1 < len(doc) else None
        if following is not None and following.pos_ == "NOUN" and (
                nxt.lower_ == "per" or nxt.lower_ == "a" and following.lemma_.lower() in PER_UNITS):
            return doc[end : end + 2].text, end + 2
    return None, end
