"""Ctrl-C during a batch: stop after the current article's transaction, never inside one.

>>> with Interruption() as interruption:          # doctest: +SKIP
...     report = ingest(ledger, paths, settings=settings, interruption=interruption)

While installed, SIGINT sets :attr:`Interruption.requested`. Inside :meth:`guard` (an
article's store transaction, a skip being recorded) that is all it does, and the ingest loop
stops as soon as the transaction has committed; anywhere else (reading, parsing, waiting for
workers) nothing is half-written, so it raises ``KeyboardInterrupt`` at once and the loop
stops there. Either way every article is wholly stored or absent and the ``inputs`` table
says which, so running the same command again resumes.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

# The exit status of a command stopped by SIGINT (128 + 2), as shells report it.
EXIT_INTERRUPTED = 130


class Interruption:
    """A SIGINT handler that defers to the end of a guarded section."""

    def __init__(self) -> None:
        self.requested = False
        self._guarded = 0
        self._previous: Any = None

    def __enter__(self) -> Interruption:
        self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *_exc: object) -> None:
        signal.signal(signal.SIGINT, self._previous)

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        self.requested = True
        if not self._guarded:
            raise KeyboardInterrupt

    @contextmanager
    def guard(self) -> Iterator[None]:
        """A section a SIGINT must not cut: the request waits until it ends."""
        self._guarded += 1
        try:
            yield
        finally:
            self._guarded -= 1
