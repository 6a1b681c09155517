"""Full-text search over the ledger, on both backends, with what users (and attackers) type."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from claimledger.errors import LedgerError
from claimledger.ledger import open_ledger, search
from claimledger.ledger import rows as ledger_rows
from claimledger.ledger.search import Fts5Plan, Group, fts5_plan, fts5_string, parse, websearch_text
from claimledger.ledger.store import Ledger
from claimledger.types import Analysis, Article, Claim, Quote, QuoteKind, Span, Speaker, Standing

HOSTILE = [
    "",
    "   ",
    '"',
    '"""',
    '"unbalanced swap',
    'swap"',
    "*",
    "swap*",
    "NEAR(",
    "NEAR(swap talks)",
    "NEAR/2",
    "-",
    "--",
    "- swap",
    "swap -",
    "OR",
    "OR OR",
    "swap OR OR OR",
    "AND",
    "swap AND",
    "NOT swap",
    "^swap",
    "text:swap",
    "{text kind}: swap",
    "(swap",
    "swap)",
    "'; DROP TABLE claims; --",
    "\"'; DROP TABLE claims; --\"",
    "\\",
    "%_",
    "\x00",
    "swap\x00talks",
    "swap\tfriday\r\n",
    "Łódź café “swap”",
    "Zelensky’s",
    "北京 会谈",
    "🙂 swap",
    "swap " * 500,
    '"' * 101,
]


def find(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of(text, start, start + len(words))


def record(
    text: str,
    claims: Sequence[tuple[str, str]] = (),
    quotes: Sequence[tuple[str, str]] = (),
    published: str | None = "2025-05-23",
    standing: Standing = Standing.CLAIMED,
) -> dict[str, Any]:
    """A record whose claims and quotes are (who, words) pairs; the words are in ``text``."""
    def speaker(who: str) -> Speaker:
        return Speaker(None, who, find(text, who) if who in text else None)

    return Analysis(
        Article(text=text, source="test", title=text[:20], published=published),
        quotes=tuple(Quote(f"Q{n}", QuoteKind.INDIRECT, find(text, words), speaker(who))
                     for n, (who, words) in enumerate(quotes, 1)),
        claims=tuple(Claim(f"C{n}", words, find(text, words), speaker(who), standing=standing)
                     for n, (who, words) in enumerate(claims, 1)),
    ).to_dict()


SWAP = (
    "Sergei Lavrov said the prisoner swap would take place on Friday. "
    "Kyiv officials said talks would resume in Istanbul."
)
TRUCE = "Officials said a truce was agreed in Geneva. Lavrov said the swap of prisoners was delayed."
CAFE = "The mayor said the café “Zelensky’s” in Łódź would open on Monday."


@pytest.fixture
def stocked(ledger: Ledger) -> Ledger:
    return stock(ledger)


@pytest.fixture
def sqlite_ledger(tmp_path: Path) -> Iterator[Ledger]:
    """A SQLite ledger whatever the backend under test: for SQLite's own search index."""
    with open_ledger(tmp_path / "search.db") as ledger:
        yield ledger


def stock(ledger: Ledger) -> Ledger:
    ledger.store(record(SWAP, claims=[("Sergei Lavrov", "the prisoner swap would take place on Friday"),
                                      ("Kyiv officials", "talks would resume in Istanbul")],
                        quotes=[("Sergei Lavrov", "the prisoner swap would take place on Friday")]))
    ledger.store(record(TRUCE, claims=[("Officials", "a truce was agreed in Geneva"),
                                       ("Lavrov", "the swap of prisoners was delayed")],
                        published="2025-05-30", standing=Standing.DENIED))
    ledger.store(record(CAFE, quotes=[("The mayor", "the café “Zelensky’s” in Łódź would open on Monday")],
                        published=None))
    return ledger


def texts(hits: list[dict[str, Any]]) -> list[str]:
    return sorted(hit["text"] for hit in hits)


# -- parsing: pure, no database -----------------------------------------------------

@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("swap talks", [Group(("swap", "talks"))]),
        ('"prisoner swap" friday', [Group(("prisoner swap", "friday"))]),
        ("swap -friday", [Group(("swap",), ("friday",))]),
        ('swap -"on friday"', [Group(("swap",), ("on friday",))]),
        ("swap or truce", [Group(("swap",)), Group(("truce",))]),
        ("swap talks OR truce", [Group(("swap", "talks")), Group(("truce",))]),
        ("OR swap OR OR truce OR", [Group(("swap",)), Group(("truce",))]),
        ("-swap", [Group((), ("swap",))]),
        ("--swap", [Group((), ("swap",))]),
        ("- swap", [Group(("swap",))]),  # a lone dash excludes nothing
        ("co-operate", [Group(("co-operate",))]),
        ('"unbalanced swap', [Group(("unbalanced swap",))]),
        ('say "so  \n  what', [Group(("say", "so what"))]),
        ("NEAR(swap talks)", [Group(("NEAR(swap", "talks)"))]),
        ("'; DROP TABLE claims; --", [Group(("DROP", "TABLE", "claims;"))]),
        ("", []),
        ("* ( ) ^ : -- \" '", []),
        ("OR OR", []),
        ("swap\x00talks\x1f", [Group(("swap", "talks"))]),  # PostgreSQL refuses NUL in text
        ("-or", [Group((), ("or",))]),
    ],
)
def test_ledger_search_parse(text: str, groups: list[Group]) -> None:
    assert list(parse(text).groups) == groups


def test_ledger_search_fts5_terms_are_always_strings() -> None:
    assert fts5_string('say "no"') == '"say ""no"""'
    plan = fts5_plan(parse("NEAR(swap AND talks) -kyiv or truce"))
    assert plan.expression == '(("NEAR(swap" AND "AND" AND "talks)") NOT ("kyiv")) OR ("truce")'
    assert not plan.negated


def test_ledger_search_fts5_exclusions_only_are_answered_by_the_complement() -> None:
    assert fts5_plan(parse("-kyiv")) == Fts5Plan('("kyiv")', negated=True)
    plan = fts5_plan(parse("swap or -kyiv -istanbul"))
    assert (plan.expression, plan.negated) == ('(("kyiv" OR "istanbul")) NOT (("swap"))', True)


def test_ledger_search_websearch_text_quotes_every_term() -> None:
    assert websearch_text(parse('swap -"on friday" OR truce*')) == '"swap" -"on friday" or "truce*"'


@pytest.mark.parametrize("text", HOSTILE)
def test_ledger_search_fts5_accepts_every_hostile_query(text: str) -> None:
    """Whatever is typed, FTS5 parses what we make of it (no 'fts5: syntax error')."""
    query = parse(text)
    if not query:
        return
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE search USING fts5(text, tokenize='unicode61')")
    connection.execute("INSERT INTO search VALUES ('the prisoner swap')")
    match = "SELECT rowid FROM search WHERE search MATCH ?"
    connection.execute(match, (fts5_plan(query).expression,)).fetchall()


# -- on both backends ---------------------------------------------------------------

def test_ledger_search_hostile_queries_never_raise(stocked: Ledger) -> None:
    # One ledger for all of them (a PostgreSQL database per case would cost 40 x 0.1 s).
    for text in HOSTILE:
        assert isinstance(stocked.search(text), list), text
        assert isinstance(stocked.claims(about=text), list), text
        assert isinstance(stocked.quotes(about=text), list), text
    assert texts(stocked.search("'; DROP TABLE claims; --")) == []
    assert stocked.count("claims") == 4 and stocked.count("articles") == 3  # nothing dropped
    assert len(stocked.search("swap")) == 3


def test_ledger_search_empty_queries_find_nothing(stocked: Ledger) -> None:
    for text in ["", "   ", "*", "-", "OR OR", "()", '""', "“ ” ‘ ’", "\x00"]:
        assert stocked.search(text) == [], text
        assert stocked.claims(about=text) == [], text
        assert stocked.quotes(about=text) == [], text


def test_ledger_search_finds_the_right_rows(stocked: Ledger) -> None:
    hits = stocked.search("swap")
    assert sorted((hit["kind"], hit["id"], hit["published"]) for hit in hits) == [
        ("claim", "C1", "2025-05-23"), ("claim", "C2", "2025-05-30"), ("quote", "Q1", "2025-05-23")]
    assert texts(stocked.search("istanbul")) == ["talks would resume in Istanbul"]
    assert texts(stocked.search("ISTANBUL talks")) == ["talks would resume in Istanbul"]
    assert stocked.search("istanbul geneva") == []


def test_ledger_search_hit_fields(stocked: Ledger) -> None:
    [hit] = stocked.search("geneva")
    assert list(hit) == ["kind", "article_id", "id", "text", "who", "published", "title", "start", "end",
                         "rank"]
    assert (hit["kind"], hit["id"], hit["who"], hit["title"]) == ("claim", "C1", "Officials", TRUCE[:20])
    assert TRUCE[hit["start"]:hit["end"]] == hit["text"] == "a truce was agreed in Geneva"
    assert isinstance(hit["rank"], float)


def test_ledger_search_phrases(stocked: Ledger) -> None:
    assert texts(stocked.search('"prisoner swap"')) == [
        "the prisoner swap would take place on Friday"] * 2
    assert texts(stocked.search('"swap prisoner"')) == []
    assert texts(stocked.search('"truce was agreed"')) == ["a truce was agreed in Geneva"]


def test_ledger_search_exclusions(stocked: Ledger) -> None:
    assert texts(stocked.search("swap -friday")) == ["the swap of prisoners was delayed"]
    assert texts(stocked.search('swap -"take place"')) == ["the swap of prisoners was delayed"]
    assert texts(stocked.search("swap -friday -delayed")) == []
    # Only exclusions: everything else (nothing to rank, so rank 0).
    hits = stocked.search("-swap", kind="claim")
    assert texts(hits) == ["a truce was agreed in Geneva", "talks would resume in Istanbul"]
    assert {hit["rank"] for hit in hits} == {0.0}


def test_ledger_search_or(stocked: Ledger) -> None:
    assert texts(stocked.search("geneva or istanbul")) == [
        "a truce was agreed in Geneva", "talks would resume in Istanbul"]
    # AND binds tighter than OR: (talks AND geneva) OR delayed
    assert texts(stocked.search("talks geneva OR delayed")) == ["the swap of prisoners was delayed"]
    assert texts(stocked.search("friday -swap or geneva")) == ["a truce was agreed in Geneva"]


def test_ledger_search_unicode(stocked: Ledger) -> None:
    [hit] = stocked.search("Łódź")
    assert (hit["kind"], hit["published"]) == ("quote", None)
    assert hit["text"] == "the café “Zelensky’s” in Łódź would open on Monday"
    assert texts(stocked.search("café łódź")) == [hit["text"]]
    assert texts(stocked.search("“Zelensky’s”")) == [hit["text"]]
    assert texts(stocked.search('"Zelensky’s in"')) == [hit["text"]]


def test_ledger_search_kind_and_limit(stocked: Ledger) -> None:
    assert {hit["kind"] for hit in stocked.search("swap", kind="quote")} == {"quote"}
    assert {hit["kind"] for hit in stocked.search("swap", kind="claim")} == {"claim"}
    assert len(stocked.search("swap", limit=2)) == 2
    assert stocked.search("swap", limit=0) == []
    with pytest.raises(LedgerError, match="kind"):
        stocked.search("swap", kind="event")


def test_ledger_search_best_first(ledger: Ledger) -> None:
    text = ("Aides said ceasefire talks were held. The envoy said a ceasefire, a real ceasefire, "
            "was the only ceasefire worth having. Farmers said the harvest was late. "
            "Bankers said rates would rise. Doctors said the clinic had reopened.")
    ledger.store(record(text, claims=[
        ("Aides", "ceasefire talks were held"),
        ("The envoy", "a ceasefire, a real ceasefire, was the only ceasefire worth having"),
        ("Farmers", "the harvest was late"), ("Bankers", "rates would rise"),
        ("Doctors", "the clinic had reopened")]))
    hits = ledger.search("ceasefire")
    assert [hit["id"] for hit in hits] == ["C2", "C1"]
    assert hits[0]["rank"] > hits[1]["rank"]


def test_ledger_search_about_filters_claims_and_quotes(stocked: Ledger) -> None:
    assert [c["text"] for c in stocked.claims(about="swap")] == [
        "the prisoner swap would take place on Friday", "the swap of prisoners was delayed"]
    assert [c["text"] for c in stocked.claims(about="swap", standing="denied")] == [
        "the swap of prisoners was delayed"]
    assert stocked.claims(about="swap", source="officials") == []
    assert [c["id"] for c in stocked.claims(about="-swap")] == ["C2", "C1"]  # oldest article first
    assert [q["id"] for q in stocked.quotes(about='"prisoner swap"', speaker="lavrov")] == ["Q1"]
    assert stocked.quotes(about="geneva") == []
    assert len(stocked.quotes(about=None)) == len(stocked.quotes()) == 2


def test_ledger_search_follows_deletes(stocked: Ledger) -> None:
    from claimledger.ledger import schema

    with stocked.engine.begin() as connection:
        connection.execute(schema.articles.delete().where(schema.articles.c.published == "2025-05-30"))
    assert texts(stocked.search("swap")) == ["the prisoner swap would take place on Friday"] * 2


def _sqlite_index(ledger: Ledger) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(kind, article, item, words) of each entry of SQLite's index, and of each stored item."""
    with ledger.engine.connect() as connection:
        indexed = connection.exec_driver_sql(
            "SELECT k.kind, k.article_id, k.item_id, t.text FROM search_keys k "
            "JOIN search_text t ON t.rowid = k.id").all()
        keys = connection.exec_driver_sql("SELECT count(*) FROM search_keys").scalar_one()
        rows = connection.exec_driver_sql("SELECT count(*) FROM search_text").scalar_one()
        items = connection.exec_driver_sql(
            "SELECT 'quote', article_id, id, content_text FROM quotes "
            "UNION ALL SELECT 'claim', article_id, id, text FROM claims").all()
    assert keys == rows == len(indexed)  # no key without words, no words without a key
    return sorted(map(tuple, indexed)), sorted(map(tuple, items))


def test_ledger_search_index_holds_every_item_once(sqlite_ledger: Ledger) -> None:
    """The store indexes the items it inserts, whichever way they go in: one article a
    transaction, a batch, a batch that falls back to one at a time (a refused record),
    an article under a savepoint; a record refused wholly leaves nothing in the index."""
    ledger = sqlite_ledger
    ledger.store(record(SWAP, claims=[("Kyiv officials", "talks would resume in Istanbul")],
                        quotes=[("Sergei Lavrov", "the prisoner swap would take place on Friday")]))
    bad = record(CAFE, quotes=[("The mayor", "would open on Monday")])
    bad["quotes"].append(dict(bad["quotes"][0]))  # two quotes Q1: the database refuses the record
    with ledger.transaction() as connection:
        inserted = ledger.insert_many(connection, [
            record(TRUCE, claims=[("Officials", "a truce was agreed in Geneva"),
                                  ("Lavrov", "the swap of prisoners was delayed")]),
            bad,
            record(SWAP + " Both sides confirmed it.", claims=[("Both sides", "Both sides confirmed it")]),
        ])
        ledger.store_in(connection, record(CAFE + " ", quotes=[("The mayor", "would open on Monday")]))
    assert [outcome is True for outcome in inserted.outcomes] == [True, False, True]
    indexed, items = _sqlite_index(ledger)
    assert indexed == items and len(items) == 6
    assert texts(ledger.search("confirmed")) == ["Both sides confirmed it"]


def test_ledger_search_index_keys_go_on_after_deletes(sqlite_ledger: Ledger) -> None:
    """Keys are taken after the highest in use: none is reused by two items, even when the
    items with the highest keys were deleted in between."""
    from claimledger.ledger import schema

    stocked = stock(sqlite_ledger)

    with stocked.engine.begin() as connection:
        connection.execute(schema.articles.delete().where(schema.articles.c.published.is_(None)))
    stocked.store(record(CAFE + " Again.", quotes=[("The mayor", "would open on Monday")]))
    indexed, items = _sqlite_index(stocked)
    assert indexed == items
    assert texts(stocked.search("monday")) == ["would open on Monday"]


def test_ledger_search_migration_0009_moves_indexing_into_the_store(tmp_path: Path) -> None:
    """At head no trigger indexes inserted items (the store does); 0009's downgrade gives
    0005's insert triggers back, and they index what is inserted by hand."""
    from sqlalchemy import insert, select

    from claimledger.ledger import schema
    from claimledger.ledger.engine import create_ledger_engine, database_url, downgrade, migrate

    engine = create_ledger_engine(database_url(tmp_path / "l.db"))
    migrate(engine)

    def triggers() -> list[str]:
        with engine.connect() as connection:
            return sorted(connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())

    assert triggers() == ["search_claims_delete", "search_quotes_delete"]
    ledger = Ledger(engine)
    ledger.store(record(SWAP, claims=[("Kyiv officials", "talks would resume in Istanbul")]))
    downgrade(engine, "0008")
    assert triggers() == ["search_claims_delete", "search_claims_insert",
                          "search_quotes_delete", "search_quotes_insert"]
    with engine.begin() as connection:  # by hand: SQLAlchemy's insert, not the store's
        claim = dict(connection.execute(select(schema.claims)).mappings().one())
        connection.execute(insert(schema.claims), [{**claim, "id": "C9", "text": "resume by hand"}])
    migrate(engine)
    assert triggers() == ["search_claims_delete", "search_quotes_delete"]
    assert texts(ledger.search("hand")) == ["resume by hand"]
    indexed, items = _sqlite_index(ledger)
    assert indexed == items
    engine.dispose()


def test_ledger_search_names(stocked: Ledger, ledger_backend: str) -> None:
    """PostgreSQL also searches who said it; SQLite's FTS5 table (0001) holds the text only."""
    found = texts(stocked.search("Kyiv officials"))
    if ledger_backend == "postgresql":
        assert found == ["talks would resume in Istanbul"]
    else:
        assert found == []


def test_ledger_search_postgresql_stems_english(stocked: Ledger, ledger_backend: str) -> None:
    """A documented difference: PostgreSQL's 'english' configuration stems, FTS5 does not."""
    found = texts(stocked.search("swaps"))
    assert len(found) == (3 if ledger_backend == "postgresql" else 0)


def test_ledger_search_on_a_memory_ledger() -> None:
    with open_ledger(":memory:") as ledger:
        ledger.store(record(SWAP, claims=[("Kyiv officials", "talks would resume in Istanbul")]))
        assert texts(ledger.search("istanbul")) == ["talks would resume in Istanbul"]


def test_ledger_search_migration_0005_moves_the_index(tmp_path: Path) -> None:
    """A ledger stocked under 0001's FTS5 table finds the same after 0005 (SQLite), and
    downgrading gives 0001's table back, filled."""
    from claimledger.ledger.engine import create_ledger_engine, database_url, downgrade, migrate

    engine = create_ledger_engine(database_url(tmp_path / "old.db"))
    migrate(engine, "0004")
    old = Ledger(engine)
    article_row = ledger_rows.article_row

    def before_0006(*args: Any) -> dict[str, Any]:  # 0004's articles table has no author, site
        return {k: v for k, v in article_row(*args).items() if k not in ("author", "site")}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ledger_rows, "article_row", before_0006)
        # 0001's triggers index what is stored at 0004; 0009's store-side indexing is not there yet
        patch.setattr(search, "index_sqlite", lambda *_args: None)
        old.store(record(SWAP, claims=[("Kyiv officials", "talks would resume in Istanbul")],
                         quotes=[("Sergei Lavrov", "the prisoner swap would take place on Friday")]))
    migrate(engine)
    ledger = Ledger(engine)
    assert texts(ledger.search("would")) == ["talks would resume in Istanbul",
                                             "the prisoner swap would take place on Friday"]
    assert [c["text"] for c in ledger.claims(about="istanbul")] == ["talks would resume in Istanbul"]
    ledger.store(record(TRUCE, claims=[("Lavrov", "the swap of prisoners was delayed")]))
    assert len(ledger.search("swap")) == 2

    downgrade(engine, "0004")
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT kind, item_id FROM search WHERE search MATCH 'swap' ORDER BY kind, item_id").all()
    assert [tuple(row) for row in rows] == [("claim", "C1"), ("quote", "Q1")]
    engine.dispose()
