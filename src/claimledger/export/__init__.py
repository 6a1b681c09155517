"""Getting everything out of a ledger, in standard formats.

Table formats write one file per ledger table into a folder; the JSON-LD formats write
one file. Every format streams the ledger in batches and writes atomically
(:mod:`claimledger.export.files`).

==============  ================================  =============================================
format          writes                            module
==============  ================================  =============================================
``jsonl``       ``<table>.jsonl`` per table       :mod:`~claimledger.export.tables_jsonl`
``csv``         ``<table>.csv`` per table         :mod:`~claimledger.export.tables_csv`
``parquet``     ``<table>.parquet`` per table     :mod:`~claimledger.export.tables_parquet`
``claimreview`` a JSON array of ClaimReview       :mod:`~claimledger.export.claimreview`
``annotations`` JSON Lines of W3C Annotations     :mod:`~claimledger.export.annotations`
==============  ================================  =============================================

>>> with open_ledger("ledger.db") as ledger:                    # doctest: +SKIP
...     export(ledger, ExportFormat.csv, Path("out"))
{'articles': 12, 'entities': 80, ...}
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimledger.ledger.store import Ledger

# Nothing heavy is imported here: the CLI imports this module on every start, and the
# exporters pull in SQLAlchemy (and pyarrow). Each format's module is loaded when used.


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    claimreview = "claimreview"
    annotations = "annotations"

    @property
    def writes_folder(self) -> bool:
        """One file per table into a folder (else one file, or standard output)."""
        return self in (ExportFormat.jsonl, ExportFormat.csv, ExportFormat.parquet)


def export(ledger: Ledger, fmt: ExportFormat, output: str | Path) -> dict[str, int]:
    """Export ``ledger`` as ``fmt`` to ``output`` (a folder, a file or ``-``); what was written."""
    if fmt is ExportFormat.jsonl:
        from claimledger.export.tables_jsonl import export_jsonl

        return export_jsonl(ledger, Path(output))
    if fmt is ExportFormat.csv:
        from claimledger.export.tables_csv import export_csv

        return export_csv(ledger, Path(output))
    if fmt is ExportFormat.parquet:
        from claimledger.export.tables_parquet import export_parquet

        return export_parquet(ledger, Path(output))
    if fmt is ExportFormat.claimreview:
        from claimledger.export.claimreview import export_claimreview

        return export_claimreview(ledger, output)
    from claimledger.export.annotations import export_annotations

    return export_annotations(ledger, output)


__all__ = ["ExportFormat", "export"]
