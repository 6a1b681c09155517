"""The ``inputs`` table: which inputs an ingest has decided, so a re-run resumes.

An input is named by its label (``a.txt``, ``corpus.jsonl:17``, a URL), the same string
``skips.input`` holds. Each decision is written in the transaction that carries it out: a
stored article's row commits with the article and its links, a skip's with its ``skips``
row. A run cut anywhere therefore leaves no input decided twice and none marked decided
that was not: what a re-run finds here is exactly what is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, select

from claimledger.ledger import schema
from claimledger.ledger.store import Ledger

# Labels looked up per query: well under SQLite's 32,766 bound parameters.
LOOKUP = 500


@dataclass(frozen=True, slots=True)
class Decided:
    """What an earlier run decided for one input."""

    input: str
    article_id: str | None
    status: str
    reason: str | None = None
    message: str | None = None


def write(connection: Connection, decisions: Sequence[Decided]) -> None:
    """Record ``decisions`` in the caller's transaction; a label decided before is replaced
    (the same input given twice, or its content changed since)."""
    if not decisions:
        return
    table = schema.inputs
    labels = sorted({d.input for d in decisions})
    for offset in range(0, len(labels), LOOKUP):
        connection.execute(delete(table).where(table.c.input.in_(labels[offset : offset + LOOKUP])))
    now = datetime.now(UTC)
    latest = {d.input: d for d in decisions}  # one row per label: the last decision wins
    connection.execute(
        insert(table),
        [
            {"input": d.input, "article_id": d.article_id, "status": d.status, "reason": d.reason,
             "message": d.message, "at": now}
            for d in latest.values()
        ],
    )


def record(ledger: Ledger, decisions: Sequence[Decided]) -> None:
    """Record ``decisions`` in one transaction of their own."""
    with ledger.engine.begin() as connection:
        write(connection, decisions)


def record_skip(ledger: Ledger, decided: Decided) -> None:
    """A skip: its ``skips`` row (reason and message) and its ``inputs`` row, one transaction."""
    row = {"input": decided.input, "reason": decided.reason or "error", "message": decided.message or ""}
    with ledger.engine.begin() as connection:
        write_skips(connection, [row])
        write(connection, [decided])


def write_skips(connection: Connection, rows: Sequence[dict[str, str]]) -> None:
    """``skips`` rows (input, reason, message) in the caller's transaction, stamped now."""
    if rows:
        now = datetime.now(UTC)
        connection.execute(insert(schema.skips), [{**row, "at": now} for row in rows])


def decided(ledger: Ledger, labels: Sequence[str]) -> dict[str, Decided]:
    """The earlier decisions about any of ``labels``, by label."""
    table = schema.inputs
    found: dict[str, Decided] = {}
    unique = sorted(set(labels))
    with ledger.engine.connect() as connection:
        for offset in range(0, len(unique), LOOKUP):
            query = select(table.c.input, table.c.article_id, table.c.status, table.c.reason,
                           table.c.message).where(table.c.input.in_(unique[offset : offset + LOOKUP]))
            for row in connection.execute(query):
                found[row.input] = Decided(row.input, row.article_id, row.status, row.reason, row.message)
    return found


def skips(ledger: Ledger) -> list[dict[str, object]]:
    """Every recorded skip, oldest first: input, reason, message, at (ISO)."""
    return [
        {"input": s["input"], "reason": s["reason"], "message": s["message"], "at": s["at"]}
        for s in ledger.skips()
    ]
