"""Batch runs: interrupted by SIGINT or SIGKILL, then resumed, give the uninterrupted run's ledger.

The subprocess cases run tests/crash_ingest_driver.py (the ingest loop with generated
analyses: no model, about a second a run) on a corpus with bad lines among the articles,
stop it part-way, run it again, and compare every table of the ledger, row by row, with
an uninterrupted run's (leaving out only when a row was written and autoincrement ids). They
also check what the re-run did: it analysed exactly the articles the first run had not
stored, and recorded no skip again. The in-process cases run on both backends.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from benchmarks.records import generate, write_corpus
from claimledger.api.ingest import ALREADY, SKIPPED, STORED, Outcome, ingest
from claimledger.api.interrupt import EXIT_INTERRUPTED, Interruption
from claimledger.cli.main import app
from claimledger.cli.progress import IngestProgress, wanted
from claimledger.ledger import Ledger, open_ledger
from claimledger.ledger import inputs as ledger_inputs
from claimledger.ledger.schema import metadata
from claimledger.settings import Settings
from claimledger.types import Analysis, Article
from tests.crash_ingest_driver import Generated
from tests.test_ingest_crash import ORPHANS

REPO = Path(__file__).resolve().parents[1]
DRIVER = REPO / "tests" / "crash_ingest_driver.py"
ARTICLES, SEED = 40, 23
TIMEOUT_S = 60
# Bad lines among the articles (after these article lines): a run decides them early.
BAD = {3: "{not json", 10: json.dumps({"text": "   "}), 30: json.dumps({"title": "no text"})}

# Columns that differ between two correct runs: when a row was written, autoincrement ids.
VOLATILE = {
    "articles": {"analysed_at"}, "links": {"id"}, "standing_history": {"id"}, "skips": {"id", "at"},
    "inputs": {"at"}, "claim_standing": {"decided_by"},
    # A random token each linked article writes (linking/index.py): never the same twice.
    "linking_state": {"token", "previous"},
}

Snapshot = dict[str, Counter[tuple[Any, ...]]]


def snapshot(db: Path) -> Snapshot:
    """Every table of the ledger (and the SQLite search index) as a multiset of rows."""
    out: Snapshot = {}
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as connection:
        for table in metadata.tables:
            names = [r[1] for r in connection.execute(f"PRAGMA table_info({table})")]
            columns = [n for n in names if n not in VOLATILE.get(table, set())]
            query = f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM {table}"
            out[table] = Counter(tuple(row) for row in connection.execute(query))
        # The search index (migration 0005), its integer keys left out: they are autoincrement.
        query = ("SELECT k.kind, k.article_id, k.item_id, t.text FROM search_keys k "
                 "JOIN search_text t ON t.rowid = k.id")
        out["search"] = Counter(tuple(row) for row in connection.execute(query))
    return out


def stored_count(db: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The corpus (articles and bad lines) and its article ids in input order."""
    tmp = tmp_path_factory.mktemp("resume")
    analyses = list(generate(ARTICLES, seed=SEED))
    path = tmp / "corpus.jsonl"
    write_corpus(analyses, path)
    lines = path.read_text("utf-8").splitlines()
    for after in sorted(BAD, reverse=True):
        lines.insert(after, BAD[after])
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path, [a.article.id for a in analyses]


@pytest.fixture(scope="module")
def clean(corpus: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The uninterrupted run's ledger."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    done = run_driver(db, corpus[0])
    assert done.returncode == 1, done.stderr  # the bad lines are skipped
    return snapshot(db)


def command(db: Path, corpus: Path, *extra: str) -> list[str]:
    return [sys.executable, str(DRIVER), str(db), str(corpus), "--articles", str(ARTICLES),
            "--seed", str(SEED), "--log-analysed", *extra]


def environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("CLAIMLEDGER_")}


def run_driver(db: Path, corpus: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(db, corpus, *extra), cwd=REPO, env=environment(), capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)


def interrupt_when(db: Path, corpus: Path, stored: int, signum: int, *extra: str) -> tuple[int, str]:
    """Start the driver, send ``signum`` once ``stored`` articles are in; its exit code and stderr."""
    process = subprocess.Popen(command(db, corpus, *extra), cwd=REPO, env=environment(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while stored_count(db) < stored:
            if process.poll() is not None:
                pytest.fail(f"ingest ended ({process.returncode}) before {stored} articles were stored")
            if time.monotonic() > deadline:
                pytest.fail(f"{stored} articles not stored within {TIMEOUT_S} s")
            time.sleep(0.002)
        process.send_signal(signum)
        _, errors = process.communicate(timeout=TIMEOUT_S)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, errors


def analysed(stderr: str) -> list[str]:
    return [line.split()[1] for line in stderr.splitlines() if line.startswith("analysed ")]


def check_resume(db: Path, corpus: Path, order: list[str], clean: Snapshot, *extra: str) -> None:
    """After the interruption: sound, part-way, each stored article whole; then the re-run
    analyses only what is missing and ends with the clean run's ledger."""
    assert_sound(db)
    before = snapshot(db)
    stored = {row[0] for row in before["articles"]}
    assert 0 < len(stored) < len(order), "the interruption must land part-way"
    assert stored == set(order[: len(stored)])
    assert before["skips"] <= clean["skips"]
    assert before["inputs"] <= clean["inputs"], "what is decided is decided as the clean run does"

    done = run_driver(db, corpus, *extra)
    assert done.returncode == 1, done.stderr
    again = analysed(done.stderr)
    assert sorted(again) == sorted(set(order) - stored), "a resumed run analyses only what is missing"
    after = snapshot(db)
    assert after == clean
    assert_sound(db)


def assert_sound(db: Path) -> None:
    """The crash test's checks (integrity, foreign keys, no orphans) but for skips: this
    corpus has three."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        queries = [q for q in ORPHANS if "FROM skips" not in q]
        orphans = {q: n for q in queries if (n := connection.execute(q).fetchone()[0])}
        assert orphans == {}


@pytest.mark.parametrize("kill_at", [5, 36], ids=["first-batch", "second-batch"])
def test_ingest_resume_after_sigkill_equals_the_uninterrupted_run(
    corpus: tuple[Path, list[str]], clean: Snapshot, tmp_path: Path, kill_at: int
) -> None:
    path, order = corpus
    db = tmp_path / "ledger.db"
    code, _ = interrupt_when(db, path, kill_at, signal.SIGKILL)
    assert code == -signal.SIGKILL
    check_resume(db, path, order, clean)


@pytest.mark.parametrize("delay", [0.0, 0.01], ids=["while-storing", "while-analysing"])
def test_ingest_resume_after_sigint_equals_the_uninterrupted_run(
    corpus: tuple[Path, list[str]], clean: Snapshot, tmp_path: Path, delay: float
) -> None:
    path, order = corpus
    db = tmp_path / "ledger.db"
    code, errors = interrupt_when(db, path, 5, signal.SIGINT, "--graceful", "--delay", str(delay))
    assert code == EXIT_INTERRUPTED, errors
    assert "Traceback" not in errors
    assert [line for line in errors.splitlines() if not line.startswith("analysed ")] == [
        line for line in errors.splitlines() if line.startswith("interrupted after ")
    ]
    check_resume(db, path, order, clean)


def test_ingest_resume_with_two_processes_after_sigkill(
    corpus: tuple[Path, list[str]], clean: Snapshot, tmp_path: Path
) -> None:
    path, order = corpus
    db = tmp_path / "ledger.db"
    code, _ = interrupt_when(db, path, 5, signal.SIGKILL, "--processes", "2")
    assert code == -signal.SIGKILL
    check_resume(db, path, order, clean, "--processes", "2")


# -- in process, on both backends ----------------------------------------------------------------


class Counting:
    """An analyser that counts what it analyses."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.inner = Generated(ARTICLES, SEED)()

    def __call__(self, batch: list[Article]) -> list[Analysis]:
        self.seen.extend(a.id for a in batch)
        return list(self.inner(batch))


class StopAfter(Interruption):
    """An interruption requested after ``n`` outcomes, as a Ctrl-C between articles would."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def saw(self, _outcome: Outcome) -> None:
        self.n -= 1
        if self.n <= 0:
            self.requested = True


def test_ingest_resume_in_process_skips_what_is_done(
    ledger: Ledger, corpus: tuple[Path, list[str]]
) -> None:
    path, order = corpus
    first, stop = Counting(), StopAfter(20)
    report = ingest(ledger, [str(path)], settings=Settings(), analyse=first, on_outcome=stop.saw,
                    interruption=stop)
    assert report.interrupted and report.decided == 20
    assert ledger.count("articles") == 18 and ledger.count("skips") == 2
    assert sorted(first.seen) == sorted(order[:30])  # the first batch (32 lines) was analysed

    second = Counting()
    outcomes: list[Outcome] = []
    report = ingest(ledger, [str(path)], settings=Settings(), analyse=second, on_outcome=outcomes.append)
    assert not report.interrupted
    assert sorted(second.seen) == sorted(set(order) - set(order[:18]))
    assert [o.earlier for o in outcomes] == [True] * 20 + [False] * 23
    assert (report.stored, report.already, report.skipped, report.earlier) == (22, 18, 3, 20)
    assert ledger.count("articles") == ARTICLES and ledger.count("skips") == 3
    statuses = Counter(d.status for d in ledger_inputs.decided(ledger, [o.label for o in outcomes]).values())
    assert statuses == {STORED: ARTICLES, SKIPPED: 3}

    third = Counting()
    report = ingest(ledger, [str(path)], settings=Settings(), analyse=third)
    assert third.seen == [] and report.earlier == ARTICLES + 3 and ledger.count("skips") == 3


def test_ingest_resume_reads_an_edited_input_anew(ledger: Ledger, tmp_path: Path) -> None:
    texts = [a.article.text for a in generate(3, seed=SEED)]
    path = tmp_path / "a.txt"
    path.write_text("", "utf-8")
    analyse = Counting()
    analyse.inner = Generated(3, SEED)()
    assert ingest(ledger, [str(path)], settings=Settings(), analyse=analyse).skipped == 1
    path.write_text(texts[0], "utf-8")  # fixed: no longer empty
    report = ingest(ledger, [str(path)], settings=Settings(), analyse=analyse)
    assert (report.stored, report.earlier) == (1, 0)
    assert ingest(ledger, [str(path)], settings=Settings(), analyse=analyse).earlier == 1
    (decided,) = ledger_inputs.decided(ledger, [str(path)]).values()
    assert (decided.status, decided.article_id) == (STORED, analyse.seen[0])
    # The same file given twice: one input, decided once.
    other = tmp_path / "b.txt"
    other.write_text(texts[1], "utf-8")
    report = ingest(ledger, [str(other), str(other)], settings=Settings(), analyse=analyse)
    assert (report.stored, report.already) == (1, 1)
    assert len(ledger_inputs.decided(ledger, [str(other)])) == 1


def test_ingest_resume_rejects_in_process_analyse_with_workers(ledger: Ledger) -> None:
    with pytest.raises(ValueError, match="make_analyse"):
        ingest(ledger, [], settings=Settings(), analyse=Counting(), processes=2)


# -- the commands -------------------------------------------------------------------------------


def test_ingest_resume_skips_command_lists_the_skips(corpus: tuple[Path, list[str]], tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with open_ledger(db) as ledger:
        ingest(ledger, [str(corpus[0])], settings=Settings(), analyse=Generated(ARTICLES, SEED)())
    runner = CliRunner()
    found = runner.invoke(app, ["skips", "--db", str(db), "--format", "json"])
    assert found.exit_code == 0, found.output
    rows = json.loads(found.stdout)
    assert [(r["input"].rsplit(":", 1)[1], r["reason"]) for r in rows] == [
        ("4", "malformed"), ("12", "empty"), ("33", "empty")
    ]
    assert all(r["message"] and r["at"] for r in rows)
    text = runner.invoke(app, ["skips", "--db", str(db)]).stdout
    assert "malformed" in text and "not a JSON object" in text
    csv = runner.invoke(app, ["skips", "--db", str(db), "-f", "csv"]).stdout.splitlines()
    assert csv[0] == "input,reason,message,at" and len(csv) == 4
    empty = tmp_path / "empty.db"
    open_ledger(empty).close()
    assert runner.invoke(app, ["skips", "--db", str(empty)]).stdout == "no skips recorded\n"


def test_ingest_resume_progress_only_on_a_terminal() -> None:
    assert not wanted(False, StringIO())
    assert not wanted(True, sys.stderr)
    out = StringIO()
    console = Console(file=out, force_terminal=True, width=160)
    with IngestProgress(["-nothing-"], max_bytes=1000, encoding="utf-8", published=None,
                        console=console) as bar:
        bar.advance(Outcome("a", STORED, "x"))
        bar.advance(Outcome("b", ALREADY, "y", earlier=True))
        bar.advance(Outcome("c", SKIPPED, reason="empty"))
    shown = out.getvalue()
    assert "1 stored · 1 already · 1 skipped (1 from an earlier run)" in shown
    assert "articles/s" in shown
