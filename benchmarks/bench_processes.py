"""Articles per second of ``claimledger ingest`` with one process and with ``--processes 2``.

    python benchmarks/bench_processes.py [--articles 500] [--split train] [--processes 2]

The corpus is the first ``--articles`` PolNeAR articles of ``--split`` (real news, ~800
words each) when ../shared/data is there, else generated articles (benchmarks/records.py)
of similar length. Both runs ingest the same JSON Lines file into a fresh SQLite ledger
through :func:`claimledger.api.ingest.ingest`, the loop behind the command: read, analyse
with the spaCy pipeline, store and link each article in its own transaction. Times are wall
clock from the first input read to the last article committed, model loading included (in
this process for one process; in each worker, in parallel, for several).

The one-process run also splits its time into parsing (the pipeline) and the rest (reading,
storing, linking), since with workers the rest stays in the parent, serial: it bounds the
speed-up at (parse + rest) / max((parse + rest) / N, rest). Target (issue 5): ``--processes
2`` at least 1.7 times one process on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from claimledger.api.ingest import ingest  # noqa: E402
from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.nlp.pool import SpacyAnalyse  # noqa: E402
from claimledger.settings import Settings  # noqa: E402
from claimledger.types import Analysis, Article  # noqa: E402

TARGET = 1.7


def write_corpus(path: Path, articles: int, split: str) -> str:
    """The corpus as JSON Lines; returns what it is, in words."""
    try:
        from claimledger.evaluation.polnear import load_split

        docs = load_split(split, limit=articles)
        records = [{"text": d.text, "title": d.title, "published": d.published} for d in docs]
        what = f"PolNeAR {split}, first {len(records)} articles"
    except Exception as err:  # noqa: BLE001 - corpus absent: say so and generate
        print(f"PolNeAR not available ({err}); using generated articles", file=sys.stderr)
        from benchmarks.records import generate

        records = []
        for analysis in generate(articles, seed=1):
            a = analysis.article
            records.append({"text": " ".join([a.text] * 3), "title": a.title, "published": a.published})
        what = f"{len(records)} generated articles (each text three times, ~news length)"
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    words = sum(len(r["text"].split()) for r in records)
    return f"{what}, {words:,} words"


class Timed:
    """The spaCy analyser, timing its own calls (the parse) for the one-process split."""

    def __init__(self, settings: Settings) -> None:
        self.run = SpacyAnalyse(settings)()
        self.seconds = 0.0

    def __call__(self, articles: list[Article]) -> Iterable[Analysis]:
        started = time.perf_counter()
        out = list(self.run(articles))
        self.seconds += time.perf_counter() - started
        return out


def run(corpus: Path, processes: int, settings: Settings) -> tuple[int, float, float | None]:
    """Articles stored, wall seconds, parse seconds (one process only)."""
    with tempfile.TemporaryDirectory() as tmp, open_ledger(Path(tmp) / "ledger.db") as ledger:
        started = time.perf_counter()
        timed = Timed(settings) if processes == 1 else None
        report = ingest(ledger, [str(corpus)], settings=settings, analyse=timed, processes=processes)
        seconds = time.perf_counter() - started
    return report.stored, seconds, (timed.seconds if timed is not None else None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--split", default="train")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        what = write_corpus(corpus, args.articles, args.split)
        print(f"{what}; model {settings.model}; {os.cpu_count()} CPUs")
        n1, t1, parse = run(corpus, 1, settings)
        rest = t1 - (parse or 0.0)
        print(f"1 process    : {n1 / t1:6.2f} articles/s  ({n1} stored in {t1:.1f} s: "
              f"parse {parse or 0:.1f} s, read/store/link {rest:.1f} s)")
        n2, t2, _ = run(corpus, args.processes, settings)
        print(f"{args.processes} processes  : {n2 / t2:6.2f} articles/s  ({n2} stored in {t2:.1f} s)")
    ratio = (n2 / t2) / (n1 / t1)
    bound = t1 / max(t1 / args.processes, rest)
    verdict = "meets" if ratio >= TARGET else "MISSES"
    print(f"speed-up     : {ratio:.2f}x ({verdict} the {TARGET}x target; the serial part bounds it "
          f"at {bound:.2f}x)")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
