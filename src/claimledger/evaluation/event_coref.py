"""Cross-document event coreference on ECB+ with gold mentions: our linking method
(:mod:`claimledger.linking.events`) against two baselines, scored with MUC, B³, CEAF-e
and the CoNLL F1 (:mod:`claimledger.evaluation.coref_scores`).

Conventions (docs/linking.md, "Events across articles", has the reasons):

* Gold mentions, gold clusters and singletons as read by :mod:`claimledger.evaluation.ecbplus`.
* Every system links within a topic (the corpus's topic folders, as published gold-mention
  results do); the scores are computed once over all the topics' mentions together.
* **System**: the mentions' :class:`~claimledger.linking.events.EventRef` clustered with
  :func:`~claimledger.linking.events.cluster`; gold mentions of one of our events share a
  ref, so they land in one cluster.
* **One at a time**: the same refs linked as the ledger links them
  (:func:`~claimledger.linking.events.link_in_order`: each joins its best earlier match),
  in the order the corpus lists the documents and, within one, the mentions.
* **Same type, same day**: mentions with the same vocabulary type and the same day are
  one cluster. The day is the event's own date, else the article's date, else "unknown",
  and unknown days are the same day within a topic. A mention without a type (outside
  our vocabulary) is a singleton: it has no type to share.
* **Same lemma**: mentions with the same trigger lemma in a topic are one cluster, the
  standard strong ECB+ baseline. The lemma is the one our reading gives (spaCy's lemma of
  the mention's head with its particle, "check into"), the same the system starts from;
  the bare head lemma scores 0.6 CoNLL points lower.

The published anchor (about 85.7 CoNLL F1 with gold mentions, Held et al. 2021) is on the
test topics 36-45, which are not in the shared data, with a neural pairwise scorer; these
figures are on topics 1-35, the development data the method was tuned on.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimledger.evaluation.coref_scores import CorefScores, score_all
from claimledger.evaluation.ecbplus import TOPICS, MentionReading, load_ecbplus, read_mentions
from claimledger.linking.events import EventRef, Key, cluster, link_in_order

if TYPE_CHECKING:
    from spacy.language import Language

SYSTEM = "claimledger"
IN_ORDER = "claimledger, one at a time"  # as the ledger links
SAME_TYPE_DAY = "same type, same day"
SAME_LEMMA = "same lemma"
ANCHOR = ("Held et al. 2021, gold mentions, test topics 36-45", 0.857)
# The corpus test scores these topics only: reading all 33 takes over a minute on two cores.
SUBSET = tuple(range(1, 11))
METRICS = ("muc", "b_cubed", "ceaf_e")


@dataclass(frozen=True, slots=True)
class SystemScores:
    system: str
    scores: CorefScores
    clusters: int

    def to_dict(self) -> dict[str, Any]:
        return {"system": self.system, "clusters": self.clusters, **self.scores.to_dict()}


@dataclass(frozen=True, slots=True)
class LinkingReport:
    """The systems' scores on the same gold mentions, with what the run read."""

    topics: tuple[int, ...]
    documents: int
    dated_documents: int
    mentions: int
    gold_clusters: int
    gold_singletons: int
    covered: int  # mentions one of our events covers
    typed: int  # mentions with a vocabulary type
    results: tuple[SystemScores, ...]
    reading_seconds: float = 0.0
    linking_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def result(self, system: str) -> SystemScores:
        for r in self.results:
            if r.system == system:
                return r
        raise KeyError(system)

    @property
    def floor_key(self) -> str | None:
        """The floors.json key these figures are pinned under (None: not a pinned run)."""
        if self.topics == SUBSET:
            return f"ecbplus-topics-{SUBSET[0]}-{SUBSET[-1]}"
        return "ecbplus" if self.topics == TOPICS else None

    def metric(self, name: str) -> float:
        """The system's ``conll_f1`` or ``<muc|b_cubed|ceaf_e>_<precision|recall|f1>``;
        prefixed ``in_order_``, the same of the system run one at a time."""
        system = SYSTEM
        if name.startswith("in_order_"):
            system, name = IN_ORDER, name.removeprefix("in_order_")
        scores = self.result(system).scores
        if name == "conll_f1":
            return scores.conll_f1
        metric, _, measure = name.rpartition("_")
        if metric not in METRICS or measure not in {"precision", "recall", "f1"}:
            raise KeyError(name)
        return float(getattr(getattr(scores, metric), measure))

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": "ecbplus", "topics": list(self.topics), "documents": self.documents,
            "dated_documents": self.dated_documents, "mentions": self.mentions,
            "gold_clusters": self.gold_clusters, "gold_singletons": self.gold_singletons,
            "covered_by_our_events": self.covered, "typed": self.typed,
            "reading_seconds": round(self.reading_seconds, 2),
            "linking_seconds": round(self.linking_seconds, 2),
            "results": [r.to_dict() for r in self.results],
            "anchor": {"figure": ANCHOR[0], "conll_f1": ANCHOR[1]},
        }


def evaluate_ecbplus(data_dir: str | Path | None = None, topics: Sequence[int] | None = None, *,
                     nlp: Language | None = None) -> LinkingReport:
    """Load the topics (all by default; ``CorpusNotFoundError`` when absent), read each gold
    mention with our pipeline, link, and score the system and both baselines."""
    from claimledger.nlp.model import cached_pipeline
    from claimledger.settings import get_settings

    documents = load_ecbplus(data_dir, tuple(topics) if topics is not None else None)
    pipeline = nlp if nlp is not None else cached_pipeline(get_settings().model)
    started = time.perf_counter()
    readings = list(read_mentions(documents, pipeline))
    reading = time.perf_counter() - started
    dated = len({d.name for d in documents} & {r.mention.document for r in readings if r.ref.published})
    return score_readings(readings, documents=len(documents), dated_documents=dated,
                          reading_seconds=reading)


def score_readings(readings: Sequence[MentionReading], *, documents: int = 0, dated_documents: int = 0,
                   reading_seconds: float = 0.0) -> LinkingReport:
    """Score the system and the baselines on already-read mentions (no model needed)."""
    gold = _group(readings, lambda r: r.mention.cluster)
    started = time.perf_counter()
    system = system_clusters(readings)
    linking = time.perf_counter() - started
    runs = ((SYSTEM, system), (IN_ORDER, system_clusters(readings, link_in_order)),
            (SAME_TYPE_DAY, same_type_day(readings)), (SAME_LEMMA, same_lemma(readings)))
    return LinkingReport(
        topics=tuple(sorted({r.topic for r in readings})),
        documents=documents or len({r.mention.document for r in readings}),
        dated_documents=dated_documents, mentions=len(readings), gold_clusters=len(gold),
        gold_singletons=sum(1 for c in gold if len(c) == 1),
        covered=sum(r.covered for r in readings), typed=sum(r.ref.type is not None for r in readings),
        results=tuple(SystemScores(name, score_all(gold, groups), len(groups)) for name, groups in runs),
        reading_seconds=reading_seconds, linking_seconds=linking,
    )


def _group(readings: Sequence[MentionReading], key: Callable[[MentionReading], Hashable]) -> list[set[str]]:
    groups: dict[Hashable, set[str]] = defaultdict(set)
    for r in readings:
        groups[key(r)].add(r.mention.id)
    return list(groups.values())


def system_clusters(
    readings: Sequence[MentionReading], link: Callable[[Sequence[EventRef]], list[list[Key]]] = cluster
) -> list[set[str]]:
    """Our method (``link``: :func:`cluster`, or :func:`link_in_order`), topic by topic, the
    refs in the readings' order; the gold mentions of one ref share its cluster."""
    by_topic: dict[int, list[MentionReading]] = defaultdict(list)
    for r in readings:
        by_topic[r.topic].append(r)
    out: list[set[str]] = []
    for topic in sorted(by_topic):
        refs = list({r.ref.key: r.ref for r in by_topic[topic]}.values())
        where = {key: n for n, group in enumerate(link(refs)) for key in group}
        mentions: dict[int, set[str]] = defaultdict(set)
        for r in by_topic[topic]:
            mentions[where[r.ref.key]].add(r.mention.id)
        out += mentions.values()
    return out


def same_type_day(readings: Sequence[MentionReading]) -> list[set[str]]:
    """Baseline: same topic, same vocabulary type, same day (module docstring)."""
    return _group(readings, lambda r: (r.topic, r.ref.type, (r.ref.date or r.ref.published or "unknown")[:10])
                  if r.ref.type is not None else r.mention.id)


def same_lemma(readings: Sequence[MentionReading]) -> list[set[str]]:
    """Baseline: same topic, same trigger lemma."""
    return _group(readings, lambda r: (r.topic, r.ref.lemma))


# -- presenting ------------------------------------------------------------------------------

def to_json(report: LinkingReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False)


def format_report(report: LinkingReport, *, markdown: bool = False) -> str:
    """A table of the systems (P/R/F1 per metric, CoNLL F1) and what the run read."""
    topics = _ranges(report.topics)
    heading = (f"ECB+ cross-document event coreference, gold mentions: topics {topics}, "
               f"{report.documents} documents, {report.mentions:,} mentions, "
               f"{report.gold_clusters:,} gold clusters ({report.gold_singletons:,} singletons)")
    columns = ["system", "clusters", "MUC P", "MUC R", "MUC F1", "B³ P", "B³ R", "B³ F1",
               "CEAF-e P", "CEAF-e R", "CEAF-e F1", "CoNLL F1"]
    rows = []
    for r in report.results:
        cells = [r.system, f"{r.clusters:,}"]
        for metric in METRICS:
            score = getattr(r.scores, metric)
            cells += [_pct(score.precision), _pct(score.recall), _pct(score.f1)]
        rows.append([*cells, _pct(r.scores.conll_f1)])
    notes = [
        f"read: {report.covered:,} mentions inside one of our events, {report.typed:,} with a vocabulary "
        f"type; {report.dated_documents} of {report.documents} documents dated",
        f"time: reading (parse and analysis) {report.reading_seconds:.1f} s, "
        f"linking {report.linking_seconds:.1f} s",
        f"published anchor: {ANCHOR[0]}: {ANCHOR[1] * 100:.1f} CoNLL F1 (not comparable: other topics, "
        "a neural scorer); these topics are the development data the method was tuned on",
    ]
    if markdown:
        table = ["| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 1)]
        table += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join([f"**{heading}**", "", *table, "", *[f"- {n}" for n in notes]])
    widths = [max(len(x) for x in col) for col in zip(columns, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                             strict=True)))

    return "\n".join([heading, "", line(columns), line(["-" * w for w in widths]), *map(line, rows), "",
                      *notes])


def _pct(value: float) -> str:
    return f"{value * 100:.1f}"


def _ranges(numbers: Sequence[int]) -> str:
    """ "1-14, 16, 18-35" for a sorted list of topic numbers."""
    parts: list[str] = []
    run: list[int] = []
    for n in numbers:
        if run and n != run[-1] + 1:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
            run = []
        run.append(n)
    if run:
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(parts)
