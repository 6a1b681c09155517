"""Words per second of ``analyze`` against the bare spaCy pipeline, one process.

    python benchmarks/bench_analyze.py [--corpus polnear|example] [--repeat 3]

The corpus is PolNeAR dev (84 real articles, ~68k words) when ../shared/data is there,
else the bundled example repeated to a similar size. Both pipelines parse the same texts
through ``nlp.pipe`` with the same batch size; the best of ``--repeat`` runs is kept so a
noisy neighbour does not decide the figure. Targets: quote extraction costs at most 15%
on top of the parse (issue 2), the whole analysis (quotes, claims, times, events) at most
25% (issue 3); ``analyze`` runs the whole analysis, so it is held to the stricter one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy

from claimledger.nlp.analyzer import BATCH_SIZE, Analyzer
from claimledger.settings import Settings
from claimledger.types import Article

REPO = Path(__file__).resolve().parents[1]
TARGET_OVERHEAD = 0.15


def load_texts(corpus: str) -> list[str]:
    if corpus == "polnear":
        try:
            from claimledger.evaluation.polnear import load_split

            return [d.text for d in load_split("dev")]
        except Exception as err:  # corpus absent: say so and use the example
            print(f"PolNeAR not available ({err}); using the example", file=sys.stderr)
    text = (REPO / "examples" / "prisoner-swap.txt").read_text(encoding="utf-8")
    return [text] * 170


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["polnear", "example"], default="polnear")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    settings = Settings.from_env()
    texts = load_texts(args.corpus)
    bare = spacy.load(settings.model)
    analyzer = Analyzer(settings, nlp=None)
    words = sum(len(doc) for doc in bare.pipe(texts, batch_size=BATCH_SIZE))

    def run_bare() -> None:
        for _ in bare.pipe(texts, batch_size=BATCH_SIZE):
            pass

    articles = [Article(text=t, source=str(i)) for i, t in enumerate(texts)]

    def run_analyze() -> None:
        for _ in analyzer.analyze_many(articles):
            pass

    run_bare()  # warm-up: first batches pay for lazy initialisation
    t_bare = best_of(args.repeat, run_bare)
    t_full = best_of(args.repeat, run_analyze)
    overhead = t_full / t_bare - 1
    print(f"model {settings.model}; {len(texts)} articles, {words:,} tokens; best of {args.repeat}")
    print(f"bare spaCy pipeline : {words / t_bare:8,.0f} tokens/s  ({t_bare:.2f} s)")
    print(f"claimledger analyze : {words / t_full:8,.0f} tokens/s  ({t_full:.2f} s)")
    verdict = "within" if overhead <= TARGET_OVERHEAD else "OVER"
    print(f"extraction overhead : {overhead:+.1%} ({verdict} the {TARGET_OVERHEAD:.0%} target)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
