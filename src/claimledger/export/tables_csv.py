"""``csv``: one ``<table>.csv`` per ledger table (RFC 4180, written by the csv module).

A header row of column names, then one record per row in primary-key order; records end
in CRLF and fields holding commas, quotes or line breaks are quoted. NULL is an empty
field (so a NULL and an empty string read back the same), booleans are ``true`` /
``false``, datetimes ISO 8601 in UTC, and JSON columns keep the JSON text stored.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from claimledger.export.files import staged
from claimledger.export.reading import RowShaper, export_tables, snapshot, stream, table_query
from claimledger.ledger.store import Ledger


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_record(shaper: RowShaper, row: Sequence[Any]) -> list[Any]:
    return [csv_value(value) for value in shaper.values(row)]


def export_csv(ledger: Ledger, folder: Path) -> dict[str, int]:
    """Write every table into ``folder``; the rows written, by table."""
    counts: dict[str, int] = {}
    with snapshot(ledger) as connection, staged(folder) as files:
        for table in export_tables():
            shaper = RowShaper(table, json_as_text=True)
            rows = 0
            # newline="": the csv module writes the CRLF itself (RFC 4180).
            with files.open_text(f"{table.name}.csv", newline="") as out:
                writer = csv.writer(out, lineterminator="\r\n")
                writer.writerow(shaper.names)
                for batch in stream(connection, table_query(table)):
                    writer.writerows(csv_record(shaper, row) for row in batch)
                    rows += len(batch)
            counts[table.name] = rows
    return counts
