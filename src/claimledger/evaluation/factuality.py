"""Event factuality scored against MEANTIME's gold event mentions.

The gold mentions are given, so this measures :func:`~claimledger.nlp.factuality.factuality_of`
alone, not event detection: each gold span's head token in the spaCy parse is the
trigger. Choices that decide the numbers:

* Classes are MEANTIME's derived ones (``claimledger.evaluation.meantime``): happened,
  planned, possible, negated. Our ``ongoing`` is scored as ``happened``: MEANTIME has no
  such class and files events in progress under certain, non-future, positive.
* Mentions the annotators left without attributes are not scored.
* Sentence boundaries are the corpus's (one sentence per line of the rebuilt text), set
  before the parser runs, so a headline is never parsed into the next sentence.
* The macro-averaged recall is over the four gold classes, so the always-"happened"
  baseline scores 0.25 on it whatever the class balance: accuracy alone would reward
  that baseline (about 77% of the mentions happened).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from claimledger.evaluation.meantime import GoldEvent, MeantimeDoc, load_meantime, with_corpus_sentences
from claimledger.evaluation.scoring import f1
from claimledger.nlp.factuality import factuality_of
from claimledger.settings import DEFAULT_MODEL
from claimledger.types import Factuality

CLASSES = ("happened", "planned", "possible", "negated")
BASELINE = "happened"
# Our classes that MEANTIME does not have, and the gold class they are scored as.
SCORED_AS = {Factuality.ONGOING.value: "happened"}


@dataclass(frozen=True, slots=True)
class ClassScore:
    """Precision, recall and F1 of one class; ``support`` gold, ``predicted`` system."""

    label: str
    support: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


@dataclass(frozen=True, slots=True)
class FactualityReport:
    """Scores of the rules and of the always-"happened" baseline on the same mentions."""

    classes: tuple[ClassScore, ...]
    total: int
    correct: int
    baseline_correct: int
    confusion: tuple[tuple[str, str, int], ...]  # (gold, predicted, count), sorted
    documents: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def macro_recall(self) -> float:
        return sum(c.recall for c in self.classes) / len(self.classes) if self.classes else 0.0

    @property
    def baseline_accuracy(self) -> float:
        return self.baseline_correct / self.total if self.total else 0.0

    @property
    def baseline_macro_recall(self) -> float:
        hit = sum(1 for c in self.classes if c.label == BASELINE and c.support)
        return hit / len(self.classes) if self.classes else 0.0

    def score(self, label: str) -> ClassScore:
        for c in self.classes:
            if c.label == label:
                return c
        raise KeyError(f"no class {label!r}; the classes are {', '.join(CLASSES)}")


def score_factuality(pairs: Iterable[tuple[str, str]], documents: int = 0) -> FactualityReport:
    """Score ``(gold, predicted)`` class pairs; predictions outside MEANTIME's classes are
    mapped first (``ongoing`` → ``happened``)."""
    confusion: Counter[tuple[str, str]] = Counter()
    for gold, predicted in pairs:
        confusion[gold, SCORED_AS.get(predicted, predicted)] += 1
    classes = tuple(
        ClassScore(
            label=label,
            support=sum(n for (g, _), n in confusion.items() if g == label),
            predicted=sum(n for (_, p), n in confusion.items() if p == label),
            correct=confusion[label, label],
        )
        for label in CLASSES
    )
    total = sum(confusion.values())
    return FactualityReport(
        classes=classes,
        total=total,
        correct=sum(n for (g, p), n in confusion.items() if g == p),
        baseline_correct=sum(n for (g, _), n in confusion.items() if g == BASELINE),
        confusion=tuple(sorted((g, p, n) for (g, p), n in confusion.items())),
        documents=documents,
    )


def evaluate_factuality(data_dir: str | Path | None = None, *,
                        nlp: Language | None = None) -> FactualityReport:
    """Classify every annotated gold event mention of MEANTIME and score the result.
    ``nlp`` lets a caller reuse a loaded pipeline (loading costs ~0.5 s)."""
    docs = load_meantime(data_dir)
    pipeline = nlp if nlp is not None else spacy.load(DEFAULT_MODEL)
    pairs = [(gold.factuality, predicted.value) for gold, predicted in predictions(docs, pipeline)]
    return score_factuality(pairs, documents=len(docs))


def predictions(docs: list[MeantimeDoc], nlp: Language) -> Iterator[tuple[GoldEvent, Factuality]]:
    """Each scored gold mention with the class the rules give its head token."""
    parsed = nlp.pipe(with_corpus_sentences(nlp.make_doc(d.text)) for d in docs)
    for doc, spacy_doc in zip(docs, parsed, strict=True):
        for event in doc.events:
            if event.factuality not in CLASSES:
                continue
            span = spacy_doc.char_span(event.start, event.end, alignment_mode="expand")
            if span is None:  # cannot happen with "expand" on a non-empty span; kept safe
                continue
            yield event, factuality_of(span.root)


def format_table(report: FactualityReport) -> str:
    """A Markdown table: one row per class, then the summary against the baseline."""
    lines = [
        f"MEANTIME event factuality: {report.total} gold mentions"
        + (f" in {report.documents} documents" if report.documents else ""),
        "",
        "| class | support | predicted | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in report.classes:
        lines.append(f"| {c.label} | {c.support} | {c.predicted} | {c.precision:.3f} | "
                     f"{c.recall:.3f} | {c.f1:.3f} |")
    lines += [
        "",
        "| system | accuracy | macro recall |",
        "| --- | ---: | ---: |",
        f"| claimledger rules | {report.accuracy:.3f} | {report.macro_recall:.3f} |",
        f"| always \"{BASELINE}\" | {report.baseline_accuracy:.3f} | {report.baseline_macro_recall:.3f} |",
    ]
    return "\n".join(lines)
