"""Cheap, model-free text normalisation for comparing items across articles.

Linking runs on what the ledger stores (plain text), not on spaCy docs, so that
re-linking never re-parses: words are lower-cased, accents folded, function words
dropped and a light suffix stemmer maps inflections together ("completed", "complete",
"completion" -> "complet"). Precision matters more than recall here, so the stemmer is
deliberately conservative.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Hyphenated compounds are split ("third-quarter" -> third, quarter) so that they meet
# their spaced or single-word spellings; apostrophes stay inside a word ("don't").
_WORD = re.compile(r"\d[\d,.]*\d|[^\W_]+(?:['’][^\W_]+)*")
_DIGITS = re.compile(r"^\d[\d,.]*$")

# Function words, reporting verbs and hedges: they say how a claim is reported, not what.
_STOPWORD_TEXT = """
    a an the and or but nor so yet of to in on at by for from with without into onto over under
    about above below between among through during before after since until upon within
    this that these those it its it's they them their theirs he him his she her hers we us our
    you your i me my mine who whom whose which what when where why how than then there here
    is are was were be been being am has have had having do does did done will would shall
    should can could may might must also just only very more most less least much many some
    any all each every both either neither other such no not own same too as if while though
    although because whether up down out off again further once s t ’s 's said says say told
    tell telling saying claimed claims claim added adding according stated reported reportedly
    allegedly apparently possibly perhaps likely unlikely
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
NEGATIONS = frozenset({"not", "no", "never", "n't", "nothing", "none", "nobody", "neither", "nor", "without"})
# Longest first: the first suffix that leaves a stem of at least MIN_STEM letters is cut.
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ions",
    "ion",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "e",
    "s",
)
MIN_STEM = 4


# Linking a new article folds and stems the same stored names and claims again and again
# (every candidate's text, for every new article): memoised, storing 120 PolNeAR articles
# spent 40% of its time in fold and content_stems. All are pure, their results immutable.
@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents: "Müller’s" and "muller's" compare equal."""
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():  # nothing to decompose (most news text): 5x faster on a whole article
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    # The combining marks among the text's few distinct characters, dropped by one C
    # loop: 10 us an article, where a table of every mark in Unicode took 33 us to apply
    # and 60 ms to build, and a generator over the characters far longer.
    marks = [char for char in set(decomposed) if not char.isascii() and unicodedata.combining(char)]
    if marks:
        decomposed = decomposed.translate(dict.fromkeys(map(ord, marks)))
    return decomposed.lower().replace("’", "'")


def words(text: str) -> list[str]:
    """Word tokens, folded; possessive endings removed; numbers without separators."""
    return list(_words(text))  # a new list each time: callers may change theirs


def article_words(text: str) -> list[str]:
    """:func:`words` for a whole article, not memoised: an article is tokenised once (for
    its shingles), and keeping it would fill the memos with 65,536 articles' text and
    words, several hundred MB on a long run."""
    return list(_tokenize(_fold(text)))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return _tokenize(fold(text))


def _tokenize(folded: str) -> tuple[str, ...]:
    # One findall, then the two rewrites only where the text has what they rewrite (half
    # the time of a Python loop over matches). Only a number can hold a comma: the other
    # words are letters and apostrophes.
    found = _WORD.findall(folded)
    if "'s" in folded:
        found = [word[:-2] if word.endswith("'s") else word for word in found]
    if "," in folded:
        found = [word.replace(",", "") if "," in word else word for word in found]
    return tuple(found)


def stem(word: str) -> str:
    """A conservative suffix stemmer (no dictionary): inflections and common derivations."""
    if _DIGITS.match(word) or len(word) <= MIN_STEM:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            # "stopped" -> "stopp" -> "stop": undo a doubled final consonant.
            if len(base) > MIN_STEM and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            return base
    return word


@lru_cache(maxsize=1 << 16)
def content_stems(text: str) -> frozenset[str]:
    """The stems of the content words of ``text`` (what a claim is about); amounts become
    one token each, ``#<value>`` ("twelve" and "12" meet, "$1.2 billion" is one amount and
    its "billion" no longer looks like "bill")."""
    amounts = numbers(text)
    plain = NUMBER.sub(_drop_amount, fold(text))
    stems = {stem(w) for w in words(plain) if w not in STOPWORDS and len(w) > 1}
    return frozenset(stems | {f"#{n}" for n in amounts})


# -- Facets: parts of a proposition that must agree for two claims to be the same ---------



def _list(text: str) -> list[str]:
    return text.split()


_UNITS = {w: i for i, w in enumerate(_list(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"))}
_TENS = {w: 10 * i for i, w in enumerate(_list("_ _ twenty thirty forty fifty sixty seventy eighty ninety"))
         if i >= 2}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "m": 10**6, "mn": 10**6,
           "billion": 10**9, "bn": 10**9, "trillion": 10**12, "tn": 10**12}
_DIGIT_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_WORD_NUMBER = r"(?:{tens})(?:-(?:{units}))?|(?:{all})".format(
    tens="|".join(_TENS), units="|".join(w for w, v in _UNITS.items() if 0 < v < 10),
    all="|".join(sorted(_UNITS, key=len, reverse=True)),
)
# A number with an optional scale word: "1,200", "$1.2 billion", "£2m", "twenty-five",
# "a thousand". Years (1900-2100 standing alone) are dates, not amounts.
NUMBER = re.compile(
    r"(?<![\w.])(?:({digits})|({words})|(an?))(?:\s*-?\s*({scales}))?(?![\w])".format(
        digits=_DIGIT_NUMBER, words=_WORD_NUMBER, scales="|".join(sorted(_SCALES, key=len, reverse=True))
    ),
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(19|20)\d\d$|^2100$")


def _drop_amount(match: re.Match[str]) -> str:
    digits, _word, article, scale = match.groups()
    if (article and not scale) or (digits and not scale and _YEAR.match(digits)):
        return match.group(0)  # "a", and years, stay words
    return " "


@lru_cache(maxsize=1 << 16)
def numbers(text: str) -> frozenset[str]:
    """The amounts a text states, normalised: "twelve" = "12", "£2m" = "2000000"."""
    out = set()
    for match in NUMBER.finditer(fold(text)):
        digits, word, article, scale = match.groups()
        if article and not scale:
            continue  # "a" alone is not an amount
        if digits:
            if _YEAR.match(digits) and not scale:
                continue
            value = float(digits.replace(",", ""))
        elif word:
            parts = word.lower().split("-")
            ones = _UNITS[parts[1]] if len(parts) > 1 else 0
            value = float(_TENS.get(parts[0], _UNITS.get(parts[0], 0)) + ones)
        else:
            value = 1.0
        if scale:
            value *= _SCALES[scale.lower()]
        out.add(f"{value:.6g}" if value < 1e6 else f"{value:.0f}")
    return frozenset(out)


_MONTHS = _list("january february march april june july august september october november december "
                "jan feb mar apr jun jul aug sep sept oct nov dec")
_WEEKDAYS = _list("monday tuesday wednesday thursday friday saturday sunday")
_SEASONS = _list("spring summer autumn fall winter")
_DATE_WORD = re.compile(r"\b(?:{})\b".format("|".join(_MONTHS + _WEEKDAYS + _SEASONS)), re.IGNORECASE)
_MAY = re.compile(r"\bMay\b")  # the month, not the modal verb: only capitalised mid-sentence
_YEAR_IN_TEXT = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?![\d,])")
_MONTH_WORDS = "|".join([*_MONTHS, "may"])
# "3 June", "June 13th": the day of the month, next to a month name.
_ORDINAL = r"([0-3]?\d)(?:st|nd|rd|th)?"
_DAY_NUMBER = re.compile(
    rf"\b{_ORDINAL}\s+(?:of\s+)?(?:{_MONTH_WORDS})\b|\b(?:{_MONTH_WORDS})\s+{_ORDINAL}\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 16)
def dates(text: str) -> frozenset[str]:
    """The calendar words a text states: months, weekdays, seasons, years, days of month."""
    out = {w.lower()[:3] for w in _DATE_WORD.findall(text)}
    if _MAY.search(text[1:]):
        out.add("may")
    out |= {f"y{y}" for y in _YEAR_IN_TEXT.findall(text)}
    out |= {f"d{int(a or b)}" for a, b in _DAY_NUMBER.findall(text)}
    return frozenset(out)


# Words on opposite sides of a scale or an outcome. Two claims, one using only one side and
# the other only the other side, state different propositions ("prices will rise" / "prices
# will fall"), however many words they share.
OPPOSITES = (
    ("rise rose risen increase raise grow grew grown more higher up gain climb",
     "fall fell fallen decrease cut reduce lower freeze froze frozen less fewer drop"),
    ("open reopen", "close shut"),
    ("start begin began begun resume", "stop end halt suspend collapse"),
    ("accept approve", "reject refuse"),
    ("win won", "lose lost"),
    ("uphold upheld", "overturn quash"),
    ("arrest detain", "release free freed"),
    ("impose", "lift"),
    ("add", "cancel"),
    ("north", "south"),
    ("east", "west"),
)
_OPPOSITE_STEMS = tuple(
    (frozenset(stem(w) for w in left.split()), frozenset(stem(w) for w in right.split()))
    for left, right in OPPOSITES
)


# Every stem of OPPOSITES: most pairs of claims have none, and are done with in two
# intersections instead of forty-four (opposite() was a tenth of linking claims).
_ANY_OPPOSITE = frozenset().union(*(left | right for left, right in _OPPOSITE_STEMS))


def opposite(a: frozenset[str], b: frozenset[str]) -> str | None:
    """A pair of opposite words the two stem sets take sides on, or None."""
    a, b = a & _ANY_OPPOSITE, b & _ANY_OPPOSITE
    if not a or not b:
        return None
    for left, right in _OPPOSITE_STEMS:
        a_left, a_right, b_left, b_right = a & left, a & right, b & left, b & right
        if a_left and not a_right and b_right and not b_left:
            return f"{min(a_left)} / {min(b_right)}"
        if a_right and not a_left and b_left and not b_right:
            return f"{min(a_right)} / {min(b_left)}"
    return None


def negated(text: str) -> bool:
    """Whether the proposition carries a negation ("was not complete", "never happened")."""
    tokens = words(text)
    return any(w in NEGATIONS or w.endswith("n't") for w in tokens)
