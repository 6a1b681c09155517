"""The ingest loop with a transaction per batch (``grouped``, what ``load`` uses) decides
every input as the one-transaction-per-article loop does, and gives the same ledger.

No model: the inputs are generated records handed in as :class:`Analysed` items, with an
unreadable input, a failed analysis, a record the database refuses and a repeated text
among them. Both backends.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import text

from benchmarks.records import generate
from claimledger.api.ingest import Analysed, Item, Outcome, ingest_results
from claimledger.errors import AnalysisFailedError, EmptyInputError
from claimledger.ledger import Ledger, open_ledger
from claimledger.settings import Settings
from claimledger.types import Article

# Columns that differ between two correct runs: autoincrement ids and timestamps.
# (search_vector: PostgreSQL's generated tsvector, and message: the database's own words for a
# refused record, both compared against a SQLite run.)
VOLATILE = {"id", "at", "analysed_at", "decided_by", "token", "previous", "search_vector", "message"}


def items() -> list[Item]:
    analyses = list(generate(70, seed=9))
    out: list[Item] = []
    for n, analysis in enumerate(analyses):
        record = analysis.to_dict()
        if n == 12:  # two quotes with one id: the database refuses it, alone
            record = {**record, "quotes": [record["quotes"][0], record["quotes"][0]]}
        out.append((f"in:{n}", Analysed(analysis.article, record)))
    out.insert(5, ("in:unreadable", EmptyInputError("in:unreadable: the file is empty")))
    failed = Article(text="The parser failed on this one.", source="x")
    out.insert(20, ("in:failed", Analysed(failed, AnalysisFailedError("x: analysis failed (boom)"))))
    out.insert(40, ("in:again", out[3][1]))  # the same text under another label
    return out


def contents(ledger: Ledger) -> dict[str, Counter[tuple[Any, ...]]]:
    out = {}
    with ledger.engine.connect() as connection:
        for table in ("articles", "quotes", "claims", "events", "links", "clusters", "link_keys",
                      "standing_history", "claim_standing", "skips", "inputs"):
            result = connection.execute(text(f"SELECT * FROM {table}"))
            keep = [i for i, name in enumerate(result.keys()) if name not in VOLATILE]
            out[table] = Counter(tuple(row[i] for i in keep) for row in result)
    return out


def run(ledger: Ledger, grouped: bool) -> list[Outcome]:
    def never() -> Any:
        raise AssertionError("nothing here needs analysing")

    return list(ingest_results(ledger, items(), settings=Settings(), make_analyse=never, grouped=grouped))


def test_ingest_grouped_decides_and_stores_as_one_article_a_transaction(
    ledger: Ledger, tmp_path_factory: pytest.TempPathFactory
) -> None:
    grouped = run(ledger, grouped=True)
    with open_ledger(tmp_path_factory.mktemp("alone") / "ledger.db") as alone:
        one_by_one = run(alone, grouped=False)
        assert [(o.label, o.status, o.reason) for o in grouped] == [
            (o.label, o.status, o.reason) for o in one_by_one
        ]
        statuses = Counter(o.status for o in grouped)
        assert statuses["skipped"] == 3 and statuses["already"] == 1
        assert contents(ledger) == contents(alone)
    again = run(ledger, grouped=True)  # a re-run: everything decided earlier
    assert all(o.earlier for o in again)
    assert ledger.count("articles") == 69


@pytest.mark.parametrize("grouped", [True, False])
def test_a_twin_analysed_elsewhere_is_skipped_in_its_own_words(tmp_path, grouped: bool) -> None:
    # Two inputs of one text whose analyses (made elsewhere) both failed: each is recorded
    # with its own failure, in whichever batch the two fall (load's batches are bigger).
    article = Article(text="The parser failed on this one.", source="x")
    errors = [AnalysisFailedError(f"in:{n}: analysis failed (boom)") for n in (1, 2)]
    given: list[Item] = [(f"in:{n}", Analysed(article, e)) for n, e in zip((1, 2), errors, strict=True)]

    def never() -> Any:
        raise AssertionError("nothing here needs analysing")

    with open_ledger(tmp_path / "ledger.db") as ledger:
        outcomes = list(
            ingest_results(ledger, given, settings=Settings(), make_analyse=never, grouped=grouped)
        )
        assert [(o.status, o.message) for o in outcomes] == [("skipped", str(e)) for e in errors]
        assert sorted(row["message"] for row in ledger.skips()) == sorted(str(e) for e in errors)
