"""Attribution scoring: precision, recall and F1 for content, source and cue spans.

Pure functions over character offsets; nothing here knows about spaCy or the corpus
format. A gold span may be discontinuous (sorted fragments); a predicted span is one
``(start, end)``.

Content, overlap mode (the issue's rule; long indirect contents make exact boundaries a
poor judge of whether an attribution was found):

* a gold attribution is *found* when one predicted content span covers at least 50% of
  its content characters (coverage by several predictions is not added up);
* a prediction is *correct* when at least 50% of its characters lie in one gold content.

So P = correct / predictions and R = found / gold; ``tp`` in the tables is the number
found, ``fp`` the predictions that are not correct, ``fn`` the gold not found.

Content, exact mode: the two spans have the same boundaries once both are trimmed of
whitespace, quote marks (“ ” " ‘ ’ ' « ») and edge punctuation (, . : ;). A gold span
with several fragments counts as its first start to its last end. Pairs are one-to-one.

Source and cue: predictions are first paired one-to-one with gold attributions through
their content: a pair is allowed when it passes the content overlap rule in either
direction, and pairs are taken greedily, most shared characters first (ties: earlier
prediction, then earlier gold). Then, for each pair where both sides have a source:

* overlap: right when the predicted source shares at least one character with a gold
  source fragment;
* exact: right when the trimmed boundaries are equal (as for content).

Precision divides by the predictions that have a source, recall by the gold attributions
that have one; a source on an unpaired prediction is a false positive. Cue likewise.
Both modes use the same pairing, so source and cue scores do not depend on exact content
boundaries. Documents are micro-averaged: counts are summed, then divided.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from claimledger.evaluation.brat import Fragment, Fragments

FIELDS = ("content", "source", "cue")
MODES = ("exact", "overlap")
THRESHOLD = 0.5
TRIM = frozenset(" \t\n\r\f\v\u00a0“”\"‘’'«»,.:;")


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall; 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution; fragments are sorted left to right."""

    id: str
    content: Fragments
    source: Fragments | None = None
    cue: Fragments | None = None


class Predicted(NamedTuple):
    """One attribution from a system: character offsets into the article text."""

    content: Fragment
    source: Fragment | None = None
    cue: Fragment | None = None


@dataclass(frozen=True, slots=True)
class Counts:
    """Tallies for one field and mode; see the module docstring for what counts."""

    n_pred: int = 0
    n_gold: int = 0
    pred_ok: int = 0  # predictions judged correct (precision numerator)
    gold_ok: int = 0  # gold attributions found (recall numerator)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.n_pred + other.n_pred, self.n_gold + other.n_gold,
                      self.pred_ok + other.pred_ok, self.gold_ok + other.gold_ok)

    @property
    def tp(self) -> int:
        return self.gold_ok

    @property
    def fp(self) -> int:
        return self.n_pred - self.pred_ok

    @property
    def fn(self) -> int:
        return self.n_gold - self.gold_ok

    @property
    def precision(self) -> float:
        return self.pred_ok / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.gold_ok / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, float | int]:
        return {"n_pred": self.n_pred, "n_gold": self.n_gold, "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "pred_ok": self.pred_ok, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


# Keys are "<field>_<mode>", e.g. "content_overlap".
Scores = dict[str, Counts]


def empty_scores() -> Scores:
    return {f"{field}_{mode}": Counts() for field in FIELDS for mode in MODES}


def add_scores(a: Scores, b: Scores) -> Scores:
    return {key: a.get(key, Counts()) + b.get(key, Counts()) for key in a.keys() | b.keys()}


def micro_average(per_document: Iterable[Scores]) -> Scores:
    total = empty_scores()
    for scores in per_document:
        total = add_scores(total, scores)
    return total


def score_document(text: str, gold: Sequence[GoldAttribution],
                   predicted: Sequence[Predicted]) -> Scores:
    """All six counts for one document."""
    pairs = pair_by_content(gold, predicted)
    scores = {
        "content_overlap": content_overlap(gold, predicted),
        "content_exact": content_exact(text, gold, predicted),
    }
    for field in ("source", "cue"):
        for mode in MODES:
            scores[f"{field}_{mode}"] = paired_field(text, gold, predicted, pairs, field, mode)
    return scores


def content_overlap(gold: Sequence[GoldAttribution], predicted: Sequence[Predicted]) -> Counts:
    found = sum(
        any(shared(p.content, g.content) >= THRESHOLD * length(g.content) for p in predicted)
        for g in gold if length(g.content)
    )
    correct = sum(
        any(shared(p.content, g.content) >= THRESHOLD * width(p.content) for g in gold)
        for p in predicted if width(p.content)
    )
    return Counts(len(predicted), len(gold), correct, found)


def content_exact(text: str, gold: Sequence[GoldAttribution],
                  predicted: Sequence[Predicted]) -> Counts:
    gold_keys = Counter(trim(text, hull(g.content)) for g in gold)
    pred_keys = Counter(trim(text, p.content) for p in predicted)
    matched = sum((gold_keys & pred_keys).values())
    return Counts(len(predicted), len(gold), matched, matched)


def pair_by_content(gold: Sequence[GoldAttribution],
                    predicted: Sequence[Predicted]) -> list[tuple[int, int]]:
    """(prediction index, gold index) pairs, one-to-one, greedy by shared characters."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            common = shared(p.content, g.content)
            if common and (common >= THRESHOLD * length(g.content)
                           or common >= THRESHOLD * width(p.content)):
                candidates.append((-common, i, j))
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates):
        if i not in used_pred and j not in used_gold:
            used_pred.add(i)
            used_gold.add(j)
            pairs.append((i, j))
    return pairs


def paired_field(text: str, gold: Sequence[GoldAttribution], predicted: Sequence[Predicted],
                 pairs: Sequence[tuple[int, int]], field: str, mode: str) -> Counts:
    right = 0
    for i, j in pairs:
        guess: Fragment | None = getattr(predicted[i], field)
        truth: Fragments | None = getattr(gold[j], field)
        if guess is None or truth is None:
            continue
        if mode == "overlap":
            right += shared(guess, truth) > 0
        else:
            right += trim(text, guess) == trim(text, hull(truth))
    n_pred = sum(getattr(p, field) is not None for p in predicted)
    n_gold = sum(getattr(g, field) is not None for g in gold)
    return Counts(n_pred, n_gold, right, right)


def width(span: Fragment) -> int:
    return max(0, span[1] - span[0])


def length(fragments: Fragments) -> int:
    return sum(width(f) for f in _merged(fragments))


def shared(span: Fragment, fragments: Fragments) -> int:
    """Characters of ``span`` that lie in ``fragments``."""
    start, end = span
    return sum(max(0, min(end, e) - max(start, s)) for s, e in _merged(fragments))


def hull(fragments: Fragments) -> Fragment:
    return min(s for s, _ in fragments), max(e for _, e in fragments)


def trim(text: str, span: Fragment) -> Fragment:
    """``span`` without leading/trailing whitespace, quote marks and edge punctuation."""
    start, end = max(0, span[0]), min(len(text), span[1])
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _merged(fragments: Fragments) -> list[Fragment]:
    """Sorted fragments with overlaps joined, so no character is counted twice."""
    out: list[Fragment] = []
    for s, e in sorted(fragments):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
