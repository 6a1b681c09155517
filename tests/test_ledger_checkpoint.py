"""The SQLite ledger's write-ahead log is copied back by a thread of its own, and stays bounded.

ledger/checkpoint.py: each commit pokes a thread that runs a passive checkpoint; a
transaction that begins once the log is past ``restart_pages`` waits for one pass, so the
log starts over instead of growing for as long as a run writes.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from benchmarks.records import generate
from claimledger.ledger import checkpoint, open_ledger
from claimledger.ledger.checkpoint import Checkpointer
from claimledger.ledger.engine import checkpointer_of
from claimledger.linking.linker import Linker


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "claimledger-checkpoint"]


def _store(path: Path, records: list[dict], group: int = 8) -> tuple[int, Checkpointer]:
    """Store ``records`` linked, ``group`` a transaction; the log's largest size in bytes."""
    largest = 0
    with open_ledger(path) as ledger:
        linker = Linker()
        for offset in range(0, len(records), group):
            with ledger.transaction() as connection:
                inserted = ledger.insert_many(connection, records[offset : offset + group])
                linker.link_many(connection, inserted.stored, rows=inserted.rows)
            largest = max(largest, (path.parent / (path.name + "-wal")).stat().st_size)
        found = checkpointer_of(ledger.engine)
        assert found is not None
    return largest, found


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [analysis.to_dict() for analysis in generate(160, seed=3)]


def test_the_log_stays_bounded_while_a_run_writes(tmp_path, records, monkeypatch):
    monkeypatch.setattr(checkpoint, "RESTART_PAGES", 200)
    largest, used = _store(tmp_path / "ledger.db", records)
    assert used.passes > 0 and not used.errors
    # Measured: about 1,330 pages at most; without the wait in before_begin the log only
    # grows, to about 6,000 pages here.
    page = 4096 + 24
    assert largest < 3000 * page, f"the log reached {largest // page} pages"


def test_the_ledger_is_whole_after_close_and_the_thread_is_gone(tmp_path, records):
    path = tmp_path / "ledger.db"
    before = len(_threads())
    _store(path, records[:40])
    assert len(_threads()) == before  # Ledger.close disposed the engine, which stopped it
    assert not (tmp_path / "ledger.db-wal").exists()  # the last connection copied the rest
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert raw.execute("SELECT count(*) FROM articles").fetchone() == (40,)


def test_reading_a_ledger_leaves_no_thread_behind(tmp_path, records):
    path = tmp_path / "ledger.db"
    _store(path, records[:8])
    before = len(_threads())
    with open_ledger(path) as ledger:
        assert len(ledger.articles()) == 8
    assert len(_threads()) == before


def test_no_thread_for_a_ledger_in_memory():
    with open_ledger(":memory:") as ledger:
        assert checkpointer_of(ledger.engine) is None


def test_a_failing_checkpoint_is_recorded_not_raised(tmp_path):
    missing = Checkpointer(str(tmp_path / "no-such-folder" / "ledger.db"))
    missing.poke()
    missing.stop()
    assert missing.errors and missing.passes == 0
    missing.frames = missing.restart_pages  # a transaction beginning must not wait forever
    missing.before_begin()
