"""Copying a SQLite ledger's write-ahead log back into the database, off the writer's path.

In WAL mode each commit appends the pages it changed to the ``-wal`` file; a *checkpoint*
copies them into the database file so the log can start over. By default the committing
connection does that itself whenever the log passes 1,000 pages. Linking a group of 32
articles changes about 2,800 pages (its rows land all over the linking tables' indexes),
so every commit also paid for a checkpoint: 1.0 s of the 1.3 s that 63 commits took when
storing 2,000 generated articles (benchmarks/bench_store.py, measured).

:class:`Checkpointer` runs ``PRAGMA wal_checkpoint(PASSIVE)`` on a connection and a thread
of its own after each commit. SQLite runs it outside Python's lock, beside the writer; a
passive checkpoint never blocks a reader or the writer, and copies only frames every
reader is done with, so it is always safe. The writer's own automatic checkpoint stays as
the backstop, at a higher threshold (:data:`BACKSTOP_PAGES`), should the thread fall behind.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import deque

# The writer's wal_autocheckpoint: it checkpoints itself only past this many pages (64 MiB
# of 4 KiB pages), which the background thread keeps the log well under.
BACKSTOP_PAGES = 16384
# Past this many pages in the log (32 MiB), the next transaction waits for the thread to
# copy the last commit, so that it can start the log over (Checkpointer.before_begin).
RESTART_PAGES = 8192


class Checkpointer:
    """A background thread that checkpoints the SQLite file at ``path`` when poked.

    The thread starts at the first :meth:`poke` (the first commit) and ends at :meth:`stop`
    (``Ledger.close`` disposes the engine, which calls it). It is a daemon, so it never
    holds up the interpreter's exit: the last connection to close checkpoints whatever is
    left, as SQLite always does.

    The log only starts over when a transaction begins with every frame already copied,
    which a thread one commit behind never sees in a busy run: :meth:`before_begin` waits
    for one pass once the log has reached :attr:`restart_pages`, so it stays bounded.
    """

    def __init__(self, path: str, *, busy_timeout_s: float = 30.0, restart_pages: int | None = None) -> None:
        self.path = path
        self.busy_timeout_s = busy_timeout_s
        self.restart_pages = RESTART_PAGES if restart_pages is None else restart_pages
        self.passes = 0  # checkpoints run (for tests and benchmarks)
        self.frames = 0  # the log's length in pages at the last pass
        # What failed checkpoints said, the latest few (the writer's own backstop remains).
        self.errors: deque[str] = deque(maxlen=16)
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._asked = 0  # generations: a pass serves every request made before it started
        self._served = 0
        self._worker: _Worker | None = None
        self._pid = os.getpid()

    def poke(self) -> None:
        """A commit happened (or is about to): checkpoint soon."""
        self._ensure_worker().wake.set()

    def before_begin(self) -> None:
        """Called as a transaction begins: past :attr:`restart_pages`, wait for a pass that
        copies everything committed so far, so that this transaction starts the log over."""
        if self.frames < self.restart_pages:
            return
        worker = self._ensure_worker()
        with self._done:
            self._asked += 1
            wanted = self._asked
            worker.wake.set()
            self._done.wait_for(lambda: self._served >= wanted or not worker.thread.is_alive(),
                                timeout=self.busy_timeout_s)

    def stop(self) -> None:
        """Run a last checkpoint and end the thread (a later :meth:`poke` starts a new one)."""
        with self._lock:
            worker, self._worker = self._worker, None
            if worker is None or self._pid != os.getpid():
                return
        worker.stopping.set()
        worker.wake.set()
        worker.thread.join()

    def _ensure_worker(self) -> _Worker:
        with self._lock:
            if self._pid != os.getpid():  # a forked child: the parent's thread is not here
                self._pid, self._worker = os.getpid(), None
            if self._worker is None or not self._worker.thread.is_alive():
                self._worker = _Worker(self)
            return self._worker

    def checkpoint(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            generation = self._asked
        try:
            _busy, frames, _copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error as exc:  # e.g. the file went away; the writer's backstop remains
            self.errors.append(str(exc))
            frames = 0
        else:
            self.passes += 1
        with self._done:
            self.frames = max(frames, 0)  # -1 when the database is not in WAL mode
            self._served = generation
            self._done.notify_all()


class _Worker:
    """One checkpointing thread with its own connection (a connection stays in its thread)."""

    def __init__(self, owner: Checkpointer) -> None:
        self.owner = owner
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="claimledger-checkpoint", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        owner = self.owner
        try:
            self._serve(owner)
        finally:
            with owner._done:  # whoever waits in before_begin sees the thread gone
                owner._done.notify_all()

    def _serve(self, owner: Checkpointer) -> None:
        try:
            connection = sqlite3.connect(owner.path, timeout=owner.busy_timeout_s, isolation_level=None)
        except sqlite3.Error as exc:
            owner.errors.append(str(exc))
            return
        try:
            while True:
                self.wake.wait()
                self.wake.clear()
                owner.checkpoint(connection)
                if self.stopping.is_set():
                    return
        finally:
            connection.close()
