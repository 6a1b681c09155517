"""The ``claimledger`` command. Thin: each command parses options and calls the library.

Exit codes (documented in the README):
  0  every input was analysed
  1  at least one input could not be read (each one reported; the others still printed)
  2  usage error (unknown option, malformed --published date)
  3  environment error (the spaCy model is not installed, a bad CLAIMLEDGER_* setting,
     a corpus folder missing for ``eval``)
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer

from claimledger.cli import ledger as ledger_commands
from claimledger.cli.evaluate import eval_app
from claimledger.cli.export import export_command
from claimledger.cli.render import error_record, render_text, to_json, to_jsonl_line
from claimledger.cli.serve import serve_command
from claimledger.cli.spark import load_command, spark_command
from claimledger.cli.watch import watch_command
from claimledger.errors import ClaimledgerError, InputError
from claimledger.ingest.text import expand_sources, read_article
from claimledger.settings import Settings
from claimledger.types import Analysis, Article

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3
# Inputs are read and parsed this many at a time: enough for nlp.pipe to batch, few
# enough that output starts at once and memory stays flat over thousands of files.
CHUNK = 32

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


PATHS_HELP = "Text files to analyse; '-' or nothing reads standard input."
FORMAT_HELP = (
    "text: quotes by speaker; json: one object (an array for several inputs); "
    "jsonl: one line per input, in input order."
)


class Format(StrEnum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"claimledger: {message}", err=True)
    return typer.Exit(code)


def _published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise _fail(f"--published {value!r} is not a date in YYYY-MM-DD form", EXIT_USAGE) from None


def _read_all(
    sources: list[str], settings: Settings, published: str | None, encoding: str
) -> Iterator[tuple[str, Article | InputError]]:
    for source in sources:
        try:
            article = read_article(
                source, published=published, max_bytes=settings.max_bytes, encoding=encoding
            )
            yield source, article
        except InputError as err:
            yield source, err


def _analyse(
    sources: list[str], settings: Settings, published: str | None, encoding: str
) -> Iterator[tuple[str, Analysis | InputError]]:
    """Results in input order; the model is loaded once, and only if some input is readable."""
    from claimledger.nlp.analyzer import Analyzer  # spaCy import costs ~1 s: only when needed

    analyzer: Analyzer | None = None
    for offset in range(0, len(sources), CHUNK):
        chunk = list(_read_all(sources[offset : offset + CHUNK], settings, published, encoding))
        articles = [item for _, item in chunk if isinstance(item, Article)]
        if articles and analyzer is None:
            analyzer = Analyzer(settings)
        results = iter(analyzer.analyze_many(articles)) if analyzer and articles else iter(())
        for source, item in chunk:
            yield source, (next(results) if isinstance(item, Article) else item)


@app.command()
def analyze(
    paths: Annotated[list[str] | None, typer.Argument(help=PATHS_HELP)] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")] = None,
    output: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.text,
    encoding: Annotated[str, typer.Option(help="Encoding of the input files.")] = "utf-8",
) -> None:
    """Find every quote in each article and who said it."""
    try:
        settings = Settings.from_env()
        date = _published(published)
    except ClaimledgerError as err:
        raise _fail(str(err), EXIT_ENV) from None
    sources = expand_sources(paths or [])
    failures = 0
    records: list[dict[str, Any]] = []
    try:
        for source, result in _analyse(sources, settings, date, encoding):
            if isinstance(result, InputError):
                failures += 1
                if output is Format.jsonl:
                    sys.stdout.write(to_jsonl_line(error_record(source, result)) + "\n")
                else:
                    typer.echo(f"claimledger: {result}", err=True)
                continue
            if output is Format.jsonl:
                sys.stdout.write(to_jsonl_line(result.to_dict()) + "\n")
                sys.stdout.flush()
            elif output is Format.json:
                records.append(result.to_dict())
            else:
                sys.stdout.write(render_text(result))
                if len(sources) > 1:
                    sys.stdout.write("\n")
    except ClaimledgerError as err:  # model missing: nothing could be analysed
        raise _fail(str(err), EXIT_ENV) from None
    if output is Format.json and records:
        sys.stdout.write(to_json(records[0] if len(sources) == 1 else records) + "\n")
    if failures:
        raise typer.Exit(EXIT_INPUT)


def run() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    run()
