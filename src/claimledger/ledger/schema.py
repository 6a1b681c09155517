"""The ledger's tables, plain enough for datasette or any SQL client.

One row per item of a ``claimledger.article/1`` record (docs/format.md). Conventions:

* ``articles.id`` is the SHA-256 of the text, so storing an article twice is a no-op;
  every other table hangs off it with ``article_id`` and ``ON DELETE CASCADE``: deleting
  an article removes everything extracted from it.
* Item ids (``E1``, ``Q3``, ``C2``, ``V1``, ``T4``) are unique within one article only, so
  item keys are ``(article_id, id)``.
* A span is three columns ``<name>_start``, ``<name>_end``, ``<name>_text`` (Python string
  indices into ``articles.text``, end exclusive); an optional span is three NULLs.
  Tables that *are* spans (``mentions``, ``event_mentions``, ``times``) use bare
  ``start``, ``"end"``, ``text`` (``end`` is an SQL keyword: quote it).
* Short lists that are never queried on their own (roles, modality, hedges, participants)
  are JSON text columns; SQLite's ``json_each`` and datasette read them.
* Speakers and claim sources are four columns ``<name>_entity`` (an ``entities.id`` of the
  same article, or NULL), ``<name>_name``, the mention span, and ``<name>_anonymous``.

The schema is created and changed only by the Alembic migrations in
``claimledger/ledger/migrations``; this module is what the code reads and writes against.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Stable constraint names, so later migrations (and SQLite batch mode) can refer to them.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def span(name: str, *, nullable: bool = False) -> list[Column[object]]:
    """The three columns of a span called ``name``."""
    return [
        Column(f"{name}_start", Integer, nullable=nullable, comment=f"{name}: first character"),
        Column(f"{name}_end", Integer, nullable=nullable, comment=f"{name}: end, exclusive"),
        Column(f"{name}_text", Text, nullable=nullable, comment=f"{name}: articles.text[start:end]"),
    ]


def speaker(name: str) -> list[Column[object]]:
    """Who says it: resolved entity, name, the words that name them, anonymous or not."""
    return [
        Column(f"{name}_entity", String(16), comment="entities.id in the same article, or NULL"),
        Column(f"{name}_name", Text, comment="entity name, an anonymous source's words, or NULL"),
        *span(f"{name}_mention", nullable=True),
        Column(f"{name}_anonymous", Boolean, comment="the article does not identify the source"),
    ]


def article_fk() -> Column[object]:
    return Column(
        "article_id",
        String(64),
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        comment="articles.id (SHA-256 of the text)",
    )


articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True, comment="SHA-256 of the UTF-8 text (hex)"),
    Column("source", Text, nullable=False, comment="the path or URL given"),
    Column("url", Text, comment="the article's URL when known"),
    Column("title", Text),
    Column("published", String(10), comment="ISO date YYYY-MM-DD"),
    Column("source_domain", Text, comment="the outlet (example.com), when known"),
    Column("author", Text, comment="the byline; several authors joined with '; '"),
    Column("site", Text, comment="the outlet's own name (Harbour Gazette), when the input states one"),
    Column("text", Text, nullable=False, comment="exactly what every offset refers to"),
    Column("schema", String(64), nullable=False, comment="record schema, claimledger.article/1"),
    Column("analysed_at", DateTime(timezone=True), nullable=False, comment="when it was stored"),
    Column("pipeline", Text, comment="JSON: model, model_version, claimledger version"),
    Column("warnings", Text, comment="JSON list of {code, message, offset}"),
    comment="One row per article; the content hash makes storing idempotent.",
)
Index("ix_articles_published", articles.c.published)

entities = Table(
    "entities",
    metadata,
    article_fk(),
    Column("id", String(16), primary_key=True, comment="E1, E2, ... within the article"),
    Column("name", Text, nullable=False, comment="the fullest form in the article"),
    Column("type", String(16), nullable=False, comment="PERSON, ORG, GPE, NORP, LOC, FAC"),
    Column("roles", Text, nullable=False, comment="JSON list of role words"),
    comment="People, organisations and places, grouped within one article.",
)
Index("ix_entities_name", entities.c.name)

mentions = Table(
    "mentions",
    metadata,
    article_fk(),
    Column("entity_id", String(16), primary_key=True),
    Column("seq", Integer, primary_key=True, comment="order among the entity's mentions"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(
        ["article_id", "entity_id"], ["entities.article_id", "entities.id"], ondelete="CASCADE"
    ),
    comment="The spans that name an entity (names, surnames, role nouns, appositives).",
)

quotes = Table(
    "quotes",
    metadata,
    article_fk(),
    Column("id", String(16), primary_key=True, comment="Q1, Q2, ... in text order"),
    Column("kind", String(16), nullable=False, comment="direct, indirect or mixed"),
    *span("content"),
    Column("quoted", Text, nullable=False, comment="JSON list of spans inside quote marks"),
    *speaker("speaker"),
    *span("cue", nullable=True),
    *span("channel", nullable=True),
    comment="Attributed statements with their speakers.",
)
Index("ix_quotes_speaker_name", quotes.c.speaker_name)

claims = Table(
    "claims",
    metadata,
    article_fk(),
    Column("id", String(16), primary_key=True, comment="C1, C2, ... in text order"),
    Column("text", Text, nullable=False, comment="the proposition, quote marks removed"),
    *span("span"),
    *speaker("source"),
    *span("cue", nullable=True),
    *span("channel", nullable=True),
    Column("standing", String(16), nullable=False, comment="asserted ... unfounded, see docs/standing.md"),
    Column("quotes", Text, nullable=False, comment="JSON list of quotes.id it comes from"),
    Column("modality", Text, nullable=False, comment="JSON list of hedges"),
    Column("events", Text, nullable=False, comment="JSON list of events.id it mentions"),
    comment="Propositions with their source and standing as the article reports it.",
)
Index("ix_claims_standing", claims.c.standing)
Index("ix_claims_source_name", claims.c.source_name)

evidence = Table(
    "evidence",
    metadata,
    article_fk(),
    Column("claim_id", String(16), primary_key=True),
    Column("seq", Integer, primary_key=True, comment="order within the claim's evidence"),
    Column("relation", String(16), nullable=False, comment="the standing this span supports"),
    *span("span"),
    Column("by_article", Boolean, nullable=False, comment="true: the article's own voice, no source"),
    *speaker("source"),
    ForeignKeyConstraint(["article_id", "claim_id"], ["claims.article_id", "claims.id"], ondelete="CASCADE"),
    comment="Stretches of the article that decide a claim's standing.",
)

events = Table(
    "events",
    metadata,
    article_fk(),
    Column("id", String(16), primary_key=True, comment="V1, V2, ... in order of first mention"),
    Column("type", String(32), nullable=False, comment="docs/events.md"),
    Column("cameo", String(8), comment="CAMEO code"),
    *span("trigger"),
    Column("factuality", String(16), nullable=False, comment="happened, ongoing, planned, possible, negated"),
    Column("time_id", String(16), comment="times.id that dates it, or NULL"),
    Column("participants", Text, nullable=False, comment="JSON list of {role, entity, name, mention}"),
    Column("quantities", Text, nullable=False, comment="JSON list of {value, unit, text, per, span}"),
    Column("places", Text, nullable=False, comment="JSON list of {name, entity, mention}"),
    Column("claims", Text, nullable=False, comment="JSON list of claims.id about it"),
    comment="Typed events with participants, quantities, places, time and factuality.",
)
Index("ix_events_type", events.c.type)

event_mentions = Table(
    "event_mentions",
    metadata,
    article_fk(),
    Column("event_id", String(16), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    ForeignKeyConstraint(["article_id", "event_id"], ["events.article_id", "events.id"], ondelete="CASCADE"),
    comment="Every mention of an event in the article.",
)

times = Table(
    "times",
    metadata,
    article_fk(),
    Column("id", String(16), primary_key=True, comment="T1, T2, ... in text order"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(64), comment="TIMEX3 / ISO 8601 value, NULL when not normalised"),
    Column("type", String(16), nullable=False, comment="DATE, TIME, DURATION or SET"),
    Column("begin", String(32), comment="ISO date the interval begins"),
    Column("until", String(32), comment="ISO date it ends; NULL for an open interval"),
    Column("mod", String(16), comment="TIMEX3 modifier"),
    comment="Time expressions normalised against articles.published.",
)
Index("ix_times_begin", times.c.begin)

skips = Table(
    "skips",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("input", Text, nullable=False, comment="the path, URL or record that was skipped"),
    Column("reason", String(32), nullable=False, comment="missing, empty, binary, encoding, ..."),
    Column("message", Text, nullable=False, comment="one line that says what to do next"),
    Column("at", DateTime(timezone=True), nullable=False),
    comment="Inputs a batch could not store, with the reason; never silent.",
)

# One row per input an ingest has decided (claimledger.api.ingest), written in the same
# transaction as what it decided, so a run stopped by Ctrl-C or a kill resumes where it
# stopped: a re-run passes over these inputs instead of analysing or recording them again.
inputs = Table(
    "inputs",
    metadata,
    Column("input", Text, primary_key=True, comment="the label: a path, path:line or URL, as in skips.input"),
    Column("article_id", String(64), comment="SHA-256 of the text read; NULL when nothing could be read"),
    Column("status", String(16), nullable=False, comment="stored, already or skipped"),
    Column("reason", String(32), comment="skips.reason when skipped"),
    Column("message", Text, comment="skips.message when skipped"),
    Column("at", DateTime(timezone=True), nullable=False, comment="when it was decided"),
    comment="Inputs ingest has decided, so a re-run resumes where an interrupted one stopped.",
)

# Every article that repeats, confirms, disputes, denies or labels a claim adds one row
# (written by claimledger.linking; docs/linking.md). claim_key is the claim cluster id.
standing_history = Table(
    "standing_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("claim_key", String(64), nullable=False, comment="the cross-article claim this is about"),
    Column(
        "article_id",
        String(64),
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        comment="the article that adds the entry",
    ),
    Column("claim_id", String(16), comment="claims.id within that article, when there is one"),
    Column("date", String(32), comment="ISO date of the entry (the article's publication date)"),
    *speaker("source"),
    Column("relation", String(16), nullable=False, comment="repeats, confirmed, disputed, denied, ..."),
    *span("evidence", nullable=True),
    Column("counted", Boolean, comment="false: a near-duplicate of an earlier article, not independent"),
    Column("note", Text, comment="why: the reprint it duplicates, the link that put it here"),
    comment="A claim's standing as a dated history across articles.",
)
Index("ix_standing_history_claim_key", standing_history.c.claim_key, standing_history.c.date)

# -- Linking across articles (claimledger.linking, docs/linking.md) --------------------

fingerprints = Table(
    "fingerprints",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("minhash", Text, nullable=False, comment="hex: 64 MinHash values over word 3-shingles"),
    Column("shingles", Integer, nullable=False, comment="distinct word 3-shingles in the text"),
    comment="One MinHash signature per article, for near-duplicate (reprint) detection.",
)

# The three tables linking writes most rows to are keyed by their whole primary key; on
# SQLite they are WITHOUT ROWID (migration 0008), so the key is the table and is not
# stored twice: 13% smaller ledger, storing 8-12% faster (benchmarks/bench_store.py).
fingerprint_bands = Table(
    "fingerprint_bands",
    metadata,
    Column("band", Integer, primary_key=True, comment="0-15: which 4 signature values"),
    Column("bucket", String(16), primary_key=True, comment="hash of those values (hex)"),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    comment="LSH index: articles sharing a bucket in any band are near-duplicate candidates.",
    sqlite_with_rowid=False,
)

link_keys = Table(
    "link_keys",
    metadata,
    Column("kind", String(8), primary_key=True, comment="entity, claim or event"),
    Column("key", String(96), primary_key=True, comment="normalised name, word stem, type+day ..."),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", String(16), primary_key=True),
    comment="Blocking keys: items sharing a key are compared when a new article comes in.",
    sqlite_with_rowid=False,
)

clusters = Table(
    "clusters",
    metadata,
    Column("kind", String(8), primary_key=True, comment="entity, claim or event"),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", String(16), primary_key=True),
    Column("cluster_id", String(48), nullable=False, comment="global id of the cluster's first item"),
    comment="Which items across articles are the same entity, claim or event.",
    sqlite_with_rowid=False,
)
Index("ix_clusters_kind_cluster_id", clusters.c.kind, clusters.c.cluster_id)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False, comment="article, entity, claim or event"),
    Column("relation", String(24), nullable=False, comment="near_duplicate, same, repeats, confirmed, ..."),
    Column("a_article", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
           comment="the earlier article"),
    Column("a_item", String(16), nullable=False, comment="item id in it ('' for an article link)"),
    Column("b_article", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False,
           comment="the article that made the link"),
    Column("b_item", String(16), nullable=False),
    Column("confidence", Float, nullable=False, comment="0-1, see docs/linking.md"),
    Column("method", String(32), nullable=False, comment="minhash, name, stems+event, event-signals ..."),
    Column("evidence", Text, nullable=False, comment="JSON list of reasons, in words"),
    UniqueConstraint("kind", "relation", "a_article", "a_item", "b_article", "b_item"),
    comment="Cross-article links, each with its confidence and evidence.",
)
Index("ix_links_b_article", links.c.b_article)
Index("ix_links_a_article_a_item", links.c.a_article, links.c.a_item)

claim_standing = Table(
    "claim_standing",
    metadata,
    Column("cluster_id", String(48), primary_key=True, comment="clusters.cluster_id (kind 'claim')"),
    Column("standing", String(16), nullable=False, comment="derived from standing_history, docs/linking.md"),
    Column("since", String(32), comment="date of the entry that decided it"),
    Column("decided_by", Integer, comment="standing_history.id of that entry"),
    Column("entries", Integer, nullable=False, comment="history entries, counted ones only"),
    Column("sources", Integer, nullable=False, comment="independent sources in the history"),
    comment="A claim's current standing across the ledger, recomputed as its history grows.",
)
Index("ix_claim_standing_standing", claim_standing.c.standing)

linking_state = Table(
    "linking_state",
    metadata,
    Column("name", String(16), primary_key=True, comment="'linking': the one row"),
    Column("token", String(32), comment="written by the last linked article"),
    Column("previous", String(32), comment="the token that one replaced"),
    comment="Linkers' token: another process linked since this one last did (linking/index.py).",
)

# SQLite full-text search over quote and claim text; created by the migrations (SQLite
# only) and kept in step by triggers on quotes and claims. ``kind`` is 'quote' or 'claim'.
SEARCH_TABLE = "search"
