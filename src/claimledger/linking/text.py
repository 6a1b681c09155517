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

_WORD = re.compile(r"\d[\d,.]*\d|[^\W_]+(?:[-'’][^\W_]+)*")
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


def fold(text: str) -> str:
    """Lower case without accents: "Müller’s" and "muller's" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


def words(text: str) -> list[str]:
    """Word tokens, folded; possessive endings removed; numbers without separators."""
    out = []
    for match in _WORD.finditer(fold(text)):
        word = match.group()
        if word.endswith("'s"):
            word = word[:-2]
        if _DIGITS.match(word):
            word = word.replace(",", "")
        out.append(word)
    return out


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


def content_stems(text: str) -> frozenset[str]:
    """The stems of the content words of ``text`` (what a claim is about)."""
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1)


def negated(text: str) -> bool:
    """Whether the proposition carries a negation ("was not complete", "never happened")."""
    tokens = words(text)
    return any(w in NEGATIONS or w.endswith("n't") for w in tokens)
