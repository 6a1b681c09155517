"""Analyses in batches, in this process or in worker processes, always in input order.

The ingest loop hands a batch of articles to :meth:`InProcess.submit` or
:meth:`Workers.submit` and later asks the returned :class:`Pending` for the records, by
article id. An article the pipeline fails on becomes an :class:`AnalysisFailedError` for
that article alone; a :class:`ClaimledgerError` from the pipeline itself (the model is
missing) is raised, since then nothing can be analysed.

``Workers`` is ``--processes N``: N processes (spawned, not forked: the parent may hold
database connections and threads), each loading the pipeline once and parsing chunks of
:data:`CHUNK` articles. Only plain records (``Analysis.to_dict()``) cross back, so the
parent never deserialises a spaCy ``Doc``; it stores and links one batch while the
workers parse the next ones (:attr:`Workers.lookahead` batches ahead).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any, Protocol

from claimledger.errors import AnalysisFailedError, ClaimledgerError
from claimledger.settings import Settings
from claimledger.types import Analysis, Article

Analyse = Callable[[list[Article]], Iterable[Analysis]]


class Recordable(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


# What the pool runs: articles -> one result each, whose to_dict() is what crosses back. An
# Analyse is one; analyze's text output is another (each analysis rendered in the worker).
Run = Callable[[list[Article]], Iterable[Recordable]]

Record = dict[str, Any]
Results = dict[str, Record | ClaimledgerError]

# Articles per task sent to a worker: nlp.pipe still batches well at 8, and the batch of 32
# is spread over the workers instead of waiting on one of them.
CHUNK = 8


def analyse_each(articles: list[Article], run: Run) -> Results:
    """Records by article id; an article the pipeline fails on is an error, not a crash."""
    if not articles:
        return {}
    try:
        return {a.id: r.to_dict() for a, r in zip(articles, run(articles), strict=True)}
    except ClaimledgerError:
        raise  # the model is missing: nothing can be analysed, stop with that error
    except Exception:  # noqa: BLE001 - one bad article must not sink the batch: retry alone
        out: Results = {}
        for article in articles:
            try:
                out[article.id] = next(iter(run([article]))).to_dict()
            except ClaimledgerError:
                raise
            except Exception as err:  # noqa: BLE001
                out[article.id] = AnalysisFailedError(f"{article.source}: analysis failed ({err!r})")
        return out


@dataclass(frozen=True, slots=True)
class SpacyAnalyse:
    """Makes the spaCy analyser of ``settings`` (picklable: a worker calls it once)."""

    settings: Settings

    def __call__(self) -> Analyse:
        from claimledger.nlp.analyzer import Analyzer  # spaCy costs ~1 s: only when needed

        return Analyzer(self.settings).analyze_many


class Pending:
    """The records of one submitted batch, by article id, once they are ready."""

    def __init__(self, get: Callable[[], Results]) -> None:
        self._get = get

    def get(self) -> Results:
        return self._get()


class InProcess:
    """Analyses in this process, when asked for (one process: parse, then store)."""

    lookahead = 0

    def __init__(self, make: Callable[[], Run]) -> None:
        self._make = make
        self._run: Run | None = None

    def submit(self, articles: list[Article]) -> Pending:
        return Pending(lambda: analyse_each(articles, self._analyse()))

    def _analyse(self) -> Run:
        if self._run is None:
            self._run = self._make()
        return self._run

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


# The worker's analyser, made once by _start, or why it could not be made.
_worker_run: Run | None = None
_worker_error: ClaimledgerError | None = None


def _start(make: Callable[[], Run], parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent decides (it stops after the
    # current article); a worker that died of it would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (SIGKILL, OOM) cannot stop its pool: a worker would wait
    # forever for work, holding a model's memory. Each one leaves when its parent is gone.
    # The parent's pid comes from the parent: a parent killed while this worker was still
    # starting would otherwise be read here as the reaper's pid, and never seen to go.
    threading.Thread(target=_leave_with_parent, args=(parent,), daemon=True).start()
    global _worker_run, _worker_error
    try:
        _worker_run = make()
    except ClaimledgerError as err:
        # The model is missing. Raised here, it would end the worker and the pool would
        # start another, forever: each task raises it instead, and the parent stops.
        _worker_error = err


def _leave_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def _work(articles: list[Article]) -> Results:
    if _worker_error is not None:
        raise _worker_error
    assert _worker_run is not None, "the pool initializer did not run"
    return analyse_each(articles, _worker_run)


class Workers:
    """Analyses in ``processes`` worker processes, results in submission order."""

    def __init__(self, make: Callable[[], Run], processes: int) -> None:
        if processes < 2:
            raise ValueError("Workers needs at least 2 processes; use InProcess for one")
        self.processes = processes
        # Batches parsed ahead of the one being stored: enough that no worker waits while
        # the parent stores and links.
        self.lookahead = 2
        self._make = make
        self._pool: Pool | None = None

    def __enter__(self) -> Workers:
        return self

    def _start_pool(self) -> Pool:
        """The pool, started at the first batch with something to parse (a re-run that finds
        everything done loads no model)."""
        if self._pool is None:
            # Spawned children inherit an ignored SIGINT across exec, so even a worker still
            # starting up does not die of a Ctrl-C meant for the parent.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                context = multiprocessing.get_context("spawn")
                self._pool = context.Pool(
                    self.processes, initializer=_start, initargs=(self._make, os.getpid())
                )
            finally:
                signal.signal(signal.SIGINT, previous)
        return self._pool

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc_type is None:
            pool.close()
        else:
            pool.terminate()  # interrupted or failed: the parses in flight are not needed
        pool.join()

    def submit(self, articles: list[Article]) -> Pending:
        pool = self._start_pool() if articles else None
        tasks: list[AsyncResult[Results]] = [
            pool.apply_async(_work, (articles[i : i + CHUNK],))
            for i in range(0, len(articles), CHUNK)
            if pool is not None
        ]

        def get() -> Results:
            out: Results = {}
            for task in tasks:
                out.update(task.get())
            return out

        return Pending(get)
