"""The Spark job (api/spark.py) and ``load`` (api/load.py): the same ledger as ``ingest``.

One SparkSession in ``local[2]`` for the module (~5.5 s to start). The job runs once over a
mixed corpus the tests write (a text file, a folder with a JSON Lines file and files that are
not inputs, JSON Lines with bad lines, a non-English article and a twin, a WARC with other
records and a truncated end); ``load`` of its output is compared table by table, row by row,
with ``ingest`` of the same paths (tests/test_ingest_resume.py's snapshot: every table and the
search index, leaving out only write times and autoincrement ids). Skipped, with the reason,
where PySpark, pyarrow or Java is missing.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from benchmarks.records import generate, write_corpus
from claimledger.api.ingest import ALREADY, STORED, Outcome, ingest
from claimledger.errors import InputError, JobOutputError
from claimledger.ingest.sources import iter_articles, read_input
from claimledger.ledger import open_ledger
from claimledger.settings import Settings
from claimledger.types import Analysis, Article
from tests.crash_ingest_driver import Generated
from tests.news_pages import FRENCH_TEXT
from tests.test_ingest_formats import _mixed_records, _warc
from tests.test_ingest_resume import snapshot

pytest.importorskip("pyspark", reason="PySpark is not installed: pip install -e '.[spark]'")
pytest.importorskip("pyarrow", reason="pyarrow is not installed: pip install -e '.[spark]'")
if shutil.which("java") is None:
    pytest.skip("no `java` on PATH: Spark needs Java 17 (apt-get install openjdk-17-jre-headless)",
                allow_module_level=True)

import pyarrow.parquet as pq  # noqa: E402

from claimledger.api.load import job_files, load  # noqa: E402
from claimledger.api.spark import JobReport, run_job, start_session  # noqa: E402
from claimledger.cli.main import app  # noqa: E402

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "prisoner-swap.txt"
FOLLOW_UPS = REPO / "examples" / "follow-ups" / "swap-follow-ups.jsonl"
MAX = 1_000_000


@pytest.fixture(scope="module")
def spark() -> Any:
    # Spark's Python workers import the test's analyser (tests.test_spark): the repository
    # must be on their path, which they take from this process's PYTHONPATH.
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), before]))
    session = start_session("local[2]")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    if before is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = before


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The job's arguments, in order: a file, a folder, JSON Lines, a WARC."""
    tmp = tmp_path_factory.mktemp("corpus")
    story = tmp / "prisoner-swap.txt"
    shutil.copy(EXAMPLE, story)
    folder = tmp / "follow-ups"
    folder.mkdir()
    shutil.copy(FOLLOW_UPS, folder / "swap-follow-ups.jsonl")
    (folder / "notes.csv").write_text("a,b\n1,2\n", "utf-8")  # not an input: a not_a_file skip
    (folder / ".hidden.txt").write_text("never read", "utf-8")
    first_follow_up = json.loads(FOLLOW_UPS.read_text("utf-8").splitlines()[0])
    lines = [
        "{not json",
        json.dumps({"text": FRENCH_TEXT, "published": "2025-05-26"}),
        json.dumps({"text": "   "}),
        json.dumps(first_follow_up),  # a twin of an article the folder holds: stored once
        json.dumps({"text": "Officials in Saltmere said on Tuesday that the harbour would stay open all "
                            "winter, and the mayor said the cranes would be replaced by March.",
                    "published": "2025-05-27", "url": "https://courier.example/harbour"}),
    ]
    extra = tmp / "extra.jsonl"
    extra.write_text("\n".join(lines) + "\n", "utf-8")
    crawl = tmp / "crawl.warc.gz"
    crawl.write_bytes(_warc(_mixed_records(), gz=True)[:-40])  # the last record cut short
    return [str(story), str(folder), str(extra), str(crawl)]


@pytest.fixture(scope="module")
def job(spark: Any, corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, JobReport]:
    out = tmp_path_factory.mktemp("job") / "out"
    report = run_job(corpus, str(out), settings=Settings.from_env(), spark=spark, partitions=3)
    return out, report


@pytest.fixture(scope="module")
def ingested(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ingest") / "ingest.db"
    ledger = open_ledger(db)
    try:
        report = ingest(ledger, corpus, settings=Settings.from_env())
    finally:
        ledger.close()
    assert report.stored >= 6 and report.skipped >= 8, report
    return db


def rows(out: Path) -> list[dict[str, Any]]:
    found = []
    for path in job_files(out):
        date = path.parent.name.split("=", 1)[1]
        found.extend({**row, "published": date} for row in pq.read_table(path).to_pylist())
    return found


def test_spark_job_writes_one_row_per_result_partitioned_by_date(job: tuple[Path, JobReport],
                                                                 corpus: list[str]) -> None:
    out, report = job
    written = rows(out)
    expected = list(iter_articles(corpus, max_bytes=Settings.from_env().max_bytes, fetch=False))
    ordered = sorted(written, key=lambda r: (r["input"], r["position"]))
    assert [r["label"] for r in ordered] == [label for label, _ in expected]
    assert {r["status"] for r in written} == {"analysed", "skipped"}
    assert (report.analysed, report.skipped) == (
        sum(isinstance(item, Article) for _, item in expected),
        sum(isinstance(item, InputError) for _, item in expected),
    )
    assert report.skip_reasons == {
        "empty": 1, "language": 1, "malformed": 2, "not_a_file": 1, "record_type": 5}
    dates = {p.name for p in out.iterdir() if p.is_dir()}
    assert {"published=2025-05-24", "published=2025-05-25", "published=2025-05-27", "published=2025-03-04",
            "published=2025-03-06", "published=unknown"} <= dates
    for row in written:
        if row["status"] == "analysed":
            record = json.loads(row["record"])
            assert (record["article"]["id"], record["article"]["source"]) == (row["article_id"], row["label"])
            assert row["published"] == (record["article"]["published"] or "unknown")
            assert record["quotes"] is not None
        else:
            assert row["reason"] and row["code"].startswith("E") and row["message"]
    # The example article carries no date: it is in the unknown partition, analysed.
    story = next(r for r in written if r["label"] == corpus[0])
    assert (story["published"], story["status"]) == ("unknown", "analysed")


def test_spark_load_gives_the_same_ledger_as_ingest(job: tuple[Path, JobReport], ingested: Path,
                                                    tmp_path: Path) -> None:
    out, _ = job
    db = tmp_path / "loaded.db"
    ledger = open_ledger(db)
    outcomes: list[Outcome] = []
    try:
        report = load(ledger, out, settings=Settings.from_env(), on_outcome=outcomes.append)
    finally:
        ledger.close()
    assert report.stored >= 6 and [o.status for o in outcomes].count(ALREADY) == 1  # the twin
    expected, got = snapshot(ingested), snapshot(db)
    assert expected["links"] and expected["standing_history"] and expected["skips"]  # the comparison bites
    for table in expected:
        assert got[table] == expected[table], table

    # A re-run stores nothing: every input was decided by the first.
    ledger = open_ledger(db)
    try:
        again = load(ledger, out, settings=Settings.from_env())
    finally:
        ledger.close()
    assert (again.stored, again.earlier, again.decided) == (0, report.decided, report.decided)
    assert snapshot(db) == got
    assert all(o.status != STORED or o.article_id for o in outcomes)


def test_spark_load_refuses_what_is_not_a_finished_job_output(job: tuple[Path, JobReport],
                                                              tmp_path: Path) -> None:
    out, _ = job
    settings = Settings.from_env()
    ledger = open_ledger(tmp_path / "refused.db")
    try:
        with pytest.raises(JobOutputError, match="no such folder"):
            load(ledger, tmp_path / "nowhere", settings=settings)
        unfinished = tmp_path / "unfinished"
        shutil.copytree(out, unfinished)
        (unfinished / "_SUCCESS").unlink()
        with pytest.raises(JobOutputError, match="did not finish"):
            load(ledger, unfinished, settings=settings)
        corrupt = tmp_path / "corrupt"
        shutil.copytree(out, corrupt)
        victim = job_files(corrupt)[0]
        victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
        with pytest.raises(JobOutputError, match=r"\[E071\] .*not a readable Parquet file"):
            load(ledger, corrupt, settings=settings)
        assert ledger.count("articles") == 0 and not ledger.skips()  # refused before anything was stored
    finally:
        ledger.close()


def test_spark_read_input_reads_bytes_as_the_file_path_does(corpus: list[str]) -> None:
    """What the job reads from HDFS or S3 (bytes + a label) comes out as ingest reads files."""
    files = [Path(corpus[0]), *sorted(Path(corpus[1]).iterdir()), Path(corpus[2]), Path(corpus[3])]
    for path in files:
        if path.name.startswith("."):
            continue
        explicit = path.parent != Path(corpus[1])
        from_bytes = list(read_input(path.read_bytes(), str(path), max_bytes=MAX, explicit=explicit))
        from_file = list(iter_articles([str(path)], max_bytes=MAX, fetch=False)) if explicit else [
            r for r in iter_articles([corpus[1]], max_bytes=MAX, fetch=False) if r[0].startswith(str(path))
        ]
        assert [(label, _plain(item)) for label, item in from_bytes] == [
            (label, _plain(item)) for label, item in from_file
        ], path


def _plain(item: Article | InputError) -> Any:
    return item.to_dict() if isinstance(item, Article) else (type(item).__name__, str(item))


def test_spark_job_reads_uris_through_hadoop(spark: Any, corpus: list[str], job: tuple[Path, JobReport],
                                             tmp_path: Path) -> None:
    """A file:// URI goes the way hdfs:// and s3a:// go (binaryFiles, then the bytes reader)."""
    out = tmp_path / "uri"
    crawl = Path(corpus[3])
    report = run_job([crawl.as_uri()], str(out), settings=Settings.from_env(), spark=spark, partitions=2)
    local = {r["article_id"]: r for r in rows(job[0]) if r["input"] == 3 and r["status"] == "analysed"}
    remote = [r for r in rows(out) if r["status"] == "analysed"]
    assert report.analysed == len(local) == len(remote) == 2 and report.skip_reasons == {
        "record_type": 5, "malformed": 1}
    for row in remote:
        uri, offset = row["label"].rsplit("#", 1)
        assert uri.startswith("file:") and uri.endswith(f"/{crawl.name}") and offset.isdigit()
        mine, theirs = json.loads(row["record"]), json.loads(local[row["article_id"]]["record"])
        mine["article"].pop("source"), theirs["article"].pop("source")
        assert mine == theirs


def test_spark_cli_spark_then_load(spark: Any, corpus: list[str], tmp_path: Path) -> None:
    runner = CliRunner()
    out, db = tmp_path / "cli-out", tmp_path / "cli.db"
    done = runner.invoke(app, ["spark", corpus[2], "--out", str(out), "--master", "local[2]",
                               "--published", "2025-06-01", "--partitions", "2"])
    assert done.exit_code == 1, done.output  # the bad lines are skip rows
    assert "2 analysed, 3 skipped (1 empty, 1 language, 1 malformed)" in done.stdout
    assert {p.name for p in out.iterdir() if p.is_dir()} == {
        "published=2025-05-24", "published=2025-05-27", "published=unknown"}
    assert spark.sparkContext._jsc is not None  # the test's session was not stopped by the command

    loaded = runner.invoke(app, ["load", str(out), "--db", str(db), "--quiet"])
    assert loaded.exit_code == 1 and "2 stored, 0 already in the ledger, 3 skipped" in loaded.stdout
    again = runner.invoke(app, ["load", str(out), "--db", str(db), "--quiet"])
    assert again.exit_code == 1 and "0 stored" in again.stdout
    assert "5 decided by an earlier run" in again.stdout
    skips = runner.invoke(app, ["skips", "--db", str(db), "--format", "jsonl"])
    assert sorted(json.loads(line)["reason"] for line in skips.stdout.splitlines()) == [
        "empty", "language", "malformed"]

    exists = runner.invoke(app, ["spark", corpus[2], "--out", str(out)])
    assert exists.exit_code == 2 and "already exists" in exists.stderr
    url = runner.invoke(app, ["spark", "https://courier.example/feed", "--out", str(tmp_path / "x")])
    assert url.exit_code == 2 and "not URLs" in url.stderr
    (out / "_SUCCESS").unlink()
    broken = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert broken.exit_code == 1 and broken.stderr.count("\n") == 1 and "[E071]" in broken.stderr


@dataclasses.dataclass(frozen=True)
class Failing:
    """Generated analyses (no model), except that the pipeline raises on texts with ``word``."""

    articles: int
    seed: int
    word: str

    def __call__(self) -> Callable[[list[Article]], Iterable[Analysis]]:
        generated = Generated(self.articles, self.seed)()

        def analyse(batch: list[Article]) -> list[Analysis]:
            if any(self.word in a.text for a in batch):
                raise RuntimeError(f"the pipeline broke on {self.word!r}")
            return list(generated(batch))

        return analyse


def test_spark_analysis_failures_load_as_ingest_records_them(spark: Any, tmp_path: Path) -> None:
    """An article the pipeline fails on is a skip row with its article; load records it as
    ingest does (with its id), its twin too, and the articles around it are stored."""
    articles, seed = 40, 5
    generated = list(generate(articles, seed=seed))
    victim = generated[6].article
    corpus = tmp_path / "generated.jsonl"
    write_corpus(generated, corpus)
    lines = corpus.read_text("utf-8").splitlines()
    twin = json.loads(lines[6])
    corpus.write_text("\n".join([*lines, json.dumps(twin), "{broken"]) + "\n", "utf-8")
    word = victim.text.split()[-1]
    assert sum(word in a.article.text for a in generated) == 1, "pick a word only the victim has"
    make = Failing(articles, seed, word)
    settings = Settings.from_env()

    out = tmp_path / "out"
    report = run_job([str(corpus)], str(out), settings=settings, spark=spark, partitions=3, make_analyse=make)
    assert report.skip_reasons == {"analysis": 2, "malformed": 1} and report.analysed == articles - 1
    failed = [r for r in rows(out) if r["reason"] == "analysis"]
    assert {r["article_id"] for r in failed} == {victim.id} and all(r["record"] for r in failed)

    ingested, loaded = tmp_path / "ingest.db", tmp_path / "load.db"
    with open_ledger(ingested) as ledger:
        ingest(ledger, [str(corpus)], settings=settings, make_analyse=make)
    with open_ledger(loaded) as ledger:
        load(ledger, out, settings=settings)
    expected, got = snapshot(ingested), snapshot(loaded)
    assert sum(1 for row in expected["inputs"] if row[1] == victim.id and row[2] == "skipped") == 2
    for table in expected:
        assert got[table] == expected[table], table
