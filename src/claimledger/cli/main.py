"""The ``claimledger`` command. Thin: each command parses options and calls the library.

Exit codes (documented in the README):
  0  every input was analysed
  1  at least one input or article was skipped: unreadable, not English, a WARC record that
     is not a page, an article the pipeline failed on (each one reported; the others printed)
  2  usage error (unknown option, malformed --published date)
  3  environment error (the spaCy model is not installed, a bad CLAIMLEDGER_* setting,
     a corpus folder missing for ``eval``)
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from claimledger.cli import ledger as ledger_commands
from claimledger.cli.evaluate import eval_app
from claimledger.cli.export import export_command
from claimledger.cli.render import RenderText, error_record, to_json, to_jsonl_line
from claimledger.cli.serve import serve_command
from claimledger.cli.spark import load_command, spark_command
from claimledger.cli.watch import watch_command
from claimledger.errors import ClaimledgerError
from claimledger.ingest.text import expand_sources
from claimledger.settings import Settings

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3

app = typer.Typer(
    name="claimledger",
    help="Who said what, about which event, and whether it holds up.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")
app.command("export")(export_command)
app.command("ingest")(ledger_commands.ingest_command)
app.command("skips")(ledger_commands.skips_command)
app.command("claims")(ledger_commands.claims_command)
app.command("quotes")(ledger_commands.quotes_command)
app.command("entities")(ledger_commands.entities_command)
app.command("events")(ledger_commands.events_command)
app.command("story")(ledger_commands.story_command)
app.command("search")(ledger_commands.search_command)
app.command("serve")(serve_command)
app.command("watch")(watch_command)
app.command("spark")(spark_command)
app.command("load")(load_command)


PATHS_HELP = (
    "Files and folders (text, HTML, RSS/Atom feeds, WARC, JSON Lines; recognised by content) and "
    "http(s) URLs of pages or feeds; '-' or nothing reads standard input as plain text."
)
FORMAT_HELP = (
    "text: quotes by speaker; json: one object for one input giving one article, else an array; "
    "jsonl: one line per article or skipped input, in input order."
)


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"claimledger: {message}", err=True)
    return typer.Exit(code)


@app.command()
def analyze(
    paths: Annotated[list[str] | None, typer.Argument(help=PATHS_HELP)] = None,
    published: Annotated[
        str | None, typer.Option(help="Date for inputs that carry none, YYYY-MM-DD.")
    ] = None,
    output: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.text,
    encoding: Annotated[str, typer.Option(help="Encoding of plain-text inputs.")] = "utf-8",
    processes: Annotated[
        int,
        typer.Option("--processes", "-p", min=1, help="Parse in this many worker processes, a model each."),
    ] = 1,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Fetch URLs and feed entries on loopback and private "
                                             "addresses too (refused by default)."),
    ] = False,
) -> None:
    """Find every quote in each article and who said it."""
    from claimledger.api.analyze import analyse_inputs, read_inputs
    from claimledger.nlp.pool import SpacyAnalyse

    try:
        settings = Settings.from_env()
        date = ledger_commands.iso_date(published, "--published")
    except ClaimledgerError as err:
        raise _fail(str(err), EXIT_ENV) from None
    items = read_inputs(expand_sources(paths or []), max_bytes=settings.max_bytes, published=date,
                        encoding=encoding, allow_private=allow_private)
    # Text is rendered where the article was parsed: only records cross back from a worker.
    make = RenderText(SpacyAnalyse(settings)) if output is Format.text else None
    results = failures = 0
    records: list[dict[str, Any]] = []
    try:
        for label, result in analyse_inputs(items, settings=settings, processes=processes, make_analyse=make):
            results += 1
            if isinstance(result, ClaimledgerError):
                failures += 1
                if output is Format.jsonl:
                    sys.stdout.write(to_jsonl_line(error_record(label, result)) + "\n")
                    sys.stdout.flush()
                else:
                    typer.echo(f"claimledger: {result}", err=True)
                continue
            if output is Format.jsonl:
                sys.stdout.write(to_jsonl_line(result) + "\n")
                sys.stdout.flush()
            elif output is Format.json:
                records.append(result)
            else:
                if results - failures > 1:  # a blank line between two articles
                    sys.stdout.write("\n")
                sys.stdout.write(result["text"])
                sys.stdout.flush()
    except ClaimledgerError as err:  # model missing: nothing could be analysed
        raise _fail(str(err), EXIT_ENV) from None
    if output is Format.json and records:
        # One object for one input giving one article (as before inputs could hold several).
        sys.stdout.write(to_json(records[0] if results == 1 else records) + "\n")
    if failures:
        raise typer.Exit(EXIT_INPUT)


def run() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    run()
