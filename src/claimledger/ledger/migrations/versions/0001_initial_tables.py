"""Initial tables, and SQLite full-text search over quote and claim text.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 12:52:03.216203
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(length=64), nullable=False, comment="SHA-256 of the UTF-8 text (hex)"),
        sa.Column("source", sa.Text(), nullable=False, comment="the path or URL given"),
        sa.Column("url", sa.Text(), nullable=True, comment="the article's URL when known"),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True, comment="ISO date YYYY-MM-DD"),
        sa.Column("text", sa.Text(), nullable=False, comment="exactly what every offset refers to"),
        sa.Column(
            "schema", sa.String(length=64), nullable=False, comment="record schema, claimledger.article/1"
        ),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False, comment="when it was stored"),
        sa.Column(
            "pipeline", sa.Text(), nullable=True, comment="JSON: model, model_version, claimledger version"
        ),
        sa.Column("warnings", sa.Text(), nullable=True, comment="JSON list of {code, message, offset}"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
        comment="One row per article; the content hash makes storing idempotent.",
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_published", ["published"], unique=False)

    op.create_table(
        "skips",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("input", sa.Text(), nullable=False, comment="the path, URL or record that was skipped"),
        sa.Column(
            "reason", sa.String(length=32), nullable=False, comment="missing, empty, binary, encoding, ..."
        ),
        sa.Column("message", sa.Text(), nullable=False, comment="one line that says what to do next"),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skips")),
        comment="Inputs a batch could not store, with the reason; never silent.",
    )
    op.create_table(
        "claims",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column("id", sa.String(length=16), nullable=False, comment="C1, C2, ... in text order"),
        sa.Column("text", sa.Text(), nullable=False, comment="the proposition, quote marks removed"),
        sa.Column("span_start", sa.Integer(), nullable=False, comment="span: first character"),
        sa.Column("span_end", sa.Integer(), nullable=False, comment="span: end, exclusive"),
        sa.Column("span_text", sa.Text(), nullable=False, comment="span: articles.text[start:end]"),
        sa.Column(
            "source_entity",
            sa.String(length=16),
            nullable=True,
            comment="entities.id in the same article, or NULL",
        ),
        sa.Column(
            "source_name",
            sa.Text(),
            nullable=True,
            comment="entity name, an anonymous source's words, or NULL",
        ),
        sa.Column(
            "source_mention_start", sa.Integer(), nullable=True, comment="source_mention: first character"
        ),
        sa.Column(
            "source_mention_end", sa.Integer(), nullable=True, comment="source_mention: end, exclusive"
        ),
        sa.Column(
            "source_mention_text",
            sa.Text(),
            nullable=True,
            comment="source_mention: articles.text[start:end]",
        ),
        sa.Column(
            "source_anonymous",
            sa.Boolean(),
            nullable=True,
            comment="the article does not identify the source",
        ),
        sa.Column("cue_start", sa.Integer(), nullable=True, comment="cue: first character"),
        sa.Column("cue_end", sa.Integer(), nullable=True, comment="cue: end, exclusive"),
        sa.Column("cue_text", sa.Text(), nullable=True, comment="cue: articles.text[start:end]"),
        sa.Column("channel_start", sa.Integer(), nullable=True, comment="channel: first character"),
        sa.Column("channel_end", sa.Integer(), nullable=True, comment="channel: end, exclusive"),
        sa.Column("channel_text", sa.Text(), nullable=True, comment="channel: articles.text[start:end]"),
        sa.Column(
            "standing",
            sa.String(length=16),
            nullable=False,
            comment="asserted ... unfounded, see docs/standing.md",
        ),
        sa.Column("quotes", sa.Text(), nullable=False, comment="JSON list of quotes.id it comes from"),
        sa.Column("modality", sa.Text(), nullable=False, comment="JSON list of hedges"),
        sa.Column("events", sa.Text(), nullable=False, comment="JSON list of events.id it mentions"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_claims_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "id", name=op.f("pk_claims")),
        comment="Propositions with their source and standing as the article reports it.",
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_source_name", ["source_name"], unique=False)
        batch_op.create_index("ix_claims_standing", ["standing"], unique=False)

    op.create_table(
        "entities",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column("id", sa.String(length=16), nullable=False, comment="E1, E2, ... within the article"),
        sa.Column("name", sa.Text(), nullable=False, comment="the fullest form in the article"),
        sa.Column("type", sa.String(length=16), nullable=False, comment="PERSON, ORG, GPE, NORP, LOC, FAC"),
        sa.Column("roles", sa.Text(), nullable=False, comment="JSON list of role words"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_entities_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "id", name=op.f("pk_entities")),
        comment="People, organisations and places, grouped within one article.",
    )
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.create_index("ix_entities_name", ["name"], unique=False)

    op.create_table(
        "events",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column(
            "id", sa.String(length=16), nullable=False, comment="V1, V2, ... in order of first mention"
        ),
        sa.Column("type", sa.String(length=32), nullable=False, comment="docs/events.md"),
        sa.Column("cameo", sa.String(length=8), nullable=True, comment="CAMEO code"),
        sa.Column("trigger_start", sa.Integer(), nullable=False, comment="trigger: first character"),
        sa.Column("trigger_end", sa.Integer(), nullable=False, comment="trigger: end, exclusive"),
        sa.Column("trigger_text", sa.Text(), nullable=False, comment="trigger: articles.text[start:end]"),
        sa.Column(
            "factuality",
            sa.String(length=16),
            nullable=False,
            comment="happened, ongoing, planned, possible, negated",
        ),
        sa.Column("time_id", sa.String(length=16), nullable=True, comment="times.id that dates it, or NULL"),
        sa.Column(
            "participants", sa.Text(), nullable=False, comment="JSON list of {role, entity, name, mention}"
        ),
        sa.Column(
            "quantities", sa.Text(), nullable=False, comment="JSON list of {value, unit, text, per, span}"
        ),
        sa.Column("places", sa.Text(), nullable=False, comment="JSON list of {name, entity, mention}"),
        sa.Column("claims", sa.Text(), nullable=False, comment="JSON list of claims.id about it"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_events_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "id", name=op.f("pk_events")),
        comment="Typed events with participants, quantities, places, time and factuality.",
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_type", ["type"], unique=False)

    op.create_table(
        "quotes",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column("id", sa.String(length=16), nullable=False, comment="Q1, Q2, ... in text order"),
        sa.Column("kind", sa.String(length=16), nullable=False, comment="direct, indirect or mixed"),
        sa.Column("content_start", sa.Integer(), nullable=False, comment="content: first character"),
        sa.Column("content_end", sa.Integer(), nullable=False, comment="content: end, exclusive"),
        sa.Column("content_text", sa.Text(), nullable=False, comment="content: articles.text[start:end]"),
        sa.Column("quoted", sa.Text(), nullable=False, comment="JSON list of spans inside quote marks"),
        sa.Column(
            "speaker_entity",
            sa.String(length=16),
            nullable=True,
            comment="entities.id in the same article, or NULL",
        ),
        sa.Column(
            "speaker_name",
            sa.Text(),
            nullable=True,
            comment="entity name, an anonymous source's words, or NULL",
        ),
        sa.Column(
            "speaker_mention_start", sa.Integer(), nullable=True, comment="speaker_mention: first character"
        ),
        sa.Column(
            "speaker_mention_end", sa.Integer(), nullable=True, comment="speaker_mention: end, exclusive"
        ),
        sa.Column(
            "speaker_mention_text",
            sa.Text(),
            nullable=True,
            comment="speaker_mention: articles.text[start:end]",
        ),
        sa.Column(
            "speaker_anonymous",
            sa.Boolean(),
            nullable=True,
            comment="the article does not identify the source",
        ),
        sa.Column("cue_start", sa.Integer(), nullable=True, comment="cue: first character"),
        sa.Column("cue_end", sa.Integer(), nullable=True, comment="cue: end, exclusive"),
        sa.Column("cue_text", sa.Text(), nullable=True, comment="cue: articles.text[start:end]"),
        sa.Column("channel_start", sa.Integer(), nullable=True, comment="channel: first character"),
        sa.Column("channel_end", sa.Integer(), nullable=True, comment="channel: end, exclusive"),
        sa.Column("channel_text", sa.Text(), nullable=True, comment="channel: articles.text[start:end]"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_quotes_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "id", name=op.f("pk_quotes")),
        comment="Attributed statements with their speakers.",
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index("ix_quotes_speaker_name", ["speaker_name"], unique=False)

    op.create_table(
        "standing_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column(
            "claim_key", sa.String(length=64), nullable=False, comment="the cross-article claim this is about"
        ),
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="the article that adds the entry"
        ),
        sa.Column(
            "claim_id",
            sa.String(length=16),
            nullable=True,
            comment="claims.id within that article, when there is one",
        ),
        sa.Column(
            "date",
            sa.String(length=32),
            nullable=True,
            comment="ISO date of the entry (the article's publication date)",
        ),
        sa.Column(
            "source_entity",
            sa.String(length=16),
            nullable=True,
            comment="entities.id in the same article, or NULL",
        ),
        sa.Column(
            "source_name",
            sa.Text(),
            nullable=True,
            comment="entity name, an anonymous source's words, or NULL",
        ),
        sa.Column(
            "source_mention_start", sa.Integer(), nullable=True, comment="source_mention: first character"
        ),
        sa.Column(
            "source_mention_end", sa.Integer(), nullable=True, comment="source_mention: end, exclusive"
        ),
        sa.Column(
            "source_mention_text",
            sa.Text(),
            nullable=True,
            comment="source_mention: articles.text[start:end]",
        ),
        sa.Column(
            "source_anonymous",
            sa.Boolean(),
            nullable=True,
            comment="the article does not identify the source",
        ),
        sa.Column(
            "relation",
            sa.String(length=16),
            nullable=False,
            comment="repeats, confirmed, disputed, denied, ...",
        ),
        sa.Column("evidence_start", sa.Integer(), nullable=True, comment="evidence: first character"),
        sa.Column("evidence_end", sa.Integer(), nullable=True, comment="evidence: end, exclusive"),
        sa.Column("evidence_text", sa.Text(), nullable=True, comment="evidence: articles.text[start:end]"),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_standing_history_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_history")),
        comment="A claim's standing as a dated history across articles.",
    )
    with op.batch_alter_table("standing_history", schema=None) as batch_op:
        batch_op.create_index("ix_standing_history_claim_key", ["claim_key", "date"], unique=False)

    op.create_table(
        "times",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column("id", sa.String(length=16), nullable=False, comment="T1, T2, ... in text order"),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "value",
            sa.String(length=64),
            nullable=True,
            comment="TIMEX3 / ISO 8601 value, NULL when not normalised",
        ),
        sa.Column("type", sa.String(length=16), nullable=False, comment="DATE, TIME, DURATION or SET"),
        sa.Column("begin", sa.String(length=32), nullable=True, comment="ISO date the interval begins"),
        sa.Column(
            "until",
            sa.String(length=32),
            nullable=True,
            comment="ISO date it ends; NULL for an open interval",
        ),
        sa.Column("mod", sa.String(length=16), nullable=True, comment="TIMEX3 modifier"),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_times_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "id", name=op.f("pk_times")),
        comment="Time expressions normalised against articles.published.",
    )
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.create_index("ix_times_begin", ["begin"], unique=False)

    op.create_table(
        "event_mentions",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column("event_id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", "event_id"],
            ["events.article_id", "events.id"],
            name=op.f("fk_event_mentions_article_id_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_event_mentions_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "event_id", "seq", name=op.f("pk_event_mentions")),
        comment="Every mention of an event in the article.",
    )
    op.create_table(
        "evidence",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column("claim_id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="order within the claim's evidence"),
        sa.Column(
            "relation", sa.String(length=16), nullable=False, comment="the standing this span supports"
        ),
        sa.Column("span_start", sa.Integer(), nullable=False, comment="span: first character"),
        sa.Column("span_end", sa.Integer(), nullable=False, comment="span: end, exclusive"),
        sa.Column("span_text", sa.Text(), nullable=False, comment="span: articles.text[start:end]"),
        sa.Column(
            "by_article", sa.Boolean(), nullable=False, comment="true: the article's own voice, no source"
        ),
        sa.Column(
            "source_entity",
            sa.String(length=16),
            nullable=True,
            comment="entities.id in the same article, or NULL",
        ),
        sa.Column(
            "source_name",
            sa.Text(),
            nullable=True,
            comment="entity name, an anonymous source's words, or NULL",
        ),
        sa.Column(
            "source_mention_start", sa.Integer(), nullable=True, comment="source_mention: first character"
        ),
        sa.Column(
            "source_mention_end", sa.Integer(), nullable=True, comment="source_mention: end, exclusive"
        ),
        sa.Column(
            "source_mention_text",
            sa.Text(),
            nullable=True,
            comment="source_mention: articles.text[start:end]",
        ),
        sa.Column(
            "source_anonymous",
            sa.Boolean(),
            nullable=True,
            comment="the article does not identify the source",
        ),
        sa.ForeignKeyConstraint(
            ["article_id", "claim_id"],
            ["claims.article_id", "claims.id"],
            name=op.f("fk_evidence_article_id_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_evidence_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "claim_id", "seq", name=op.f("pk_evidence")),
        comment="Stretches of the article that decide a claim's standing.",
    )
    op.create_table(
        "mentions",
        sa.Column(
            "article_id", sa.String(length=64), nullable=False, comment="articles.id (SHA-256 of the text)"
        ),
        sa.Column("entity_id", sa.String(length=16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="order among the entity's mentions"),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id", "entity_id"],
            ["entities.article_id", "entities.id"],
            name=op.f("fk_mentions_article_id_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_mentions_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "entity_id", "seq", name=op.f("pk_mentions")),
        comment="The spans that name an entity (names, surnames, role nouns, appositives).",
    )

    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_search()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        drop_sqlite_search()
    op.drop_table("mentions")
    op.drop_table("evidence")
    op.drop_table("event_mentions")
    with op.batch_alter_table("times", schema=None) as batch_op:
        batch_op.drop_index("ix_times_begin")

    op.drop_table("times")
    with op.batch_alter_table("standing_history", schema=None) as batch_op:
        batch_op.drop_index("ix_standing_history_claim_key")

    op.drop_table("standing_history")
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index("ix_quotes_speaker_name")

    op.drop_table("quotes")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_type")

    op.drop_table("events")
    with op.batch_alter_table("entities", schema=None) as batch_op:
        batch_op.drop_index("ix_entities_name")

    op.drop_table("entities")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_standing")
        batch_op.drop_index("ix_claims_source_name")

    op.drop_table("claims")
    op.drop_table("skips")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_published")

    op.drop_table("articles")


# One FTS5 table for both kinds, so `search TEXT` is one query; triggers keep it in step
# with quotes and claims (also on ON DELETE CASCADE, which fires delete triggers).
SEARCH_SQL = [
    "CREATE VIRTUAL TABLE search USING fts5("
    "text, kind UNINDEXED, article_id UNINDEXED, item_id UNINDEXED, "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_quotes_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO search (text, kind, article_id, item_id) "
    "VALUES (new.content_text, 'quote', new.article_id, new.id); END",
    "CREATE TRIGGER search_quotes_delete AFTER DELETE ON quotes BEGIN "
    "DELETE FROM search WHERE kind = 'quote' AND article_id = old.article_id AND item_id = old.id; END",
    "CREATE TRIGGER search_claims_insert AFTER INSERT ON claims BEGIN "
    "INSERT INTO search (text, kind, article_id, item_id) "
    "VALUES (new.text, 'claim', new.article_id, new.id); END",
    "CREATE TRIGGER search_claims_delete AFTER DELETE ON claims BEGIN "
    "DELETE FROM search WHERE kind = 'claim' AND article_id = old.article_id AND item_id = old.id; END",
]


def create_sqlite_search() -> None:
    for statement in SEARCH_SQL:
        op.execute(statement)


def drop_sqlite_search() -> None:
    for table in ("quotes", "claims"):
        for action in ("insert", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{action}")
    op.execute("DROP TABLE IF EXISTS search")
