"""Alembic environment: runs on the connection the store hands over, no alembic.ini.

``claimledger.ledger.engine.migrate`` puts an open connection in ``config.attributes["connection"]``
so the upgrade runs inside the store's transaction; for the alembic command line (writing a
new revision) ``sqlalchemy.url`` in the config is used instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from claimledger.ledger.schema import metadata
from claimledger.ledger.search import made_by_hand

config = context.config


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Autogenerate ignores the search indexes made by hand: FTS5 (0001), tsvector (0002)."""
    return not made_by_hand(name, type_)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                          include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True,
                          include_name=include_name)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("claimledger migrations run online only (open_ledger applies them)")
run_migrations_online()
