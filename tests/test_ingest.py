"""Ingest into the ledger, on both backends: inputs, idempotence, skips, and the example's story.

The story is the README's: the example article (2025-05-23) and three follow-ups written for
the project (examples/follow-ups): a Kremlin denial (05-24), a wire report that both sides
confirmed the exchange was completed (05-25), and a local paper's reprint of that wire story.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.api import queries
from claimledger.api.ingest import ALREADY, SKIPPED, STORED, ingest
from claimledger.api.story import story
from claimledger.cli.main import app
from claimledger.errors import LedgerError
from claimledger.ingest.sources import iter_articles
from claimledger.ledger import Ledger
from claimledger.settings import Settings, default_ledger_path, ledger_location
from claimledger.types import Analysis, Article

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "prisoner-swap.txt"
FOLLOW_UPS = REPO / "examples" / "follow-ups"
SETTINGS = Settings()


# -- reading inputs (no model) -------------------------------------------------------------
def jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8")
    return path


def test_ingest_sources_read_jsonl_fields_and_report_bad_lines(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "corpus.jsonl",
        [
            {
                "maintext": "One article.",
                "url": "https://www.example.com/a",
                "title": "A",
                "date_publish": "2025-05-24 10:04:00",
            },
            {"text": "Another.", "published": "2025-05-25", "source_domain": "wire.example"},
            "{not json",
            ["a", "list"],
            {"title": "no text"},
            {"text": "   "},
            {"text": "Undated."},
        ],
    )
    results = list(iter_articles([str(path)], published="2025-01-01", max_bytes=1000))
    assert [label for label, _ in results] == [f"{path}:{n}" for n in range(1, 8)]
    first, second = results[0][1], results[1][1]
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.text, first.url, first.title, first.published, first.source_domain) == (
        "One article.",
        "https://www.example.com/a",
        "A",
        "2025-05-24",
        "example.com",
    )
    assert (second.published, second.source_domain) == ("2025-05-25", "wire.example")
    assert [r.reason for _, r in results[2:6]] == ["malformed", "malformed", "empty", "empty"]  # type: ignore[union-attr]
    assert results[6][1].published == "2025-01-01"  # type: ignore[union-attr]  # --published fills in


def test_ingest_sources_walk_folders_and_read_gzip(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Text A.", "utf-8")
    (tmp_path / "b" / "c.txt").write_text("Text C.", "utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", "utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    with gzip.open(tmp_path / "d.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"text": "Text D."}) + "\n")
    (tmp_path / "e.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    results = list(iter_articles([str(tmp_path)], max_bytes=1000))
    texts = [r.text for _, r in results if isinstance(r, Article)]
    assert texts == ["Text A.", "Text C.", "Text D."]
    errors = {Path(label).name: r.reason for label, r in results if not isinstance(r, Article)}
    assert errors == {"e.jsonl.gz": "malformed", "image.png": "not_a_file"}


def test_ingest_sources_refuse_a_huge_line(tmp_path: Path) -> None:
    path = jsonl(tmp_path / "big.jsonl", [{"text": "x" * 5000}])
    [(_, result)] = list(iter_articles([str(path)], max_bytes=1000))
    assert result.reason == "too_large"  # type: ignore[union-attr]


def test_ingest_ledger_location_order(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "CLAIMLEDGER_DB": "/srv/ledger.db"}
    assert ledger_location("given.db", env) == "given.db"
    assert ledger_location(None, env) == "/srv/ledger.db"
    assert ledger_location(None, {"HOME": str(tmp_path)}) == str(
        tmp_path / ".local" / "share" / "claimledger" / "ledger.db"
    )
    assert default_ledger_path({"HOME": "/h", "XDG_DATA_HOME": "/x"}, "linux") == Path(
        "/x/claimledger/ledger.db"
    )
    assert default_ledger_path({"HOME": "/h", "XDG_DATA_HOME": "rel"}, "linux") == Path(
        "/h/.local/share/claimledger/ledger.db"
    )
    assert default_ledger_path({"HOME": "/h"}, "darwin") == Path(
        "/h/Library/Application Support/claimledger/ledger.db"
    )


# -- the story (model) ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def cached(analyzer) -> Callable[[list[Article]], Iterable[Analysis]]:  # type: ignore[no-untyped-def]
    """The pipeline, each distinct text analysed once per module; counts its calls."""
    cache: dict[str, Analysis] = {}

    def analyse(articles: list[Article]) -> list[Analysis]:
        analyse.calls += len(articles)  # type: ignore[attr-defined]
        out = []
        for article in articles:
            if article.id not in cache:
                cache[article.id] = analyzer.analyze(article)
            # The cached analysis belongs to the same text; keep this input's metadata.
            out.append(
                Analysis(
                    article,
                    *[
                        getattr(cache[article.id], f)
                        for f in ("entities", "quotes", "claims", "events", "times")
                    ],
                    warnings=cache[article.id].warnings,
                    pipeline=cache[article.id].pipeline,
                )
            )
        return out

    analyse.calls = 0  # type: ignore[attr-defined]
    return analyse


def ingest_story(ledger: Ledger, analyse: Callable[[list[Article]], Iterable[Analysis]]) -> list[str]:
    outcomes: list[str] = []
    ingest(
        ledger,
        [str(EXAMPLE)],
        settings=SETTINGS,
        published="2025-05-23",
        analyse=analyse,
        on_outcome=lambda o: outcomes.append(o.status),
    )
    ingest(
        ledger,
        [str(FOLLOW_UPS)],
        settings=SETTINGS,
        analyse=analyse,
        on_outcome=lambda o: outcomes.append(o.status),
    )
    return outcomes


def swap_claim(ledger: Ledger) -> dict:  # type: ignore[type-arg]
    [found] = [c for c in queries.claims(ledger, source="Trump") if c["text"] == "the swap was complete"]
    return found


@pytest.mark.model
def test_ingest_story_swap_claim_moves_from_unconfirmed_to_confirmed(ledger: Ledger, cached) -> None:  # type: ignore[no-untyped-def]
    assert ingest_story(ledger, cached) == [STORED] * 4
    claim = swap_claim(ledger)
    told = story(ledger, claim["id"])
    assert (told["standing"], told["since"]) == ("confirmed", "2025-05-25")
    counted = [(e["date"], e["relation"]) for e in told["history"] if e["counted"]]
    assert counted[0] == ("2025-05-23", "claimed")
    assert ("2025-05-23", "unconfirmed") in counted
    assert ("2025-05-25", "confirmed") in counted
    # Every entry points at its evidence, exactly as the article says it.
    texts = {a["id"]: a for a in ledger.articles()}
    for entry in told["history"]:
        assert entry["evidence"]["text"], entry
        assert texts[entry["article_id"]]["published"] == entry["date"]
    confirmation = next(e for e in told["history"] if e["relation"] == "confirmed" and e["counted"])
    assert confirmation["source"] == "Russian Defence Ministry"
    assert "confirmed" in confirmation["evidence"]["text"]


@pytest.mark.model
def test_ingest_story_reprint_is_linked_not_counted(ledger: Ledger, cached) -> None:  # type: ignore[no-untyped-def]
    ingest_story(ledger, cached)
    told = story(ledger, swap_claim(ledger)["id"])
    [reprint] = told["reprints"]
    assert "valley-herald" not in reprint["of"] and reprint["confidence"] >= 0.8
    uncounted = [e for e in told["history"] if not e["counted"]]
    assert uncounted and all(e["relation"] == "confirmed" for e in uncounted)
    assert all("near-duplicate" in (e["note"] or "") for e in uncounted)
    # The reprint's own extra paragraph is new information and counts.
    [local] = queries.claims(ledger, source="Local families")
    assert local["standing"] == "claimed" and local["standing_since"] == "2025-05-25"


@pytest.mark.model
def test_ingest_story_denial_and_event_across_articles(ledger: Ledger, cached) -> None:  # type: ignore[no-untyped-def]
    ingest_story(ledger, cached)
    told = story(ledger, swap_claim(ledger)["id"])
    denial = [e for e in told["history"] if e["source"] == "Dmitry Peskov"]
    assert [(e["date"], e["relation"]) for e in denial] == [("2025-05-24", "disputed")]
    swaps = [e for e in queries.events(ledger, type="exchange_prisoners")]
    assert len(swaps) == 1 and swaps[0]["articles"] == 3
    event = story(ledger, swaps[0]["id"])
    assert {r["factuality"] for r in event["reports"]} == {"planned", "happened"}
    lavrov = [e for e in queries.entities(ledger, name="Lavrov")]
    assert len(lavrov) == 1 and lavrov[0]["articles"] == 3  # the example, the wire story, its reprint


@pytest.mark.model
def test_ingest_is_idempotent_without_nlp(ledger: Ledger, cached) -> None:  # type: ignore[no-untyped-def]
    ingest_story(ledger, cached)
    counts = {t: ledger.count(t) for t in ("articles", "claims", "links", "standing_history", "clusters")}

    def refuse(_: list[Article]) -> list[Analysis]:
        raise AssertionError("a stored article was analysed again")

    assert ingest_story(ledger, refuse) == [ALREADY] * 4
    assert {t: ledger.count(t) for t in counts} == counts


def test_ingest_records_skips_and_goes_on(ledger: Ledger, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "mixed.jsonl", ["{broken", {"text": ""}])
    outcomes: list[str] = []
    report = ingest(
        ledger,
        [str(path), str(tmp_path / "missing.txt")],
        settings=SETTINGS,
        analyse=lambda articles: [],
        on_outcome=lambda o: outcomes.append(o.status),
    )
    assert outcomes == [SKIPPED] * 3
    assert report.skip_reasons == {"malformed": 1, "empty": 1, "missing": 1}
    assert [s["reason"] for s in ledger.skips()] == ["malformed", "empty", "missing"]


def test_ingest_story_id_errors(ledger: Ledger) -> None:
    for bad in ("nonsense", "abc:C1", "0123456789ab:Q1", "0123456789ab:C1"):
        with pytest.raises(LedgerError):
            story(ledger, bad)


# -- the CLI -------------------------------------------------------------------------------
@pytest.mark.model
def test_ingest_cli_and_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cli.db"
    monkeypatch.setenv("CLAIMLEDGER_DB", str(db))
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(EXAMPLE), "--published", "2025-05-23"])
    assert first.exit_code == 0, first.output
    assert "1 stored, 0 already in the ledger, 0 skipped" in first.output
    again = runner.invoke(app, ["ingest", "-q", str(EXAMPLE)])
    assert "0 stored, 1 already in the ledger" in again.output
    bad = runner.invoke(app, ["ingest", str(tmp_path / "nope.txt")])
    assert bad.exit_code == 1 and "1 skipped (1 missing)" in bad.output
    csv_out = runner.invoke(app, ["claims", "--standing", "unfounded", "--format", "csv"])
    assert csv_out.exit_code == 0 and csv_out.output.splitlines()[0].startswith("id,story,standing")
    assert "Zelensky was not a legitimate leader" in csv_out.output
    assert len(runner.invoke(app, ["claims", "--limit", "2", "-f", "jsonl"]).stdout.splitlines()) == 2
    assert len(runner.invoke(app, ["quotes", "--limit", "3", "-f", "jsonl"]).stdout.splitlines()) == 3
    lines = runner.invoke(app, ["quotes", "--speaker", "lavrov", "--format", "jsonl"]).output.splitlines()
    assert len(lines) == 7 and all(json.loads(line)["speaker"] == "Sergei Lavrov" for line in lines)
    found = runner.invoke(app, ["search", "memorandum", "--format", "json"])
    assert any("memorandum" in hit["text"] for hit in json.loads(found.output))
    claim_id = json.loads(
        runner.invoke(app, ["claims", "--source", "trump", "-f", "jsonl"]).output.splitlines()[0]
    )["id"]
    told = runner.invoke(app, ["story", claim_id])
    assert told.exit_code == 0 and "standing now: unconfirmed" in told.output
    assert runner.invoke(app, ["story", "bogus"]).exit_code == 2
    assert runner.invoke(app, ["claims", "--since", "May 23"]).exit_code == 2
    events = runner.invoke(app, ["events", "--since", "2025-05-16", "--until", "2025-05-16"])
    assert "talks" in events.output and "2022" not in events.output
    # Only ingest creates a ledger: a mistyped --db is an error, not a new empty file.
    typo = runner.invoke(app, ["claims", "--db", str(tmp_path / "typo.db")])
    assert typo.exit_code == 3 and "no ledger at" in typo.output
    assert not (tmp_path / "typo.db").exists()


@pytest.mark.model
def test_ingest_story_exports_the_current_standing_as_claimreview(  # type: ignore[no-untyped-def]
    ledger: Ledger, cached, tmp_path: Path
) -> None:
    from claimledger.export import ExportFormat, export

    ingest_story(ledger, cached)
    written = export(ledger, ExportFormat.claimreview, tmp_path / "reviews.json")
    reviews = json.loads((tmp_path / "reviews.json").read_text("utf-8"))
    assert written["claims"] == len(reviews)
    [swap] = [r for r in reviews if r["claimReviewed"] == "the swap was complete"]
    assert swap["reviewRating"]["alternateName"] == "confirmed"
    evidence = swap["claimledger:evidence"]
    assert [e["relation"] for e in evidence][-1] == "confirmed"
    assert len({e["article"] for e in evidence}) >= 2  # the evidence spans several articles
    texts = {f"urn:sha256:{a['id']}": a for a in ledger.articles()}
    with ledger.engine.connect() as connection:
        from claimledger.ledger import schema

        full = dict(connection.execute(schema.articles.select().with_only_columns(
            schema.articles.c.id, schema.articles.c.text)).all())
    for item in evidence:
        assert item["article"] in texts
        assert full[item["article"].split(":")[-1]][item["start"] : item["end"]] == item["text"]
