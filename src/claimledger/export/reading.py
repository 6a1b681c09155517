"""Reading a ledger for export: which tables, in what order, streamed in batches.

Every exporter reads through here, so a ledger bigger than memory streams: results are
fetched ``BATCH`` rows at a time (``yield_per``: ``fetchmany`` on SQLite, a server-side
cursor on PostgreSQL) and never collected whole.

The tables are those of :data:`claimledger.ledger.schema.metadata`, so a table added to the
schema later is exported without a change here. The FTS5 ``search`` table and Alembic's
``alembic_version`` live only in the database (they are not in the metadata) and are
skipped by name as well, in case a later schema declares them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Select, Table, select

from claimledger.errors import ExportError
from claimledger.ledger import schema
from claimledger.ledger.store import Ledger

# Rows fetched per round trip and written per batch. Measured on a 10,000-article ledger
# (benchmarks/bench_export.py): 1,000 keeps the jsonl export at the process's resting
# ~70 MB and is as fast as anything larger (10,000: ~170 MB and 30% slower).
BATCH = 1_000
INTERNAL_TABLES = frozenset({schema.SEARCH_TABLE, "alembic_version", "linking_state"})


def export_tables() -> list[Table]:
    """The tables an export writes, parents before children (foreign-key order)."""
    return [t for t in schema.metadata.sorted_tables if t.name not in INTERNAL_TABLES]


def is_json_column(column: Column[Any]) -> bool:
    """Whether a Text column holds JSON.

    schema.py marks these by a comment starting ``JSON`` ("JSON list of role words");
    ``info={"json": True}`` marks one as well, for a column without that comment.
    """
    return bool(column.info.get("json")) or (column.comment or "").startswith("JSON")


def is_utc_column(column: Column[Any]) -> bool:
    return isinstance(column.type, DateTime) and bool(column.type.timezone)


def table_query(table: Table) -> Select[Any]:
    """Every row of ``table`` in primary-key order, so two exports of one ledger are equal."""
    return select(table).order_by(*table.primary_key.columns)


@contextmanager
def snapshot(ledger: Ledger) -> Iterator[Connection]:
    """A connection whose reads all see one state of the ledger.

    SQLite in WAL mode gives a read transaction a snapshot already; PostgreSQL needs
    REPEATABLE READ for that (its default, READ COMMITTED, snapshots each statement), so a
    writer storing articles during the export cannot make ``claims`` and ``evidence`` disagree.
    """
    connection = ledger.engine.connect()
    try:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection
    finally:
        connection.close()


def stream(connection: Connection, query: Select[Any], batch: int | None = None) -> Iterator[Sequence[Any]]:
    """The query's rows, ``batch`` (default :data:`BATCH`) at a time, fetched as they are consumed."""
    result = connection.execution_options(yield_per=batch or BATCH).execute(query)
    yield from result.partitions()


def as_utc(value: datetime) -> datetime:
    """A datetime from a ``timezone=True`` column, always aware.

    SQLite keeps no offset: the ledger writes UTC (``datetime.now(UTC)``), so a naive
    value read back is UTC. PostgreSQL returns it aware already.
    """
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_json(table: Table, column: Column[Any], value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ExportError(
            f"{table.name}.{column.name} holds text that is not JSON ({exc}); the ledger was "
            "written by something other than claimledger, or is damaged"
        ) from None


class RowShaper:
    """Turns one table's result rows into plain values: JSON decoded, datetimes ISO in UTC.

    ``json_as_text=True`` keeps JSON columns as the JSON text stored (for CSV).
    """

    def __init__(self, table: Table, *, json_as_text: bool = False) -> None:
        self.table = table
        self.names = [c.name for c in table.columns]
        columns = list(table.columns)
        # Only these columns need work; the others pass through (most of a row, most rows).
        self.json = [] if json_as_text else [i for i, c in enumerate(columns) if is_json_column(c)]
        self.datetimes = [
            (i, is_utc_column(c)) for i, c in enumerate(columns) if isinstance(c.type, DateTime)
        ]

    def values(self, row: Sequence[Any]) -> list[Any]:
        out = list(row)
        for i in self.json:
            if out[i] is not None:
                out[i] = parse_json(self.table, self.table.columns[i], out[i])
        for i, utc in self.datetimes:
            value = out[i]
            if isinstance(value, datetime):
                out[i] = (as_utc(value) if utc else value).isoformat()
        return out

    def mapping(self, row: Sequence[Any]) -> dict[str, Any]:
        return dict(zip(self.names, self.values(row), strict=True))
