"""``claimledger spark INPUT... --out DIR``: the analysis of a corpus spread over a Spark cluster.

The job has three stages, each the local path's own code:

1. **Read.** Each input is read where Spark runs the task, into results exactly as
   ``ingest`` gets them (:mod:`claimledger.ingest.sources`): a local path (a file or a
   folder) by :func:`~claimledger.ingest.sources.iter_articles`, one task per path; an
   ``hdfs://``, ``s3a://`` (any Hadoop file system) URI through ``SparkContext.binaryFiles``
   (folders recursively) and :func:`~claimledger.ingest.sources.read_input`, one task per
   file. Every result keeps its input label and its ordinal: ``input`` (the position of
   the path among the job's arguments), ``part`` (the file's URI inside a remote folder;
   empty for local paths) and ``position`` (the result's place in that path or file).
2. **Analyse.** The articles are spread evenly over ``partitions`` partitions; each
   partition loads the spaCy pipeline once (only if it holds an article) and analyses
   :data:`BATCH` articles at a time with :func:`claimledger.nlp.pool.analyse_each`, the
   function ``ingest`` uses, so an article the pipeline fails on is a skip, not a dead task.
3. **Write.** One row per result, as Parquet partitioned by publication date
   (``published=2025-03-04/``; no date: ``published=unknown/``), each file sorted by
   ordinal. A row holds the analysis (``Analysis.to_dict()`` as a JSON string, so fields
   added to the records travel without a schema change) or the skip (reason, code, message).

``claimledger load`` (api/load.py) stores the rows in a ledger in ordinal order, through the
ingest loop: the same ledger as ``ingest`` of the same paths. PySpark is imported only
inside the functions that need it (the ``spark`` extra); the rest of claimledger never needs it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from claimledger.api.load import ANALYSED, SKIPPED, UNKNOWN_DATE
from claimledger.errors import ClaimledgerError, InputError, MissingExtraError, SparkJobError
from claimledger.ingest.sources import iter_articles, read_input
from claimledger.nlp.pool import Analyse, Results, SpacyAnalyse, analyse_each
from claimledger.settings import Settings
from claimledger.types import Article

# Articles analysed together in a partition: as the ingest loop's batch (nlp.pipe batches).
BATCH = 32
# URI schemes read through Spark (Hadoop file systems); anything else is a local path.
LOCAL_SCHEMES = ("file:",)
WEB_SCHEMES = ("http://", "https://")

# The row, in this column order (load.COLUMNS plus the ``published`` partition column).
COLUMN_TYPES = (
    ("input", "long"), ("part", "string"), ("position", "long"), ("label", "string"),
    ("status", "string"), ("article_id", "string"), ("reason", "string"), ("code", "string"),
    ("message", "string"), ("record", "string"), ("published", "string"),
)

Row = tuple[Any, ...]
# A read result on its way to analysis: ordinal, label, and the article or the finished row.
Read = tuple[int, str, int, str, Article | Row]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read (picklable: shipped to every task)."""

    max_bytes: int
    published: str | None = None
    encoding: str = "utf-8"


@dataclass(slots=True)
class JobReport:
    """What the job wrote: rows by status, skips by reason, rows by partition (date)."""

    out: str
    analysed: int = 0
    skipped: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    dates: dict[str, int] = field(default_factory=dict)
    partitions: int = 0
    seconds: float = 0.0


def is_remote(path: str) -> bool:
    """A URI Spark reads through a Hadoop file system (hdfs://, s3a://, file://…)."""
    head = path.split("/", 1)[0]
    return head.endswith(":") and len(head) > 2 and not is_web(path)


def is_web(path: str) -> bool:
    return path.lower().startswith(WEB_SCHEMES)


def check_arguments(paths: list[str], out: str) -> None:
    """Refuse what the job cannot do before Spark starts: URLs, no input, an existing output."""
    web = [p for p in paths if is_web(p)]
    if web:
        raise SparkJobError(f"{web[0]}: the Spark job reads files, not URLs; fetch with "
                            "`claimledger ingest URL` or save the pages first")
    if not paths:
        raise SparkJobError("no inputs given")
    if not is_remote(out) and Path(out).exists():
        raise SparkJobError(f"{out}: already exists; give a new --out folder (the job never overwrites)")


def run_job(
    paths: list[str],
    out: str,
    *,
    settings: Settings,
    spark: Any,
    published: str | None = None,
    encoding: str = "utf-8",
    partitions: int | None = None,
    make_analyse: Callable[[], Analyse] | None = None,
) -> JobReport:
    """Read, analyse and write ``paths`` to ``out`` with the SparkSession ``spark``.

    ``partitions``: how many partitions analyse (each loads the model once); by default
    twice the cluster's default parallelism, so a slow partition does not hold up the end.
    ``make_analyse`` makes the analyser, once per partition (picklable, as ``ingest``'s:
    it is shipped to the executors); by default the spaCy pipeline of ``settings``.
    """
    started = time.perf_counter()
    check_arguments(paths, out)
    context = spark.sparkContext
    options = ReadOptions(settings.max_bytes, published, encoding)
    count = partitions or 2 * context.defaultParallelism
    read = _read(spark, paths, options)
    rows = read.repartition(count).mapPartitions(_Analyse(make_analyse or SpacyAnalyse(settings)))
    frame = spark.createDataFrame(rows, schema=_schema())
    frame = frame.sortWithinPartitions("published", "input", "part", "position")
    try:
        frame.write.partitionBy("published").parquet(out)
    except Exception as err:  # noqa: BLE001 - Py4J and Spark raise many kinds; keep the cause
        raise SparkJobError(f"the Spark job failed: {_cause(err)}") from None
    report = JobReport(out=out, partitions=count)
    # Counted from what was written (no shuffle: the counts meet on the driver).
    summary = spark.read.parquet(out).select("published", "status", "reason").rdd.map(tuple).countByValue()
    for (date, status, reason), n in sorted(summary.items(), key=str):
        report.dates[date] = report.dates.get(date, 0) + n
        if status == ANALYSED:
            report.analysed += n
        else:
            report.skipped += n
            report.skip_reasons[reason] = report.skip_reasons.get(reason, 0) + n
    report.seconds = time.perf_counter() - started
    return report


def _read(spark: Any, paths: list[str], options: ReadOptions) -> Any:
    """One RDD of :data:`Read` tuples for all ``paths``."""
    context = spark.sparkContext
    local = [(index, path) for index, path in enumerate(paths) if not is_remote(path)]
    rdds = []
    if local:
        rdds.append(context.parallelize(local, len(local)).flatMap(_LocalReader(options)))
    if any(is_remote(path) for path in paths):
        # Remote folders are read recursively (Hadoop skips names starting with "_" or ".").
        context._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    for index, path in enumerate(paths):
        if is_remote(path):
            files = context.binaryFiles(path)
            rdds.append(files.flatMap(_RemoteReader(options, index, explicit=_is_file(spark, path))))
    return rdds[0] if len(rdds) == 1 else context.union(rdds)


def _is_file(spark: Any, uri: str) -> bool:
    """Whether ``uri`` names a file (read whatever its name), not a folder (only known kinds)."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    try:
        return bool(fs.getFileStatus(hadoop_path).isFile())
    except Exception as err:  # noqa: BLE001 - FileNotFoundException through Py4J
        raise SparkJobError(f"{uri}: cannot be read ({_cause(err)})") from None


class _LocalReader:
    """A local path (file or folder) -> its results, exactly as ``ingest`` reads it."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    def __call__(self, given: tuple[int, str]) -> Iterator[Read]:
        index, path = given
        o = self.options
        results = iter_articles([path], published=o.published, max_bytes=o.max_bytes, encoding=o.encoding,
                                fetch=False)
        for position, (label, item) in enumerate(results):
            yield index, "", position, label, _pending(index, "", position, label, item)


class _RemoteReader:
    """One file of a remote input -> its results, through the bytes reader."""

    def __init__(self, options: ReadOptions, index: int, *, explicit: bool) -> None:
        self.options = options
        self.index = index
        self.explicit = explicit

    def __call__(self, file: tuple[str, bytes]) -> Iterator[Read]:
        uri, data = file
        o = self.options
        results = read_input(bytes(data), uri, published=o.published, max_bytes=o.max_bytes,
                             encoding=o.encoding, explicit=self.explicit)
        for position, (label, item) in enumerate(results):
            yield self.index, uri, position, label, _pending(self.index, uri, position, label, item)


def _pending(index: int, part: str, position: int, label: str, item: Article | InputError) -> Article | Row:
    """An article goes on to analysis; a read error is already its row."""
    if isinstance(item, Article):
        return item
    return _skip_row(index, part, position, label, None, item)


class _Analyse:
    """A partition's articles -> rows; the pipeline is loaded once, at the first article."""

    def __init__(self, make: Callable[[], Analyse]) -> None:
        self.make = make

    def __call__(self, reads: Iterable[Read]) -> Iterator[Row]:
        run: Analyse | None = None
        items = iter(reads)
        while chunk := list(islice(items, BATCH)):
            articles = {r[4].id: r[4] for r in chunk if isinstance(r[4], Article)}
            results: Results = {}
            if articles:
                if run is None:
                    run = self.make()
                results = analyse_each(list(articles.values()), run)
            for index, part, position, label, item in chunk:
                if not isinstance(item, Article):
                    yield item
                    continue
                result = results[item.id]
                if isinstance(result, ClaimledgerError):
                    yield _skip_row(index, part, position, label, item, result)
                else:
                    yield (index, part, position, label, ANALYSED, item.id, None, None, None,
                           json.dumps(result, ensure_ascii=False), item.published or UNKNOWN_DATE)


def _skip_row(index: int, part: str, position: int, label: str, article: Article | None,
              error: ClaimledgerError) -> Row:
    """A skip's row; with the article when it was read but not analysed (kept for its id)."""
    record = json.dumps({"article": article.to_dict()}, ensure_ascii=False) if article is not None else None
    date = (article.published if article is not None else None) or UNKNOWN_DATE
    return (index, part, position, label, SKIPPED, article.id if article is not None else None,
            error.reason, error.code, error.message, record, date)


def _schema() -> Any:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    kinds = {"long": LongType(), "string": StringType()}
    return StructType([StructField(name, kinds[kind], nullable=True) for name, kind in COLUMN_TYPES])


def _cause(err: BaseException) -> str:
    """The first line that says what went wrong, out of a Py4J/Spark error's pages of trace."""
    text = str(err)
    for line in text.splitlines():
        if "claimledger" in line and "[E" in line:
            return line.strip()[:300]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else type(err).__name__)[:300]


@contextmanager
def session(master: str | None = None) -> Iterator[Any]:
    """A SparkSession for one command: stopped at the end unless it was running before
    (a test's, or a notebook's)."""
    running = _pyspark_session().getActiveSession()
    spark = start_session(master)
    try:
        yield spark
    finally:
        if running is None:
            spark.stop()


def _pyspark_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise MissingExtraError("the Spark job needs PySpark: pip install 'claimledger[spark]'") from None
    return SparkSession


def start_session(master: str | None = None, *, app_name: str = "claimledger") -> Any:
    """A SparkSession: on ``master``, else the one spark-submit gives, else ``local[*]``.

    A local master runs its Python workers with this interpreter (this environment, with
    claimledger and the model installed); on a cluster, ship an environment (docs/spark.md).
    """
    SparkSession = _pyspark_session()
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkJobError("Spark needs Java (17 or newer): none on PATH and JAVA_HOME is not set")
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit, which sets the master
    builder = SparkSession.builder.appName(app_name)
    if master is not None or not submitted:
        master = master or "local[*]"
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        builder = builder.config("spark.pyspark.python", sys.executable).config(
            "spark.pyspark.driver.python", sys.executable
        )
    try:
        return builder.getOrCreate()
    except Exception as err:  # noqa: BLE001 - the JVM did not start: say why in one line
        raise SparkJobError(f"Spark did not start: {_cause(err)}") from None


def reasons_line(report: JobReport) -> str:
    """The skip reasons, counted, for the summary line."""
    return ", ".join(f"{n} {r}" for r, n in sorted(report.skip_reasons.items()))
