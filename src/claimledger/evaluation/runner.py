"""Run a system over a PolNeAR split, score it, and present the result.

The command line and the corpus test both go through :func:`evaluate_polnear`, so the
numbers in the README table, in CI and on a laptop come from one code path. Speed is
measured over the system's own work only (not corpus loading or scoring, and not the
model load that :func:`~claimledger.evaluation.systems.build_system` does first);
words are whitespace-separated tokens of the article texts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimledger.evaluation.polnear import CORPUS, PolnearDocument, load_split
from claimledger.evaluation.scoring import FIELDS, MODES, Scores, micro_average, score_document
from claimledger.evaluation.systems import System, build_system


@dataclass(frozen=True, slots=True)
class Report:
    system: str
    split: str
    n_docs: int
    n_gold: int
    n_pred: int
    seconds: float
    words: int
    scores: Scores
    refused: tuple[tuple[str, str], ...] = ()  # (document, reason)
    corpus: str = CORPUS
    limit: int | None = None
    documents: tuple[str, ...] = field(default=(), repr=False)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def metric(self, name: str) -> float:
        """A metric by its floor name, e.g. ``content_overlap_f1`` or ``cue_exact_precision``."""
        key, _, measure = name.rpartition("_")
        if key not in self.scores or measure not in ("precision", "recall", "f1"):
            raise KeyError(name)
        return float(getattr(self.scores[key], measure))

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus, "split": self.split, "system": self.system,
            "limit": self.limit, "n_docs": self.n_docs, "n_gold": self.n_gold,
            "n_pred": self.n_pred, "seconds": round(self.seconds, 3), "words": self.words,
            "words_per_second": round(self.words_per_second, 1),
            "refused": [{"document": d, "reason": r} for d, r in self.refused],
            "scores": {key: self.scores[key].to_dict() for key in _score_keys()},
        }


def evaluate_polnear(system: str | System, split: str = "dev",
                     data_dir: str | Path | None = None, limit: int | None = None) -> Report:
    """Load the split (raising ``CorpusNotFoundError`` when absent), run, score."""
    documents = load_split(split, data_dir, limit)
    runnable = build_system(system) if isinstance(system, str) else system
    return evaluate_documents(documents, runnable, split=split, limit=limit)


def evaluate_documents(documents: Sequence[PolnearDocument], system: System, *,
                       split: str, limit: int | None = None) -> Report:
    articles = [d.article() for d in documents]
    started = time.perf_counter()
    outputs = list(system.predict(articles))
    seconds = time.perf_counter() - started
    if len(outputs) != len(documents):
        raise RuntimeError(f"system {system.name} gave {len(outputs)} results "
                           f"for {len(documents)} documents")
    per_document = [score_document(d.text, d.attributions, out.predicted)
                    for d, out in zip(documents, outputs, strict=True)]
    return Report(
        system=system.name, split=split, n_docs=len(documents),
        n_gold=sum(len(d.attributions) for d in documents),
        n_pred=sum(len(out.predicted) for out in outputs),
        seconds=seconds, words=sum(len(d.text.split()) for d in documents),
        scores=micro_average(per_document),
        refused=tuple((d.name, out.refused) for d, out in zip(documents, outputs, strict=True)
                      if out.refused is not None),
        limit=limit, documents=tuple(d.name for d in documents),
    )


def to_json(reports: Report | Sequence[Report]) -> str:
    items = [reports] if isinstance(reports, Report) else list(reports)
    return json.dumps([r.to_dict() for r in items], indent=2, ensure_ascii=False)


_COLUMNS = ("system", "field", "mode", "pred", "gold", "tp", "fp", "fn", "P", "R", "F1")


def format_table(reports: Report | Sequence[Report], *, markdown: bool = False) -> str:
    """One row per system × field × mode, a heading line and a line per system."""
    items = [reports] if isinstance(reports, Report) else list(reports)
    if not items:
        return "no results"
    rows = [_row(r, key) for r in items for key in _score_keys()]
    first = items[0]
    subset = f" (first {first.limit})" if first.limit is not None else ""
    heading = (f"PolNeAR {first.split}{subset}: {first.n_docs} documents, "
               f"{first.n_gold:,} gold attributions")
    notes = [
        f"{r.system}: {r.n_pred:,} predicted, {len(r.refused)} documents refused, "
        f"{r.seconds:.1f} s, {r.words_per_second:,.0f} words/s" for r in items
    ]
    table = _markdown(rows) if markdown else _plain(rows)
    if markdown:
        return "\n".join([f"**{heading}**", "", table, "", *[f"- {n}" for n in notes]])
    return "\n".join([heading, "", table, "", *notes])


def _score_keys() -> list[str]:
    return [f"{f}_{m}" for f in FIELDS for m in MODES]


def _row(report: Report, key: str) -> list[str]:
    c = report.scores[key]
    field_name, mode = key.split("_")
    return [report.system, field_name, mode, str(c.n_pred), str(c.n_gold), str(c.tp),
            str(c.fp), str(c.fn), f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}"]


def _plain(rows: list[list[str]]) -> str:
    widths = [max(len(x) for x in col) for col in zip(_COLUMNS, *rows, strict=False)]
    left = 3  # system, field and mode are words; the rest are numbers

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i < left else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True)))

    return "\n".join([line(_COLUMNS), line(["-" * w for w in widths]), *map(line, rows)])


def _markdown(rows: list[list[str]]) -> str:
    rule = ["---"] * 3 + ["---:"] * (len(_COLUMNS) - 3)
    return "\n".join("| " + " | ".join(cells) + " |" for cells in [list(_COLUMNS), rule, *rows])
