"""SQLite full-text search keyed by integers: ``search_keys`` and the FTS5 table ``search_text``.

0001's FTS5 table ``search`` kept kind, article_id and item_id as UNINDEXED columns, so
every match read its content row to learn its kind, and every hit joined back on text
keys. On 100,000 quotes that was most of a common word's time (``claims(about="would")``
89 ms, a ranked "would" 305 ms). Now ``search_keys`` gives each quote and claim an
INTEGER PRIMARY KEY (the items' own rowids may change on VACUUM: their keys are
composite), and ``search_text`` indexes only the text under that integer rowid. One FTS5
table still holds both kinds, so quotes and claims share bm25's statistics and their
ranks compare, as before.

PostgreSQL needs nothing here (0002's tsvector columns).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 15:05:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# kind: (table, the column with its words)
ITEMS = {"quote": ("quotes", "content_text"), "claim": ("claims", "text")}


def _triggers(kind: str) -> list[str]:
    table, text = ITEMS[kind]
    key = f"kind = '{kind}' AND article_id = {{row}}.article_id AND item_id = {{row}}.id"
    return [
        f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO search_keys (kind, article_id, item_id) VALUES ('{kind}', new.article_id, new.id); "
        f"INSERT INTO search_text (rowid, text) "
        f"SELECT id, new.{text} FROM search_keys WHERE {key.format(row='new')}; END",
        f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM search_text WHERE rowid IN "
        f"(SELECT id FROM search_keys WHERE {key.format(row='old')}); "
        f"DELETE FROM search_keys WHERE {key.format(row='old')}; END",
    ]


def _drop_triggers() -> None:
    for table, _text in ITEMS.values():
        for action in ("insert", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{action}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_triggers()
    op.execute("DROP TABLE IF EXISTS search")
    op.execute(
        "CREATE TABLE search_keys (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "article_id TEXT NOT NULL, item_id TEXT NOT NULL, UNIQUE (article_id, item_id, kind))"
    )
    op.execute("CREATE VIRTUAL TABLE search_text USING fts5(text, tokenize='unicode61 remove_diacritics 2')")
    for kind, (table, text) in ITEMS.items():
        op.execute(
            f"INSERT INTO search_keys (kind, article_id, item_id) "
            f"SELECT '{kind}', article_id, id FROM {table}"
        )
        op.execute(
            f"INSERT INTO search_text (rowid, text) SELECT k.id, t.{text} FROM search_keys k "
            f"JOIN {table} t ON k.kind = '{kind}' AND t.article_id = k.article_id AND t.id = k.item_id"
        )
        for statement in _triggers(kind):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_triggers()
    op.execute("DROP TABLE IF EXISTS search_text")
    op.execute("DROP TABLE IF EXISTS search_keys")
    # 0001's table and triggers, filled again from the items.
    op.execute(
        "CREATE VIRTUAL TABLE search USING fts5("
        "text, kind UNINDEXED, article_id UNINDEXED, item_id UNINDEXED, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    for kind, (table, text) in ITEMS.items():
        op.execute(
            f"INSERT INTO search (text, kind, article_id, item_id) "
            f"SELECT {text}, '{kind}', article_id, id FROM {table}"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search (text, kind, article_id, item_id) "
            f"VALUES (new.{text}, '{kind}', new.article_id, new.id); END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search WHERE kind = '{kind}' "
            f"AND article_id = old.article_id AND item_id = old.id; END"
        )
