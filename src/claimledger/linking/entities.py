"""The same person or organisation across articles, by name.

Blocking keys (``link_keys``) are normalised names; a new entity is compared only with
entities sharing one. The rules, in order of confidence:

* **same full name** (folded case and accents, titles dropped): "Maria Ortega" =
  "maria ortega" (0.95);
* **initial and surname**: "M. Ortega" = "Maria Ortega" (0.85);
* **surname alone** ("Ortega") joins a full name only when exactly one person cluster in
  the ledger carries that surname; two people called Smith and the surname stays apart
  (0.75). A wrong merge would put words in someone's mouth, so ambiguity means no link;
* **acronym** of an organisation: "NATO" = "North Atlantic Treaty Organization" (0.8).

Shared role words ("foreign minister") are listed as evidence and add a little confidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from claimledger.linking.text import fold, words
from claimledger.nlp.lexicon import TITLE_WORDS

PERSON = "PERSON"
# Types whose names are compared as names of one kind: a GPE "Georgia" is not a PERSON.
TYPE_GROUP = {"PERSON": "p", "ORG": "o", "GPE": "g", "NORP": "n", "LOC": "g", "FAC": "f"}
_ORG_FILLERS = frozenset({"the", "of", "and", "for", "&"})


@dataclass(frozen=True, slots=True)
class EntityRef:
    article_id: str
    item_id: str
    name: str
    type: str
    roles: tuple[str, ...] = ()

    @property
    def group(self) -> str:
        return TYPE_GROUP.get(self.type, "x")

    @property
    def tokens(self) -> list[str]:
        return list(_tokens(self.name, self.type))

    def blocking_keys(self) -> list[str]:
        """Blocking keys: the full name, and for people the surname."""
        tokens = self.tokens
        if not tokens:
            return []
        keys = [f"{self.group}:{' '.join(tokens)}"]
        if self.type == PERSON:
            keys.append(f"p~{tokens[-1]}")
        elif len(tokens) == 1 and len(tokens[0]) >= 2:
            keys.append(f"{self.group}^{tokens[0]}")  # an acronym-looking single word
        else:
            initials = "".join(w[0] for w in tokens if w not in _ORG_FILLERS)
            if len(initials) >= 2:
                keys.append(f"{self.group}^{initials}")
        return keys


@dataclass(frozen=True, slots=True)
class EntityMatch:
    confidence: float
    rule: str
    evidence: tuple[str, ...]


def compare(new: EntityRef, old: EntityRef, *, surname_unique: bool) -> EntityMatch | None:
    """Whether two entities of different articles are the same; None when unsure."""
    if new.group != old.group:
        return None
    a, b = new.tokens, old.tokens
    if not a or not b:
        return None
    match: EntityMatch | None = None
    if a == b:
        match = EntityMatch(0.95, "name", (f"same name “{old.name}”",))
    elif new.type == PERSON:
        match = _person(new, old, a, b, surname_unique)
    else:
        match = _acronym(new, old, a, b)
    if match is None:
        return match
    shared = sorted(set(new.roles) & set(old.roles))
    if shared:
        bonus = min(0.04, 0.02 * len(shared))
        return EntityMatch(
            min(0.99, match.confidence + bonus), match.rule, (*match.evidence, f"both {' '.join(shared)}")
        )
    return match


def _person(
    new: EntityRef, old: EntityRef, a: list[str], b: list[str], surname_unique: bool
) -> EntityMatch | None:
    if a[-1] != b[-1]:
        return None
    if len(a) > 1 and len(b) > 1:
        first_a, first_b = a[0], b[0]
        if (len(first_a) == 1 or len(first_b) == 1) and first_a[0] == first_b[0]:
            return EntityMatch(0.85, "initial", (f"“{new.name}” has the initial of “{old.name}”",))
        return None  # two first names that differ: two people with one surname
    if surname_unique:
        return EntityMatch(0.75, "surname", (f"surname “{a[-1]}”, one person in the ledger with it",))
    return None


def _acronym(new: EntityRef, old: EntityRef, a: list[str], b: list[str]) -> EntityMatch | None:
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(short) != 1 or len(long_) < 2:
        return None
    initials = "".join(w[0] for w in long_ if w not in _ORG_FILLERS)
    if short[0] == initials and len(initials) >= 2:
        names = (new.name, old.name) if short is a else (old.name, new.name)
        return EntityMatch(0.8, "acronym", (f"“{names[0]}” is the initials of “{names[1]}”",))
    return None


def folded_name(name: str) -> str:
    return fold(name).strip()


@lru_cache(maxsize=1 << 16)
def _tokens(name: str, type: str) -> tuple[str, ...]:
    """A name's words as compared: a person's without titles, others' without "the"
    (cached: linking asks for them once per candidate pair)."""
    out = words(name)
    if type == PERSON:
        out = [w for w in out if w not in TITLE_WORDS]
    elif out and out[0] == "the":
        out = out[1:]
    return tuple(out)
