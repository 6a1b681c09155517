"""``parquet``: one ``<table>.parquet`` per ledger table, through pyarrow (the ``parquet`` extra).

The Arrow schema is derived from the SQLAlchemy column types, not guessed from the data, so
an empty table or a column that is NULL in every row still has its type:

=====================  =====================================
SQLAlchemy             Arrow
=====================  =====================================
Boolean                bool
Integer, BigInteger    int64
Float, Numeric         float64
String, Text           string (JSON columns too: JSON text)
DateTime(timezone)     timestamp[us, tz=UTC]
DateTime               timestamp[us]
Date                   date32
=====================  =====================================

Each field carries the column's comment as ``description`` metadata, and JSON columns
``claimledger.json = true``. Rows are read in batches, gathered as Arrow record batches
(columnar, compact) up to :data:`ROW_GROUP` rows and written as one row group through
``pyarrow.parquet.ParquetWriter``: never the whole table in memory. A column of a type not
in the table above is an :class:`ExportError` naming it (add it here), never a silent cast.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, Numeric, String, Table

from claimledger.errors import ExportError, MissingExtraError
from claimledger.export.files import staged
from claimledger.export.reading import export_tables, is_json_column, snapshot, stream, table_query
from claimledger.ledger.store import Ledger

if TYPE_CHECKING:
    import pyarrow

# Rows per Parquet row group: readers skip and parallelise by row group, and groups of
# a few tens of thousands of rows keep the per-group overhead small.
ROW_GROUP = 50_000
PARQUET_HINT = "--format parquet needs pyarrow, which is not installed: pip install 'claimledger[parquet]'"


def require_pyarrow() -> Any:
    """The pyarrow module, or :class:`MissingExtraError` saying how to install it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the submodule the writer needs)
    except ImportError:
        raise MissingExtraError(PARQUET_HINT) from None
    return pyarrow


def arrow_type(pa: Any, table: Table, column: Column[Any]) -> pyarrow.DataType:
    kind = column.type
    # Boolean before Integer and Float before Numeric: the narrower types first.
    if isinstance(kind, Boolean):
        return pa.bool_()
    if isinstance(kind, Integer):
        return pa.int64()
    if isinstance(kind, Float | Numeric):
        return pa.float64()
    if isinstance(kind, String):  # Text is a String
        return pa.string()
    if isinstance(kind, DateTime):
        return pa.timestamp("us", tz="UTC" if kind.timezone else None)
    if isinstance(kind, Date):
        return pa.date32()
    raise ExportError(
        f"{table.name}.{column.name} is {kind!r}, which the parquet export has no Arrow type for; "
        "add it to claimledger.export.tables_parquet.arrow_type"
    )


def arrow_schema(pa: Any, table: Table) -> pyarrow.Schema:
    fields = []
    for column in table.columns:
        metadata = {"description": column.comment or ""}
        if is_json_column(column):
            metadata["claimledger.json"] = "true"
        fields.append(pa.field(column.name, arrow_type(pa, table, column), column.nullable, metadata))
    return pa.schema(fields, metadata={"description": table.comment or "", "claimledger.table": table.name})


def record_batch(pa: Any, schema: pyarrow.Schema, table: Table, rows: Sequence[Any]) -> Any:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    try:
        # Naive datetimes (SQLite keeps no offset) are taken as UTC, which the ledger writes.
        arrays = [pa.array(values, type=field.type) for values, field in zip(columns, schema, strict=True)]
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ExportError(f"{table.name}: a value does not fit its column type ({exc})") from None
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def row_groups(
    pa: Any, schema: pyarrow.Schema, table: Table, batches: Iterable[Sequence[Any]]
) -> Iterator[Any]:
    """Arrow tables of about :data:`ROW_GROUP` rows from the fetched batches (the last one smaller)."""
    pending: list[Any] = []
    for batch in batches:
        pending.append(record_batch(pa, schema, table, batch))
        if sum(b.num_rows for b in pending) >= ROW_GROUP:
            yield pa.Table.from_batches(pending, schema)
            pending = []
    if pending:
        yield pa.Table.from_batches(pending, schema)


def export_parquet(ledger: Ledger, folder: Path) -> dict[str, int]:
    """Write every table into ``folder``; the rows written, by table."""
    pa = require_pyarrow()
    import pyarrow.parquet as pq

    counts: dict[str, int] = {}
    with snapshot(ledger) as connection, staged(folder) as files:
        for table in export_tables():
            schema = arrow_schema(pa, table)
            rows = 0
            with pq.ParquetWriter(files.path(f"{table.name}.parquet"), schema) as writer:
                for group in row_groups(pa, schema, table, stream(connection, table_query(table))):
                    writer.write_table(group, row_group_size=group.num_rows)
                    rows += group.num_rows
            counts[table.name] = rows
    return counts
