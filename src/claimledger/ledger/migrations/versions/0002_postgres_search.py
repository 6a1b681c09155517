"""PostgreSQL full-text search: a stored tsvector column with a GIN index on quotes and claims.

SQLite needs nothing here: 0001 made the FTS5 ``search`` table and its triggers. The
column and index are not in schema.py (they are one backend's search index, like the FTS5
table on the other); ``claimledger.ledger.search`` reads them and tells autogenerate to
leave them alone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 13:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# table: (the item's words, the name of who says it). The words weigh more (A) than the
# name (B) in ts_rank. A generated column must be immutable: to_tsvector with an explicit
# configuration is, so the 'english' is not optional.
VECTOR_SOURCES = {
    "quotes": ("content_text", "speaker_name"),
    "claims": ("text", "source_name"),
}


def vector_expression(text_column: str, name_column: str) -> str:
    return (
        f"setweight(to_tsvector('english', coalesce({text_column}, '')), 'A') || "
        f"setweight(to_tsvector('english', coalesce({name_column}, '')), 'B')"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, (text_column, name_column) in VECTOR_SOURCES.items():
        op.add_column(
            table,
            sa.Column(
                "search_vector",
                postgresql.TSVECTOR(),
                sa.Computed(vector_expression(text_column, name_column), persisted=True),
                comment="full-text search: the words, then who says them (PostgreSQL only)",
            ),
        )
        op.create_index(f"ix_{table}_search_vector", table, ["search_vector"], postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in VECTOR_SOURCES:
        op.drop_index(f"ix_{table}_search_vector", table_name=table)
        op.drop_column(table, "search_vector")
