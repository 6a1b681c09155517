"""``claimledger spark`` (the PySpark job) and ``claimledger load`` (its output into a ledger).

Thin: each parses options and calls claimledger.api.spark / claimledger.api.load.

Exit codes, as ``ingest``: 0 done; 1 some inputs were skips (each written as a row, and
recorded in ``skips`` by ``load``), or ``load`` could not read the folder (one line says
why); 2 usage error (a bad date, URL inputs, an --out folder that exists); 3 environment
error (no PySpark or Java, Spark failed, the ledger cannot be opened, a bad setting); 130
``load`` stopped by Ctrl-C (a re-run goes on).

Run under ``spark-submit`` (docs/spark.md), this file is the application:
``spark-submit … $(python -c 'import claimledger.cli.spark as m; print(m.__file__)') INPUT… --out DIR``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimledger.cli.ledger import iso_date
from claimledger.errors import ClaimledgerError, JobOutputError, MissingExtraError, SparkJobError
from claimledger.settings import Settings

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"claimledger: {message}", err=True)
    return typer.Exit(code)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ClaimledgerError as err:
        raise _fail(str(err), EXIT_ENV) from None


def spark_command(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files and folders (WARC, JSON Lines, HTML, text; recognised by content), "
                            "local or as hdfs://, s3a:// (any Hadoop file system) URIs."),
    ],
    out: Annotated[str, typer.Option("--out", "-o", help="Folder to write (must not exist): Parquet "
                                                         "partitioned by publication date.")],
    master: Annotated[
        str | None,
        typer.Option(help="Spark master, e.g. local[2] or yarn; default: spark-submit's, else local[*]."),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Date for inputs that carry none, YYYY-MM-DD.")
    ] = None,
    partitions: Annotated[
        int | None,
        typer.Option(min=1, help="Partitions that analyse (each loads the model once); "
                                 "default twice the default parallelism."),
    ] = None,
    encoding: Annotated[str, typer.Option(help="Encoding of plain-text files.")] = "utf-8",
) -> None:
    """Analyse a corpus with Spark: one record per article, as Parquet by publication date.

    Store the output in a ledger with `claimledger load DIR`.
    """
    from claimledger.api.spark import check_arguments, reasons_line, run_job, session

    date = iso_date(published, "--published")
    try:
        check_arguments(paths, out)  # before Spark's ~5 s start
    except SparkJobError as err:
        raise _fail(str(err), EXIT_USAGE) from None
    settings = _settings()
    try:
        with session(master) as spark:
            report = run_job(paths, out, settings=settings, spark=spark, published=date,
                             partitions=partitions, encoding=encoding)
    except ClaimledgerError as err:  # no PySpark or Java, or the job failed
        raise _fail(str(err), EXIT_ENV) from None
    reasons = reasons_line(report)
    dates = len(report.dates)
    typer.echo(
        f"{report.analysed} analysed, {report.skipped} skipped" + (f" ({reasons})" if reasons else "")
        + f"; {dates} date partition{'s' * (dates != 1)}, {report.partitions} analysis partitions"
        + f", in {report.seconds:.1f} s; written to {report.out} (to store it: claimledger load {report.out})"
    )
    if report.skipped:
        raise typer.Exit(EXIT_INPUT)


def load_command(
    directory: Annotated[str, typer.Argument(help="The --out folder of `claimledger spark`.")],
    db: Annotated[
        str | None,
        typer.Option("--db", help="Ledger file or database URL (postgresql://…); default $CLAIMLEDGER_DB, "
                                  "then the per-user ledger."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line.")] = False,
) -> None:
    """Store the Spark job's records in the ledger, linked, in the order `ingest` would.

    Resumable like ingest: inputs already decided are passed over, so a re-run stores nothing twice.
    """
    from claimledger.api.ingest import SKIPPED, STORED, Outcome
    from claimledger.api.interrupt import Interruption
    from claimledger.api.load import job_files, load
    from claimledger.cli.ledger import _ledger, summarise

    settings = _settings()
    try:
        job_files(directory)  # a folder that is not a job output: say so before opening a ledger
    except JobOutputError as err:
        raise _fail(str(err), EXIT_INPUT) from None
    except MissingExtraError as err:
        raise _fail(str(err), EXIT_ENV) from None

    def show(outcome: Outcome) -> None:
        if outcome.status == SKIPPED:
            if not outcome.earlier:
                typer.echo(f"claimledger: skipped {outcome.message}", err=True)
        elif not quiet and not outcome.earlier:
            what = "stored" if outcome.status == STORED else "already in the ledger"
            typer.echo(f"{what}: {outcome.label} ({(outcome.article_id or '')[:12]})")

    with _ledger(db, create=True) as ledger, Interruption() as interruption:
        try:
            report = load(ledger, directory, settings=settings, on_outcome=show, interruption=interruption)
        except JobOutputError as err:
            raise _fail(f"{err} (what was stored before stands; a re-run goes on)", EXIT_INPUT) from None
        summarise(report, ledger.url)
