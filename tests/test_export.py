"""claimledger export on hand-built records (no model): every format round-trips the ledger.

The ledger tests take ``ledger`` / ``ledger_url`` from tests/conftest.py, so they run on
SQLite and, where a server is given, on PostgreSQL.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Boolean, DateTime, Float, Integer, String, Table, select
from typer.testing import CliRunner

from claimledger.cli.export import EXIT_ENV, EXIT_USAGE
from claimledger.cli.main import app
from claimledger.errors import ExportError, MissingExtraError
from claimledger.export import ExportFormat, export, reading, tables_jsonl, tables_parquet
from claimledger.export import claimreview as claimreview_module
from claimledger.export.claimreview import EvidenceSpan, ReviewedClaim, export_claimreview
from claimledger.export.linked import Voice
from claimledger.export.reading import export_tables, is_json_column
from claimledger.ledger import open_ledger, schema
from claimledger.ledger.store import Ledger
from claimledger.types import (
    Analysis,
    Article,
    Claim,
    Entity,
    Evidence,
    Quote,
    QuoteKind,
    Span,
    Speaker,
    Standing,
)

# Non-ASCII throughout: the flag is two code points outside the BMP (four UTF-16 units,
# eight UTF-8 bytes), so any offset counted in other units than code points is wrong after it.
TEXT = (
    "🇺🇦 Kyiv — Ukraine’s foreign minister Dmytro Kuleba said “the swap of 1,000 prisoners each "
    "will happen on Friday”.\n"
    "Russia’s Sergei Lavrov denied the claim.\n"
    "Officials in Zürich said talks would resume, a claim the ministry called baseless.\n"
    "Moscow said the exchange was agreed, and Kyiv confirmed it. Analysts expect more swaps."
)
URL = "https://news.example/swap?a=1&b=2"
OTHER = "The mayor said the bridge would reopen in June."
VERDICT_CLAIMS = {"C1": "denied", "C2": "unfounded", "C3": "confirmed"}


def find(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of(text, start, start + len(words))


def swap_record() -> dict[str, Any]:
    t = TEXT
    kuleba = Speaker("E1", "Dmytro Kuleba", find(t, "Ukraine’s foreign minister Dmytro Kuleba"))
    lavrov = Speaker("E2", "Sergei Lavrov", find(t, "Sergei Lavrov"))
    moscow = Speaker("E3", "Moscow", find(t, "Moscow"))
    second_kyiv = t.index("Kyiv confirmed")
    kyiv = Speaker("E4", "Kyiv", Span.of(t, second_kyiv, second_kyiv + len("Kyiv")))
    officials = Speaker(None, "Officials in Zürich", find(t, "Officials in Zürich"), anonymous=True)
    analysts = Speaker(None, "Analysts", find(t, "Analysts"), anonymous=True)
    swap = find(t, "the swap of 1,000 prisoners each will happen on Friday")
    talks = find(t, "talks would resume")
    entities = (
        Entity("E1", "Dmytro Kuleba", "PERSON", (find(t, "Dmytro Kuleba"),), ("foreign", "minister")),
        Entity("E2", "Sergei Lavrov", "PERSON", (find(t, "Sergei Lavrov"),)),
        Entity("E3", "Moscow", "GPE", (find(t, "Moscow"),)),
        Entity("E4", "Kyiv", "GPE", (find(t, "Kyiv"),)),
    )
    claims = (
        Claim("C1", swap.text, swap, kuleba, cue=find(t, "said"), quotes=("Q1",), standing=Standing.DENIED,
              evidence=(Evidence("denied", find(t, "denied the claim"), lavrov),)),
        Claim("C2", talks.text, talks, officials, quotes=("Q2",), standing=Standing.UNFOUNDED,
              evidence=(Evidence("unfounded", find(t, "baseless"), None),)),
        Claim("C3", "the exchange was agreed", find(t, "the exchange was agreed"), moscow,
              standing=Standing.CONFIRMED, evidence=(Evidence("confirmed", find(t, "confirmed it"), kyiv),)),
        Claim("C4", "more swaps", find(t, "more swaps"), analysts, standing=Standing.CLAIMED,
              modality=("expect",)),
    )
    quotes = (
        Quote("Q1", QuoteKind.DIRECT, swap, kuleba, cue=find(t, "said"), quoted=(swap,)),
        Quote("Q2", QuoteKind.INDIRECT, talks, officials),
    )
    article = Article(text=t, source=URL, url=URL, title="Swap “on Friday”, Kyiv says",
                      published="2025-05-23")
    return Analysis(article, entities=entities, quotes=quotes, claims=claims,
                    pipeline={"model": "hand-built"}).to_dict()


def other_record() -> dict[str, Any]:
    content = find(OTHER, "the bridge would reopen in June")
    mayor = Speaker(None, "The mayor", find(OTHER, "The mayor"))
    return Analysis(
        Article(text=OTHER, source="b.txt"),
        quotes=(Quote("Q1", QuoteKind.INDIRECT, content, mayor, cue=find(OTHER, "said")),),
        claims=(Claim("C1", content.text, content, mayor, quotes=("Q1",)),),
    ).to_dict()


@pytest.fixture
def filled(ledger: Ledger) -> Ledger:
    assert ledger.store(swap_record())
    assert ledger.store(other_record())
    ledger.record_skip("c.txt", "encoding", "c.txt: not valid utf-8, “byte 3”, try --encoding")
    return ledger


def db_rows(ledger: Ledger, table: Table) -> list[dict[str, Any]]:
    with ledger.engine.connect() as connection:
        query = select(table).order_by(*table.primary_key.columns)
        return [dict(row._mapping) for row in connection.execute(query)]


def aware(value: Any) -> Any:
    """A datetime as UTC-aware (SQLite gives the ledger's UTC back naive)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def counts(ledger: Ledger) -> dict[str, int]:
    return {table.name: ledger.count(table.name) for table in export_tables()}


# -- tables ------------------------------------------------------------------------------


def test_export_tables_are_the_schema_tables_without_internal_ones() -> None:
    names = [table.name for table in export_tables()]
    # linking_state: a run-scoped token (linking/index.py), not ledger content.
    assert set(names) == set(schema.metadata.tables) - {"search", "alembic_version", "linking_state"}
    assert names.index("articles") < names.index("claims") < names.index("evidence")  # parents first


def test_export_json_columns_are_found_by_the_schema_comments() -> None:
    json_columns = {(t.name, c.name) for t in export_tables() for c in t.columns if is_json_column(c)}
    assert {("claims", "modality"), ("quotes", "quoted"), ("events", "participants"),
            ("articles", "pipeline"), ("entities", "roles")} <= json_columns
    assert ("claims", "text") not in json_columns


def test_export_jsonl_round_trips_every_table(filled: Ledger, tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = export(filled, ExportFormat.jsonl, out)
    assert written == counts(filled)
    assert written["claims"] == 5 and written["quotes"] == 3 and written["skips"] == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t.name}.jsonl" for t in export_tables())
    for table in export_tables():
        lines = (out / f"{table.name}.jsonl").read_text(encoding="utf-8").splitlines()
        exported = [json.loads(line) for line in lines]
        expected = db_rows(filled, table)
        assert len(exported) == len(expected)
        for got, row in zip(exported, expected, strict=True):
            assert list(got) == [c.name for c in table.columns]
            for column in table.columns:
                value = row[column.name]
                if value is not None and is_json_column(column):
                    assert got[column.name] == json.loads(value)
                elif isinstance(value, datetime):
                    assert datetime.fromisoformat(got[column.name]) == aware(value)
                    assert got[column.name].endswith("+00:00")
                else:
                    assert got[column.name] == value, (table.name, column.name)


def test_export_jsonl_decodes_json_and_keeps_text_exact(filled: Ledger, tmp_path: Path) -> None:
    export(filled, ExportFormat.jsonl, tmp_path)
    articles = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text("utf-8").splitlines()]
    swap = next(a for a in articles if a["url"] == URL)
    assert swap["text"] == TEXT and swap["pipeline"] == {"model": "hand-built"}
    entities = [json.loads(line) for line in (tmp_path / "entities.jsonl").read_text("utf-8").splitlines()]
    assert ["foreign", "minister"] in [e["roles"] for e in entities]
    assert "🇺🇦" in (tmp_path / "articles.jsonl").read_text("utf-8")  # UTF-8, not \\u escapes


def csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return aware(value).isoformat()
    return str(value)


def test_export_csv_parses_back_to_the_rows(filled: Ledger, tmp_path: Path) -> None:
    written = export(filled, ExportFormat.csv, tmp_path)
    assert written == counts(filled)
    for table in export_tables():
        with (tmp_path / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            records = list(reader)
        assert header == [c.name for c in table.columns]
        expected = [[csv_text(row[c.name]) for c in table.columns] for row in db_rows(filled, table)]
        assert records == expected, table.name  # JSON columns as the JSON text stored


def test_export_csv_is_rfc_4180(filled: Ledger, tmp_path: Path) -> None:
    export(filled, ExportFormat.csv, tmp_path)
    raw = (tmp_path / "articles.csv").read_bytes()
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") >= 3  # header and two articles
    assert '"Swap “on Friday”, Kyiv says"'.encode() in raw  # a comma: quoted
    assert b'"{""model"":""hand-built""}"' in raw  # quotes inside a field are doubled
    with (tmp_path / "articles.csv").open(encoding="utf-8", newline="") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    assert TEXT in texts  # the newlines inside the article came back exactly


def test_export_parquet_reads_back_equal_with_typed_columns(filled: Ledger, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    written = export(filled, ExportFormat.parquet, tmp_path)
    assert written == counts(filled)
    for table in export_tables():
        read = pq.read_table(tmp_path / f"{table.name}.parquet")
        assert read.column_names == [c.name for c in table.columns]
        for column in table.columns:
            field = read.schema.field(column.name)
            assert field.nullable == column.nullable
            kind = column.type
            if isinstance(kind, Boolean):
                assert field.type == pa.bool_()
            elif isinstance(kind, Integer):
                assert field.type == pa.int64()
            elif isinstance(kind, Float):
                assert field.type == pa.float64()
            elif isinstance(kind, DateTime):
                assert field.type == pa.timestamp("us", tz="UTC")
            elif isinstance(kind, String):
                assert field.type == pa.string()
        expected = [{k: aware(v) for k, v in row.items()} for row in db_rows(filled, table)]
        assert read.to_pylist() == expected, table.name


def test_export_parquet_writes_in_batches(filled: Ledger, tmp_path: Path, monkeypatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(reading, "BATCH", 2)
    monkeypatch.setattr(tables_parquet, "ROW_GROUP", 3)
    export(filled, ExportFormat.parquet, tmp_path)
    claims = pq.ParquetFile(tmp_path / "claims.parquet")
    assert claims.metadata.num_rows == 5
    assert [claims.metadata.row_group(i).num_rows for i in range(2)] == [4, 1]  # batches 2+2, then 1
    field = claims.schema_arrow.field("modality")
    assert field.metadata[b"claimledger.json"] == b"true"
    assert field.metadata[b"description"] == b"JSON list of hedges"


def test_export_parquet_without_pyarrow_says_how_to_install(
    ledger: Ledger, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'claimledger\[parquet\]'"):
        export(ledger, ExportFormat.parquet, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_export_empty_ledger_writes_every_file(ledger: Ledger, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    for fmt in (ExportFormat.jsonl, ExportFormat.csv, ExportFormat.parquet):
        assert set(export(ledger, fmt, tmp_path / fmt).values()) == {0}
    assert (tmp_path / "jsonl" / "claims.jsonl").read_text() == ""
    assert (tmp_path / "csv" / "claims.csv").read_text().startswith("article_id,id,text,")
    assert pq.read_table(tmp_path / "parquet" / "claims.parquet").num_rows == 0
    assert export(ledger, ExportFormat.claimreview, tmp_path / "cr.json") == {"claims": 0}
    assert json.loads((tmp_path / "cr.json").read_text()) == []
    assert export(ledger, ExportFormat.annotations, tmp_path / "a.jsonl") == {"annotations": 0}


def test_export_a_failure_part_way_leaves_the_folder_as_it_was(
    filled: Ledger, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "claims.jsonl").write_text("old\n")
    real = reading.table_query

    def failing(table: Table) -> Any:
        if table is schema.evidence:  # after articles, claims and most of the others
            raise RuntimeError("disk on fire")
        return real(table)

    monkeypatch.setattr(tables_jsonl, "table_query", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        export(filled, ExportFormat.jsonl, out)
    assert [p.name for p in out.iterdir()] == ["claims.jsonl"]  # no new file, no temporary left
    assert (out / "claims.jsonl").read_text() == "old\n"


# -- ClaimReview -------------------------------------------------------------------------


def claim_reviews(ledger: Ledger, tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "claimreview.json"
    export(ledger, ExportFormat.claimreview, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(document, list)
    return document


def assert_claim_review_shape(review: dict[str, Any]) -> None:
    """The keys and types schema.org's ClaimReview (and Google's fact-check markup) expect."""
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
    assert review["identifier"] == review["@id"] == review["url"]
    assert review["identifier"].startswith("urn:claimledger:")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]["@type"] == "NewsArticle"
    assert item["appearance"]["@id"].startswith("urn:sha256:")
    if "author" in item:
        assert item["author"]["@type"] in ("Person", "Organization") and item["author"]["name"]
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] in claimreview_module.VERDICTS
    assert "ratingValue" not in rating  # no truth scale: see the module docstring
    assert review["author"]["@type"] == "Organization" and review["author"]["name"] == "claimledger"
    assert "not a human fact-check" in review["author"]["description"]
    assert "not a human fact-check" in review["reviewBody"]
    assert review["claimledger:automated"] is True
    assert isinstance(review["claimledger:evidence"], list)


def test_export_claimreview_covers_the_verdict_claims_only(filled: Ledger, tmp_path: Path) -> None:
    reviews = claim_reviews(filled, tmp_path)
    for review in reviews:
        assert_claim_review_shape(review)
    article_id = swap_record()["article"]["id"]
    got = {r["identifier"]: r["reviewRating"]["alternateName"] for r in reviews}
    assert got == {f"urn:claimledger:{article_id}:{c}": s for c, s in VERDICT_CLAIMS.items()}
    # "claimed" (C4) and the other article's claim are not reviewed: nothing judges them.


def test_export_claimreview_content(filled: Ledger, tmp_path: Path) -> None:
    reviews = {r["identifier"].rsplit(":", 1)[1]: r for r in claim_reviews(filled, tmp_path)}
    denied = reviews["C1"]
    assert denied["claimReviewed"] == "the swap of 1,000 prisoners each will happen on Friday"
    assert denied["itemReviewed"]["author"] == {"@type": "Person", "name": "Dmytro Kuleba"}
    assert denied["itemReviewed"]["datePublished"] == "2025-05-23"
    appearance = denied["itemReviewed"]["appearance"]
    assert appearance["url"] == URL and appearance["headline"] == "Swap “on Friday”, Kyiv says"
    [evidence] = denied["claimledger:evidence"]
    assert evidence["relation"] == "denied" and evidence["text"] == "denied the claim"
    assert TEXT[evidence["start"] : evidence["end"]] == evidence["text"]
    assert evidence["by"]["name"] == "Sergei Lavrov" and evidence["by"]["entityType"] == "PERSON"
    assert "Sergei Lavrov: “denied the claim”" in denied["reviewBody"]
    assert datetime.fromisoformat(denied["datePublished"]).tzinfo is not None

    unfounded = reviews["C2"]  # an anonymous source, the article's own voice as evidence
    assert unfounded["itemReviewed"]["author"] == {
        "@type": "Person", "name": "Officials in Zürich", "claimledger:anonymous": True}
    assert unfounded["claimledger:evidence"][0]["by"] is None
    assert "the article itself: “baseless”" in unfounded["reviewBody"]

    assert reviews["C3"]["itemReviewed"]["author"] == {"@type": "Organization", "name": "Moscow"}  # a GPE


def test_export_claimreview_standing_source_is_a_hook(ledger: Ledger, tmp_path: Path) -> None:
    """A cross-article standing plugs in as a function; non-verdicts it yields are skipped."""
    seen: list[Any] = []

    def cross_article(connection: Any) -> list[ReviewedClaim]:
        seen.append(connection)
        evidence = EvidenceSpan("disputed", "that was not true", 10, 27, "b" * 64, Voice("A Minister"))
        return [
            ReviewedClaim("a" * 64, "C7", "prices fell", Voice("Jane Roe", "E1", "PERSON"), "disputed",
                          (evidence,), published="2025-06-01"),
            ReviewedClaim("a" * 64, "C8", "prices rose", Voice(None), "claimed", ()),
        ]

    path = tmp_path / "cr.json"
    assert export_claimreview(ledger, path, standing=cross_article) == {"claims": 1}
    [review] = json.loads(path.read_text())
    assert_claim_review_shape(review)
    assert seen and review["reviewRating"]["alternateName"] == "disputed"
    assert review["claimledger:evidence"][0]["article"] == "urn:sha256:" + "b" * 64
    assert "author" in review["itemReviewed"]


def test_export_claimreview_failure_keeps_the_previous_file(
    filled: Ledger, tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "cr.json"
    path.write_text("[]\n")

    def failing(item: ReviewedClaim) -> dict[str, Any]:
        raise ExportError("no space left")

    monkeypatch.setattr(claimreview_module, "claim_review", failing)
    with pytest.raises(ExportError):
        export(filled, ExportFormat.claimreview, path)
    assert path.read_text() == "[]\n"
    assert [p.name for p in path.parent.iterdir()] == ["cr.json"]  # no temporary left


# -- Web Annotations ---------------------------------------------------------------------


def annotations(ledger: Ledger, tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "annotations.jsonl"
    written = export(ledger, ExportFormat.annotations, path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert written == {"annotations": len(lines)}
    return lines


def test_export_annotations_one_per_quote_and_claim(filled: Ledger, tmp_path: Path) -> None:
    lines = annotations(filled, tmp_path)
    assert len(lines) == filled.count("quotes") + filled.count("claims") == 8
    for item in lines:
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["type"] == "Annotation" and item["id"].startswith("urn:claimledger:")
        purposes = [body["purpose"] for body in item["body"]]
        assert purposes[0] == "tagging" and purposes[-1] == "describing"
        assert all(body["type"] == "TextualBody" for body in item["body"])
        assert item["body"][0]["value"] == item["claimledger:item"]["kind"]
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        assert item["creator"]["type"] == "Software"
    sources = {item["target"]["source"] for item in lines}
    assert sources == {URL, "urn:sha256:" + other_record()["article"]["id"]}


def test_export_annotations_positions_are_code_points(filled: Ledger, tmp_path: Path) -> None:
    texts = {URL: TEXT, "urn:sha256:" + other_record()["article"]["id"]: OTHER}
    for item in annotations(filled, tmp_path):
        text = texts[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert quote.get("prefix", "") == text[max(0, start - 32) : start]
        assert quote.get("suffix", "") == text[end : end + 32]
    swap = next(i for i in annotations(filled, tmp_path) if i["target"]["source"] == URL
                and i["id"].endswith(":C1"))
    start = swap["target"]["selector"][1]["start"]
    assert start == TEXT.index("the swap of")
    # The flag makes UTF-16 and UTF-8 counts differ: only code points agree with the text.
    assert len(TEXT[:start].encode("utf-16-le")) // 2 != start
    assert len(TEXT[:start].encode("utf-8")) != start


def test_export_annotations_describe_the_item(filled: Ledger, tmp_path: Path) -> None:
    by_id = {item["id"].rsplit(":", 2)[-1]: item for item in annotations(filled, tmp_path)
             if item["target"]["source"] == URL}
    claim = by_id["C2"]
    assert [b["value"] for b in claim["body"][:2]] == ["claim", "unfounded"]
    assert "Officials in Zürich (anonymous)" in claim["body"][2]["value"]
    assert claim["claimledger:item"]["speaker"]["anonymous"] is True
    quote = by_id["Q1"]
    assert quote["claimledger:item"]["quoteKind"] == "direct"
    assert quote["claimledger:item"]["speaker"] == {
        "name": "Dmytro Kuleba", "entity": "E1", "entityType": "PERSON", "anonymous": False}
    assert quote["target"]["selector"][0]["prefix"].endswith("said “")
    assert datetime.fromisoformat(quote["created"]).tzinfo is not None


# -- the command -------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    with open_ledger(path) as ledger:
        ledger.store(swap_record())
    return path


def test_export_cli_tables_to_a_folder(runner: CliRunner, db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = runner.invoke(app, ["export", "--format", "csv", "--db", str(db_file), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "claims.csv").is_file() and "rows of" in result.stderr


def test_export_cli_default_folder_and_environment_db(
    runner: CliRunner, db_file: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLEDGER_DB", str(db_file))
    result = runner.invoke(app, ["export", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "claimledger-export" / "claims.jsonl").read_text().count("\n") == 4


def test_export_cli_default_ledger_is_the_per_user_one(
    runner: CliRunner, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("CLAIMLEDGER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    result = runner.invoke(app, ["export", "-f", "claimreview"])
    assert result.exit_code == EXIT_ENV
    assert f"no ledger at {tmp_path / 'data' / 'claimledger' / 'ledger.db'}" in result.stderr
    assert not (tmp_path / "data").exists()  # not created by a look


def test_export_cli_claimreview_to_standard_output(runner: CliRunner, ledger_url: str) -> None:
    with open_ledger(ledger_url) as ledger:
        ledger.store(swap_record())
    result = runner.invoke(app, ["export", "--format", "claimreview", "--db", ledger_url])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3
    assert "exported 3 claims to standard output" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-f", "csv", "--output", "-"], EXIT_USAGE, "give --output a folder"),
        (["-f", "jsonl", "--output", "{db}"], EXIT_USAGE, "is a file"),
        (["-f", "annotations", "--output", "{tmp}"], EXIT_USAGE, "is a folder"),
        (["-f", "xml"], EXIT_USAGE, "xml"),
        (["-f", "jsonl", "--db", "{tmp}/missing.db"], EXIT_ENV, "no ledger at"),
        (["-f", "jsonl", "--db", "mysql://x/y"], EXIT_ENV, "not a ledger URL"),
    ],
)
def test_export_cli_errors(
    runner: CliRunner, db_file: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    args = [a.format(db=db_file, tmp=tmp_path) for a in args]
    if "--db" not in args:
        args += ["--db", str(db_file)]
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert not (tmp_path / "missing.db").exists()  # exporting never creates a ledger


def test_export_cli_parquet_without_pyarrow(
    runner: CliRunner, db_file: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = runner.invoke(app, ["export", "-f", "parquet", "--db", str(db_file), "-o", str(tmp_path / "p")])
    assert result.exit_code == EXIT_ENV
    assert result.stderr.strip().count("\n") == 0  # one line
    assert "pip install 'claimledger[parquet]'" in result.stderr
