"""Time expressions scored against MEANTIME's TIMEX3 gold, TempEval-3 style.

What counts, and why:

* Gold is every TIMEX3 with text except the document creation time
  (``functionInDocument="CREATION_TIME"``, the dateline): its value is the ``published``
  anchor the system gets, so it would be scored against itself. A prediction that overlaps
  the dateline is not counted either way. Empty TIMEX3s (no tokens) are not in the gold.
* MEANTIME's document-level annotation, time expressions included, covers only the
  first six sentences of each article: the headline, the dateline and four sentences (in
  the apple/airbus folders no TIMEX3 lies further on; the cross-document layer adds event
  mentions later in the text, but no times). Predictions that start after the sixth line
  (the loader writes one sentence per line) are not counted: they would be false positives
  only because nobody annotated that far.
* Detection: *strict* when the trimmed boundaries are equal, *relaxed* when the spans
  share a character. Pairs are one-to-one, most shared characters first (ties: the pair
  with the smaller union, then earlier gold, then earlier prediction).
* *Value accuracy*: the share of relaxed matches whose value is the gold value (exact
  string, case and spaces aside). *Value F1* is TempEval-3's: a relaxed match counts only
  when its value is right, P over all predictions, R over all gold.

Documents are micro-averaged: counts are summed, then divided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import spacy
from spacy.language import Language

from claimledger.evaluation.meantime import load_meantime, with_corpus_sentences
from claimledger.evaluation.scoring import f1
from claimledger.nlp.times import find_times
from claimledger.settings import DEFAULT_MODEL
from claimledger.types import TimeExpression

DCT = "CREATION_TIME"
# TempEval-3 value F1 on its test set: the published anchor for time normalisation.
ANCHORS = (("HeidelTime", 0.7761), ("SUTime", 0.6738))
ANNOTATED_LINES = 6  # headline, dateline, four sentences: MEANTIME's document-level annotation
TRIM = " \t\n\r\u00a0,.;:\"'“”‘’()"


class TimexLike(Protocol):
    """What the scorer reads of a gold TIMEX3 (``GoldTimex`` of ``evaluation.meantime``)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def function(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Miss:
    """One error, for reading: a gold timex not found, a prediction with no gold, or a
    relaxed match with the wrong value."""

    document: str
    kind: str  # "missed", "spurious" or "value"
    gold_text: str | None = None
    gold_value: str | None = None
    text: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class TimexCounts:
    """Tallies over one or more documents (see the module docstring for what counts)."""

    n_gold: int = 0
    n_pred: int = 0
    strict: int = 0  # strict matches
    relaxed: int = 0  # relaxed matches
    value_right: int = 0  # relaxed matches with the gold value

    def __add__(self, other: TimexCounts) -> TimexCounts:
        return TimexCounts(self.n_gold + other.n_gold, self.n_pred + other.n_pred,
                           self.strict + other.strict, self.relaxed + other.relaxed,
                           self.value_right + other.value_right)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


@dataclass(frozen=True, slots=True)
class TimexReport:
    """Scores of one run; ``misses`` lists the errors for reading."""

    counts: TimexCounts
    documents: int = 0
    misses: tuple[Miss, ...] = field(default=(), repr=False)

    def precision(self, mode: str) -> float:
        return _ratio(self._hits(mode), self.counts.n_pred)

    def recall(self, mode: str) -> float:
        return _ratio(self._hits(mode), self.counts.n_gold)

    def f1(self, mode: str) -> float:
        """``mode``: "strict", "relaxed" or "value" (TempEval-3 value F1)."""
        return f1(self.precision(mode), self.recall(mode))

    @property
    def value_accuracy(self) -> float:
        return _ratio(self.counts.value_right, self.counts.relaxed)

    def _hits(self, mode: str) -> int:
        c = self.counts
        return {"strict": c.strict, "relaxed": c.relaxed, "value": c.value_right}[mode]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.documents, "n_gold": self.counts.n_gold,
                               "n_pred": self.counts.n_pred}
        for mode in ("strict", "relaxed", "value"):
            out[mode] = {"precision": round(self.precision(mode), 4), "recall": round(self.recall(mode), 4),
                         "f1": round(self.f1(mode), 4)}
        out["value_accuracy"] = round(self.value_accuracy, 4)
        return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _same_value(gold: str | None, predicted: str | None) -> bool:
    if not gold or predicted is None:
        return False
    return "".join(gold.split()).upper() == "".join(predicted.split()).upper()


def pair_up(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs of overlapping spans, most shared
    characters first; ties go to the tighter pair (smaller union: "2009" pairs with gold
    "2009" before gold "from 2009 to 2011"), then the earlier gold and prediction."""
    options = []
    for i, (gs, ge) in enumerate(gold):
        for j, (ps, pe) in enumerate(predicted):
            shared = min(ge, pe) - max(gs, ps)
            if shared > 0:
                options.append((-shared, max(ge, pe) - min(gs, ps), i, j))
    pairs, used_gold, used_pred = [], set(), set()
    for _, _, i, j in sorted(options):
        if i not in used_gold and j not in used_pred:
            pairs.append((i, j))
            used_gold.add(i)
            used_pred.add(j)
    return pairs


def score_document(text: str, gold: Sequence[TimexLike], predicted: Sequence[TimeExpression], *,
                   limit: int | None = None, name: str = "") -> tuple[TimexCounts, list[Miss]]:
    """Score one document's predictions against its gold TIMEX3s.

    The dateline (``function == "CREATION_TIME"``) is dropped from the gold, and predictions
    that overlap it or start at or after ``limit`` are dropped unscored.
    """
    datelines = [(g.start, g.end) for g in gold if g.function == DCT]
    golds = [g for g in gold if g.function != DCT and g.end > g.start]
    preds = [p for p in predicted
             if (limit is None or p.start < limit)
             and not any(p.start < e and s < p.end for s, e in datelines)]
    gold_spans = [_trimmed(text, g.start, g.end) for g in golds]
    pred_spans = [_trimmed(text, p.start, p.end) for p in preds]
    pairs = pair_up(gold_spans, pred_spans)
    strict = sum(1 for i, j in pairs if gold_spans[i] == pred_spans[j])
    right = [(i, j) for i, j in pairs if _same_value(golds[i].value, preds[j].value)]
    misses = [Miss(name, "value", golds[i].text, golds[i].value, preds[j].text, preds[j].value)
              for i, j in pairs if (i, j) not in right]
    paired_gold = {i for i, _ in pairs}
    paired_pred = {j for _, j in pairs}
    misses += [Miss(name, "missed", g.text, g.value) for i, g in enumerate(golds) if i not in paired_gold]
    misses += [Miss(name, "spurious", text=p.text, value=p.value)
               for j, p in enumerate(preds) if j not in paired_pred]
    counts = TimexCounts(len(golds), len(preds), strict, len(pairs), len(right))
    return counts, misses


def annotated_limit(text: str, lines: int = ANNOTATED_LINES) -> int:
    """Where the annotated start of an article ends: the end of its ``lines``-th line."""
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def published_of(dct: str | None) -> date | None:
    """The anchor from the dateline's value ("2008-03-06"), None when it has none."""
    if not dct:
        return None
    try:
        return date.fromisoformat(dct[:10])
    except ValueError:
        return None


def score_corpus(docs: Sequence[Any], predicted: Sequence[Sequence[TimeExpression]]) -> TimexReport:
    """Score predictions (one list per document, in the same order) against MEANTIME
    documents (``MeantimeDoc``-like: name, text, timexes), within the annotated lines."""
    total, misses = TimexCounts(), []
    for doc, times in zip(docs, predicted, strict=True):
        counts, doc_misses = score_document(doc.text, doc.timexes, times,
                                            limit=annotated_limit(doc.text), name=doc.name)
        total += counts
        misses += doc_misses
    return TimexReport(total, len(docs), tuple(misses))


def evaluate_times(data_dir: str | Path | None = None, nlp: Language | None = None) -> TimexReport:
    """claimledger's time expressions on the MEANTIME articles that are here, each anchored
    on its own dateline's value."""
    docs = load_meantime(data_dir)
    pipeline = nlp if nlp is not None else spacy.load(DEFAULT_MODEL)
    parsed = pipeline.pipe(with_corpus_sentences(pipeline.make_doc(d.text)) for d in docs)
    predicted = [find_times(parse, published_of(d.dct)) for d, parse in zip(docs, parsed, strict=True)]
    return score_corpus(docs, predicted)


def format_table(report: TimexReport, *, misses: bool = False) -> str:
    """A Markdown table: detection (strict, relaxed), value accuracy and value F1, with the
    published TempEval-3 anchors; ``misses`` adds the error list."""
    c = report.counts
    lines = [
        f"MEANTIME time expressions: {c.n_gold} gold, {c.n_pred} predicted in {report.documents} documents",
        "",
        "| measure | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for mode, label in (("strict", "detection (strict)"), ("relaxed", "detection (relaxed)"),
                        ("value", "value (TempEval-3)")):
        lines.append(f"| {label} | {report.precision(mode):.3f} | {report.recall(mode):.3f} | "
                     f"{report.f1(mode):.3f} |")
    lines += ["", f"value accuracy on relaxed matches: {report.value_accuracy:.3f} "
                  f"({c.value_right}/{c.relaxed})",
              "published value F1 (TempEval-3): " + ", ".join(f"{n} {v * 100:.2f}" for n, v in ANCHORS)]
    if misses:
        lines += ["", "| document | error | gold | gold value | predicted | value |",
                  "| --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {m.document} | {m.kind} | {m.gold_text or ''} | {m.gold_value or ''} | "
                  f"{m.text or ''} | {m.value or ''} |" for m in report.misses]
    return "\n".join(lines)
