"""Crash safety of ``claimledger ingest``: SIGKILL part-way, then check the ledger and run again.

Each case starts an ingest as a subprocess, watches the SQLite file read-only until some
but not all articles are committed, kills the process with SIGKILL (no cleanup, no
rollback by Python: whatever was in flight is cut), and then checks what the issue
promises:

* the ledger opens clean: ``PRAGMA integrity_check`` is ok, no foreign key is broken,
  the migrations are at head;
* the stored articles are the first ones of the input (one transaction per article, in
  order), and each is complete: per table, its rows are exactly those a clean,
  uninterrupted run writes for it: items, links, clusters, blocking keys, fingerprints,
  standing history, search rows;
* nothing is orphaned (an item, link, cluster or history entry of no article or item),
  and each claim's current standing is what its history derives;
* running the same ingest again stores the missing articles and reports the others
  "already": the ledger then holds every article once and equals the clean run's.

Two cases inject generated analyses through tests/crash_ingest_driver.py (the ingest loop
without the model, so the kill lands while articles are stored and linked); one runs the
real ``claimledger ingest`` command with the model on short articles.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory

from benchmarks.records import generate, write_corpus
from claimledger.api.ingest import ingest
from claimledger.ledger import open_ledger
from claimledger.ledger.engine import MIGRATIONS
from claimledger.linking.standing import Entry, derive
from claimledger.settings import Settings
from claimledger.types import Analysis, Article
from tests.crash_ingest_driver import analyser

REPO = Path(__file__).resolve().parents[1]
DRIVER = REPO / "tests" / "crash_ingest_driver.py"
ARTICLES, SEED = 40, 11  # two ingest batches (32 + 8)
CLI_ARTICLES, CLI_SEED = 20, 5
TIMEOUT_S = 60

# Every table with rows that belong to one article, and the column naming it. A link
# belongs to the article that made it (b_article); the search index (``search``) is included.
ARTICLE_TABLES = {
    "articles": "id", "entities": "article_id", "mentions": "article_id", "quotes": "article_id",
    "claims": "article_id", "evidence": "article_id", "events": "article_id",
    "event_mentions": "article_id", "times": "article_id", "fingerprints": "article_id",
    "fingerprint_bands": "article_id", "link_keys": "article_id", "clusters": "article_id",
    "links": "b_article", "standing_history": "article_id", "search": "article_id",
}
# The SQLite search index (migration 0005) as one table: its integer keys are left out.
SEARCH_ROWS = ("(SELECT k.kind AS kind, k.article_id AS article_id, k.item_id AS item_id, t.text AS text "
               "FROM search_keys k JOIN search_text t ON t.rowid = k.id)")


def source(table: str) -> str:
    """What to read ``table``'s rows from: the index's two tables joined for ``search``."""
    return SEARCH_ROWS if table == "search" else table


# Columns that differ between two correct runs: when a row was written, autoincrement ids.
VOLATILE = {"articles": {"analysed_at"}, "links": {"id"}, "standing_history": {"id"}}

ITEMS = {"entity": "entities", "claim": "claims", "event": "events"}
ORPHANS = [
    *(f"SELECT count(*) FROM {source(table)} WHERE {column} NOT IN (SELECT id FROM articles)"
      for table, column in ARTICLE_TABLES.items() if table != "articles"),
    "SELECT count(*) FROM links WHERE a_article NOT IN (SELECT id FROM articles)",
    "SELECT count(*) FROM mentions m WHERE NOT EXISTS "
    "(SELECT 1 FROM entities e WHERE e.article_id = m.article_id AND e.id = m.entity_id)",
    "SELECT count(*) FROM evidence v WHERE NOT EXISTS "
    "(SELECT 1 FROM claims c WHERE c.article_id = v.article_id AND c.id = v.claim_id)",
    "SELECT count(*) FROM event_mentions m WHERE NOT EXISTS "
    "(SELECT 1 FROM events e WHERE e.article_id = m.article_id AND e.id = m.event_id)",
    # Every item is in exactly one cluster, and every cluster row and blocking key is an item's.
    *(f"SELECT count(*) FROM {table} i WHERE NOT EXISTS (SELECT 1 FROM clusters c "
      f"WHERE c.kind = '{kind}' AND c.article_id = i.article_id AND c.item_id = i.id)"
      for kind, table in ITEMS.items()),
    *(f"SELECT count(*) FROM {keyed} k WHERE k.kind = '{kind}' AND NOT EXISTS (SELECT 1 FROM {table} i "
      f"WHERE i.article_id = k.article_id AND i.id = k.item_id)"
      for kind, table in ITEMS.items() for keyed in ("clusters", "link_keys")),
    *(f"SELECT count(*) FROM links l WHERE l.kind = '{kind}' AND NOT (EXISTS (SELECT 1 FROM {table} i "
      f"WHERE i.article_id = l.a_article AND i.id = l.a_item) AND EXISTS (SELECT 1 FROM {table} i "
      f"WHERE i.article_id = l.b_article AND i.id = l.b_item))"
      for kind, table in ITEMS.items()),
    "SELECT count(*) FROM links WHERE kind = 'article' AND (a_item != '' OR b_item != '')",
    "SELECT count(*) FROM articles a WHERE NOT EXISTS "
    "(SELECT 1 FROM fingerprints f WHERE f.article_id = a.id)",
    "SELECT count(*) FROM standing_history h WHERE NOT EXISTS "
    "(SELECT 1 FROM claims c WHERE c.article_id = h.article_id AND c.id = h.claim_id)",
    "SELECT count(*) FROM standing_history WHERE claim_key NOT IN "
    "(SELECT cluster_id FROM clusters WHERE kind = 'claim')",
    "SELECT count(*) FROM claim_standing WHERE cluster_id NOT IN (SELECT claim_key FROM standing_history)",
    "SELECT count(*) FROM (SELECT DISTINCT cluster_id FROM clusters WHERE kind = 'claim') "
    "WHERE cluster_id NOT IN (SELECT cluster_id FROM claim_standing)",
    "SELECT count(*) FROM search_keys WHERE id NOT IN (SELECT rowid FROM search_text)",
    "SELECT count(*) FROM search_text WHERE rowid NOT IN (SELECT id FROM search_keys)",
    f"SELECT count(*) FROM {SEARCH_ROWS} s WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE s.kind = 'quote' "
    "AND q.article_id = s.article_id AND q.id = s.item_id) AND NOT EXISTS (SELECT 1 FROM claims c "
    "WHERE s.kind = 'claim' AND c.article_id = s.article_id AND c.id = s.item_id)",
    *(f"SELECT count(*) FROM {table} i WHERE NOT EXISTS (SELECT 1 FROM {SEARCH_ROWS} s "
      f"WHERE s.kind = '{kind}' AND s.article_id = i.article_id AND s.item_id = i.id)"
      for kind, table in (("quote", "quotes"), ("claim", "claims"))),
    "SELECT count(*) FROM skips",
]

Rows = dict[str, Counter[tuple[Any, ...]]]


def read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)


def stored_ids(db: Path) -> set[str]:
    """The articles committed so far; empty while the ledger is not created or migrated."""
    try:
        with closing(read_only(db)) as connection:
            return {row[0] for row in connection.execute("SELECT id FROM articles")}
    except sqlite3.OperationalError:
        return set()


def standings(db: Path) -> Counter[tuple[Any, ...]]:
    """Each claim cluster's current standing (``decided_by`` is a history id: left out)."""
    with closing(read_only(db)) as connection:
        query = "SELECT cluster_id, standing, since, entries, sources FROM claim_standing"
        return Counter(connection.execute(query))


def rows(db: Path) -> Rows:
    """Every per-article table as a multiset of rows (volatile columns left out); the
    first value of each row is the article it belongs to."""
    out: Rows = {}
    with closing(read_only(db)) as connection:
        for table, owner in ARTICLE_TABLES.items():
            if table == "search":
                columns = ["article_id", "kind", "item_id", "text"]
            else:
                names = [r[1] for r in connection.execute(f"PRAGMA table_info({table})")]
                skip = VOLATILE.get(table, set())
                columns = [owner, *(n for n in names if n != owner and n not in skip)]
            query = f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM {source(table)}"
            out[table] = Counter(tuple(row) for row in connection.execute(query))
    return out


def of(snapshot: Rows, articles: set[str]) -> Rows:
    return {table: Counter({row: n for row, n in found.items() if row[0] in articles})
            for table, found in snapshot.items()}


def counts(snapshot: Rows) -> dict[str, dict[str, int]]:
    """Rows per table per article."""
    out: dict[str, dict[str, int]] = {}
    for table, found in snapshot.items():
        for row, n in found.items():
            out.setdefault(row[0], {}).setdefault(table, 0)
            out[row[0]][table] += n
    return out


def assert_ledger_sound(db: Path) -> None:
    """Opens clean, at the head migration, no orphans, standing derived from its history."""
    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    with closing(read_only(db)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
        orphans = {query: n for query in ORPHANS if (n := connection.execute(query).fetchone()[0])}
        assert orphans == {}
        history: dict[str, list[Entry]] = {}
        for key, *entry in connection.execute(
            "SELECT claim_key, id, date, relation, source_name, counted FROM standing_history ORDER BY id"
        ):
            history.setdefault(key, []).append(Entry(entry[0], entry[1], entry[2], entry[3], bool(entry[4])))
        for cluster, standing, since, decided_by, entries, sources in connection.execute(
            "SELECT cluster_id, standing, since, decided_by, entries, sources FROM claim_standing"
        ):
            current = derive(history[cluster])
            assert (standing, since, decided_by, entries, sources) == (
                current.standing, current.since, current.decided_by, current.entries, current.sources
            ), cluster


def kill_when(command: list[str], db: Path, stored: int, log: Path) -> None:
    """Run ``command`` and SIGKILL it as soon as the ledger holds ``stored`` articles."""
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=REPO, env=environment(), stdout=output,
                                   stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + TIMEOUT_S
            while len(stored_ids(db)) < stored:
                if process.poll() is not None:
                    pytest.fail(f"ingest ended ({process.returncode}) before {stored} articles were stored: "
                                f"{log.read_text()[-2000:]}")
                if time.monotonic() > deadline:
                    pytest.fail(f"{stored} articles not stored within {TIMEOUT_S} s")
                time.sleep(0.002)
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL


def environment() -> dict[str, str]:
    """This environment without CLAIMLEDGER_* settings, so the subprocess runs as the test's
    in-process reference does (same model, same limits)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("CLAIMLEDGER_")}


@dataclasses.dataclass(frozen=True)
class Clean:
    """What an uninterrupted ingest writes: the per-article rows and the claims' standing."""

    rows: Rows
    standings: Counter[tuple[Any, ...]]


def clean_run(tmp: Path, corpus: Path, analyse: Callable[[list[Article]], Iterable[Analysis]]) -> Clean:
    """Ingest ``corpus`` without interruption, in this process."""
    db = tmp / "clean.db"
    with open_ledger(db) as ledger:
        report = ingest(ledger, [str(corpus)], settings=Settings(), analyse=analyse)
    with corpus.open() as lines:
        assert (report.stored, report.skipped) == (sum(1 for _ in lines), 0)
    return Clean(rows(db), standings(db))


def check_crash_and_rerun(db: Path, order: list[str], clean: Clean, at_least: int,
                          rerun: Callable[[], tuple[set[str], set[str]]]) -> None:
    """The checks after the kill, then the re-run (which returns its stored and already ids)."""
    before = stored_ids(db)
    assert at_least <= len(before) < len(order), "the kill must land part-way"
    assert before == set(order[: len(before)]), "articles are stored in input order"
    assert_ledger_sound(db)
    partial = rows(db)
    assert counts(partial) == counts(of(clean.rows, before))
    assert partial == of(clean.rows, before)

    stored, already = rerun()
    assert already == before
    assert stored == set(order) - before
    assert_ledger_sound(db)
    final = rows(db)
    assert len(final["articles"]) == len(order)
    assert counts(final) == counts(clean.rows)
    assert final == clean.rows
    assert standings(db) == clean.standings


# -- generated analyses, the ingest loop through tests/crash_ingest_driver.py --------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], Clean]:
    """The corpus, its article ids in input order, and the clean run's rows."""
    tmp = tmp_path_factory.mktemp("generated")
    analyses = list(generate(ARTICLES, seed=SEED))
    corpus = tmp / "corpus.jsonl"
    write_corpus(analyses, corpus)
    clean = clean_run(tmp, corpus, analyser(ARTICLES, SEED))
    return corpus, [a.article.id for a in analyses], clean


def driver(db: Path, corpus: Path) -> list[str]:
    return [sys.executable, str(DRIVER), str(db), str(corpus),
            "--articles", str(ARTICLES), "--seed", str(SEED)]


@pytest.mark.parametrize("kill_at", [2, 34], ids=["first-batch", "second-batch"])
def test_ingest_crash_sigkill_then_rerun(generated: tuple[Path, list[str], Clean], tmp_path: Path,
                                         kill_at: int) -> None:
    corpus, order, clean = generated
    db = tmp_path / "ledger.db"
    kill_when(driver(db, corpus), db, kill_at, tmp_path / "killed.log")

    def rerun() -> tuple[set[str], set[str]]:
        done = subprocess.run(driver(db, corpus), cwd=REPO, env=environment(), capture_output=True,
                              text=True, timeout=TIMEOUT_S, check=False)
        assert done.returncode == 0, done.stderr
        lines = [line.split() for line in done.stdout.splitlines()]
        assert all(status in {"stored", "already"} for status, _ in lines), done.stdout
        stored = {i for status, i in lines if status == "stored"}
        return stored, {i for status, i in lines if status == "already"}

    check_crash_and_rerun(db, order, clean, kill_at, rerun)


# -- the real command with the model -----------------------------------------------------------


def short_articles(n: int, seed: int) -> list[str]:
    """The first three sentences of generated articles: short, so the model takes ~30 ms each."""
    texts: list[str] = []
    for analysis in generate(2 * n, seed=seed):
        text = ". ".join(analysis.article.text.split(". ")[:3]) + "."
        if text not in texts:
            texts.append(text)
    return texts[:n]


@pytest.mark.model
def test_ingest_crash_cli_with_the_model(analyzer: Any, tmp_path: Path) -> None:
    originals = generate(CLI_ARTICLES, seed=CLI_SEED)
    analyses = [Analysis(dataclasses.replace(a.article, text=text))
                for a, text in zip(originals, short_articles(CLI_ARTICLES, CLI_SEED), strict=True)]
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(analyses, corpus)
    order = [a.article.id for a in analyses]
    clean = clean_run(tmp_path, corpus, analyzer.analyze_many)
    db = tmp_path / "ledger.db"
    command = [sys.executable, "-m", "claimledger.cli.main", "ingest", str(corpus), "--db", str(db)]
    kill_when(command, db, 3, tmp_path / "killed.log")
    by_prefix = {article_id[:12]: article_id for article_id in order}

    def rerun() -> tuple[set[str], set[str]]:
        done = subprocess.run(command, cwd=REPO, env=environment(), capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=False)
        assert done.returncode == 0, done.stderr
        found = re.findall(r"^(stored|already in the ledger): .* \((\w{12})\)$", done.stdout, re.MULTILINE)
        assert len(found) == len(order), done.stdout
        return ({by_prefix[p] for status, p in found if status == "stored"},
                {by_prefix[p] for status, p in found if status != "stored"})

    check_crash_and_rerun(db, order, clean, 3, rerun)
