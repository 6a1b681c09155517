"""The cyclic collector is paused while a ledger transaction runs, and only then (ledger/pause.py)."""

from __future__ import annotations

import gc

import pytest

from benchmarks.records import generate
from claimledger.ledger import open_ledger
from claimledger.ledger.pause import gc_paused


@pytest.fixture(autouse=True)
def _collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_enabled_again_after_nested_blocks():
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()


def test_enabled_again_when_the_block_raises():
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_disabled_when_it_was_disabled_before():
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def test_a_ledger_transaction_and_store_pause_it(tmp_path):
    seen = []
    with open_ledger(tmp_path / "ledger.db") as ledger:
        with ledger.transaction():
            seen.append(gc.isenabled())
        record = next(iter(generate(1, seed=5))).to_dict()
        assert ledger.store(record, within=lambda _c, _a: seen.append(gc.isenabled()))
    assert seen == [False, False]
    assert gc.isenabled()
