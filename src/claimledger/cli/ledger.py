"""The ledger commands: ``ingest``, ``skips``, ``claims``, ``quotes``, ``entities``, ``events``,
``story`` and ``search``. Thin: each parses options and calls claimledger.api.

The ledger is ``--db`` (a path or database URL), else ``CLAIMLEDGER_DB``, else the
per-user default (``claimledger.settings.default_ledger_path``).

Exit codes: 0 done; 1 ``ingest`` skipped at least one input (each recorded in ``skips``
with its reason); 2 usage error; 3 environment error (the ledger cannot be opened, the
model is missing, a bad setting); 130 ``ingest`` stopped by Ctrl-C (a re-run goes on).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Annotated, Any

import typer

from claimledger.cli.output import (
    ROW_FORMAT_HELP,
    RowFormat,
    claim_text,
    entity_text,
    event_text,
    quote_text,
    search_text,
    story_text,
    write_rows,
)
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings, ledger_location

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3

DB_HELP = "Ledger file or database URL (postgresql://…); default $CLAIMLEDGER_DB, then the per-user ledger."
Db = Annotated[str | None, typer.Option("--db", help=DB_HELP)]
Fmt = Annotated[RowFormat, typer.Option("--format", "-f", help=ROW_FORMAT_HELP)]
Since = Annotated[str | None, typer.Option(help="From this date on, YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option(help="Up to this date, YYYY-MM-DD.")]
About = Annotated[str | None, typer.Option(help='Full-text filter: words, "a phrase", -word, or.')]
Limit = Annotated[int, typer.Option(min=0, help="At most this many rows (0: all).")]
# Claims and quotes are listed a page at a time: a ledger holds hundreds of thousands, and
# a terminal wants the first ones fast (p95 37 ms for 50 on 100k quotes; all 34k matches of
# a common word take 280 ms, benchmarks/bench_search.py). --limit 0 lists all.
PAGE = 50
Page = Annotated[
    int, typer.Option(min=0, help=f"At most this many rows (default {PAGE}; 0: all, as export does).")
]


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"claimledger: {message}", err=True)
    return typer.Exit(code)


def iso_date(value: str | None, option: str) -> str | None:
    """``value`` as an ISO date (None stays None); a usage error naming ``option`` otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise _fail(f"{option} {value!r} is not a date in YYYY-MM-DD form", EXIT_USAGE) from None


def open_cli_ledger(db: str | None, *, create: bool) -> Any:
    """The ledger for a command, or a one-line error (exit 3).

    Only ``ingest`` creates a ledger; the other commands refuse a SQLite path with no file
    behind it, so a mistyped ``--db`` is an error, not a new empty ledger.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from claimledger.ledger import open_ledger
    from claimledger.ledger.engine import database_url

    location = ledger_location(db)
    try:
        url = database_url(location)
        if not create and url.startswith("sqlite:///") and not url.endswith(":memory:"):
            path = Path(url.split(":///", 1)[1])
            if not path.is_file():
                hint = "give --db, set CLAIMLEDGER_DB, or run ingest first"
                raise _fail(f"no ledger at {path}; {hint}", EXIT_ENV)
        return open_ledger(location)
    except (ClaimledgerError, SQLAlchemyError, ImportError, OSError) as err:
        raise _fail(f"cannot open the ledger {location}: {err}", EXIT_ENV) from None


@contextmanager
def _ledger(db: str | None, *, create: bool = False) -> Iterator[Any]:
    ledger = open_cli_ledger(db, create=create)
    try:
        yield ledger
    except ClaimledgerError as err:
        raise _fail(str(err), EXIT_USAGE if err.reason == "ledger" else EXIT_ENV) from None
    finally:
        ledger.close()


def ingest_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files and folders (text, HTML, RSS/Atom feeds, WARC, JSON Lines; "
                            "recognised by content) and http(s) URLs of pages or feeds."),
    ],
    db: Db = None,
    published: Annotated[
        str | None, typer.Option(help="Date for inputs that carry none, YYYY-MM-DD.")
    ] = None,
    encoding: Annotated[str, typer.Option(help="Encoding of plain-text files.")] = "utf-8",
    processes: Annotated[
        int,
        typer.Option("--processes", "-p", min=1, help="Parse in this many worker processes, a model each."),
    ] = 1,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only the summary line: no progress bar, no line per input.")
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Fetch URLs and feed entries on loopback and private "
                                             "addresses too (refused by default: a feed must not make "
                                             "this machine fetch the intranet)."),
    ] = False,
) -> None:
    """Analyse articles and store them in the ledger, linked to what it already holds.

    Resumable: inputs decided by an earlier run (stored, already there or skipped) are passed
    over. Ctrl-C stops after the current article's transaction (exit 130); run the same
    command again to go on.
    """
    from claimledger.api.ingest import SKIPPED, STORED, Outcome, ingest
    from claimledger.api.interrupt import Interruption
    from claimledger.cli.progress import IngestProgress, wanted

    date = iso_date(published, "--published")
    try:
        settings = Settings.from_env()
    except ClaimledgerError as err:
        raise _fail(str(err), EXIT_ENV) from None
    bar: IngestProgress | None = None

    def show(outcome: Outcome) -> None:
        if bar is not None:
            bar.advance(outcome)
        if outcome.status == SKIPPED:
            if not outcome.earlier:
                typer.echo(f"claimledger: skipped {outcome.message}", err=True)
        elif not quiet and bar is None:
            what = "stored" if outcome.status == STORED else "already in the ledger"
            typer.echo(f"{what}: {outcome.label} ({(outcome.article_id or '')[:12]})")

    with _ledger(db, create=True) as ledger, Interruption() as interruption:
        if wanted(quiet):
            bar = IngestProgress(paths, max_bytes=settings.max_bytes, encoding=encoding, published=date)
        try:
            with bar if bar is not None else nullcontext():
                report = ingest(ledger, paths, settings=settings, published=date, encoding=encoding,
                                processes=processes, on_outcome=show, interruption=interruption,
                                allow_private=allow_private)
        except ClaimledgerError as err:
            raise _fail(str(err), EXIT_ENV) from None
        summarise(report, ledger.url)


def summarise(report: Any, url: str) -> None:
    """The closing line of ``ingest`` and ``load`` (an IngestReport), and their exit codes:
    130 when interrupted (the same command goes on), 1 when an input was skipped."""
    from claimledger.api.interrupt import EXIT_INTERRUPTED

    reasons = ", ".join(f"{n} {r}" for r, n in sorted(report.skip_reasons.items()))
    earlier = f"; {report.earlier} decided by an earlier run" if report.earlier else ""
    summary = (
        f"{report.stored} stored, {report.already} already in the ledger, {report.skipped} skipped"
        + (f" ({reasons})" if reasons else "")
        + earlier
        + f" in {report.seconds:.1f} s; ledger {url}"
    )
    if report.interrupted:
        typer.echo(f"claimledger: interrupted after {report.decided} inputs ({summary}); "
                   "run the same command again to go on", err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    typer.echo(summary)
    if report.skipped:
        raise typer.Exit(EXIT_INPUT)


def skips_command(db: Db = None, output: Fmt = RowFormat.text) -> None:
    """Inputs ingest could not store, with the reason and what to do next."""
    from claimledger.ledger import inputs

    def text(row: dict[str, Any]) -> str:
        return f"{row['input']}  {row['reason']}  {row['at']}\n    {row['message']}"

    with _ledger(db) as ledger:
        rows = inputs.skips(ledger)
    write_rows(rows, output, text, empty="no skips recorded")


def _query(
    db: str | None,
    fmt: RowFormat,
    text: Callable[[dict[str, Any]], str],
    run: Callable[[Any], list[dict[str, Any]]],
) -> None:
    with _ledger(db) as ledger:
        rows = run(ledger)
    write_rows(rows, fmt, text)


def _page(
    db: str | None,
    fmt: RowFormat,
    text: Callable[[dict[str, Any]], str],
    run: Callable[[Any, int | None], list[dict[str, Any]]],
    limit: int,
) -> None:
    """Like :func:`_query`, for lists that can be long: at most ``limit`` rows (0: all),
    and a line on stderr when more match (one row more is read to know)."""
    with _ledger(db) as ledger:
        rows = run(ledger, limit + 1 if limit else None)
    more = bool(limit) and len(rows) > limit
    write_rows(rows[:limit] if more else rows, fmt, text)
    if more:
        typer.echo(f"claimledger: the first {limit} shown, more match; --limit 0 lists them all "
                   "(claimledger export writes everything)", err=True)


def claims_command(
    db: Db = None,
    source: Annotated[str | None, typer.Option(help="Part of the source's name, any case.")] = None,
    standing: Annotated[
        str | None,
        typer.Option(help="Current standing: claimed, unconfirmed, confirmed, disputed, denied, unfounded."),
    ] = None,
    about: About = None,
    since: Since = None,
    until: Until = None,
    limit: Page = PAGE,
    output: Fmt = RowFormat.text,
) -> None:
    """Claims across the ledger with their current standing."""
    from claimledger.api import queries

    s, u = iso_date(since, "--since"), iso_date(until, "--until")
    _page(
        db,
        output,
        claim_text,
        lambda ledger, most: queries.claims(
            ledger, source=source, standing=standing, about=about, since=s, until=u, limit=most
        ),
        limit,
    )


def quotes_command(
    db: Db = None,
    speaker: Annotated[str | None, typer.Option(help="Part of the speaker's name, any case.")] = None,
    about: About = None,
    since: Since = None,
    until: Until = None,
    limit: Page = PAGE,
    output: Fmt = RowFormat.text,
) -> None:
    """Quotes across the ledger with their speakers."""
    from claimledger.api import queries

    s, u = iso_date(since, "--since"), iso_date(until, "--until")
    _page(
        db,
        output,
        quote_text,
        lambda ledger, most: queries.quotes(
            ledger, speaker=speaker, about=about, since=s, until=u, limit=most
        ),
        limit,
    )


def entities_command(
    db: Db = None,
    name: Annotated[str | None, typer.Option(help="Part of a name, any case.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, NORP, LOC or FAC.")] = None,
    limit: Limit = 50,
    output: Fmt = RowFormat.text,
) -> None:
    """People, organisations and places across articles, most reported first."""
    from claimledger.api import queries

    _query(
        db,
        output,
        entity_text,
        lambda ledger: queries.entities(ledger, name=name, type=type, limit=limit or None),
    )


def events_command(
    db: Db = None,
    type: Annotated[
        str | None, typer.Option("--type", help="Event type (docs/events.md) or CAMEO code.")
    ] = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 0,
    output: Fmt = RowFormat.text,
) -> None:
    """Events across articles, the same event reported many times shown once, in time order."""
    from claimledger.api import queries

    s, u = iso_date(since, "--since"), iso_date(until, "--until")
    _query(
        db,
        output,
        event_text,
        lambda ledger: queries.events(ledger, type=type, since=s, until=u, limit=limit or None),
    )


def story_command(
    ident: Annotated[str, typer.Argument(metavar="CLAIM_OR_EVENT_ID", help="e.g. 3f2a9c1b7d0e:C1")],
    db: Db = None,
    output: Fmt = RowFormat.text,
) -> None:
    """A claim's standing over time with its dated evidence, or an event's reports."""
    from claimledger.api.story import story

    with _ledger(db) as ledger:
        found = story(ledger, ident)
    if output is RowFormat.text:
        sys.stdout.write(story_text(found))
    elif output is RowFormat.csv:
        write_rows(found.get("history") or found.get("reports") or [], output, str)
    else:
        indent = 2 if output is RowFormat.json else None
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=indent) + "\n")


def search_command(
    text: Annotated[str, typer.Argument(help='Words, "a phrase", -word to exclude, or.')],
    db: Db = None,
    kind: Annotated[str | None, typer.Option(help="quote or claim (default both).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 50,
    output: Fmt = RowFormat.text,
) -> None:
    """Full-text search over every quote and claim, best match first."""
    from claimledger.api import queries

    _query(db, output, search_text, lambda ledger: queries.search_items(ledger, text, kind=kind, limit=limit))
