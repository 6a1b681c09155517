"""``claimledger load DIR``: the Spark job's Parquet output -> the ledger, as ``ingest`` would.

The job (api/spark.py) writes one row per input result: an analysed article (its
``Analysis.to_dict()`` record as a JSON string) or a skip (reason, code, message), each with
its input label and its ordinal (``input``, ``part``, ``position``). This module reads those
rows with pyarrow (no Spark needed), in ordinal order, and hands them to the ingest loop
(:func:`claimledger.api.ingest.ingest_results`) as :class:`~claimledger.api.ingest.Analysed`
items and read errors. Storing, linking, the ``inputs`` table and the ``skips`` rows are
therefore the ingest loop's own: in the same order, the ledger comes out the same as
``ingest`` of the same inputs, and a re-run (or a run after Ctrl-C) stores nothing twice.

Order: Spark writes each output file sorted by ordinal (``sortWithinPartitions``), so the
files are merged (:func:`heapq.merge`) one row batch at a time each: memory stays flat
however many articles the folder holds. A file out of order is refused, not re-sorted.
"""

from __future__ import annotations

import heapq
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from claimledger.api.ingest import Analysed, IngestReport, Item, Outcome, ingest_results, run_report
from claimledger.api.interrupt import Interruption
from claimledger.errors import (
    InputError,
    JobOutputError,
    MissingExtraError,
)
from claimledger.ledger.store import Ledger
from claimledger.nlp.pool import Analyse
from claimledger.settings import Settings
from claimledger.types import Article

# The job's columns (api/spark.py writes them; ``published`` is the folder partition).
ORDINAL = ("input", "part", "position")
COLUMNS = (*ORDINAL, "label", "status", "article_id", "reason", "code", "message", "record")
ANALYSED, SKIPPED = "analysed", "skipped"
# The partition of rows whose article has no publication date (and of most skips).
UNKNOWN_DATE = "unknown"
DONE_MARKER = "_SUCCESS"
# Rows read from each file at a time.
BATCH_ROWS = 256


def load(
    ledger: Ledger,
    directory: str | Path,
    *,
    settings: Settings,
    on_outcome: Callable[[Outcome], None] | None = None,
    interruption: Interruption | None = None,
) -> IngestReport:
    """Store every row of the job output in ``directory``; returns the counts, as ``ingest``.

    Raises :class:`JobOutputError` when the folder is not a finished job output, before
    anything is stored when that can be seen from the files' footers.
    """
    started = time.perf_counter()
    files = job_files(directory)
    items = (item_of(row) for row in ordered_rows(files))
    outcomes = ingest_results(ledger, items, settings=settings, make_analyse=_NoAnalysis(), grouped=True)
    return run_report(outcomes, started=started, on_outcome=on_outcome, interruption=interruption)


class _NoAnalysis:
    """``load`` never analyses: every article comes with its record (picklable, for form)."""

    def __call__(self) -> Analyse:
        raise JobOutputError("an article without its record reached the ingest loop; this is a bug")


def job_files(directory: str | Path) -> list[Path]:
    """The Parquet files of a finished job output, their columns checked."""
    pq = _parquet()
    root = Path(directory)
    if not root.is_dir():
        raise JobOutputError(f"{root}: no such folder; give the --out folder of `claimledger spark`")
    if not (root / DONE_MARKER).is_file():
        raise JobOutputError(
            f"{root}: no {DONE_MARKER} file, so the Spark job did not finish writing it; run the job again "
            "(into a new --out folder)"
        )
    files = sorted(
        path for path in root.rglob("*.parquet")
        if not any(part.startswith((".", "_")) for part in path.relative_to(root).parts)
    )
    for path in files:
        try:
            names = set(pq.ParquetFile(path).schema_arrow.names)
        except Exception as err:  # noqa: BLE001 - pyarrow raises several kinds for a broken file
            raise JobOutputError(f"{path}: not a readable Parquet file ({_first_line(err)})") from None
        missing = [c for c in COLUMNS if c not in names]
        if missing:
            raise JobOutputError(f"{path}: lacks the job's columns {', '.join(missing)}; "
                                 "not written by `claimledger spark`")
    return files


def ordered_rows(files: list[Path]) -> Iterator[dict[str, Any]]:
    """Every row of ``files`` in ordinal order (each file is sorted; the files are merged)."""
    previous: tuple[Any, ...] | None = None
    for row in heapq.merge(*(_file_rows(path) for path in files), key=_ordinal):
        key = _ordinal(row)
        if previous is not None and key <= previous:
            raise JobOutputError(f"two rows for input {key}: the folder holds more than one run's output")
        previous = key
        yield row


def _file_rows(path: Path) -> Iterator[dict[str, Any]]:
    pq = _parquet()
    previous: tuple[Any, ...] | None = None
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=list(COLUMNS)):
            for row in batch.to_pylist():
                key = _ordinal(row)
                if previous is not None and key < previous:
                    raise JobOutputError(f"{path}: rows out of order at input {key}; "
                                         "not written by `claimledger spark`")
                previous = key
                yield row
    except JobOutputError:
        raise
    except Exception as err:  # noqa: BLE001 - a page that cannot be decoded, a truncated file
        raise JobOutputError(f"{path}: cannot be read to the end ({_first_line(err)})") from None


def _ordinal(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["input"], row["part"] or "", row["position"])


def item_of(row: dict[str, Any]) -> Item:
    """One row -> what the ingest loop takes: an analysed article, or why it was skipped."""
    label = row["label"]
    if not isinstance(label, str) or not label:
        raise JobOutputError(f"a row with no input label at input {_ordinal(row)}")
    record = _json(row["record"], label) if row["record"] is not None else None
    if row["status"] == ANALYSED and record is not None:
        return label, Analysed(article_of(record.get("article"), label), record)
    if row["status"] != SKIPPED:
        raise JobOutputError(f"{label}: status {row['status']!r} is neither {ANALYSED!r} nor {SKIPPED!r}")
    error = error_of(row["code"], row["reason"], row["message"] or "")
    if record is not None:  # the analysis failed: the article is known (its id is recorded)
        return label, Analysed(article_of(record.get("article"), label), error)
    return label, error


def article_of(data: Any, label: str) -> Article:
    """The :class:`Article` of a record's ``article`` object (every field it has, so fields
    added to Article later travel too); its id must be its text's hash."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise JobOutputError(f"{label}: a record without its article")
    names = {f.name for f in fields(Article)}
    try:
        article = Article(**{k: v for k, v in data.items() if k in names})
    except TypeError as err:
        raise JobOutputError(f"{label}: not an article record ({err})") from None
    if data.get("id") not in (None, article.id):
        raise JobOutputError(f"{label}: the article's id is not its text's hash; the record was altered")
    return article


def error_of(code: str | None, reason: str | None, message: str) -> InputError:
    """The typed error a skip row stands for, so its skip is recorded as ingest records it."""
    known = _input_errors().get(code or "")
    if known is not None and known.reason == reason:
        return known(message)
    # A code this version does not know (written by a newer one): keep code and reason as they are.
    kind = type("RecordedInputError", (InputError,), {"code": code or InputError.code,
                                                      "reason": reason or InputError.reason})
    return kind(message)


def _input_errors() -> dict[str, type[InputError]]:
    out: dict[str, type[InputError]] = {}
    todo: list[type[InputError]] = [InputError]
    while todo:
        cls = todo.pop()
        out.setdefault(cls.code, cls)
        todo.extend(cls.__subclasses__())
    return out


def _json(text: str, label: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as err:
        raise JobOutputError(f"{label}: the record is not JSON ({err})") from None
    if not isinstance(value, dict):
        raise JobOutputError(f"{label}: the record is a JSON {type(value).__name__}, not an object")
    return value


def _first_line(err: BaseException) -> str:
    text = str(err).strip()
    return (text.splitlines()[0] if text else type(err).__name__)[:200]


def _parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError(
            "reading the Spark job's Parquet needs pyarrow: pip install 'claimledger[spark]'"
        ) from None
    return pq
