"""``claimledger export``: everything in the ledger, in standard formats (thin over claimledger.export).

Exit codes:
  0  exported
  2  usage error (unknown format, ``--output`` a file where a folder is wanted or the reverse)
  3  environment error: the ledger cannot be opened or read, pyarrow is missing for
     ``--format parquet``, the output cannot be written
Errors are one line on stderr; a failed export leaves no partly written file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimledger.errors import ClaimledgerError
from claimledger.export import ExportFormat
from claimledger.settings import ledger_location

if TYPE_CHECKING:
    from claimledger.ledger.store import Ledger

EXIT_OK, EXIT_USAGE, EXIT_ENV = 0, 2, 3
DEFAULT_FOLDER = "claimledger-export"
STDOUT = "-"

FORMAT_HELP = (
    "jsonl, csv, parquet: one file per ledger table into a folder; "
    "claimreview: a JSON array of schema.org ClaimReview for claims with a verdict; "
    "annotations: JSON Lines of W3C Web Annotations for every quote and claim."
)
DB_HELP = "Ledger file or database URL (default: $CLAIMLEDGER_DB, then the per-user ledger)."
OUTPUT_HELP = (
    f"Folder for jsonl/csv/parquet (default ./{DEFAULT_FOLDER}/); "
    "file for claimreview/annotations (default '-': standard output)."
)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"claimledger: {message}", err=True)
    return typer.Exit(code)


def _output(fmt: ExportFormat, output: str | None) -> str:
    """The output path, checked against the kind the format writes (folder or file)."""
    if fmt.writes_folder:
        if output == STDOUT:
            raise _fail(f"--format {fmt} writes one file per table: give --output a folder, not '-'",
                        EXIT_USAGE)
        folder = output or DEFAULT_FOLDER
        if Path(folder).exists() and not Path(folder).is_dir():
            raise _fail(f"--output {folder} is a file; --format {fmt} writes a folder", EXIT_USAGE)
        return folder
    target = output or STDOUT
    if target != STDOUT and Path(target).is_dir():
        raise _fail(f"--output {target} is a folder; --format {fmt} writes one file", EXIT_USAGE)
    return target


def _open(db: str) -> Ledger:
    """The ledger at ``db``; never creates one (exporting an empty new file helps nobody)."""
    from claimledger.cli.ledger import open_cli_ledger

    ledger: Ledger = open_cli_ledger(db, create=False)
    return ledger


def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help=FORMAT_HELP)],
    db: Annotated[str | None, typer.Option("--db", help=DB_HELP)] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
) -> None:
    """Write everything in the ledger out in a standard format (docs/ledger.md, "Export")."""
    from sqlalchemy.exc import SQLAlchemyError

    from claimledger.export import export

    target = _output(fmt, output)
    if fmt is ExportFormat.parquet:
        from claimledger.export.tables_parquet import require_pyarrow

        try:
            require_pyarrow()  # before opening the ledger: fail in a moment, not after a migration
        except ClaimledgerError as err:
            raise _fail(str(err), EXIT_ENV) from None
    ledger = _open(ledger_location(db))
    try:
        written = export(ledger, fmt, target)
    except (ClaimledgerError, SQLAlchemyError) as err:
        raise _fail(str(err), EXIT_ENV) from None
    finally:
        ledger.close()
    if fmt.writes_folder:
        done = f"{sum(written.values()):,} rows of {len(written)} tables to {target}"
    else:
        done = ", ".join(f"{count:,} {name}" for name, count in written.items())
        done += " to standard output" if target == STDOUT else f" to {target}"
    typer.echo(f"claimledger: exported {done}", err=True)
