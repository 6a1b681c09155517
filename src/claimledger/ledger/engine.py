"""Connecting to a ledger: URL handling, SQLite pragmas, and applying the migrations.

SQLite is the default (one file, nothing to start); PostgreSQL is reached by URL with the
psycopg 3 driver. Migrations are Alembic revisions packaged with claimledger and applied on
open, in one transaction, so a ledger is never left half-migrated.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from claimledger.errors import LedgerError
from claimledger.ledger.checkpoint import BACKSTOP_PAGES, Checkpointer

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# How long a writer waits for another process's transaction before giving up (SQLite).
BUSY_TIMEOUT_S = 30.0
_CHECKPOINTERS: WeakKeyDictionary[Engine, Checkpointer] = WeakKeyDictionary()


def database_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL for a path, ``:memory:``, ``sqlite:///…`` or ``postgresql://…``."""
    text = str(url_or_path)
    if text == ":memory:":
        return "sqlite://"
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    scheme, rest = text.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith("sqlite") or scheme.startswith("postgresql+"):
        return text
    raise LedgerError(f"{text}: not a ledger URL; give a file path, sqlite:///PATH or postgresql://…")


def create_ledger_engine(url: str) -> Engine:
    """An engine for ``url`` (from :func:`database_url`), SQLite tuned for a ledger."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    memory = url in ("sqlite://", "sqlite:///:memory:")
    if not memory:
        Path(url.split(":///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        poolclass=StaticPool if memory else None,
    )
    event.listen(engine, "connect", _sqlite_connect)
    if not memory and engine.url.database:
        # The log is copied back beside the writer, not by it (ledger/checkpoint.py).
        checkpointer = Checkpointer(engine.url.database, busy_timeout_s=BUSY_TIMEOUT_S)
        _CHECKPOINTERS[engine] = checkpointer
        event.listen(engine, "begin", lambda _connection: checkpointer.before_begin())
        event.listen(engine, "commit", lambda _connection: checkpointer.poke())
        event.listen(engine, "engine_disposed", lambda _engine: checkpointer.stop())
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def checkpointer_of(engine: Engine) -> Checkpointer | None:
    """The thread that checkpoints a SQLite file ledger's log (None for other ledgers)."""
    return _CHECKPOINTERS.get(engine)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling skips BEGIN before DDL and commits implicitly;
    # switch it off and emit BEGIN ourselves (SQLAlchemy's documented recipe) so that a
    # migration or a stored article is really all-or-nothing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL: readers never block the writer, and a killed writer leaves no torn pages.
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply the packaged Alembic migrations up to ``revision`` in one transaction."""
    _alembic(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Undo the packaged migrations down to ``revision``, in one transaction."""
    _alembic(engine, command.downgrade, revision)


def _alembic(engine: Engine, step: Any, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        step(config, revision)
