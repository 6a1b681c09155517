"""The ledger API: store analysed articles, record skips, read them back as plain dicts.

>>> ledger = open_ledger("ledger.db")          # doctest: +SKIP
>>> ledger.store(analysis.to_dict())            # doctest: +SKIP
True
>>> ledger.store(analysis.to_dict())            # same text, same id: nothing to do
False

Each article is stored in one transaction: all its rows or none, whatever happens part-way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Dialect, Engine, Table, func, insert, select
from sqlalchemy.exc import IntegrityError

from claimledger.errors import InvalidRecordError, LedgerError
from claimledger.ledger import schema, search
from claimledger.ledger.engine import create_ledger_engine, database_url, migrate
from claimledger.ledger.pause import gc_paused
from claimledger.ledger.rows import Row, record_rows

T = TypeVar("T")

# Called inside an article's store transaction: (connection, article id) -> None.
AfterStore = Callable[[Connection, str], None]

# While ``within`` runs, ``connection.info[STORED_ROWS]`` is ``(article id, {table name:
# rows})``: the rows just inserted, so that the linker need not query them back (eight
# reads an article, measured as a fifth of linking's time).
STORED_ROWS = "claimledger.stored_rows"


def stored_rows(connection: Connection, article_id: str) -> dict[str, list[Row]] | None:
    """The rows of ``article_id`` if it is the article being stored on ``connection``."""
    handed = connection.info.get(STORED_ROWS)
    if handed is None or handed[0] != article_id:
        return None
    rows: dict[str, list[Row]] = handed[1]
    return rows

# Columns holding JSON text, decoded in what the reads return.
JSON_COLUMNS = frozenset({"quoted", "quotes", "modality", "events", "roles", "pipeline", "warnings"})


def insert_table(connection: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert ``rows`` into ``table`` (one executemany); a seam tests use to fail part-way.

    Quotes and claims are also put in SQLite's full-text index (:func:`search.index_sqlite`):
    this is the one place the ledger inserts items, so the index cannot miss any.

    Every row has the keys of the first, as SQLAlchemy's executemany requires. On SQLite
    the rows go to the driver as tuples through a statement compiled once per table and
    keys: SQLAlchemy's per-row parameter processing was a tenth of storing a linked
    article (bench_store, profiled). Elsewhere SQLAlchemy's own executemany (psycopg's
    pipelined batches) is used.
    """
    if not rows:
        return
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return
    statement, get, processors = _sqlite_insert(connection.dialect, table, tuple(rows[0]))
    if processors:
        values: list[Any] = []
        for row in rows:
            value = list(get(row))
            for n, process in processors:
                value[n] = process(value[n])
            values.append(tuple(value))  # SQLAlchemy passes on tuples, not lists
    else:
        values = [get(row) for row in rows]
    connection.exec_driver_sql(statement, values)
    search.index_sqlite(connection, table.name, rows)


def insert_numbered(connection: Connection, table: Table, rows: Sequence[Row]) -> list[int]:
    """Insert ``rows`` into ``table``, whose key is an integer ``id`` the database gives;
    the ids, in the order of ``rows``.

    PostgreSQL takes them from the table's sequence, with RETURNING. SQLite cannot order
    a multi-row RETURNING, so SQLAlchemy sent one INSERT a row there (6,700 statements for
    2,000 articles' history, 0.1 s); instead the rows get the ids after the highest one,
    and go in as one executemany. No other writer can take those ids meanwhile: the
    caller's transaction writes, so it holds SQLite's write lock until it ends.
    """
    if not rows:
        return []
    if connection.dialect.name != "sqlite":
        key = table.c.id
        returned = connection.execute(insert(table).returning(key, sort_by_parameter_order=True), list(rows))
        return list(returned.scalars().all())
    last = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    ids = list(range(last + 1, last + 1 + len(rows)))
    insert_table(connection, table, [{**row, "id": n} for row, n in zip(rows, ids, strict=True)])
    return ids


@lru_cache(maxsize=256)
def _sqlite_insert(
    dialect: Dialect, table: Table, keys: tuple[str, ...]
) -> tuple[str, Callable[[Row], tuple[Any, ...]], tuple[tuple[int, Callable[[Any], Any]], ...]]:
    """``INSERT INTO table (keys) VALUES (?, ...)``; what takes a row's values in that order,
    as a tuple; and the bind processor of each column that has one (a datetime or bool as
    SQLite stores it), by position."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ())
    if sorted(order) != sorted(keys):
        raise LedgerError(f"{table.name}: cannot insert the keys {sorted(keys)}")
    get: Callable[[Row], tuple[Any, ...]] = itemgetter(*order)
    if len(order) == 1:  # itemgetter of one key gives the value, not a 1-tuple
        get = partial(_one, order[0])
    processors = tuple(
        (n, process)
        for n, key in enumerate(order)
        if (process := table.c[key].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    )
    return str(compiled), get, processors


def _one(key: str, row: Row) -> tuple[Any]:
    return (row[key],)


def plain(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A result row as a plain dict: JSON columns decoded, datetimes as ISO strings."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in JSON_COLUMNS and isinstance(value, str):
            value = json.loads(value)
        elif isinstance(value, datetime):
            value = value.isoformat()
        out[str(key)] = value
    return out


@dataclass(frozen=True, slots=True)
class Inserted:
    """What :meth:`Ledger.insert_many` did: each record's outcome, the stored rows."""

    outcomes: list[bool | InvalidRecordError]
    rows: dict[str, dict[str, list[Row]]]  # stored article id -> its rows by table name

    @property
    def stored(self) -> list[str]:
        """The ids of the articles stored, in order."""
        return list(self.rows)


# Values per IN (...) list: well under SQLite's 32,766 bound parameters.
CHUNK = 400


def chunked(values: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``: one IN (...) query each."""
    for offset in range(0, len(values), size):
        yield list(values[offset : offset + size])


def _record_tables(record: Mapping[str, Any]) -> list[tuple[Table, list[Row]]]:
    try:
        return record_rows(record, datetime.now(UTC))
    except (KeyError, TypeError) as exc:
        raise InvalidRecordError(f"record is missing a field or has a wrong type: {exc!r}") from exc


def _insert_article(
    connection: Connection, article_id: str, tables: list[tuple[Table, list[Row]]], within: AfterStore | None
) -> bool:
    """Insert one article's rows and run ``within``, in the caller's transaction."""
    exists = select(schema.articles.c.id).where(schema.articles.c.id == article_id)
    # Checked in the storing transaction, not on a connection of its own before it: one
    # round trip less per article (0.5-0.9 ms on SQLite, measured).
    if connection.execute(exists).first() is not None:
        return False
    for table, rows in tables:
        insert_table(connection, table, rows)
    if within is not None:
        connection.info[STORED_ROWS] = (article_id, {table.name: rows for table, rows in tables})
        try:
            within(connection, article_id)
        finally:
            connection.info.pop(STORED_ROWS, None)
    return True


def _savepoint_insert(
    connection: Connection, tables: list[tuple[Table, list[Row]]], within: AfterStore | None
) -> bool:
    """:func:`_insert_article` under a SAVEPOINT: a refused record leaves nothing behind."""
    article_id = tables[0][1][0]["id"]
    try:
        with connection.begin_nested():
            return _insert_article(connection, article_id, tables, within)
    except IntegrityError as exc:
        exists = select(schema.articles.c.id).where(schema.articles.c.id == article_id)
        if connection.execute(exists).first() is not None:  # another writer stored it first
            return False
        raise InvalidRecordError(f"article {article_id[:12]}…: {exc.orig}") from exc


class Ledger:
    """Many articles in one database. Build it with :func:`open_ledger`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def has(self, article_id: str) -> bool:
        """Whether the article with this content hash is stored."""
        query = select(schema.articles.c.id).where(schema.articles.c.id == article_id)
        with self.engine.connect() as connection:
            return connection.execute(query).first() is not None

    def known(self, article_ids: Sequence[str]) -> set[str]:
        """Which of these content hashes are stored (one query per 500 ids)."""
        found: set[str] = set()
        ids = sorted(set(article_ids))
        with self.engine.connect() as connection:
            for offset in range(0, len(ids), 500):
                chunk = ids[offset : offset + 500]
                query = select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk))
                found.update(connection.execute(query).scalars())
        return found

    def store(self, record: Mapping[str, Any], *, within: AfterStore | None = None) -> bool:
        """Store one ``claimledger.article/1`` record; False when it is already stored.

        All rows go in one transaction. ``within(connection, article_id)`` runs in that
        transaction after the rows are in (the linking layer passes its linker), so what
        it writes commits with the article or not at all. An article already in the ledger
        costs one indexed lookup and writes nothing. Raises :class:`InvalidRecordError` for a record
        that is not storable (wrong schema, id not the text's hash, missing fields,
        duplicate item ids); nothing of it is then stored.
        """
        tables = _record_tables(record)
        article_id = tables[0][1][0]["id"]
        try:
            with gc_paused(), self.engine.begin() as connection:
                return _insert_article(connection, article_id, tables, within)
        except IntegrityError as exc:
            if self.has(article_id):  # another writer stored the same article first
                return False
            raise InvalidRecordError(f"article {article_id[:12]}…: {exc.orig}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction for many articles (:meth:`store_in`): committed at the end of
        the ``with`` block, rolled back wholly if it raises.

        Grouping articles saves a commit and its WAL write per article (measured with
        linking: about a third of storing's time). Each article stays all-or-nothing.
        Python's cyclic collector is paused meanwhile (ledger/pause.py).
        """
        with gc_paused(), self.engine.begin() as connection:
            yield connection

    def store_in(
        self, connection: Connection, record: Mapping[str, Any], *, within: AfterStore | None = None
    ) -> bool:
        """:meth:`store`, inside the caller's :meth:`transaction`.

        The article goes in under a SAVEPOINT: a record that cannot be stored raises
        :class:`InvalidRecordError` with nothing of it left in the transaction, whose
        other articles stay; so does any error ``within`` raises.
        """
        return _savepoint_insert(connection, _record_tables(record), within)

    def insert_many(self, connection: Connection, records: Sequence[Mapping[str, Any]]) -> Inserted:
        """Insert the rows of several records in the caller's :meth:`transaction`, one
        statement a table for all of them; nothing else runs (link them after: the
        linker's ``link_many`` takes :attr:`Inserted.rows`).

        Each record's outcome is in :attr:`Inserted.outcomes`, in order: True stored, False
        already in the ledger (or earlier in ``records``), or the :class:`InvalidRecordError`
        that kept it out. If the database refuses the rows (a record with two items of one
        id), they are inserted again one record at a time, so only the bad one is left out.
        """
        tables: dict[str, list[tuple[Table, list[Row]]]] = {}
        slots: list[tuple[str, bool] | InvalidRecordError] = []  # (id, first time seen) or why not
        for record in records:
            try:
                rows = _record_tables(record)
            except InvalidRecordError as err:
                slots.append(err)
                continue
            article_id = rows[0][1][0]["id"]
            slots.append((article_id, article_id not in tables))
            tables.setdefault(article_id, rows)
        known: set[str] = set()
        a = schema.articles.c
        for chunk in chunked(sorted(tables)):
            known.update(connection.execute(select(a.id).where(a.id.in_(chunk))).scalars())
        fresh = [article_id for article_id in tables if article_id not in known]
        outcomes: list[bool | InvalidRecordError] = [
            slot if isinstance(slot, InvalidRecordError) else (slot[1] and slot[0] not in known)
            for slot in slots
        ]
        try:
            with connection.begin_nested():
                for n, (table, _rows) in enumerate(tables[fresh[0]] if fresh else []):
                    insert_table(connection, table, [row for aid in fresh for row in tables[aid][n][1]])
        except IntegrityError:
            return self._insert_each(connection, records)
        return Inserted(outcomes, {aid: {table.name: rows for table, rows in tables[aid]} for aid in fresh})

    def _insert_each(self, connection: Connection, records: Sequence[Mapping[str, Any]]) -> Inserted:
        outcomes: list[bool | InvalidRecordError] = []
        rows: dict[str, dict[str, list[Row]]] = {}
        for record in records:
            try:
                tables = _record_tables(record)
                article_id = tables[0][1][0]["id"]
                stored = _savepoint_insert(connection, tables, None)
            except InvalidRecordError as err:
                outcomes.append(err)
                continue
            outcomes.append(stored)
            if stored:
                rows[article_id] = {table.name: found for table, found in tables}
        return Inserted(outcomes, rows)

    def record_skip(self, input: str, reason: str, message: str) -> None:
        """Record an input that could not be stored, with its reason (never a silent skip)."""
        row = {"input": input, "reason": reason, "message": message, "at": datetime.now(UTC)}
        with self.engine.begin() as connection:
            insert_table(connection, schema.skips, [row])

    def skips(self) -> list[dict[str, Any]]:
        return self._rows(select(schema.skips).order_by(schema.skips.c.id))

    def articles(self) -> list[dict[str, Any]]:
        """Every stored article without its text, oldest publication first."""
        a = schema.articles
        columns = [c for c in a.c if c.name != "text"]
        return self._rows(select(*columns).order_by(a.c.published, a.c.analysed_at, a.c.id))

    def claims(
        self, standing: str | None = None, source: str | None = None, *, about: str | None = None
    ) -> list[dict[str, Any]]:
        """Claims, optionally of one standing and from a source whose name contains ``source``.

        ``about`` keeps the claims that match a full-text query (the syntax of :meth:`search`).
        """
        c = schema.claims.c
        query = select(schema.claims, schema.articles.c.published).join(schema.articles)
        if standing is not None:
            query = query.where(c.standing == standing)
        if source is not None:
            query = query.where(func.lower(c.source_name).contains(source.lower(), autoescape=True))
        if about is not None:
            query = query.where(search.item_filter(self.engine.dialect.name, "claim", search.parse(about)))
        return self._rows(query.order_by(schema.articles.c.published, c.article_id, c.span_start))

    def quotes(self, speaker: str | None = None, *, about: str | None = None) -> list[dict[str, Any]]:
        """Quotes, optionally from a speaker whose name contains ``speaker`` (any case).

        ``about`` keeps the quotes that match a full-text query (the syntax of :meth:`search`).
        """
        q = schema.quotes.c
        query = select(schema.quotes, schema.articles.c.published).join(schema.articles)
        if speaker is not None:
            query = query.where(func.lower(q.speaker_name).contains(speaker.lower(), autoescape=True))
        if about is not None:
            query = query.where(search.item_filter(self.engine.dialect.name, "quote", search.parse(about)))
        return self._rows(query.order_by(schema.articles.c.published, q.article_id, q.content_start))

    def search(self, text: str, *, kind: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Quotes and claims matching what a user typed, best first (at most ``limit``).

        The syntax is web search's: words (all of them), ``"a phrase"``, ``-word`` to
        exclude, ``or``; any other character is only text, and a query with no word in it
        finds nothing (see :mod:`claimledger.ledger.search`). ``kind`` is ``"quote"``,
        ``"claim"`` or None for both. Each hit is a dict: ``kind``, ``article_id``, ``id``,
        ``text``, ``who`` (speaker or source name), ``published``, ``title``, ``start`` and
        ``end`` (the span in the article) and ``rank``, higher for a better match (bm25 on
        SQLite, ts_rank on PostgreSQL: compare ranks within one result, not across backends).
        """
        if kind is not None and kind not in search.KINDS:
            raise LedgerError(f"search kind {kind!r}: give 'quote', 'claim' or None for both")
        query = search.parse(text)
        if not query or limit <= 0:
            return []
        kinds = search.KINDS if kind is None else (kind,)
        return self._rows(search.search_query(self.engine.dialect.name, query, kinds, limit))

    def count(self, table: str) -> int:
        """Rows in one ledger table (``articles``, ``quotes``, ...)."""
        with self.engine.connect() as connection:
            query = select(func.count()).select_from(schema.metadata.tables[table])
            return int(connection.execute(query).scalar_one())

    def _rows(self, query: Any) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return [plain(row) for row in connection.execute(query).mappings()]


def open_ledger(url_or_path: str | Path) -> Ledger:
    """Open (creating and migrating as needed) the ledger at a path or database URL.

    A path or ``sqlite:///PATH`` is a SQLite file (WAL mode, foreign keys on; its folder
    is created); ``:memory:`` is a private in-memory ledger; ``postgresql://…`` is a
    PostgreSQL server reached with psycopg 3 (install ``psycopg``).
    """
    engine = create_ledger_engine(database_url(url_or_path))
    migrate(engine)
    return Ledger(engine)
