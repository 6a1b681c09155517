"""``claimledger eval``: score systems on the public corpora (thin over the evaluation package).

Exit codes: 0 done (and floors met when checked), 1 a pinned floor was missed, 3 the corpus
is absent, 4 any other claimledger error (missing model or optional extra, bad corpus
file). Errors are one line on stderr.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from claimledger.errors import ClaimledgerError, CorpusNotFoundError
from claimledger.evaluation.floors import attribute_metric, check_floors, check_metrics, timex_metric
from claimledger.evaluation.runner import Report, evaluate_polnear, format_table, to_json

EXIT_FLOORS = 1
EXIT_CORPUS = 3
EXIT_ERROR = 4

eval_app = typer.Typer(
    help="Score extraction against annotated corpora (read from ../shared/data).",
    no_args_is_help=True,
    add_completion=False,
)


class SystemName(StrEnum):
    claimledger = "claimledger"
    claims = "claimledger-claims"
    textacy = "textacy"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@eval_app.callback()
def _group() -> None:
    """Score extraction against annotated corpora (read from ../shared/data)."""
    # A callback keeps `polnear` a subcommand when this app runs on its own, as it is
    # under `claimledger eval`.


@eval_app.command("polnear")
def polnear(
    split: Annotated[str, typer.Option(help="Corpus split: dev or train.")] = "dev",
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder holding polnear/ (default: $CLAIMLEDGER_DATA, then ../shared/data).",
    )] = None,
    system: Annotated[list[SystemName] | None, typer.Option(
        help="System to score; repeat to compare (textacy needs the baseline extra).",
    )] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N documents.")] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.text
    ),
    floors: Annotated[bool, typer.Option(
        "--check-floors", help="Exit 1 when claimledger misses a floor in floors.json.",
    )] = False,
) -> None:
    """PolNeAR attribution: content, source and cue spans, exact and overlap P/R/F1."""
    names = [str(s) for s in (system or [SystemName.claimledger])]
    try:
        reports = [evaluate_polnear(name, split, data_dir, limit) for name in dict.fromkeys(names)]
    except CorpusNotFoundError as err:
        _fail(err, EXIT_CORPUS)
    except ClaimledgerError as err:
        _fail(err, EXIT_ERROR)
    typer.echo(_render(reports, output))
    if floors:
        if limit is not None:
            typer.echo("note: floors are pinned for the whole split, not --limit runs", err=True)
        _enforce_floors(reports)


@eval_app.command("goldnews")
def goldnews(
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder of gold articles (default: tests/fixtures/goldnews in the repo).",
    )] = None,
    per_article: Annotated[bool, typer.Option(help="One row per article, and the misses.")] = False,
    floors: Annotated[bool, typer.Option(
        "--check-floors", help="Exit 1 when a score is below its floor in floors.json.",
    )] = False,
) -> None:
    """Original news articles: quotes found, and speakers resolved to the right person."""
    from claimledger.evaluation.goldnews import format_table as goldnews_table
    from claimledger.evaluation.goldnews import load_goldnews, score_goldnews
    from claimledger.nlp.analyzer import Analyzer

    try:
        articles = load_goldnews(data_dir)
        analyses = Analyzer().analyze_many(a.article() for a in articles)
        report = score_goldnews(zip(articles, analyses, strict=True))
    except CorpusNotFoundError as err:
        _fail(err, EXIT_CORPUS)
    except ClaimledgerError as err:
        _fail(err, EXIT_ERROR)
    typer.echo(goldnews_table(report, per_article=per_article))
    if floors:
        _report_violations(check_metrics("goldnews", attribute_metric(report)))


@eval_app.command("meantime")
def meantime(
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder holding meantime/ (default: $CLAIMLEDGER_DATA, then ../shared/data).",
    )] = None,
    misses: Annotated[bool, typer.Option(help="List the time expressions that were missed.")] = False,
    floors: Annotated[bool, typer.Option(
        "--check-floors", help="Exit 1 when a score is below its floor in floors.json.",
    )] = False,
) -> None:
    """MEANTIME: event factuality on the gold event mentions, and time expressions
    (detection, value accuracy, TempEval-3 value F1) against each article's dateline."""
    import spacy

    from claimledger.evaluation.factuality import evaluate_factuality
    from claimledger.evaluation.factuality import format_table as factuality_table
    from claimledger.evaluation.timex import evaluate_times
    from claimledger.evaluation.timex import format_table as timex_table
    from claimledger.settings import Settings

    try:
        nlp = spacy.load(Settings.from_env().model)
        factuality = evaluate_factuality(data_dir, nlp=nlp)
        times = evaluate_times(data_dir, nlp=nlp)
    except CorpusNotFoundError as err:
        _fail(err, EXIT_CORPUS)
    except (ClaimledgerError, OSError) as err:
        _fail(err if isinstance(err, ClaimledgerError) else ClaimledgerError(str(err)), EXIT_ERROR)
    typer.echo(factuality_table(factuality))
    typer.echo("")
    typer.echo(timex_table(times, misses=misses))
    if floors:
        _report_violations(
            check_metrics("meantime-factuality", attribute_metric(factuality))
            + check_metrics("meantime-times", timex_metric(times))
        )


@eval_app.command("claim-pairs")
def claim_pairs(
    pairs_file: Annotated[Path | None, typer.Option(
        "--pairs", help="The pairs to score (default: tests/fixtures/claim-pairs/pairs.jsonl).",
    )] = None,
    misses: Annotated[bool, typer.Option(
        help="List the wrong decisions and relations, by kind.",
    )] = False,
    floors: Annotated[bool, typer.Option(
        "--check-floors", help="Exit 1 when a score is below its floor in floors.json.",
    )] = False,
) -> None:
    """Claims across articles: hand-labelled pairs, same proposition (P/R/F1) and the
    later claim's relation (confirmed, denied, disputed, repeats)."""
    from claimledger.evaluation.claim_pairs import format_table as pairs_table
    from claimledger.evaluation.claim_pairs import load_pairs, score_claim_pairs

    try:
        report = score_claim_pairs(load_pairs(pairs_file))
    except CorpusNotFoundError as err:
        _fail(err, EXIT_CORPUS)
    except ClaimledgerError as err:
        _fail(err, EXIT_ERROR)
    typer.echo(pairs_table(report, misses=misses))
    if floors:
        _report_violations(check_metrics("claim-pairs", attribute_metric(report)))


@eval_app.command("ecbplus")
def ecbplus(
    data_dir: Annotated[Path | None, typer.Option(
        help="Folder holding ecbplus/ (default: $CLAIMLEDGER_DATA, then ../shared/data).",
    )] = None,
    topic: Annotated[list[int] | None, typer.Option(
        help="Only this topic; repeat for several (default: every topic present).",
    )] = None,
    output: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.text
    ),
    floors: Annotated[bool, typer.Option(
        "--check-floors", help="Exit 1 when a score is below its floor in floors.json.",
    )] = False,
) -> None:
    """ECB+: cross-document event coreference with gold mentions (MUC, B³, CEAF-e, CoNLL F1)
    for our linking method and the same-type-same-day and same-lemma baselines."""
    from claimledger.evaluation.event_coref import evaluate_ecbplus, format_report
    from claimledger.evaluation.event_coref import to_json as coref_json

    try:
        report = evaluate_ecbplus(data_dir, sorted(set(topic)) if topic else None)
    except CorpusNotFoundError as err:
        _fail(err, EXIT_CORPUS)
    except (ClaimledgerError, OSError) as err:
        _fail(err if isinstance(err, ClaimledgerError) else ClaimledgerError(str(err)), EXIT_ERROR)
    if output is OutputFormat.json:
        typer.echo(coref_json(report))
    else:
        typer.echo(format_report(report, markdown=output is OutputFormat.markdown))
    if floors:
        if report.floor_key is None:
            typer.echo("note: floors are pinned for all topics (and the test's subset), not this selection",
                       err=True)
        else:
            _report_violations(check_metrics(report.floor_key, report.metric))


def _render(reports: list[Report], output: OutputFormat) -> str:
    if output is OutputFormat.json:
        return to_json(reports)
    return format_table(reports, markdown=output is OutputFormat.markdown)


def _enforce_floors(reports: list[Report]) -> None:
    _report_violations([v for r in reports if r.system == "claimledger" for v in check_floors(r)])


def _report_violations(violations: list[str]) -> None:
    for violation in violations:
        typer.echo(f"floor missed: {violation}", err=True)
    if violations:
        raise typer.Exit(EXIT_FLOORS)


def _fail(err: ClaimledgerError, code: int) -> NoReturn:
    typer.echo(f"claimledger: {err}", err=True)
    raise typer.Exit(code)


if __name__ == "__main__":
    eval_app()
