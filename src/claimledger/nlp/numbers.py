"""Numbers written in digits or words, for every stage that counts: the length of a time
expression ("two and a half years", "a dozen days") and the amount of an event ("1,000
prisoners", "$3.5 million", "5m").

A phrase is read whole. A word that is no part of a number ("several", "dozens", "a few")
makes the amount vague: None, never a guess from the words around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WORDS = {**{w: n for n, w in enumerate(SMALL)}, **{w: 20 + 10 * n for n, w in enumerate(TENS)}}
MULTIPLIERS = {"hundred": 100, "dozen": 12}  # they multiply what comes before: "two hundred"
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
ARTICLES = frozenset({"a", "an"})  # "a million", "a week": one, at the start of a phrase only
DIGITS = re.compile(r"\d+(?:\.\d+)?")
GLUED = re.compile(r"(\d+(?:\.\d+)?)(k|m|bn)")  # "5m", "1.2bn"
HALF = ["and", "a", "half"]


def parse_number(words: str | Sequence[str]) -> float | None:
    """The value of a number phrase, given as text or as its tokens: "twenty-five" -> 25,
    "two and a half" -> 2.5, "a" -> 1, ["3.5", "million"] -> 3500000, "1,000" -> 1000;
    None for a vague amount ("several", "dozens", "a few")."""
    texts = [words] if isinstance(words, str) else words
    tokens = [w for text in texts for w in re.split(r"[-\s]+", text.lower().replace(",", "")) if w]
    if tokens[-3:] == HALF:
        base = parse_number(tokens[:-3])
        return None if base is None else base + 0.5
    total, current, seen = 0.0, 0.0, False
    for n, word in enumerate(tokens):
        glued = GLUED.fullmatch(word)
        if DIGITS.fullmatch(word):
            current, seen = float(word), True
        elif glued:
            total, current, seen = total + float(glued[1]) * SCALES[glued[2]], 0.0, True
        elif word in WORDS:
            current, seen = current + WORDS[word], True
        elif word in ARTICLES and n == 0:
            current, seen = 1.0, True
        elif word in MULTIPLIERS and seen:
            current *= MULTIPLIERS[word]
        elif word in SCALES and seen:
            total, current = total + current * SCALES[word], 0.0
        elif word != "and":
            return None
    return total + current if seen else None
