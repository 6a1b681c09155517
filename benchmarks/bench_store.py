"""Articles per second stored in a SQLite ledger, linked as ``claimledger ingest`` links them.

    python benchmarks/bench_store.py [--articles 2000] [--grow 10000] [--budget 600] [--seed 1]

The records are generated and already analysed (benchmarks/records.py: no model, no
parse), so the figures are the ledger's alone: rows, full-text index, and cross-article
linking (near-duplicates, entities, events, claims and their standing history). Each
record is a ``claimledger.article/1`` dict built before the clock starts, stored on a
SQLite file in a temporary folder (WAL, as ``open_ledger`` sets up). Each figure starts
cold: a fresh ledger, and claimledger's memoised functions cleared.

1. ``--articles`` records into an empty ledger, ``--repeat`` times each (the median is
   the figure), with linking on and off, one article a
   transaction (``store(record, within=Linker())``, what ``ingest`` does) and ``--group``
   a transaction (``insert_many`` + ``link_many``, what ``load`` does: GROUPED_BATCH);
2. how linking scales as the ledger grows: articles/s per block of 1,000 while
   ``--grow`` + 1,000 articles go in, the first block against the one after ``--grow``.
   Growth stops early, saying so, once it has run ``--budget`` seconds.

Target (issue "the ledger"): at least 500 articles/s stored with linking on.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.records import generate  # noqa: E402
from claimledger.api.ingest import GROUPED_BATCH  # noqa: E402
from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.ledger.store import Ledger  # noqa: E402
from claimledger.linking.linker import Linker  # noqa: E402

TARGET = 500.0
BLOCK = 1000


def records(n: int, seed: int) -> list[dict[str, Any]]:
    return [analysis.to_dict() for analysis in generate(n, seed=seed)]


def store_all(ledger: Ledger, batch: Sequence[dict[str, Any]], linked: bool, group: int = 1,
              linker: Linker | None = None) -> float:
    """Seconds to store ``batch``: one article per transaction (``Ledger.store``), or
    ``group`` per transaction (``Ledger.insert_many`` + ``Linker.link_many``, what
    ``ingest`` and ``load`` do)."""
    if not linked:
        linker = None
    elif linker is None:
        linker = Linker()
    within = linker
    started = time.perf_counter()
    if group == 1:
        for record in batch:
            ledger.store(record, within=within)
    else:
        for offset in range(0, len(batch), group):
            with ledger.transaction() as connection:
                inserted = ledger.insert_many(connection, batch[offset : offset + group])
                if linker is not None:
                    linker.link_many(connection, inserted.stored, rows=inserted.rows)
    return time.perf_counter() - started


def in_fresh_ledger(run: Callable[[Ledger], float]) -> float:
    forget_memos()
    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as folder, \
            open_ledger(Path(folder) / "ledger.db") as ledger:
        return run(ledger)


def forget_memos() -> None:
    """Clear claimledger's memoised functions (folded words, stems, event profiles): each
    figure starts cold, as a run on new articles does, not helped by the one before."""
    for name, module in list(sys.modules.items()):
        if name.startswith("claimledger."):
            for value in vars(module).values():
                # (a table built once per process, maxsize 1, is not a memo of articles)
                # (looked up on the type: SQLAlchemy columns answer any attribute)
                memo = callable(getattr(type(value), "cache_clear", None))
                if memo and value.cache_parameters()["maxsize"] != 1:
                    value.cache_clear()


def grow(size: int, seed: int, budget: float, group: int) -> None:
    """Articles/s per block of 1,000 while the ledger grows to ``size`` + 1,000 articles."""
    total = size + BLOCK
    grown = records(total, seed)
    rates: list[float] = []

    def run(ledger: Ledger) -> float:
        started = time.perf_counter()
        linker = Linker()  # one run: what it has read stays in memory (linking/index.py)
        for offset in range(0, total, BLOCK):
            block = grown[offset : offset + BLOCK]
            rates.append(len(block) / store_all(ledger, block, linked=True, group=group, linker=linker))
            print(f"  {offset:>7,} articles in the ledger: {rates[-1]:8,.1f} articles/s", flush=True)
            if time.perf_counter() - started > budget and offset + BLOCK < total:
                print(f"  stopped after {offset + BLOCK:,} articles: over the {budget:.0f} s budget")
                break
        return 0.0

    print(f"growth, linking on, blocks of {BLOCK:,} ({total:,} generated articles):")
    in_fresh_ledger(run)
    reached = (len(rates) - 1) * BLOCK
    print(f"first {BLOCK:,}: {rates[0]:,.1f} articles/s; with {reached:,} in the ledger: "
          f"{rates[-1]:,.1f} articles/s ({rates[-1] / rates[0]:.0%} of the first)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="records for the on/off figures")
    parser.add_argument("--grow", type=int, default=10_000,
                        help="ledger size after which the last block of 1,000 is timed (0: skip)")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds the growth part may take")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--group", type=int, default=GROUPED_BATCH,
                        help="articles per transaction for the grouped figures (load's batch)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each figure; the median is compared with the target")
    args = parser.parse_args()

    batch = records(args.articles, args.seed)
    quotes = sum(len(r["quotes"]) for r in batch)
    claims = sum(len(r["claims"]) for r in batch)
    print(f"{len(batch):,} generated articles ({quotes:,} quotes, {claims:,} claims), "
          "SQLite file")
    for linked in (True, False):
        for group in (1, args.group):
            # Each run cold (a fresh ledger, memos cleared); single runs vary by 5-10% on a
            # shared 2-core machine, so the median of --repeat runs meets the target or not.
            rates = sorted(
                len(batch) / in_fresh_ledger(lambda ledger: store_all(ledger, batch, linked, group))  # noqa: B023
                for _ in range(max(1, args.repeat))
            )
            median = statistics.median(rates)
            per = "1 article" if group == 1 else f"{group} articles"
            verdict = ""
            if linked:
                verdict = "; meets" if median >= TARGET else "; MISSES"
                verdict += f" the {TARGET:.0f}/s target"
            runs = ", ".join(f"{rate:,.0f}" for rate in rates)
            print(f"linking {'on ' if linked else 'off'}, {per:>11} a transaction: "
                  f"{median:8,.1f} articles/s median  (runs: {runs}{verdict})", flush=True)

    if args.grow > 0:
        grow(args.grow, args.seed + 1, args.budget, args.group)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
