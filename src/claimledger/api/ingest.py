"""Ingest: inputs -> analysed records -> the ledger, linked, one transaction per article.

The loop reads inputs lazily (ingest/sources.py), passes over what an earlier run already
decided (the ``inputs`` table, ledger/inputs.py) and, before any NLP, what the ledger
already holds (same content hash), analyses the rest in batches (in this process, or in
``processes`` workers that parse ahead while this process stores), and stores each
article with its cross-article links and its ``inputs`` row in one transaction
(``Ledger.store(record, within=...)``). A bad input becomes a row in ``skips`` with its
reason, and its ``inputs`` row, in one transaction; it never stops the batch. A kill at any
point leaves every article either wholly stored and linked or absent, and every input
either decided once or not at all, so running the same command again completes the job
exactly once, without analysing or recording again what was done.

The loop also takes inputs analysed elsewhere (:class:`Analysed`: an article with its record,
or the error its analysis gave): ``claimledger load`` (api/load.py) stores the Spark job's
output through it, so a record is stored, linked, resumed and skipped exactly as here.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol

from sqlalchemy import Connection

from claimledger.api.interrupt import Interruption
from claimledger.errors import ClaimledgerError, InputError, InvalidRecordError, UnreachableInputError
from claimledger.ingest.sources import iter_articles
from claimledger.ledger import inputs
from claimledger.ledger.inputs import Decided
from claimledger.ledger.store import Ledger
from claimledger.linking.linker import Linker
from claimledger.nlp.pool import Analyse, InProcess, Pending, Record, Results, SpacyAnalyse, Workers
from claimledger.settings import Settings
from claimledger.types import Article

# Inputs are analysed this many at a time: enough for nlp.pipe to batch well, few enough
# that each article is committed soon after it is read (a crash loses little work).
BATCH = 32
# A grouped run (``load``: records analysed elsewhere, no NLP to batch for) decides this
# many inputs per transaction: bench_store measured 361-371 articles/s linked at 32 a
# transaction and 461-482 at 256 (fewer commits, each commit's pages shared by more rows).
GROUPED_BATCH = 256

STORED, ALREADY, SKIPPED = "stored", "already", "skipped"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input: stored, already in the ledger, or skipped (with why).

    ``earlier``: an earlier run decided it (the ``inputs`` table); this run passed over it.
    """

    label: str
    status: str
    article_id: str | None = None
    reason: str | None = None
    message: str | None = None
    earlier: bool = False


@dataclass(slots=True)
class IngestReport:
    stored: int = 0
    already: int = 0
    skipped: int = 0
    earlier: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    skip_reasons: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        if outcome.earlier:
            self.earlier += 1
        if outcome.status == STORED:
            self.stored += 1
        elif outcome.status == ALREADY:
            self.already += 1
        else:
            self.skipped += 1
            reason = outcome.reason or "error"
            self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1

    @property
    def decided(self) -> int:
        return self.stored + self.already + self.skipped


def ingest(
    ledger: Ledger,
    paths: list[str],
    *,
    settings: Settings,
    published: str | None = None,
    encoding: str = "utf-8",
    analyse: Analyse | None = None,
    make_analyse: Callable[[], Analyse] | None = None,
    processes: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
    interruption: Interruption | None = None,
    allow_private: bool = False,
) -> IngestReport:
    """Ingest every article in ``paths`` into ``ledger``; returns the counts.

    ``analyse`` turns a batch of articles into analyses in this process; ``make_analyse``
    makes one (picklable: with ``processes`` > 1 each worker calls it once). The default is
    the spaCy pipeline of ``settings``, loaded only when some article is new. With an
    ``interruption`` installed, Ctrl-C ends the run after the current article's transaction:
    the report then says ``interrupted`` and a re-run resumes. ``allow_private`` lets URLs
    and feed entries be fetched from loopback and private addresses (ingest/fetch.py).
    """
    started = time.perf_counter()
    results = iter_articles(paths, published=published, max_bytes=settings.max_bytes, encoding=encoding,
                            allow_private=allow_private)
    outcomes = ingest_results(ledger, results, settings=settings, analyse=analyse,
                              make_analyse=make_analyse, processes=processes, interruption=interruption)
    return run_report(outcomes, started=started, on_outcome=on_outcome, interruption=interruption)


def run_report(
    outcomes: Iterator[Outcome],
    *,
    started: float,
    on_outcome: Callable[[Outcome], None] | None = None,
    interruption: Interruption | None = None,
) -> IngestReport:
    """Run the loop to its end (or Ctrl-C), counting what happened to each input."""
    report = IngestReport()
    try:
        for outcome in outcomes:
            report.add(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
    except KeyboardInterrupt:
        if interruption is None:
            raise
        report.interrupted = True
    report.interrupted = report.interrupted or bool(interruption and interruption.requested)
    report.seconds = time.perf_counter() - started
    return report


@dataclass(frozen=True, slots=True)
class Analysed:
    """An article analysed elsewhere (the Spark job): its record, or why its analysis failed."""

    article: Article
    result: Record | ClaimledgerError


# What the loop takes: a label and an article to analyse, one analysed already, or why the
# input could not be read.
Item = tuple[str, Article | Analysed | InputError]


def ingest_results(
    ledger: Ledger,
    results: Iterable[Item],
    *,
    settings: Settings,
    analyse: Analyse | None = None,
    make_analyse: Callable[[], Analyse] | None = None,
    processes: int = 1,
    interruption: Interruption | None = None,
    grouped: bool = False,
) -> Iterator[Outcome]:
    """The ingest loop over already-read inputs (also used by ``watch`` and ``load``).

    Outcomes come in input order. :class:`Analysed` items are stored as they are: only the
    other articles are analysed. With an ``interruption``, the loop ends after the
    outcome during which Ctrl-C was pressed.

    ``grouped``: each batch of :data:`GROUPED_BATCH` inputs is decided in one transaction (its
    articles, links, skips and ``inputs`` rows), not one per input. Each article is still
    all-or-nothing, and a kill still leaves every input decided once or not at all; what
    a kill loses is at most one batch, done again by the re-run. ``load`` groups: with no
    NLP to wait for, a commit and a dozen statements an article are most of the time
    (benchmarks/bench_store.py); ``ingest`` commits each article, which costs nothing
    beside a parse. The ledger comes out the same either way (tests/test_spark.py).
    """
    if processes < 1:
        raise ValueError(f"processes must be 1 or more, not {processes}")
    if analyse is not None and processes > 1:
        raise ValueError("analyse runs in this process; give make_analyse to analyse in workers")
    make = make_analyse or SpacyAnalyse(settings)
    backend: InProcess | Workers
    if processes == 1:
        backend = InProcess((lambda: analyse) if analyse is not None else make)
    else:
        backend = Workers(make, processes)
    with backend:
        run = _Run(ledger, backend, interruption, grouped=grouped)
        window: deque[_Batch] = deque()
        for chunk in _chunks(results, GROUPED_BATCH if grouped else BATCH):
            window.append(run.prepare(chunk))
            while len(window) > backend.lookahead:
                if not (yield from run.finish(window.popleft())):
                    return
        while window:
            if not (yield from run.finish(window.popleft())):
                return


def _chunks(results: Iterable[Item], size: int) -> Iterator[list[Item]]:
    items = iter(results)
    while chunk := list(islice(items, size)):
        yield chunk


# How prepare decided each input of a batch.
EARLIER, UNREAD, KNOWN, FRESH, TWIN = "earlier", "unread", "known", "fresh", "twin"


@dataclass(slots=True)
class _Batch:
    plan: list[tuple[str, Article | InputError, str, Decided | None]]
    pending: Pending | None  # None: nothing in this batch needed analysing here
    fresh: list[str]
    ready: Results  # the records of fresh articles analysed elsewhere
    own: dict[str, ClaimledgerError]  # label -> the failure a twin analysed elsewhere came with


class _Run:
    """The state of one ingest: the linker, what is being analysed, what failed."""

    def __init__(self, ledger: Ledger, backend: InProcess | Workers, interruption: Interruption | None,
                 *, grouped: bool = False):
        self.ledger = ledger
        self.backend = backend
        self.interruption = interruption
        self.grouped = grouped
        self.linker = Linker()
        self.in_flight: Counter[str] = Counter()  # article ids submitted, not yet stored
        self.failed: dict[str, ClaimledgerError] = {}  # ids the pipeline failed on, this run

    def guard(self) -> AbstractContextManager[None]:
        return self.interruption.guard() if self.interruption is not None else nullcontext()

    def prepare(self, chunk: list[Item]) -> _Batch:
        """Decide what each input needs, and submit the new articles for analysis."""
        earlier = inputs.decided(self.ledger, [label for label, _ in chunk])
        items = [given.article if isinstance(given, Analysed) else given for _, given in chunk]
        known = self.ledger.known([a.id for a in items if isinstance(a, Article)])
        fresh: dict[str, Article] = {}
        ready: Results = {}
        own: dict[str, ClaimledgerError] = {}
        plan: list[tuple[str, Article | InputError, str, Decided | None]] = []
        for (label, given), item in zip(chunk, items, strict=True):
            article_id = item.id if isinstance(item, Article) else None
            before = earlier.get(label)
            # Decided earlier, on the same content (a file edited since is read anew), and,
            # when it was stored, still in the ledger; a URL that was unreachable is not
            # decided: each attempt at it is recorded.
            settled = before is not None and before.reason != UnreachableInputError.reason
            if before is not None and before.article_id == article_id and (
                (before.status == SKIPPED and settled) or article_id in known
            ):
                plan.append((label, item, EARLIER, before))
            elif not isinstance(item, Article):
                plan.append((label, item, UNREAD, None))
            elif item.id in known:
                plan.append((label, item, KNOWN, None))
            elif item.id in fresh or self.in_flight[item.id]:
                plan.append((label, item, TWIN, None))  # the same text earlier: analysed once
                if isinstance(given, Analysed) and isinstance(given.result, ClaimledgerError):
                    # Analysed elsewhere, it failed on its own: say so in its own words,
                    # whichever batch its twin fell in.
                    own[label] = given.result
            else:
                fresh[item.id] = item
                if isinstance(given, Analysed):
                    ready[item.id] = given.result
                plan.append((label, item, FRESH, None))
        self.in_flight.update(list(fresh))
        to_analyse = [a for a in fresh.values() if a.id not in ready]
        pending = self.backend.submit(to_analyse) if to_analyse else None
        return _Batch(plan, pending, list(fresh), ready, own)

    def finish(self, batch: _Batch) -> Generator[Outcome, None, bool]:
        """Store the batch in input order; returns False when Ctrl-C asked to stop.

        (A generator: ``ok = yield from run.finish(batch)``.)
        """
        results: Results = dict(batch.ready)
        if batch.pending is not None:
            results.update(batch.pending.get())
        try:
            if self.grouped:
                # All decided and committed at once: report them all, then stop if asked.
                yield from self._decide_batch(batch.plan, results, batch.own)
                return not (self.interruption is not None and self.interruption.requested)
            for label, item, how, before in batch.plan:
                yield self._decide(label, item, how, before, results, own=batch.own)
                if self.interruption is not None and self.interruption.requested:
                    return False
        finally:
            self.in_flight.subtract(batch.fresh)
            self.in_flight += Counter()  # drop the zero counts
        return True

    def _decide(self, label: str, item: Article | InputError, how: str, before: Decided | None,
                results: Results, sink: _Sink | None = None,
                own: Mapping[str, ClaimledgerError] | None = None) -> Outcome:
        """What becomes of one input; ``sink`` carries it out (default: this run, one
        transaction per input; :class:`_Grouped` for a grouped batch)."""
        out: _Sink = sink or self
        if how == EARLIER:
            assert before is not None
            status = SKIPPED if before.status == SKIPPED else ALREADY
            return Outcome(label, status, before.article_id, before.reason, before.message, earlier=True)
        if isinstance(item, InputError):
            return out.skip(label, None, item)
        if how == KNOWN:
            return out.already(label, item.id)
        if how == TWIN:
            failed = (own or {}).get(label) or self.failed.get(item.id)
            if failed is not None:
                return out.skip(label, item.id, failed)
            return out.already(label, item.id)
        result = results.get(item.id)
        if result is None:  # not analysed: cannot happen, but never store a half-known input
            return out.skip(label, item.id, InvalidRecordError(f"{label}: no analysis came back"))
        if isinstance(result, ClaimledgerError):
            self.failed[item.id] = result
            return out.skip(label, item.id, result)
        return out.store(label, item.id, result)

    def _decide_batch(
        self, plan: list[tuple[str, Article | InputError, str, Decided | None]], results: Results,
        own: Mapping[str, ClaimledgerError],
    ) -> list[Outcome]:
        """:meth:`_decide` for a whole batch, in one transaction: the records inserted with
        one statement a table, linked in input order, skips and ``inputs`` rows written
        together."""
        records = {item.id: r for _, item, how, _ in plan if how == FRESH and isinstance(item, Article)
                   for r in [results.get(item.id)] if isinstance(r, dict)}
        with self.guard(), self.ledger.transaction() as connection:
            inserted = self.ledger.insert_many(connection, list(records.values()))
            batch = _Grouped(self, dict(zip(records, inserted.outcomes, strict=True)))
            outcomes = [self._decide(label, item, how, before, results, batch, own)
                        for label, item, how, before in plan]
            if inserted.stored:
                self.linker.link_many(connection, inserted.stored, rows=inserted.rows)
            inputs.write_skips(connection, batch.skip_rows)
            inputs.write(connection, batch.decisions)
        return outcomes

    def store(self, label: str, article_id: str, record: dict[str, Any]) -> Outcome:
        decided = Decided(label, article_id, STORED)

        def link_and_record(connection: Connection, stored_id: str) -> None:
            self.linker(connection, stored_id)
            inputs.write(connection, [decided])

        try:
            with self.guard():
                stored = self.ledger.store(record, within=link_and_record)
        except InvalidRecordError as err:
            self.failed[article_id] = err
            return self.skip(label, article_id, err)
        if not stored:  # another writer stored it first
            return self.already(label, article_id)
        return Outcome(label, STORED, article_id)

    def already(self, label: str, article_id: str) -> Outcome:
        with self.guard():
            inputs.record(self.ledger, [Decided(label, article_id, ALREADY)])
        return Outcome(label, ALREADY, article_id)

    def skip(self, label: str, article_id: str | None, error: ClaimledgerError) -> Outcome:
        decided = Decided(label, article_id, SKIPPED, error.reason, str(error))
        with self.guard():
            inputs.record_skip(self.ledger, decided)
        return Outcome(label, SKIPPED, article_id, reason=error.reason, message=str(error))


class _Sink(Protocol):
    """Carries out what :meth:`_Run._decide` decided for one input."""

    def skip(self, label: str, article_id: str | None, error: ClaimledgerError) -> Outcome: ...

    def already(self, label: str, article_id: str) -> Outcome: ...

    def store(self, label: str, article_id: str, record: dict[str, Any]) -> Outcome: ...


@dataclass(slots=True)
class _Grouped:
    """A grouped batch's decisions, written together at its end; its records are already
    inserted (``inserted``: each fresh article's outcome from ``Ledger.insert_many``)."""

    run: _Run
    inserted: dict[str, bool | InvalidRecordError]
    decisions: list[Decided] = field(default_factory=list)
    skip_rows: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, label: str, article_id: str | None, error: ClaimledgerError) -> Outcome:
        self.decisions.append(Decided(label, article_id, SKIPPED, error.reason, str(error)))
        self.skip_rows.append({"input": label, "reason": error.reason or "error", "message": str(error)})
        return Outcome(label, SKIPPED, article_id, reason=error.reason, message=str(error))

    def already(self, label: str, article_id: str) -> Outcome:
        self.decisions.append(Decided(label, article_id, ALREADY))
        return Outcome(label, ALREADY, article_id)

    def store(self, label: str, article_id: str, record: dict[str, Any]) -> Outcome:
        done = self.inserted[article_id]
        if isinstance(done, InvalidRecordError):
            self.run.failed[article_id] = done
            return self.skip(label, article_id, done)
        if not done:  # another writer stored it first
            return self.already(label, article_id)
        self.decisions.append(Decided(label, article_id, STORED))
        return Outcome(label, STORED, article_id)
