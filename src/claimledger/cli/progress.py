"""The progress bar of ``claimledger ingest``: articles/s, ETA, stored/already/skipped.

Shown on stderr when stderr is a terminal and ``--quiet`` is not given; otherwise nothing
is drawn and nothing is counted ahead. The total is counted in a background thread by
reading the inputs once more without analysing or fetching anything (and not at all when an
input is a URL: a feed's entries are known only once it is fetched); until it is known the
bar shows the count and rate but no ETA.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from claimledger.api.ingest import ALREADY, STORED, Outcome
from claimledger.ingest.sources import iter_articles


def wanted(quiet: bool, stream: Any = None) -> bool:
    """A bar only for a person watching: stderr a terminal, ``--quiet`` not given."""
    stream = stream if stream is not None else sys.stderr
    return not quiet and bool(getattr(stream, "isatty", lambda: False)())


class IngestProgress:
    """``with IngestProgress(paths, ...) as bar: ... bar.advance(outcome)``."""

    def __init__(self, paths: list[str], *, max_bytes: int, encoding: str, published: str | None,
                 console: Console | None = None) -> None:
        self.paths = paths
        self.max_bytes, self.encoding, self.published = max_bytes, encoding, published
        self.counts = {"stored": 0, "already": 0, "skipped": 0, "earlier": 0}
        self.started = time.perf_counter()
        self.analysed = 0
        self.progress = Progress(
            TextColumn("ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[counts]}"),
            console=console or Console(stderr=True),
            transient=False,
        )
        self.task: TaskID | None = None

    def __enter__(self) -> IngestProgress:
        self.progress.start()
        self.task = self.progress.add_task("ingest", total=None, rate="", counts=self._counts())
        if not any("://" in p for p in self.paths):
            threading.Thread(target=self._count_total, name="claimledger-count", daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.progress.stop()

    def _count_total(self) -> None:
        # fetch=False: a feed file's entries are counted, not fetched (each is one input).
        total = sum(1 for _ in iter_articles(self.paths, published=self.published, max_bytes=self.max_bytes,
                                             encoding=self.encoding, fetch=False))
        if self.task is not None:
            self.progress.update(self.task, total=total)

    def _counts(self) -> str:
        c = self.counts
        earlier = f" ({c['earlier']} from an earlier run)" if c["earlier"] else ""
        return f"{c['stored']} stored · {c['already']} already · {c['skipped']} skipped{earlier}"

    def advance(self, outcome: Outcome) -> None:
        if outcome.earlier:
            self.counts["earlier"] += 1
        else:
            self.analysed += 1
        key = "stored" if outcome.status == STORED else "already" if outcome.status == ALREADY else "skipped"
        self.counts[key] += 1
        # Articles/s over the inputs this run decided itself (those of an earlier run take no time).
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = f"{self.analysed / elapsed:.1f} articles/s"
        if self.task is not None:
            self.progress.update(self.task, advance=1, rate=rate, counts=self._counts())
