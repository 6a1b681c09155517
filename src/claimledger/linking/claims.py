"""The same proposition across articles, and how a later article responds to it.

Two claims are compared on their content-word stems (linking/text.py), with one twist
that carries most paraphrases in news: words that name an event the two articles share
("the takeover" / "the acquisition", linked by linking/events.py) count as one word.
They are the same proposition when

* they share at least ``MIN_SHARED`` stems (an event counts as one),
* the shorter one has at least ``MIN_OVERLAP`` of its stems in the other (overlap
  coefficient: a bare "the takeover was complete" is inside "both companies confirmed the
  acquisition of the 40 stores was completed"), and
* their Dice coefficient is at least ``MIN_DICE`` (a two-word claim is not "the same"
  as a forty-word paragraph that happens to contain both words).

The confidence is the mean of the overlap and Dice coefficients, plus a bonus when an
event is shared. The method is lexical on purpose: it needs no model, it explains itself
("shared: complet, exchange event"), and a miss costs a link, never a wrong one.

Shared words are not enough when the claims disagree on a detail that makes them
different propositions (:func:`conflict`): each states an amount or a date the other
lacks, or they take opposite sides of a scale ("rise" / "fall").

What the later claim does to the earlier one (:func:`response`) follows from its cue and
its polarity: a confirming cue ("confirmed that …") confirms; a rejecting cue ("denied
that …") or the opposite polarity ("was not complete") denies when its source is a party
of the claim and disputes otherwise; a contesting cue ("disputed", "questioned") disputes;
anything else repeats.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from claimledger.linking.text import content_stems, dates, negated, numbers, opposite, words
from claimledger.nlp.lexicon import CONFIRM_VERBS, REJECT_VERBS

MIN_SHARED = 2
# Rejecting cues that contest rather than deny: from a party too, the claim is disputed.
CONTESTING_VERBS = frozenset({"dispute", "question", "contest", "challenge"})
MIN_OVERLAP = 0.75
MIN_DICE = 0.3
EVENT_BONUS = 0.1


@dataclass(frozen=True, slots=True)
class ClaimRef:
    article_id: str
    item_id: str
    text: str
    source_name: str | None = None
    source_key: str | None = None  # entity cluster, or the anonymous source's words
    cue: str | None = None
    standing: str = "claimed"
    events: frozenset[str] = frozenset()  # event cluster ids the claim mentions
    event_words: frozenset[str] = frozenset()  # stems of those events' mentions
    stems: frozenset[str] = field(default=frozenset())  # content stems of the text
    # The stems that do not name its events: the fewest :meth:`unified` can leave (for
    # :func:`may_match`'s bound).
    fewest: int = field(init=False, compare=False, default=0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fewest", len(self.stems - self.event_words))

    @classmethod
    def build(cls, article_id: str, item_id: str, text: str, **kwargs: object) -> ClaimRef:
        ref = cls(article_id, item_id, text, **kwargs)  # type: ignore[arg-type]
        return dataclasses.replace(ref, stems=content_stems(text))

    def unified(self, shared_events: frozenset[str]) -> frozenset[str]:
        """The stems with the words naming a shared event replaced by that event."""
        if not shared_events:
            return self.stems
        return (self.stems - self.event_words) | {f"@{e}" for e in shared_events}

    def blocking_keys(self) -> list[str]:
        """Blocking keys: the content stems and the events."""
        return sorted(self.stems | {f"@{e}" for e in self.events})


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    confidence: float
    shared: tuple[str, ...]
    evidence: tuple[str, ...]


def compare(new: ClaimRef, old: ClaimRef) -> ClaimMatch | None:
    """Whether two claims state the same proposition (polarity aside); None if not."""
    found = _overlap(new, old)
    if found is None:
        return None
    shared, overlap, dice = found
    same_events = sorted(s for s in shared if s.startswith("@"))
    named = sorted(s for s in shared if not s.startswith("@"))
    evidence = [f"shared words: {', '.join(named)}"] if named else []
    evidence += [f"same event {e[1:]}" for e in same_events]
    evidence.append(f"overlap {overlap:.2f}, Dice {dice:.2f}")
    return ClaimMatch(_confidence(shared, overlap, dice), tuple(sorted(shared)), tuple(evidence))


def confidence(new: ClaimRef, old: ClaimRef) -> float | None:
    """``compare(new, old).confidence``, or None, with no evidence written out: a linker
    scores every candidate and explains the best one only (a fifth of them match)."""
    found = _overlap(new, old)
    return None if found is None else _confidence(*found)


def may_match(new: ClaimRef, old: ClaimRef, shared_keys: int) -> bool:
    """False when two claims that share at most ``shared_keys`` of their blocking keys
    cannot match, whatever events they share: :func:`compare` would say None.

    Exact: the stems two claims share after :meth:`ClaimRef.unified` are among their
    shared keys (stems and events), and each side keeps at least its ``fewest`` stems, so
    overlap and Dice are at most these bounds. A linker knows the shared keys from its
    postings, and half the candidates fail here without a comparison.
    """
    fewest = min(new.fewest, old.fewest)
    if fewest == 0:
        return True
    return shared_keys / fewest >= MIN_OVERLAP and 2 * shared_keys / (new.fewest + old.fewest) >= MIN_DICE


def _overlap(new: ClaimRef, old: ClaimRef) -> tuple[frozenset[str], float, float] | None:
    """The stems two claims share, overlap and Dice, if they state the same proposition."""
    events = new.events & old.events
    a, b = new.unified(events), old.unified(events)
    shared = a & b
    if len(shared) < MIN_SHARED or not a or not b:
        return None
    overlap = len(shared) / min(len(a), len(b))
    dice = 2 * len(shared) / (len(a) + len(b))
    if overlap < MIN_OVERLAP or dice < MIN_DICE:
        return None
    if conflict(new.text, old.text, a, b) is not None:
        return None
    return shared, overlap, dice


def _confidence(shared: frozenset[str], overlap: float, dice: float) -> float:
    same_event = any(s.startswith("@") for s in shared)
    return round(min(0.99, (overlap + dice) / 2 + (EVENT_BONUS if same_event else 0.0)), 3)


def conflict(
    new_text: str, old_text: str, new_stems: frozenset[str], old_stems: frozenset[str]
) -> str | None:
    """Why two claims that share most words still state different things, or None.

    Each claim states an amount (or a date) the other lacks: "cut 2,000 jobs" is not
    "cut 200 jobs", "close in March" is not "close in May"; a claim with an amount and one
    without can still agree ("the swap was complete" / "1,000 prisoners were exchanged").
    Or they take opposite sides of a scale or an outcome: "prices will rise" / "prices will
    fall" (text.OPPOSITES).
    """
    for facet, label in ((numbers, "amounts"), (dates, "dates")):
        x, y = facet(new_text), facet(old_text)
        if x - y and y - x:
            return f"different {label}: {', '.join(sorted(x - y))} / {', '.join(sorted(y - x))}"
    sides = opposite(new_stems, old_stems)
    return None if sides is None else f"opposite words: {sides}"


def cue_lemma(cue: str | None) -> str | None:
    """A cue's verb in dictionary form, without a model: "denied" -> "deny"."""
    if not cue:
        return None
    tokens = words(cue)
    if not tokens:
        return None
    word = tokens[-1] if tokens[-1] not in {"that", "it"} else tokens[0]
    for lemma in (word, *_candidates(word)):
        if lemma in CONFIRM_VERBS or lemma in REJECT_VERBS:
            return lemma
    return word


def _candidates(word: str) -> list[str]:
    out = []
    if word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    for suffix in ("ed", "es", "s", "ing", "d"):
        if word.endswith(suffix):
            out.append(word[: -len(suffix)])
            out.append(word[: -len(suffix)] + "e")
    return out


def response(new: ClaimRef, old: ClaimRef, *, party: bool) -> str:
    """What ``new`` does to ``old``: confirmed, denied, disputed or repeats.

    ``party``: whether ``new``'s source is a party the claim concerns (its name is in the
    claim, or it takes part in the claim's event); a party's rejection is a denial.
    """
    lemma = cue_lemma(new.cue)
    if lemma in CONFIRM_VERBS:
        return "confirmed"
    if lemma in CONTESTING_VERBS:
        return "disputed"  # "X disputed that ...": contested, even by a party; not a denial
    if lemma in REJECT_VERBS:
        return "denied" if party else "disputed"
    if negated(new.text) != negated(old.text):
        return "denied" if party else "disputed"
    return "repeats"
