"""SQLite: quotes and claims are put in the full-text index by the ledger's store, not by triggers.

0005's AFTER INSERT triggers ran, for each quote or claim, an insert into ``search_keys``, a
lookup of the key just made and an FTS5 insert: 38-41 µs a row against 6-8 µs without
them, an eighth of storing 2,000 generated articles with linking (bench_store). The store's
``insert_table`` now indexes each batch of items with two statements
(``search.index_sqlite``). The delete triggers stay: deleting is rare, and a cascade from
``articles`` must still take the index entries with it.

Nothing is reindexed: the index already holds every stored item. PostgreSQL's index is a
generated column (0002): nothing to do there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25 19:50:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# kind: (table, the column with its words), as in 0005.
ITEMS = {"quote": ("quotes", "content_text"), "claim": ("claims", "text")}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, _text in ITEMS.values():
        op.execute(f"DROP TRIGGER IF EXISTS search_{table}_insert")


def downgrade() -> None:
    """0005's insert triggers again, as 0005 made them."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for kind, (table, text) in ITEMS.items():
        key = f"kind = '{kind}' AND article_id = new.article_id AND item_id = new.id"
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_keys (kind, article_id, item_id) VALUES ('{kind}', new.article_id, new.id); "
            f"INSERT INTO search_text (rowid, text) SELECT id, new.{text} FROM search_keys WHERE {key}; END"
        )
