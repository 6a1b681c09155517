"""Article metadata: the author and the outlet's own name (``articles.author``, ``articles.site``).

HTML pages, feeds and news-please JSON Lines carry a byline and a site name (issue 5:
"title, date, author, site"); ``source_domain`` keeps the outlet's domain, ``site`` its name
("Harbour Gazette" beside "harbourgazette.example"). Both are nullable: articles stored
before this revision, and inputs that state neither, have NULL.

Downgrading drops the two columns; on SQLite that is ``ALTER TABLE ... DROP COLUMN``
(SQLite 3.35+), not Alembic's batch copy: dropping the old ``articles`` table in a copy
would, with foreign keys on, delete every item hanging off it (``ON DELETE CASCADE``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("author", "site")


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "author", sa.Text(), nullable=True, comment="the byline; several authors joined with '; '"
            )
        )
        batch_op.add_column(
            sa.Column(
                "site",
                sa.Text(),
                nullable=True,
                comment="the outlet's own name (Harbour Gazette), when the input states one",
            )
        )


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.execute(f"ALTER TABLE articles DROP COLUMN {column}")
