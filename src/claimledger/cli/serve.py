"""``claimledger serve``: the pages and the REST API over a ledger, with uvicorn.

Thin: it checks the options, builds the app with :func:`claimledger.web.create_app` and
runs it. On a loopback address (the default) POSTs need no token; on any other address
they need ``CLAIMLEDGER_TOKEN`` (header ``X-Claimledger-Token``), and without that variable
every POST is refused.
"""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from claimledger.cli.ledger import EXIT_ENV, EXIT_USAGE, Db, _fail, open_cli_ledger
from claimledger.settings import ledger_location

TOKEN_ENV = "CLAIMLEDGER_TOKEN"


def is_loopback(host: str) -> bool:
    """Whether ``host`` listens on this machine only (127.0.0.0/8, ::1, localhost)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(
    db: Db = None,
    host: Annotated[str, typer.Option(help="Address to listen on; beyond loopback POSTs need a token.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="Refuse every write.")] = False,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Let analyse fetch a URL (never a private address).")
    ] = False,
) -> None:
    """Serve the ledger's pages and REST API (needs the web extra)."""
    try:
        import uvicorn

        from claimledger.web import create_app
    except ImportError as err:
        raise _fail(f"serve needs the web extra: pip install 'claimledger[web]' ({err})", EXIT_ENV) from None
    open_cli_ledger(db, create=not read_only).close()  # a one-line error for a bad --db
    loopback = is_loopback(host)
    token = os.environ.get(TOKEN_ENV) or None
    if not loopback and token is None:
        typer.echo(
            f"claimledger: listening on {host}, beyond loopback, with no {TOKEN_ENV}: every POST is refused",
            err=True,
        )
    try:
        app = create_app(
            ledger_location(db), read_only=read_only, token=token, loopback_only=loopback, fetch=fetch
        )
    except ValueError as err:
        raise _fail(str(err), EXIT_USAGE) from None
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
