"""The linking token (``linking_state``): whether what a linker holds in memory is current.

A linker keeps what it reads about earlier articles across a run (linking/index.py). Each
linked article swaps this row's token for a new one and reads back the token it replaced;
a token the linker did not write means another process linked articles since (or the
linker's last transaction was rolled back), and the linker forgets what it held. The one
row is inserted here, so the swap is always an UPDATE: on PostgreSQL its row lock also
makes concurrent linkers take turns.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 16:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "linking_state",
        sa.Column("name", sa.String(length=16), nullable=False, comment="'linking': the one row"),
        sa.Column("token", sa.String(length=32), nullable=True, comment="written by the last linked article"),
        sa.Column("previous", sa.String(length=32), nullable=True, comment="the token that one replaced"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_linking_state")),
        comment="Linkers' token: another process linked since this one last did (linking/index.py).",
    )
    op.bulk_insert(table, [{"name": "linking", "token": None, "previous": None}])


def downgrade() -> None:
    op.drop_table("linking_state")
