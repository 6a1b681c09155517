"""Full-text search over quotes and claims, on SQLite and PostgreSQL, from what a user types.

One syntax on both backends, the one web search taught everyone (PostgreSQL's
``websearch_to_tsquery``):

==================  ==========================================================
``grain deal``      both words (AND)
``"grain deal"``    these words, in this order
``-port``           not this word (``-"a phrase"`` too)
``deal or truce``   either side; ``or`` in any case. AND binds tighter:
                    ``a b or c`` is ``(a AND b) OR c``
==================  ==========================================================

Everything else is text to look for: ``* : ( ) ^ NEAR AND``, a lone ``-``, an unbalanced
quote (the phrase runs to the end) never raise. A query with no letter or digit in it
matches nothing.

The user's text never reaches a query language as it was typed. :func:`parse` reads it
into groups of terms (control characters count as spaces); SQLite's FTS5 gets every term as
a double-quoted string (inner quotes doubled), so FTS5 operators in the text are only
words; PostgreSQL gets the same terms rewritten as a websearch string of quoted terms, as a
bound parameter of ``websearch_to_tsquery``. Both backends therefore answer the same
AND/OR/NOT structure. What differs is the words: PostgreSQL stems English and drops stop
words (``deals`` finds "deal", ``the`` alone finds nothing) and also searches the
speaker's or source's name; FTS5 (``unicode61``, diacritics removed) matches whole words,
in any case, in the quote or claim text only.

Where the index lives:

* SQLite: the FTS5 table ``search_text`` (migration 0005), one row per quote or claim
  under the integer key ``search_keys`` gives it. Ranked by ``bm25`` (negated, so higher
  is better); quotes and claims share one FTS5 table, so their ranks compare. The
  ledger's one writer of items, ``store.insert_table``, indexes what it inserts with
  :func:`index_sqlite`, two statements for a whole batch (migration 0009 dropped the
  per-row insert triggers: they were an eighth of storing's time). Deleting an item
  still drops its index entries by trigger, cascades from ``articles`` included.
* PostgreSQL: a stored generated ``tsvector`` column ``search_vector`` with a GIN index
  on ``quotes`` and ``claims`` (migration 0002). Ranked by ``ts_rank``.

Neither is in :mod:`claimledger.ledger.schema`: that module is the dialect-neutral tables
the code reads and writes, and each index exists on one backend only. The migrations make
them by hand; :func:`made_by_hand` tells Alembic's comparison to leave them out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    Table,
    and_,
    cast,
    column,
    false,
    func,
    literal,
    literal_column,
    select,
    table,
    tuple_,
    union_all,
)
from sqlalchemy.dialects.postgresql import REGCONFIG

from claimledger.ledger import schema

SEARCH_VECTOR = "search_vector"
TEXT_SEARCH_CONFIG = "english"
KINDS = ("quote", "claim")

# SQLite's index (migration 0005): each quote and claim has an integer key in
# ``search_keys``; the FTS5 table ``search_text`` indexes its words under that rowid.
SEARCH_KEYS = table("search_keys", column("id"), column("kind"), column("article_id"), column("item_id"))
SEARCH_TEXT = table("search_text", column("rowid"), column("text"))

# The items SQLite indexes, by table name: their kind and the column with their words.
SQLITE_INDEXED = {"quotes": ("quote", "content_text"), "claims": ("claim", "text")}

# An optional run of dashes (exclusion), then a quoted phrase (to the closing quote, or to
# the end when there is none) or a bare word (up to a space or a quote).
TOKEN = re.compile(r'(-*)(?:"([^"]*)(?:"|$)|([^\s"]+))')
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Group:
    """Terms that must all be there (``include``) and none of which may be (``exclude``)."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: an item matches when it matches any one of the groups."""

    groups: tuple[Group, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse(text: str) -> SearchQuery:
    """Read what a user typed into groups of terms; never raises.

    >>> parse('"grain deal" -port OR truce').groups
    (Group(include=('grain deal',), exclude=('port',)), Group(include=('truce',), exclude=()))
    """
    groups: list[Group] = []
    include: list[str] = []
    exclude: list[str] = []
    pending_or = False
    # Control characters separate words: PostgreSQL refuses NUL in text, FTS5 stops at it.
    text = CONTROL.sub(" ", text)
    for match in TOKEN.finditer(text):
        dashes, phrase, word = match.groups()
        if phrase is None and not dashes and word.lower() == "or":
            # OR joins the group so far to the next term; leading, trailing and repeated
            # ORs join nothing and are dropped, as websearch_to_tsquery does.
            pending_or = bool(include or exclude)
            continue
        term = " ".join((word if phrase is None else phrase).split())
        if not any(char.isalnum() for char in term):
            continue  # punctuation only: no word to look for (FTS5 would see an empty phrase)
        if pending_or:
            groups.append(Group(tuple(include), tuple(exclude)))
            include, exclude, pending_or = [], [], False
        (exclude if dashes else include).append(term)
    if include or exclude:
        groups.append(Group(tuple(include), tuple(exclude)))
    return SearchQuery(tuple(groups))


def fts5_string(term: str) -> str:
    """``term`` as an FTS5 string: whatever it holds is words, never operators or syntax."""
    return '"' + term.replace('"', '""') + '"'


def fts5_any(terms: tuple[str, ...]) -> str:
    return "(" + " OR ".join(fts5_string(term) for term in terms) + ")"


def fts5_group(group: Group) -> str:
    """A group with at least one included term as an FTS5 expression."""
    expression = "(" + " AND ".join(fts5_string(term) for term in group.include) + ")"
    if group.exclude:
        expression = f"({expression} NOT {fts5_any(group.exclude)})"
    return expression


@dataclass(frozen=True)
class Fts5Plan:
    """How SQLite answers a query: rows that MATCH ``expression``, or (``negated``) rows that do not."""

    expression: str
    negated: bool


def fts5_plan(query: SearchQuery) -> Fts5Plan:
    """The FTS5 expression for ``query`` (which must not be empty).

    FTS5's NOT is binary (``a NOT b``), so a group of exclusions only ("-kyiv") cannot be
    matched; the query is then answered by its complement: not (every exclusion-only
    group's terms) and not (any other group).
    """
    positive = [fts5_group(group) for group in query.groups if group.include]
    exclusions_only = [group.exclude for group in query.groups if not group.include]
    if not exclusions_only:
        return Fts5Plan(" OR ".join(positive), negated=False)
    complement = " AND ".join(fts5_any(terms) for terms in exclusions_only)
    if positive:
        complement = f"({complement}) NOT ({' OR '.join(positive)})"
    return Fts5Plan(complement, negated=True)


def websearch_text(query: SearchQuery) -> str:
    """``query`` rewritten for ``websearch_to_tsquery``: quoted terms, ``-`` and ``or``."""
    return " or ".join(
        " ".join([*(f'"{term}"' for term in group.include), *(f'-"{term}"' for term in group.exclude)])
        for group in query.groups
    )


# kind: (table, the item's words, who says it, start and end of its span).
ITEMS = {
    "quote": (schema.quotes, "content_text", "speaker_name", "content_start", "content_end"),
    "claim": (schema.claims, "text", "source_name", "span_start", "span_end"),
}


def _fts5_match(expression: str) -> ColumnElement[bool]:
    # `search_text MATCH ?`: the FTS5 table's hidden column named after the table.
    return literal_column(SEARCH_TEXT.name).op("MATCH")(literal(expression)).self_group()


def _fts5_hits(kind: str, expression: str, text_keys: bool = False) -> Select[tuple[object, ...]]:
    """The keys of the items of ``kind`` whose words MATCH ``expression``: (article_id,
    item_id), or one text key ``article_id || ' ' || item_id`` (``text_keys``)."""
    k = SEARCH_KEYS.c
    matching = select(SEARCH_TEXT.c.rowid).where(_fts5_match(expression))
    keys = [k.article_id.concat(" ").concat(k.item_id)] if text_keys else [k.article_id, k.item_id]
    return select(*keys).where(k.kind == kind, k.id.in_(matching))


def _tsquery(query: SearchQuery) -> ColumnElement[object]:
    config = cast(literal(TEXT_SEARCH_CONFIG), REGCONFIG)
    return func.websearch_to_tsquery(config, literal(websearch_text(query)))


def _search_vector(items: Table) -> ColumnElement[object]:
    return literal_column(f"{items.name}.{SEARCH_VECTOR}")


def item_filter(dialect: str, kind: str, query: SearchQuery) -> ColumnElement[bool]:
    """A WHERE clause keeping the quotes or claims (``kind``) that match ``query``."""
    if not query:
        return false()
    items = ITEMS[kind][0]
    if dialect == "postgresql":
        return _search_vector(items).op("@@")(_tsquery(query))
    plan = fts5_plan(query)
    if not plan.negated:
        # A row value IN a subquery: SQLite looks the hits up by the items' primary key
        # (claims(about="would"), 34,000 hits: 120 ms as a text-key list, 50 ms so).
        return tuple_(items.c.article_id, items.c.id).in_(_fts5_hits(kind, plan.expression))
    # One text key per row, not a (article_id, id) row value: SQLite builds an index for a
    # scalar NOT IN-list, but scans a row-value list once per row (100 s for "-word" at 100k).
    keys = items.c.article_id.concat(" ").concat(items.c.id)
    return keys.not_in(_fts5_hits(kind, plan.expression, text_keys=True))


def _columns(kind: str, items: Table) -> list[Any]:
    """kind, article_id, id, text, who, published, title, start, end of ``kind``'s items."""
    _table, text, who, start, end = ITEMS[kind]
    return [
        literal_column(f"'{kind}'").label("kind"),
        items.c.article_id,
        items.c.id,
        items.c[text].label("text"),
        items.c[who].label("who"),
        schema.articles.c.published,
        schema.articles.c.title,
        items.c[start].label("start"),
        items.c[end].label("end"),
    ]


def hits_query(dialect: str, kind: str, query: SearchQuery) -> Select[tuple[object, ...]]:
    """One kind's hits: kind, article_id, id, text, who, published, title, start, end, rank.

    ``rank`` is higher for a better match: ``ts_rank`` on PostgreSQL, ``-bm25`` on SQLite
    (0 when the query is answered by exclusion, which has nothing to rank).
    """
    items = ITEMS[kind][0]
    if dialect != "postgresql" and not fts5_plan(query).negated:
        return _joined_sqlite(kind, _top_sqlite(query, (kind,), None).subquery("top"))
    if dialect == "postgresql":
        rank: ColumnElement[object] = func.ts_rank(_search_vector(items), _tsquery(query))
    else:
        rank = literal_column("0.0")  # answered by exclusion: nothing to rank
    columns = [*_columns(kind, items), rank.label("rank")]
    return (
        select(*columns)
        .select_from(items.join(schema.articles, items.c.article_id == schema.articles.c.id))
        .where(item_filter(dialect, kind, query))
    )


def _top_sqlite(query: SearchQuery, kinds: tuple[str, ...], limit: int | None) -> Select[tuple[object, ...]]:
    """kind, article_id, item_id and rank of the best ``limit`` matches (all when None),
    picked inside FTS5 by bm25 over the one table of both kinds, so their ranks compare.
    Ties in bm25 at the cut are broken by FTS5's order, not by date (they are rare: the
    same words at the same length)."""
    k = SEARCH_KEYS.c
    bm25 = func.bm25(literal_column(SEARCH_TEXT.name))
    top = (
        select(k.kind, k.article_id, k.item_id, (-bm25).label("rank"))
        .select_from(SEARCH_TEXT.join(SEARCH_KEYS, k.id == SEARCH_TEXT.c.rowid))
        .where(_fts5_match(fts5_plan(query).expression))
    )
    if set(kinds) != set(KINDS):
        top = top.where(k.kind.in_(kinds))
    if limit is not None:
        top = top.order_by(bm25).limit(limit)
    return top


def _joined_sqlite(kind: str, top: FromClause) -> Select[tuple[object, ...]]:
    """``kind``'s rows of ``top`` with their items' and articles' columns."""
    items = ITEMS[kind][0]
    of_item = and_(top.c.kind == kind, top.c.article_id == items.c.article_id, top.c.item_id == items.c.id)
    columns = [*_columns(kind, items), top.c.rank]
    return select(*columns).select_from(
        top.join(items, of_item).join(schema.articles, items.c.article_id == schema.articles.c.id)
    )


def search_query(
    dialect: str, query: SearchQuery, kinds: tuple[str, ...], limit: int
) -> Select[tuple[object, ...]]:
    """The best ``limit`` hits of the given kinds: highest rank first, then oldest article."""
    if dialect != "postgresql" and not fts5_plan(query).negated:
        # The top ``limit`` are picked inside FTS5 before any join, once for both kinds (a
        # CTE used twice is computed once), so a common word costs one pass over its
        # postings, not a join and a sort of every match.
        top = _top_sqlite(query, kinds, limit).cte("top")
        parts = [_joined_sqlite(kind, top) for kind in kinds]
    else:
        parts = [hits_query(dialect, kind, query) for kind in kinds]
    hits = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("hits")
    c = hits.c
    return (
        select(hits)
        .order_by(c.rank.desc(), c.published.asc().nulls_last(), c.article_id, c.start, c.kind)
        .limit(limit)
    )


def index_sqlite(connection: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Index quotes or claims just inserted into ``table`` (SQLite; the caller's transaction).

    Each row gets the next integer key in ``search_keys`` and its words go into
    ``search_text`` under it: one executemany for each of the two, where a trigger ran two
    statements and an FTS5 insert per row (38 against 6 µs a quote stored, bench_store).
    The keys are read and written in one write transaction (the items' insert holds
    SQLite's write lock), so no other writer can take them. Rows of other tables, and
    PostgreSQL (a generated column there), need nothing.
    """
    indexed = SQLITE_INDEXED.get(table)
    if indexed is None or not rows:
        return
    kind, words = indexed
    last = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM search_keys").scalar_one()
    keys = range(last + 1, last + 1 + len(rows))
    connection.exec_driver_sql(
        "INSERT INTO search_keys (id, kind, article_id, item_id) VALUES (?, ?, ?, ?)",
        [(key, kind, row["article_id"], row["id"]) for key, row in zip(keys, rows, strict=True)],
    )
    connection.exec_driver_sql(
        "INSERT INTO search_text (rowid, text) VALUES (?, ?)",
        [(key, row[words]) for key, row in zip(keys, rows, strict=True)],
    )


def made_by_hand(name: str | None, type_: str) -> bool:
    """Whether a database object is a search index the migrations make by hand.

    The tables ``search_keys`` and ``search_text`` with its FTS5 shadow tables (SQLite;
    0001's ``search`` before migration 0005), and the ``search_vector``
    columns and their GIN indexes (PostgreSQL): Alembic's comparison with schema.py skips them.
    """
    name = name or ""
    if type_ == "table":
        return name.startswith(schema.SEARCH_TABLE)
    if type_ == "column":
        return name == SEARCH_VECTOR
    if type_ == "index":
        return name.endswith(f"_{SEARCH_VECTOR}")
    return False
