"""Linking across articles: fingerprints for near-duplicates, blocking keys, clusters,
links with confidence and evidence, and the derived current standing of each claim.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 13:11:24.925620
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_standing",
        sa.Column(
            "cluster_id", sa.String(length=48), nullable=False, comment="clusters.cluster_id (kind 'claim')"
        ),
        sa.Column(
            "standing",
            sa.String(length=16),
            nullable=False,
            comment="derived from standing_history, docs/linking.md",
        ),
        sa.Column("since", sa.String(length=32), nullable=True, comment="date of the entry that decided it"),
        sa.Column("decided_by", sa.Integer(), nullable=True, comment="standing_history.id of that entry"),
        sa.Column("entries", sa.Integer(), nullable=False, comment="history entries, counted ones only"),
        sa.Column("sources", sa.Integer(), nullable=False, comment="independent sources in the history"),
        sa.PrimaryKeyConstraint("cluster_id", name=op.f("pk_claim_standing")),
        comment="A claim's current standing across the ledger, recomputed as its history grows.",
    )
    with op.batch_alter_table("claim_standing", schema=None) as batch_op:
        batch_op.create_index("ix_claim_standing_standing", ["standing"], unique=False)

    op.create_table(
        "clusters",
        sa.Column("kind", sa.String(length=8), nullable=False, comment="entity, claim or event"),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=16), nullable=False),
        sa.Column(
            "cluster_id",
            sa.String(length=48),
            nullable=False,
            comment="global id of the cluster's first item",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_clusters_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("kind", "article_id", "item_id", name=op.f("pk_clusters")),
        comment="Which items across articles are the same entity, claim or event.",
    )
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.create_index("ix_clusters_kind_cluster_id", ["kind", "cluster_id"], unique=False)

    op.create_table(
        "fingerprint_bands",
        sa.Column("band", sa.Integer(), nullable=False, comment="0-15: which 4 signature values"),
        sa.Column("bucket", sa.String(length=16), nullable=False, comment="hash of those values (hex)"),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_fingerprint_bands_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band", "bucket", "article_id", name=op.f("pk_fingerprint_bands")),
        comment="LSH index: articles sharing a bucket in any band are near-duplicate candidates.",
    )
    op.create_table(
        "fingerprints",
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column(
            "minhash", sa.Text(), nullable=False, comment="hex: 64 MinHash values over word 3-shingles"
        ),
        sa.Column("shingles", sa.Integer(), nullable=False, comment="distinct word 3-shingles in the text"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_fingerprints_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_fingerprints")),
        comment="One MinHash signature per article, for near-duplicate (reprint) detection.",
    )
    op.create_table(
        "link_keys",
        sa.Column("kind", sa.String(length=8), nullable=False, comment="entity, claim or event"),
        sa.Column(
            "key", sa.String(length=96), nullable=False, comment="normalised name, word stem, type+day ..."
        ),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_link_keys_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("kind", "key", "article_id", "item_id", name=op.f("pk_link_keys")),
        comment="Blocking keys: items sharing a key are compared when a new article comes in.",
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False, comment="article, entity, claim or event"),
        sa.Column(
            "relation",
            sa.String(length=24),
            nullable=False,
            comment="near_duplicate, same, repeats, confirmed, ...",
        ),
        sa.Column("a_article", sa.String(length=64), nullable=False, comment="the earlier article"),
        sa.Column(
            "a_item", sa.String(length=16), nullable=False, comment="item id in it ('' for an article link)"
        ),
        sa.Column(
            "b_article", sa.String(length=64), nullable=False, comment="the article that made the link"
        ),
        sa.Column("b_item", sa.String(length=16), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False, comment="0-1, see docs/linking.md"),
        sa.Column(
            "method",
            sa.String(length=32),
            nullable=False,
            comment="minhash, name, stems+event, event-signals ...",
        ),
        sa.Column("evidence", sa.Text(), nullable=False, comment="JSON list of reasons, in words"),
        sa.ForeignKeyConstraint(
            ["a_article"], ["articles.id"], name=op.f("fk_links_a_article_articles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["b_article"], ["articles.id"], name=op.f("fk_links_b_article_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint(
            "kind",
            "relation",
            "a_article",
            "a_item",
            "b_article",
            "b_item",
            name=op.f("uq_links_kind_relation_a_article_a_item_b_article_b_item"),
        ),
        comment="Cross-article links, each with its confidence and evidence.",
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index("ix_links_a_article_a_item", ["a_article", "a_item"], unique=False)
        batch_op.create_index("ix_links_b_article", ["b_article"], unique=False)

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source_domain", sa.Text(), nullable=True, comment="the outlet (example.com), when known"
            )
        )

    with op.batch_alter_table("standing_history", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "counted",
                sa.Boolean(),
                nullable=True,
                comment="false: a near-duplicate of an earlier article, not independent",
            )
        )
        batch_op.add_column(
            sa.Column(
                "note",
                sa.Text(),
                nullable=True,
                comment="why: the reprint it duplicates, the link that put it here",
            )
        )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not Alembic's batch copy: on SQLite, with
    # foreign keys on, dropping the old ``articles`` table in a copy deletes every item
    # hanging off it (ON DELETE CASCADE). As 0006 does.
    for table, column in (("standing_history", "note"), ("standing_history", "counted"),
                          ("articles", "source_domain")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")

    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("ix_links_b_article")
        batch_op.drop_index("ix_links_a_article_a_item")

    op.drop_table("links")
    op.drop_table("link_keys")
    op.drop_table("fingerprints")
    op.drop_table("fingerprint_bands")
    with op.batch_alter_table("clusters", schema=None) as batch_op:
        batch_op.drop_index("ix_clusters_kind_cluster_id")

    op.drop_table("clusters")
    with op.batch_alter_table("claim_standing", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_standing_standing")

    op.drop_table("claim_standing")
