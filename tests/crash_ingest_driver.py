"""``claimledger ingest`` without the model, for the crash test (tests/test_ingest_crash.py).

    python tests/crash_ingest_driver.py LEDGER CORPUS --articles N --seed S
        [--processes P] [--graceful] [--delay SECONDS] [--log-analysed]

Runs :func:`claimledger.api.ingest.ingest`, the loop behind ``claimledger ingest``, on a
JSON Lines corpus written by :func:`benchmarks.records.write_corpus` from the same
``(N, S)``; the analyses are those generated records, looked up by content hash, so a run
of 50 articles takes about a second and almost all of it is storing and linking: a kill
lands in the middle of an article's transaction, not in a parse. Prints one line per
input as it is decided: ``stored <article id>``, ``already <article id>`` or
``skipped <label>: <message>``.

For the resume tests (tests/test_ingest_resume.py): ``--processes`` analyses in worker
processes (the analyser is made in each worker, as the spaCy one is); ``--graceful``
handles Ctrl-C as ``claimledger ingest`` does (stop after the current article, print
``interrupted`` on stderr, exit 130); ``--delay`` makes each analysis take that long, so a
signal can land while articles are analysed; ``--log-analysed`` prints ``analysed <id>`` on
stderr for each article analysed, from whichever process analyses it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.records import by_id, generate  # noqa: E402
from claimledger.api.ingest import SKIPPED, Outcome, ingest  # noqa: E402
from claimledger.api.interrupt import EXIT_INTERRUPTED, Interruption  # noqa: E402
from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.settings import Settings  # noqa: E402
from claimledger.types import Analysis, Article  # noqa: E402


def analyser(articles: int, seed: int) -> Callable[[list[Article]], Iterable[Analysis]]:
    """An ``analyse`` for :func:`ingest` that returns the generated analysis of each
    article (with the article as read from the corpus: its source is its line)."""
    return Generated(articles, seed)()


@dataclasses.dataclass(frozen=True)
class Generated:
    """Makes :func:`analyser`'s ``analyse``; picklable, so a worker process can make it."""

    articles: int
    seed: int
    delay: float = 0.0
    log: bool = False

    def __call__(self) -> Callable[[list[Article]], Iterable[Analysis]]:
        known = by_id(generate(self.articles, seed=self.seed))

        def analyse(batch: list[Article]) -> list[Analysis]:
            out = []
            for article in batch:
                if self.delay:
                    time.sleep(self.delay)
                if self.log:
                    # One write of one line: workers share the pipe, and a write this
                    # short is atomic, so lines from two processes never interleave.
                    sys.stderr.write(f"analysed {article.id}\n")
                    sys.stderr.flush()
                out.append(dataclasses.replace(known[article.id], article=article))
            return out

        return analyse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger")
    parser.add_argument("corpus")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--graceful", action="store_true")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--log-analysed", action="store_true")
    args = parser.parse_args()

    def show(outcome: Outcome) -> None:
        if outcome.status == SKIPPED:
            print(f"skipped {outcome.label}: {outcome.message}", flush=True)
        else:
            print(f"{outcome.status} {outcome.article_id}", flush=True)

    make = Generated(args.articles, args.seed, args.delay, args.log_analysed)
    with open_ledger(args.ledger) as ledger:
        if not args.graceful:
            report = ingest(ledger, [args.corpus], settings=Settings(), make_analyse=make,
                            processes=args.processes, on_outcome=show)
        else:
            with Interruption() as interruption:
                report = ingest(ledger, [args.corpus], settings=Settings(), make_analyse=make,
                                processes=args.processes, on_outcome=show, interruption=interruption)
            if report.interrupted:
                print(f"interrupted after {report.decided} inputs", file=sys.stderr, flush=True)
                return EXIT_INTERRUPTED
    return 1 if report.skipped else 0


if __name__ == "__main__":
    raise SystemExit(main())
