"""Ingest: inputs -> analysed records -> the ledger, linked, one transaction per article.

The loop reads inputs lazily (ingest/sources.py), skips before any NLP what the ledger
already holds (same content hash), analyses the rest in batches, and stores each article
with its cross-article links in one transaction (``Ledger.store(record, within=Linker())``).
A bad input becomes a row in ``skips`` with its reason; it never stops the batch. A kill
at any point leaves every article either wholly stored and linked or absent, so running
the same command again completes the job exactly once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from claimledger.errors import AnalysisFailedError, ClaimledgerError, InputError, InvalidRecordError
from claimledger.ingest.sources import Result, iter_articles
from claimledger.ledger.store import Ledger
from claimledger.linking.linker import Linker
from claimledger.settings import Settings
from claimledger.types import Analysis, Article

# Inputs are analysed this many at a time: enough for nlp.pipe to batch well, few enough
# that each article is committed soon after it is read (a crash loses little work).
BATCH = 32

STORED, ALREADY, SKIPPED = "stored", "already", "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input: stored, already in the ledger, or skipped (with why)."""

    label: str
    status: str
    article_id: str | None = None
    reason: str | None = None
    message: str | None = None


@dataclass(slots=True)
class IngestReport:
    stored: int = 0
    already: int = 0
    skipped: int = 0
    seconds: float = 0.0
    skip_reasons: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == STORED:
            self.stored += 1
        elif outcome.status == ALREADY:
            self.already += 1
        else:
            self.skipped += 1
            reason = outcome.reason or "error"
            self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1


Analyse = Callable[[list[Article]], Iterable[Analysis]]


def ingest(
    ledger: Ledger,
    paths: list[str],
    *,
    settings: Settings,
    published: str | None = None,
    encoding: str = "utf-8",
    analyse: Analyse | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Ingest every article in ``paths`` into ``ledger``; returns the counts.

    ``analyse`` turns a batch of articles into analyses (default: the spaCy pipeline of
    ``settings``, loaded only when some article is new).
    """
    started = time.perf_counter()
    report = IngestReport()
    for outcome in ingest_results(
        ledger,
        iter_articles(paths, published=published, max_bytes=settings.max_bytes, encoding=encoding),
        settings=settings,
        analyse=analyse,
    ):
        report.add(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    report.seconds = time.perf_counter() - started
    return report


def ingest_results(
    ledger: Ledger, results: Iterable[Result], *, settings: Settings, analyse: Analyse | None = None
) -> Iterator[Outcome]:
    """The ingest loop over already-read inputs (also used by feed and WARC readers)."""
    linker = Linker()
    state: dict[str, Analyse] = {}

    def run(articles: list[Article]) -> Iterable[Analysis]:
        if analyse is not None:
            return analyse(articles)
        if "analyse" not in state:
            from claimledger.nlp.analyzer import Analyzer  # spaCy costs ~1 s: only when needed

            state["analyse"] = Analyzer(settings).analyze_many
        return state["analyse"](articles)

    batch: list[tuple[str, Article | InputError]] = []
    for item in results:
        batch.append(item)
        if len(batch) >= BATCH:
            yield from _batch(ledger, batch, run, linker)
            batch = []
    if batch:
        yield from _batch(ledger, batch, run, linker)


def _batch(
    ledger: Ledger, batch: list[tuple[str, Article | InputError]], run: Analyse, linker: Linker
) -> Iterator[Outcome]:
    known = ledger.known([a.id for _, a in batch if isinstance(a, Article)])
    fresh: dict[str, Article] = {}
    for _, item in batch:
        if isinstance(item, Article) and item.id not in known:
            fresh.setdefault(item.id, item)  # the same text twice in one batch: analyse once
    analyses = _analyse_each(list(fresh.values()), run)
    for label, item in batch:
        if isinstance(item, InputError):
            yield _skip(ledger, label, item)
            continue
        if item.id in known:
            yield Outcome(label, ALREADY, item.id)
            continue
        analysis = analyses.get(item.id)
        if isinstance(analysis, ClaimledgerError):
            yield _skip(ledger, label, analysis)
            continue
        if analysis is None:  # its twin earlier in this batch was just stored
            yield Outcome(label, ALREADY, item.id)
            continue
        try:
            stored = ledger.store(analysis.to_dict(), within=linker)
        except InvalidRecordError as err:
            yield _skip(ledger, label, err)
            continue
        del analyses[item.id]
        yield Outcome(label, STORED if stored else ALREADY, item.id)


def _analyse_each(articles: list[Article], run: Analyse) -> dict[str, Analysis | ClaimledgerError]:
    """Analyses by article id; an article the pipeline fails on is an error, not a crash."""
    if not articles:
        return {}
    try:
        return {a.id: r for a, r in zip(articles, run(articles), strict=True)}
    except ClaimledgerError:
        raise  # the model is missing: nothing can be analysed, stop with that error
    except Exception:  # noqa: BLE001 - one bad article must not sink the batch: retry alone
        out: dict[str, Analysis | ClaimledgerError] = {}
        for article in articles:
            try:
                out[article.id] = next(iter(run([article])))
            except ClaimledgerError:
                raise
            except Exception as err:  # noqa: BLE001
                out[article.id] = AnalysisFailedError(f"{article.source}: analysis failed ({err!r})")
        return out


def _skip(ledger: Ledger, label: str, error: ClaimledgerError) -> Outcome:
    ledger.record_skip(label, error.reason, str(error))
    return Outcome(label, SKIPPED, reason=error.reason, message=str(error))
