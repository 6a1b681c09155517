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

What the later claim does to the earlier one (:func:`response`) follows from its cue and
its polarity: a confirming cue ("confirmed that …") confirms; a rejecting cue ("denied
that …") denies when its source is a party of the claim and disputes otherwise; an
opposite polarity ("was not complete") disputes; anything else repeats.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from claimledger.linking.text import content_stems, negated, words
from claimledger.nlp.lexicon import CONFIRM_VERBS, REJECT_VERBS

MIN_SHARED = 2
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
    events = new.events & old.events
    a, b = new.unified(events), old.unified(events)
    shared = a & b
    if len(shared) < MIN_SHARED or not a or not b:
        return None
    overlap = len(shared) / min(len(a), len(b))
    dice = 2 * len(shared) / (len(a) + len(b))
    if overlap < MIN_OVERLAP or dice < MIN_DICE:
        return None
    same_events = sorted(s for s in shared if s.startswith("@"))
    confidence = min(0.99, (overlap + dice) / 2 + (EVENT_BONUS if same_events else 0.0))
    named = sorted(s for s in shared if not s.startswith("@"))
    evidence = [f"shared words: {', '.join(named)}"] if named else []
    evidence += [f"same event {e[1:]}" for e in same_events]
    evidence.append(f"overlap {overlap:.2f}, Dice {dice:.2f}")
    return ClaimMatch(round(confidence, 3), tuple(sorted(shared)), tuple(evidence))


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
    if lemma in REJECT_VERBS:
        return "denied" if party else "disputed"
    if negated(new.text) != negated(old.text):
        return "disputed"
    return "repeats"
