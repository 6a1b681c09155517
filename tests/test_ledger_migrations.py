"""Downgrading the ledger's migrations keeps the articles and their items (both backends)."""

from __future__ import annotations

from sqlalchemy import inspect

from benchmarks.records import generate
from claimledger.ledger import Ledger
from claimledger.ledger.engine import create_ledger_engine, database_url, downgrade, migrate
from claimledger.linking.linker import Linker


def test_ledger_migrations_down_to_0002_and_up_again_keep_every_item(ledger_url: str) -> None:
    """0003 added the linking tables and articles.source_domain; its downgrade drops them
    without a table copy, which on SQLite would cascade and delete every item."""
    engine = create_ledger_engine(database_url(ledger_url))
    try:
        migrate(engine)
        ledger = Ledger(engine)
        linker = Linker()
        for analysis in generate(12, seed=4):
            ledger.store(analysis.to_dict(), within=linker)
        items = ("articles", "entities", "quotes", "claims", "events", "evidence")
        before = {name: ledger.count(name) for name in items}
        assert before["quotes"] and before["claims"] and ledger.count("links")

        downgrade(engine, "0002")
        names = set(inspect(engine).get_table_names())
        assert "links" not in names and "linking_state" not in names
        assert "source_domain" not in {c["name"] for c in inspect(engine).get_columns("articles")}
        assert {name: ledger.count(name) for name in items} == before

        migrate(engine, "head")
        assert {name: ledger.count(name) for name in items} == before
        assert ledger.count("links") == 0  # linking starts again from the articles stored after
    finally:
        engine.dispose()


def test_ledger_migrations_0008_linking_tables_without_rowid_keep_their_rows(ledger_url: str) -> None:
    """On SQLite the three PK-keyed linking tables are WITHOUT ROWID at head; 0008 down and
    up again copies every row across (PostgreSQL: nothing to do, and nothing changes)."""
    engine = create_ledger_engine(database_url(ledger_url))
    tables = ("link_keys", "clusters", "fingerprint_bands")
    try:
        migrate(engine)
        ledger = Ledger(engine)
        linker = Linker()
        for analysis in generate(12, seed=6):
            ledger.store(analysis.to_dict(), within=linker)
        before = {name: ledger.count(name) for name in tables}
        assert all(before.values())

        def without_rowid() -> set[str]:
            if engine.dialect.name != "sqlite":
                return set()
            with engine.connect() as connection:
                return {
                    name for name in tables
                    if connection.exec_driver_sql(
                        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
                    ).scalar_one().rstrip().endswith("WITHOUT ROWID")
                }

        expected = set(tables) if engine.dialect.name == "sqlite" else set()
        assert without_rowid() == expected
        downgrade(engine, "0007")
        assert without_rowid() == set()
        assert {name: ledger.count(name) for name in tables} == before
        migrate(engine, "head")
        assert without_rowid() == expected
        assert {name: ledger.count(name) for name in tables} == before
        last = list(generate(13, seed=6))[-1]
        assert ledger.store(last.to_dict(), within=Linker())  # and linking goes on
        assert ledger.count("articles") == 13
    finally:
        engine.dispose()
