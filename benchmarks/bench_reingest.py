"""Ingesting a corpus twice: the second run finds every article stored and skips the model.

    python benchmarks/bench_reingest.py [--corpus polnear|generated] [--articles 200] [--repeat 3]

The corpus is PolNeAR dev (84 real articles) when ../shared/data holds it, else
``--articles`` generated articles (benchmarks/records.py); either way it is written as one
JSON Lines file and ingested with the real model into an empty SQLite ledger through
``claimledger.api.ingest.ingest``, the loop behind ``claimledger ingest`` (analysis,
storing, linking). The same file is then ingested again into the same ledger: each input
is read and hashed, each batch of 32 costs one lookup, and nothing is analysed.

The model is loaded before the clock starts (its load time is printed apart), so the
first figure is the work per article, and the ratio is not flattered by a one-off load.
The second run is the best of ``--repeat``. For scale, the wall time of the whole
``claimledger ingest`` command on the second run is printed too: interpreter start and
imports, which no skip can save, dominate it.

Target (issue "the ledger"): the second run at least 50 times faster than the first.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.records import generate, write_corpus  # noqa: E402
from claimledger.api.ingest import ingest  # noqa: E402
from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.settings import Settings  # noqa: E402
from claimledger.types import Analysis, Article  # noqa: E402

TARGET_RATIO = 50.0


def write_input(corpus: str, articles: int, folder: Path) -> tuple[Path, str]:
    """The corpus as a JSON Lines file, and what it is."""
    path = folder / "corpus.jsonl"
    if corpus == "polnear":
        try:
            from claimledger.evaluation.polnear import load_split

            docs = load_split("dev")
            analyses = [Analysis(Article(text=d.text, source=str(i))) for i, d in enumerate(docs)]
            write_corpus(analyses, path)
            return path, f"PolNeAR dev, {len(analyses)} articles"
        except Exception as err:  # noqa: BLE001 - corpus absent: say so and generate
            print(f"PolNeAR not available ({err}); using {articles} generated articles", file=sys.stderr)
    count = write_corpus(generate(articles, seed=3), path)
    return path, f"{count} generated articles (benchmarks/records.py)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["polnear", "generated"], default="polnear")
    parser.add_argument("--articles", type=int, default=200, help="generated articles when not PolNeAR")
    parser.add_argument("--repeat", type=int, default=3, help="second runs; the best is kept")
    args = parser.parse_args()

    settings = Settings.from_env()
    started = time.perf_counter()
    from claimledger.nlp.analyzer import Analyzer

    analyzer = Analyzer(settings)
    load = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="claimledger-bench-") as tmp:
        folder = Path(tmp)
        corpus, what = write_input(args.corpus, args.articles, folder)
        db = folder / "ledger.db"
        with open_ledger(db) as ledger:
            first = ingest(ledger, [str(corpus)], settings=settings, analyse=analyzer.analyze_many)
            again = [ingest(ledger, [str(corpus)], settings=settings, analyse=analyzer.analyze_many)
                     for _ in range(args.repeat)]
        second = min(again, key=lambda report: report.seconds)
        assert second.stored == 0 and second.already == first.stored, "the second run must store nothing"

        command = [sys.executable, "-m", "claimledger.cli.main", "ingest", str(corpus), "--db", str(db), "-q"]
        env = {k: v for k, v in os.environ.items() if k != "CLAIMLEDGER_DB"}
        cli_started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        cli = time.perf_counter() - cli_started

    ratio = first.seconds / second.seconds
    verdict = "meets" if ratio >= TARGET_RATIO else "MISSES"
    print(f"{what}; model {settings.model} loaded in {load:.1f} s (not counted)")
    print(f"first ingest  : {first.seconds:8.3f} s  ({first.stored} stored, {first.skipped} skipped; "
          f"{first.stored / first.seconds:.1f} articles/s)")
    print(f"second ingest : {second.seconds:8.3f} s  ({second.already} already in the ledger; "
          f"best of {args.repeat})")
    print(f"ratio         : {ratio:8,.0f}x  ({verdict} the {TARGET_RATIO:.0f}x target)")
    print(f"second run as the command (`claimledger ingest`, interpreter start included): {cli:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
