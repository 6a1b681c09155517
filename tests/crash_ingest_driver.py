"""``claimledger ingest`` without the model, for the crash test (tests/test_ingest_crash.py).

    python tests/crash_ingest_driver.py LEDGER CORPUS --articles N --seed S

Runs :func:`claimledger.api.ingest.ingest`, the loop behind ``claimledger ingest``, on a
JSON Lines corpus written by :func:`benchmarks.records.write_corpus` from the same
``(N, S)``; the analyses are those generated records, looked up by content hash, so a run
of 50 articles takes about a second and almost all of it is storing and linking: a kill
lands in the middle of an article's transaction, not in a parse. Prints one line per
input as it is decided: ``stored <article id>``, ``already <article id>`` or
``skipped <label>: <message>``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.records import by_id, generate  # noqa: E402
from claimledger.api.ingest import SKIPPED, Outcome, ingest  # noqa: E402
from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.settings import Settings  # noqa: E402
from claimledger.types import Analysis, Article  # noqa: E402


def analyser(articles: int, seed: int) -> Callable[[list[Article]], Iterable[Analysis]]:
    """An ``analyse`` for :func:`ingest` that returns the generated analysis of each
    article (with the article as read from the corpus: its source is its line)."""
    known = by_id(generate(articles, seed=seed))

    def analyse(batch: list[Article]) -> list[Analysis]:
        return [dataclasses.replace(known[article.id], article=article) for article in batch]

    return analyse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger")
    parser.add_argument("corpus")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    args = parser.parse_args()

    def show(outcome: Outcome) -> None:
        if outcome.status == SKIPPED:
            print(f"skipped {outcome.label}: {outcome.message}", flush=True)
        else:
            print(f"{outcome.status} {outcome.article_id}", flush=True)

    with open_ledger(args.ledger) as ledger:
        report = ingest(ledger, [args.corpus], settings=Settings(),
                        analyse=analyser(args.articles, args.seed), on_outcome=show)
    return 1 if report.skipped else 0


if __name__ == "__main__":
    raise SystemExit(main())
