"""The linker's in-memory index (linking/index.py) gives the links the ledger alone would.

No model: records come from benchmarks/records.py. Every test runs on SQLite and, with
CLAIMLEDGER_TEST_POSTGRES set, on PostgreSQL. The reference is the ledger built with a new
linker per article: it holds nothing between articles, so everything it compares comes from
the database.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from benchmarks.records import generate
from claimledger.errors import InvalidRecordError
from claimledger.ledger import Ledger, open_ledger, schema
from claimledger.linking.linker import Linker

ARTICLES, SEED = 120, 5
# Link tables as multisets; autoincrement ids left out (they differ by insertion order only).
LINK_TABLES = {
    "links": "kind, relation, a_article, a_item, b_article, b_item, confidence, method, evidence",
    "clusters": "kind, article_id, item_id, cluster_id",
    "link_keys": "kind, key, article_id, item_id",
    "standing_history": "claim_key, article_id, claim_id, date, relation, counted, note",
    "claim_standing": "cluster_id, standing, since, entries, sources",
    "fingerprint_bands": "band, bucket, article_id",
}


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return [analysis.to_dict() for analysis in generate(ARTICLES, seed=SEED)]


def linking(ledger: Ledger) -> dict[str, Counter[tuple[Any, ...]]]:
    with ledger.engine.connect() as connection:
        return {
            table: Counter(tuple(row) for row in connection.execute(text(f"SELECT {columns} FROM {table}")))
            for table, columns in LINK_TABLES.items()
        }


@pytest.fixture
def reference(records: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    with open_ledger(tmp_path_factory.mktemp("reference") / "ledger.db") as ledger:
        for record in records:
            ledger.store(record, within=Linker())  # a new linker each time: holds nothing
        return linking(ledger)


def test_linking_index_one_linker_for_a_run_links_as_the_database_alone(
    ledger: Ledger, records: list[dict[str, Any]], reference: dict[str, Any]
) -> None:
    linker = Linker()
    for record in records:
        ledger.store(record, within=linker)
    assert linker.index.complete  # began on an empty ledger: never read a key back
    found = linking(ledger)
    assert sum(found["links"].values()) > 100  # the records do link: the test can fail
    assert found == reference


def test_linking_index_sees_another_writers_articles(
    ledger: Ledger, records: list[dict[str, Any]], reference: dict[str, Any]
) -> None:
    """Two linkers taking turns (two processes on one ledger): each learns of the other's
    articles through the token, and forgets what it held."""
    linkers = (Linker(), Linker())
    for n, record in enumerate(records):
        ledger.store(record, within=linkers[(n // 7) % 2])
    assert linking(ledger) == reference


def test_linking_index_forgets_a_rolled_back_article(
    ledger: Ledger, records: list[dict[str, Any]], reference: dict[str, Any]
) -> None:
    """An article linked and then rolled back leaves nothing the next articles link to."""
    linker = Linker()
    half = len(records) // 2
    for record in records[:half]:
        ledger.store(record, within=linker)

    def then_fail(connection: Any, article_id: str) -> None:
        linker(connection, article_id)  # links, writes, and the index has seen it all
        raise RuntimeError("the transaction fails after linking")

    for record in records[half : half + 5]:
        with pytest.raises(RuntimeError):
            ledger.store(record, within=then_fail)
    assert ledger.count("articles") == half
    for record in records[half:]:
        ledger.store(record, within=linker)
    assert linking(ledger) == reference


def test_linking_index_reads_back_past_its_memory_bound(
    ledger: Ledger, records: list[dict[str, Any]], reference: dict[str, Any]
) -> None:
    linker = Linker(max_items=50)
    for record in records:
        ledger.store(record, within=linker)
    assert not linker.index.complete  # forgot, then read back what it needed
    assert linking(ledger) == reference


def test_linking_index_grouped_transactions_link_the_same(
    ledger: Ledger, records: list[dict[str, Any]], reference: dict[str, Any]
) -> None:
    """Many articles in one transaction (``store_in``): the same links, and a bad record
    in the middle leaves the others stored."""
    linker = Linker()
    bad = {**records[10], "schema": "not-a-record"}
    with ledger.transaction() as connection:
        for record in records[:10]:
            assert ledger.store_in(connection, record, within=linker)
        with pytest.raises(InvalidRecordError):
            ledger.store_in(connection, bad, within=linker)
        assert not ledger.store_in(connection, records[0], within=linker)  # already stored
    for offset in range(10, len(records), 32):
        with ledger.transaction() as connection:
            for record in records[offset : offset + 32]:
                ledger.store_in(connection, record, within=linker)
    assert ledger.count("articles") == len(records)
    assert linking(ledger) == reference


def test_linking_index_grouped_transaction_rolls_back_a_failing_article_alone(
    ledger: Ledger, records: list[dict[str, Any]], tmp_path: Path
) -> None:
    """``within`` failing in one article's SAVEPOINT: that article is gone, wholly, and the
    transaction's others stay; storing it again later links it as if nothing happened."""
    linker = Linker()

    def fail_on_third(connection: Any, article_id: str) -> None:
        linker(connection, article_id)
        if article_id == records[2]["article"]["id"]:
            raise RuntimeError("fails after linking")

    with ledger.transaction() as connection:
        for record in records[:5]:
            with contextlib.suppress(RuntimeError):
                ledger.store_in(connection, record, within=fail_on_third)
    assert not ledger.has(records[2]["article"]["id"])
    with ledger.engine.connect() as connection:
        a = schema.links.c
        query = select(a.b_article).where(a.b_article == records[2]["article"]["id"])
        assert connection.execute(query).first() is None
    for record in records:
        ledger.store(record, within=linker)
    assert ledger.count("articles") == len(records)
    # The reference: the same order (article 2 after 4), a new linker per article.
    order = [*records[:2], *records[3:5], records[2], *records[5:]]
    with open_ledger(tmp_path / "reference.db") as alone:
        for record in order:
            alone.store(record, within=Linker())
        assert linking(ledger) == linking(alone)


def test_linking_index_insert_many_then_link_many_link_the_same(
    ledger: Ledger, records: list[dict[str, Any]], reference: dict[str, Any]
) -> None:
    """The grouped path ``ingest`` and ``load`` take: rows of 32 articles in one statement a
    table, then linked in order with the writes made once."""
    linker = Linker()
    for offset in range(0, len(records), 32):
        with ledger.transaction() as connection:
            inserted = ledger.insert_many(connection, records[offset : offset + 32])
            assert all(outcome is True for outcome in inserted.outcomes)
            linker.link_many(connection, inserted.stored, rows=inserted.rows)
    assert linking(ledger) == reference


def test_ledger_insert_many_outcomes(ledger: Ledger, records: list[dict[str, Any]]) -> None:
    ledger.store(records[0])
    twice = records[1]
    bad = {**records[2], "schema": "not-a-record"}
    with ledger.transaction() as connection:
        inserted = ledger.insert_many(connection, [records[0], twice, bad, twice, records[3]])
    first, second, third, fourth, fifth = inserted.outcomes
    assert (first, second, fourth, fifth) == (False, True, False, True)
    assert isinstance(third, InvalidRecordError)
    assert inserted.stored == [records[1]["article"]["id"], records[3]["article"]["id"]]
    assert ledger.count("articles") == 3


def test_ledger_insert_many_leaves_out_only_the_record_the_database_refuses(
    ledger: Ledger, records: list[dict[str, Any]]
) -> None:
    """Two quotes with one id pass the record checks and fail in the database: the group is
    inserted again one record at a time, and only that record is refused."""
    broken = {**records[5], "quotes": [records[5]["quotes"][0], records[5]["quotes"][0]]}
    assert records[5]["quotes"], "the generated article has quotes"
    with ledger.transaction() as connection:
        inserted = ledger.insert_many(connection, [records[4], broken, records[6]])
    assert inserted.outcomes[0] is True and inserted.outcomes[2] is True
    assert isinstance(inserted.outcomes[1], InvalidRecordError)
    assert ledger.count("articles") == 2
    assert not ledger.has(records[5]["article"]["id"])


def test_linking_index_links_articles_stored_earlier_without_it(
    ledger: Ledger, records: list[dict[str, Any]], reference: dict[str, Any]
) -> None:
    """``Linker()(connection, id)`` on articles stored without linking reads their rows back
    (nothing handed over by the store): the same links."""
    for record in records:
        ledger.store(record)
    linker = Linker()
    for record in records:
        with ledger.transaction() as connection:
            linker(connection, record["article"]["id"])
    assert linking(ledger) == reference
