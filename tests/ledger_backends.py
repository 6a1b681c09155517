"""The ledger's two backends for tests: a fresh, empty database per test on each.

conftest.py imports the fixtures from here (see its docstring for how to use them). SQLite
is a file under the test's ``tmp_path``; PostgreSQL is a new database, made with ``CREATE
DATABASE`` on the server named by ``CLAIMLEDGER_TEST_POSTGRES`` and dropped after the test.
Without that variable the PostgreSQL variant of every ledger test is skipped (``.ci/run``
starts a private server and sets it).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from claimledger.ledger import Ledger, open_ledger
from claimledger.ledger.engine import database_url

POSTGRES_ENV = "CLAIMLEDGER_TEST_POSTGRES"
POSTGRES_SKIP = (
    f"set {POSTGRES_ENV} to a PostgreSQL server URL to run the ledger tests on PostgreSQL; .ci/run does"
)
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Engine]:
    """An engine on the maintenance database of the test server, in autocommit mode.

    CREATE and DROP DATABASE cannot run in a transaction, hence autocommit.
    """
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(POSTGRES_SKIP)
    engine = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


def fresh_postgres_url(server: Engine) -> Iterator[str]:
    """Make a database with a unique name, give its URL, drop it afterwards."""
    name = f"claimledger_test_{uuid.uuid4().hex[:16]}"
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(os.environ[POSTGRES_ENV]).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            # FORCE: a test that failed with a ledger still open must not leave the database behind.
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def ledger_backend(request: pytest.FixtureRequest) -> str:
    """``"sqlite"`` or ``"postgresql"``: which backend this run of the test is on."""
    return str(request.param)


@pytest.fixture
def ledger_url(ledger_backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty, not yet migrated ledger is: a SQLite path or a PostgreSQL URL."""
    if ledger_backend == "sqlite":
        yield str(tmp_path / "ledger" / "claims.db")
        return
    yield from fresh_postgres_url(request.getfixturevalue("postgres_server"))


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    """The ledger at :func:`ledger_url`, opened (so migrated); closed after the test."""
    with open_ledger(ledger_url) as opened:
        yield opened
