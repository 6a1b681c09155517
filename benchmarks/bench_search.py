"""Latency of full-text search on a ledger of 100,000 quotes: ``Ledger.search`` and ``claims(about=...)``.

    python benchmarks/bench_search.py [--quotes 100000] [--queries 200] [--repeat 3] [--rebuild]

The ledger is built once from generated records (benchmarks/records.py, ~25,000 articles
for 100,000 quotes) and kept under ``--cache`` (default: a folder in the temporary
directory), named by size and seed, so a rerun only measures; ``--rebuild`` builds it
again. Building is not what this measures, so it takes a bulk path: the rows
``Ledger.store`` would write (the same ``record_rows``, the same ``insert_table``, which
also fills the SQLite search index), 1,000 articles per transaction, with each claim in
its own cluster and a standing row so the joins of ``claims()`` find rows as in a linked
ledger.

The queries (``--queries``, seeded) mix what people type: a common word, a rare one, a
name, a place, a number, a quoted phrase, an exclusion (``-word``), ``or``, and words
that match nothing. Each query runs once to warm the cache, then ``--repeat`` times; its
median is its latency (a query slower than 2 s is not repeated). Reported: p50, p95 and
p99 over the queries, overall and by kind of query, with the slowest three, for
``Ledger.search(text)`` (best 50), ``claims(ledger, about=text)`` (every matching claim,
as ``claimledger claims --about`` asks) and ``claims(..., limit=50)``.

Target (issue "the ledger"): p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.records import (  # noqa: E402
    KINDS,
    PLACES,
    RARE_WORDS,
    SURNAMES,
    TOPICS,
    generate,
)
from claimledger.api.queries import claims  # noqa: E402
from claimledger.ledger import open_ledger, schema  # noqa: E402
from claimledger.ledger.rows import record_rows  # noqa: E402
from claimledger.ledger.store import Ledger, insert_table  # noqa: E402
from claimledger.linking.linker import global_id  # noqa: E402

TARGET_P95_MS = 50.0
QUOTES_PER_ARTICLE = 4.0  # about what benchmarks/records.py writes
TRANSACTION = 1000
SLOW_S = 2.0


def build(path: Path, quotes: int, seed: int) -> tuple[int, int]:
    """A ledger with at least ``quotes`` quotes at ``path``; returns (articles, quotes)."""
    partial = path.with_name(path.name + ".partial")
    for stale in path.parent.glob(partial.name + "*"):
        stale.unlink()
    articles = stored = 0
    now = datetime.now(UTC)
    started = time.perf_counter()
    with open_ledger(partial) as ledger:
        records = generate(int(quotes / QUOTES_PER_ARTICLE * 1.1) + 10, seed=seed)
        while stored < quotes:
            tables: dict[str, list[dict[str, Any]]] = {}
            for analysis in _take(records, TRANSACTION):
                for table, rows in record_rows(analysis.to_dict(), now):
                    tables.setdefault(table.name, []).extend(rows)
                articles += 1
            stored += len(tables.get("quotes", []))
            tables["clusters"] = _clusters(tables.get("claims", []))
            tables["claim_standing"] = [
                {"cluster_id": row["cluster_id"], "standing": "claimed", "since": None, "decided_by": None,
                 "entries": 1, "sources": 1} for row in tables.get("clusters", [])
            ]
            with ledger.engine.begin() as connection:
                for name, rows in tables.items():
                    insert_table(connection, schema.metadata.tables[name], rows)
            print(f"  built {articles:,} articles, {stored:,} quotes ({time.perf_counter() - started:.0f} s)",
                  flush=True)
    partial.rename(path)
    return articles, stored


def _take(records: Iterator[Any], n: int) -> list[Any]:
    out = []
    for record in records:
        out.append(record)
        if len(out) == n:
            break
    if not out:
        raise RuntimeError("the generator ran out of records; raise QUOTES_PER_ARTICLE's margin")
    return out


def _clusters(claim_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"kind": "claim", "article_id": row["article_id"], "item_id": row["id"],
             "cluster_id": global_id(row["article_id"], row["id"])} for row in claim_rows]


def queries(n: int, seed: int) -> list[tuple[str, str]]:
    """``n`` distinct (kind of query, search text) of the kinds people type, from the
    generated vocabulary."""
    rng = random.Random(seed)
    nouns = [kind.noun for kind in KINDS]
    topic_words = sorted({w.strip("'") for t in TOPICS for w in t.split() if w not in {"the"}})
    makers: list[tuple[str, Callable[[], str]]] = [
        ("common word", lambda: rng.choice(nouns)),  # the event nouns: in 1 claim of 12
        ("common word", lambda: rng.choice(topic_words)),
        ("rare word", lambda: rng.choice(RARE_WORDS)),
        ("rare word", lambda: f"{rng.choice(RARE_WORDS)} {rng.randint(100, 999)}"),  # and a number
        ("name", lambda: rng.choice(SURNAMES)),
        ("name", lambda: rng.choice(PLACES)),
        ("phrase", lambda: f'"{rng.choice(TOPICS).removeprefix("the ")}"'),
        ("phrase", lambda: f'"{rng.choice(nouns)} in {rng.choice(PLACES)}"'),
        ("exclusion", lambda: f"{rng.choice(nouns)} -{rng.choice(PLACES)}"),
        ("exclusion", lambda: f"{rng.choice(topic_words)} -{rng.choice(topic_words)}"),
        ("or", lambda: f"{rng.choice(nouns)} or {rng.choice(nouns)}"),
        ("words", lambda: f"{rng.choice(SURNAMES)} {rng.choice(nouns)}"),
        ("most rows", lambda: rng.choice(["would", "-would", "-zeppelin"])),  # "would": 1 item in 3
        ("no match", lambda: rng.choice(["zeppelin", "quasar", '"no such phrase here"'])),
    ]
    found: dict[str, str] = {}  # distinct, in the order drawn
    while len(found) < n:
        kind, make = rng.choice(makers)
        found.setdefault(make(), kind)
    return [(kind, text) for text, kind in found.items()]


def timed(run: Callable[[], list[dict[str, Any]]], repeat: int) -> tuple[float, int]:
    """Median milliseconds of ``run`` over ``repeat`` runs after a warm-up run, and how
    many rows it returns. A run slower than :data:`SLOW_S` is not repeated: its warm-up
    time stands (repeating a query that takes minutes tells nothing more)."""
    started = time.perf_counter()
    found = len(run())
    first = (time.perf_counter() - started) * 1000
    if first > SLOW_S * 1000:
        return first, found
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        found = len(run())
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), found


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    if len(ms) == 1:
        return ms[0], ms[0], ms[0]
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def report(name: str, results: list[tuple[str, str, float, int]]) -> None:
    p50, p95, p99 = percentiles([r[2] for r in results])
    verdict = "within" if p95 < TARGET_P95_MS else "OVER"
    print(f"{name:<29} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  "
          f"({verdict} the {TARGET_P95_MS:.0f} ms p95 target)")
    kinds = sorted({r[0] for r in results})
    for kind in kinds:
        ms = [r[2] for r in results if r[0] == kind]
        k50, k95, _ = percentiles(ms)
        print(f"    {kind:<12} {len(ms):3} queries  p50 {k50:7.1f} ms  p95 {k95:7.1f} ms  "
              f"max {max(ms):9.1f} ms")
    for _kind, text, slow, found in sorted(results, key=lambda r: -r[2])[:3]:
        print(f"    slowest: {text!r:<34} {slow:9.1f} ms, {found:,} rows")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "claimledger-bench")
    parser.add_argument("--rebuild", action="store_true", help="build the ledger again")
    args = parser.parse_args()

    path = args.cache / f"search-{args.quotes}-seed{args.seed}.db"
    if args.rebuild or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        print(f"building {path} ...")
        build(path, args.quotes, args.seed)
    texts = queries(args.queries, args.seed)
    with open_ledger(path) as ledger:
        print(f"ledger {path}: {ledger.count('articles'):,} articles, {ledger.count('quotes'):,} quotes, "
              f"{ledger.count('claims'):,} claims; {len(texts)} queries, median of {args.repeat} runs each")
        runs: dict[str, Callable[[Ledger, str], list[dict[str, Any]]]] = {
            "Ledger.search(text)": lambda ledger, text: ledger.search(text),
            "claims(about=text)": lambda ledger, text: claims(ledger, about=text),
            "claims(about=text, limit=50)": lambda ledger, text: claims(ledger, about=text, limit=50),
        }
        for name, run in runs.items():
            results = []
            for kind, text in texts:
                ms, found = timed(lambda run=run, text=text: run(ledger, text), args.repeat)  # type: ignore[misc]
                results.append((kind, text, ms, found))
            report(name, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
