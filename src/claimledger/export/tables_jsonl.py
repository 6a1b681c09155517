"""``jsonl``: one ``<table>.jsonl`` per ledger table, one JSON object per row.

JSON columns (roles, modality, participants, ...) are decoded, so a row reads as the
record it came from; datetimes are ISO 8601 in UTC; NULL is ``null``. Rows are in
primary-key order.
"""

from __future__ import annotations

import json
from pathlib import Path

from claimledger.export.files import staged
from claimledger.export.reading import RowShaper, export_tables, snapshot, stream, table_query
from claimledger.ledger.store import Ledger


def export_jsonl(ledger: Ledger, folder: Path) -> dict[str, int]:
    """Write every table into ``folder``; the rows written, by table."""
    counts: dict[str, int] = {}
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with snapshot(ledger) as connection, staged(folder) as files:
        for table in export_tables():
            shaper = RowShaper(table)
            rows = 0
            with files.open_text(f"{table.name}.jsonl") as out:
                for batch in stream(connection, table_query(table)):
                    out.write("".join(encode(shaper.mapping(row)) + "\n" for row in batch))
                    rows += len(batch)
            counts[table.name] = rows
    return counts
