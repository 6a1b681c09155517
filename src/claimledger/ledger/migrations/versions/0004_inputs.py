"""Resumable ingest: the inputs a batch has decided (stored, already or skipped).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inputs",
        sa.Column(
            "input",
            sa.Text(),
            nullable=False,
            comment="the label: a path, path:line or URL, as in skips.input",
        ),
        sa.Column(
            "article_id",
            sa.String(length=64),
            nullable=True,
            comment="SHA-256 of the text read; NULL when nothing could be read",
        ),
        sa.Column("status", sa.String(length=16), nullable=False, comment="stored, already or skipped"),
        sa.Column("reason", sa.String(length=32), nullable=True, comment="skips.reason when skipped"),
        sa.Column("message", sa.Text(), nullable=True, comment="skips.message when skipped"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, comment="when it was decided"),
        sa.PrimaryKeyConstraint("input", name=op.f("pk_inputs")),
        comment="Inputs ingest has decided, so a re-run resumes where an interrupted one stopped.",
    )


def downgrade() -> None:
    op.drop_table("inputs")
