"""The ledger store on hand-built records (no model): round trip, idempotence, atomicity.

Every test that takes ``ledger`` or ``ledger_url`` runs on SQLite and on PostgreSQL
(tests/conftest.py); the SQLite-only ones take ``db``, a SQLite file path.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect

from claimledger.errors import InvalidRecordError
from claimledger.ledger import open_ledger, schema
from claimledger.ledger import store as store_module
from claimledger.ledger.search import made_by_hand
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

TEXT = (
    "Russian Foreign Minister Sergei Lavrov said the prisoner swap would take place on Friday. "
    "Ukrainian officials have not confirmed the exchange."
)
ITEM_TABLES = ("entities", "mentions", "quotes", "claims", "evidence", "events", "event_mentions", "times")


def find(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of(text, start, start + len(words))


def analysis(text: str = TEXT, source: str = "a.txt") -> Analysis:
    article = Article(text=text, source=source, title="Swap", published="2025-05-23")
    lavrov = Entity("E1", "Sergei Lavrov", "PERSON", (find(text, "Sergei Lavrov"),), ("foreign", "minister"))
    speaker = Speaker("E1", "Sergei Lavrov", find(text, "Russian Foreign Minister Sergei Lavrov"))
    content = find(text, "the prisoner swap would take place on Friday")
    friday = find(text, "Friday")
    time = TimeExpression("T1", friday.start, friday.end, friday.text, "2025-05-23", "DATE")
    swap = find(text, "prisoner swap")
    event = Event("V1", "exchange", "0873", swap, (swap, find(text, "the exchange")),
                  Factuality.PLANNED, time=time, claims=("C1",))
    officials = Speaker(None, "Ukrainian officials", find(text, "Ukrainian officials"), anonymous=True)
    evidence = Evidence("unconfirmed", find(text, "have not confirmed the exchange"), officials)
    claim = Claim("C1", content.text, content, speaker, cue=find(text, "said"), quotes=("Q1",),
                  standing=Standing.UNCONFIRMED, evidence=(evidence,), modality=("would",), events=("V1",))
    quote = Quote("Q1", QuoteKind.INDIRECT, content, speaker, cue=find(text, "said"))
    return Analysis(article, entities=(lavrov,), quotes=(quote,), claims=(claim,), events=(event,),
                    times=(time,), pipeline={"model": "hand-built"})


def counts(ledger: Ledger) -> dict[str, int]:
    return {name: ledger.count(name) for name in ("articles", "skips", *ITEM_TABLES)}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A SQLite ledger file, for the tests about SQLite only."""
    return tmp_path / "ledger" / "claims.db"


def test_ledger_store_migrations_create_every_table(ledger_url: str, ledger_backend: str) -> None:
    with open_ledger(ledger_url) as ledger:
        inspector = inspect(ledger.engine)
        names = set(inspector.get_table_names())
        vectors = {t: [c["name"] for c in inspector.get_columns(t)] for t in ("quotes", "claims")}
    assert set(schema.metadata.tables) <= names
    assert "alembic_version" in names
    if ledger_backend == "sqlite":  # each backend's own full-text index
        assert {"search_keys", "search_text"} <= names and "search" not in names
    else:
        assert all("search_vector" in columns for columns in vectors.values())


def test_ledger_store_sqlite_wal_and_foreign_keys(db: Path) -> None:
    with open_ledger(db) as ledger, ledger.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_ledger_store_reopen_is_a_no_op(ledger_url: str) -> None:
    open_ledger(ledger_url).close()
    with open_ledger(ledger_url) as ledger:
        assert ledger.store(analysis().to_dict())
    again = ledger_url if "://" in ledger_url else f"sqlite:///{ledger_url}"  # a path's URL form
    with open_ledger(again) as ledger:
        assert len(ledger.articles()) == 1


def test_ledger_store_round_trip(ledger: Ledger) -> None:
    record = analysis().to_dict()
    assert ledger.store(record) is True
    assert ledger.has(record["article"]["id"])
    [article] = ledger.articles()
    assert article["id"] == record["article"]["id"]
    assert (article["title"], article["published"], article["pipeline"]) == (
        "Swap", "2025-05-23", {"model": "hand-built"})
    assert "text" not in article
    assert {name: n for name, n in counts(ledger).items() if n} == {
        "articles": 1, "entities": 1, "mentions": 1, "quotes": 1, "claims": 1, "evidence": 1,
        "events": 1, "event_mentions": 2, "times": 1,
    }
    [claim] = ledger.claims()
    assert claim["text"] == "the prisoner swap would take place on Friday"
    assert claim["standing"] == "unconfirmed"
    assert claim["source_name"] == "Sergei Lavrov"
    assert claim["modality"] == ["would"] and claim["events"] == ["V1"]
    assert TEXT[claim["span_start"]:claim["span_end"]] == claim["span_text"]
    [quote] = ledger.quotes()
    assert (quote["kind"], quote["speaker_entity"], quote["cue_text"]) == ("indirect", "E1", "said")
    assert quote["channel_start"] is None and quote["quoted"] == []


def test_ledger_store_filters(ledger: Ledger) -> None:
    ledger.store(analysis().to_dict())
    assert len(ledger.claims(standing="unconfirmed")) == 1
    assert ledger.claims(standing="confirmed") == []
    assert len(ledger.claims(source="lavrov")) == 1
    assert ledger.claims(source="Zelensky") == []
    assert len(ledger.quotes(speaker="LAVROV")) == 1
    assert ledger.quotes(speaker="100%_") == []  # LIKE wildcards in user text are literal


def test_ledger_store_is_idempotent(ledger: Ledger) -> None:
    record = analysis().to_dict()
    assert ledger.store(record) is True
    before = counts(ledger)
    again = analysis(source="https://example.org/reprint").to_dict()  # same text, other source
    assert ledger.store(again) is False
    assert ledger.store(record) is False
    assert counts(ledger) == before


def test_ledger_store_failure_part_way_stores_nothing(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = store_module.insert_table

    def failing(connection: Any, table: Any, rows: Any) -> None:
        if table is schema.evidence:
            raise RuntimeError("disk on fire")
        real(connection, table, rows)

    monkeypatch.setattr(store_module, "insert_table", failing)
    record = analysis().to_dict()
    with pytest.raises(RuntimeError, match="disk on fire"):
        ledger.store(record)
    assert not ledger.has(record["article"]["id"])
    assert set(counts(ledger).values()) == {0}
    assert ledger.search("swap") == []  # the full-text index is rolled back too

    monkeypatch.setattr(store_module, "insert_table", real)
    assert ledger.store(record) is True  # and it stores cleanly afterwards


def test_ledger_store_rejects_a_bad_record_whole(ledger: Ledger) -> None:
    record = analysis().to_dict()
    record["quotes"].append(dict(record["quotes"][0]))  # duplicate Q1: a key violation
    with pytest.raises(InvalidRecordError):
        ledger.store(record)
    assert set(counts(ledger).values()) == {0}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(schema="claimledger.article/0"), "schema"),
        (lambda r: r["article"].update(id="0" * 64), "SHA-256"),
        (lambda r: r["claims"][0].pop("standing"), "missing"),
    ],
)
def test_ledger_store_invalid_records(ledger: Ledger, change: Any, message: str) -> None:
    record = analysis().to_dict()
    change(record)
    with pytest.raises(InvalidRecordError, match=message):
        ledger.store(record)
    assert ledger.count("articles") == 0


def test_ledger_store_records_skips(ledger: Ledger) -> None:
    ledger.record_skip("b.txt", "encoding", "b.txt: not valid utf-8 (byte 3)")
    ledger.record_skip("c.txt", "empty", "c.txt: empty")
    skips = ledger.skips()
    assert [(s["input"], s["reason"]) for s in skips] == [("b.txt", "encoding"), ("c.txt", "empty")]
    assert skips[0]["message"].startswith("b.txt") and skips[0]["at"]


def test_ledger_store_insert_numbered_gives_the_ids_in_row_order(ledger: Ledger) -> None:
    """The ids the database gave, in the order of the rows: after the highest there is,
    also once the row with the highest was deleted (SQLite numbers them itself)."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    at = datetime(2025, 5, 23, tzinfo=UTC)

    def rows(*inputs: str) -> list[dict[str, Any]]:
        return [{"input": name, "reason": "empty", "message": "m", "at": at} for name in inputs]

    def stored() -> list[tuple[int, str]]:
        with ledger.engine.connect() as connection:
            query = select(schema.skips.c.id, schema.skips.c.input).order_by(schema.skips.c.id)
            return [tuple(row) for row in connection.execute(query)]  # type: ignore[misc]

    with ledger.transaction() as connection:
        first = store_module.insert_numbered(connection, schema.skips, rows("c", "a", "b"))
        assert store_module.insert_numbered(connection, schema.skips, []) == []
    assert [name for _id, name in stored()] == ["c", "a", "b"] and [n for n, _ in stored()] == first
    with ledger.transaction() as connection:
        connection.execute(schema.skips.delete().where(schema.skips.c.input == "b"))
        second = store_module.insert_numbered(connection, schema.skips, rows("d", "e"))
    assert min(second) > max(first[:2])
    assert stored() == [(first[0], "c"), (first[1], "a"), (second[0], "d"), (second[1], "e")]


def test_ledger_store_full_text_search_finds_a_claim(ledger: Ledger) -> None:
    ledger.store(analysis().to_dict())
    other = "The minister said talks would resume in Istanbul."
    ledger.store(Analysis(Article(text=other, source="b.txt"), claims=(
        Claim("C1", "talks would resume in Istanbul", find(other, "talks would resume in Istanbul"),
              Speaker(None, "The minister", find(other, "The minister"))),)).to_dict())
    hits = ledger.search("swap")
    assert sorted((hit["kind"], hit["id"]) for hit in hits) == [("claim", "C1"), ("quote", "Q1")]
    assert [hit["text"] for hit in ledger.search("istanbul")] == ["talks would resume in Istanbul"]


def test_ledger_store_sqlite_search_table_follows_the_items(db: Path) -> None:
    """The FTS5 table and its integer keys are kept in step by triggers: one row per quote
    and claim, gone with them."""
    with open_ledger(db) as ledger:
        ledger.store(analysis().to_dict())
        with ledger.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT kind, item_id FROM search_keys JOIN search_text "
                "ON search_text.rowid = search_keys.id WHERE search_text MATCH 'swap' ORDER BY kind").all()
        assert [tuple(row) for row in rows] == [("claim", "C1"), ("quote", "Q1")]
        with ledger.engine.begin() as connection:
            connection.execute(schema.articles.delete())
            for table in ("search_keys", "search_text"):
                assert connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0


def test_ledger_store_delete_cascades(ledger: Ledger) -> None:
    record = analysis().to_dict()
    ledger.store(record)
    with ledger.engine.begin() as connection:
        connection.execute(schema.articles.delete())
    assert set(counts(ledger).values()) == {0}
    assert ledger.search("swap") == []


def test_ledger_store_memory_and_url_forms() -> None:
    with open_ledger(":memory:") as ledger:
        assert ledger.store(analysis().to_dict())
        assert ledger.count("quotes") == 1
    from claimledger.ledger.engine import database_url

    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_ledger_store_migrations_match_the_schema_module(ledger: Ledger) -> None:
    """schema.py and the migrations agree: a change to one needs a revision for the other."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def include_name(name: str | None, type_: str, _parents: object) -> bool:
        return not made_by_hand(name, type_)

    # The full-text indexes are made by hand in the migrations, one per backend (FTS5 on
    # SQLite, tsvector columns on PostgreSQL), and are not in schema.py: the same filter
    # as the migrations' env.py leaves them out.
    with ledger.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        assert compare_metadata(context, schema.metadata) == []
