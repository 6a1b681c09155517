"""Rows per second of ``claimledger export``, each format, on a generated ledger.

    python benchmarks/bench_export.py [--articles 10000] [--db PATH] [--repeat 3]

The ledger is built from hand-made records (no model, no linking): each article is ~1.5 kB
of text with 4 entities, 6 quotes, 6 claims (half of them with a verdict and evidence),
2 events and 2 time expressions, 30 rows in all. It is built once at ``--db`` (topped up
when it is already there) and every format exports it to a temporary folder, the best of
``--repeat`` runs kept so a noisy neighbour does not decide the figure. "rows" is what the
format writes: every table's rows for jsonl/csv/parquet, reviewed claims for claimreview,
quotes and claims for annotations.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from claimledger.export import ExportFormat, export
from claimledger.ledger import open_ledger
from claimledger.ledger.store import Ledger
from claimledger.types import (
    Analysis,
    Article,
    Claim,
    Entity,
    Event,
    Evidence,
    Factuality,
    Quote,
    QuoteKind,
    Span,
    Speaker,
    Standing,
    TimeExpression,
)

PARAGRAPH = (
    "Minister Ana Kovač of Zürich said “the talks on item {n} will resume on Friday” after a "
    "week of delays. Officials close to the process said that the exchange of {n} prisoners "
    "was agreed. The ministry denied the report, calling it a baseless claim. "
)
VERDICTS = (Standing.DENIED, Standing.UNFOUNDED, Standing.CONFIRMED)


def find(text: str, words: str, start: int = 0) -> Span:
    at = text.index(words, start)
    return Span.of(text, at, at + len(words))


def record(i: int) -> dict[str, object]:
    text = "".join(PARAGRAPH.format(n=f"{i}-{p}") for p in range(6)) + "Analysts expect more news."
    kovac = Speaker("E1", "Ana Kovač", find(text, "Minister Ana Kovač"))
    officials = Speaker(None, "Officials close to the process", find(text, "Officials close"), anonymous=True)
    ministry = Speaker("E3", "the ministry", find(text, "The ministry"))
    quotes, claims = [], []
    offset = 0
    for p in range(6):
        para = text.index("Minister Ana", offset)
        content = find(text, f"the talks on item {i}-{p} will resume on Friday", para)
        exchange = find(text, "the exchange of", para)
        exchange = Span.of(text, exchange.start, text.index(" was agreed", para) + len(" was agreed"))
        denied = find(text, "denied the report", para)
        if p % 2:
            quotes.append(Quote(f"Q{p + 1}", QuoteKind.DIRECT, content, kovac, cue=find(text, "said", para),
                                quoted=(content,)))
        else:
            quotes.append(Quote(f"Q{p + 1}", QuoteKind.INDIRECT, exchange, officials))
        standing = VERDICTS[p % 3] if p % 2 == 0 else Standing.CLAIMED
        evidence = (Evidence(standing.value, denied, ministry),) if standing in VERDICTS else ()
        claims.append(Claim(f"C{p + 1}", exchange.text, exchange, officials, standing=standing,
                            evidence=evidence, modality=("said",)))
        offset = para + 1
    friday = find(text, "Friday")
    week = find(text, "a week")
    times = (TimeExpression("T1", friday.start, friday.end, friday.text, "2025-05-23", "DATE"),
             TimeExpression("T2", week.start, week.end, week.text, "P1W", "DURATION"))
    talks, exchange = find(text, "talks"), find(text, "exchange")
    events = (
        Event("V1", "negotiate", "046", talks, (talks,), Factuality.PLANNED, time=times[0]),
        Event("V2", "exchange", "0873", exchange, (exchange,), Factuality.HAPPENED),
    )
    entities = (
        Entity("E1", "Ana Kovač", "PERSON", (find(text, "Ana Kovač"),), ("minister",)),
        Entity("E2", "Zürich", "GPE", (find(text, "Zürich"),)),
        Entity("E3", "the ministry", "ORG", (find(text, "The ministry"),)),
        Entity("E4", "Analysts", "NORP", (find(text, "Analysts"),)),
    )
    article = Article(text=text, source=f"https://news.example/{i}", url=f"https://news.example/{i}",
                      title=f"Talks {i}", published="2025-05-23")
    return Analysis(article, entities=entities, quotes=tuple(quotes), claims=tuple(claims),
                    events=events, times=times, pipeline={"model": "generated"}).to_dict()


def fill(ledger: Ledger, articles: int) -> None:
    have = ledger.count("articles")
    for i in range(have, articles):
        ledger.store(record(i))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="ledger to build or reuse (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        with open_ledger(db) as ledger:
            started = time.perf_counter()
            fill(ledger, args.articles)
            built = time.perf_counter() - started
            print(f"ledger: {ledger.count('articles'):,} articles ({built:.1f} s to build or open)")
            for fmt in ExportFormat:
                out = Path(tmp) / (str(fmt) if fmt.writes_folder else f"{fmt}.json")
                seconds = float("inf")
                try:
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        written = export(ledger, fmt, out)
                        seconds = min(seconds, time.perf_counter() - started)
                except Exception as err:  # pyarrow missing: report and go on
                    print(f"{fmt:<12} skipped: {err}")
                    continue
                rows = sum(written.values())
                size = sum(p.stat().st_size for p in out.rglob("*")) if out.is_dir() else out.stat().st_size
                print(f"{fmt:<12} {rows:>9,} rows  {seconds:6.2f} s  {rows / seconds:>9,.0f} rows/s  "
                      f"{size / 1e6:7.1f} MB")


if __name__ == "__main__":
    main()
