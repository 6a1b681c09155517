"""``claimledger watch FEED...``: poll feeds every so often and ingest what is new. Thin: the
polling is claimledger.api.watch.

One line per feed per poll on standard output: the time (UTC), the feed, and what came of
it (``3 new (2 stored, 1 skipped), 5 seen``, ``not modified``); a feed that is down is the
same line on standard error, and the next poll tries it again.

Exit codes: 130 stopped by Ctrl-C (after the current entry's transaction; a restart goes
on); with ``--once``, 0 when every feed was read and 1 when one was down; 2 usage error;
3 environment error (the ledger cannot be opened, the model is missing).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated

import typer

from claimledger.cli.ledger import EXIT_ENV, EXIT_INPUT, EXIT_USAGE, Db, open_cli_ledger
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"claimledger: {message}", err=True)
    return typer.Exit(code)


def watch_command(
    feeds: Annotated[list[str], typer.Argument(metavar="FEED...", help="http(s) URLs of RSS or Atom feeds.")],
    db: Db = None,
    every: Annotated[str, typer.Option("--every", help="Time between polls: 30s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once and stop.")] = False,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Fetch feeds and entries on loopback and private addresses too "
                                             "(refused by default)."),
    ] = False,
) -> None:
    """Poll feeds (conditional GET: ETag, Last-Modified) and ingest only their new entries.

    Entries an earlier poll or ingest decided are passed over without fetching; a feed that
    is down is reported and tried again at the next poll. Ctrl-C stops (exit 130).
    """
    from claimledger.api import watch
    from claimledger.api.interrupt import EXIT_INTERRUPTED, Interruption

    try:
        interval = watch.parse_interval(every)
    except ValueError as err:
        raise _fail(f"--every {err}", EXIT_USAGE) from None
    try:
        settings = Settings.from_env()
    except ClaimledgerError as err:
        raise _fail(str(err), EXIT_ENV) from None
    ledger = open_cli_ledger(db, create=True)
    state = watch.WatchState(settings, allow_private=allow_private)
    try:
        with Interruption() as interruption:
            while True:
                report = watch.poll_once(ledger, feeds, state, interruption=interruption)
                at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                for polled in report.feeds:
                    typer.echo(f"{at} {polled.feed} {polled.describe()}", err=polled.error is not None)
                if report.interrupted or interruption.requested:
                    raise KeyboardInterrupt
                if once:
                    break
                time.sleep(interval)
    except KeyboardInterrupt:
        typer.echo("claimledger: watch stopped; run the same command again to go on", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except ClaimledgerError as err:
        raise _fail(str(err), EXIT_ENV) from None
    finally:
        ledger.close()
    if report.down:
        raise typer.Exit(EXIT_INPUT)
