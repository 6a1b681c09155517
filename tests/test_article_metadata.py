"""An article's author and site (issue 5: "title, date, author, site"), from every input that
has them to the ledger, on both backends (no model, no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimledger.errors import InputError
from claimledger.export import ExportFormat, export
from claimledger.ingest.feed import iter_feed
from claimledger.ingest.fetch import Fetched
from claimledger.ingest.html import PageHints, article_from_html, join_names, site_name
from claimledger.ingest.sources import iter_articles
from claimledger.ledger import Ledger
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
from tests.news_pages import ARTICLE_PARAGRAPHS, SECOND_PARAGRAPHS, news_page, simple_page

MAX = 1_000_000
BASE = "https://courier.example"


# -- HTML ----------------------------------------------------------------------------------
def test_article_metadata_html_author_and_site_from_the_page() -> None:
    # news_page() has <meta name="author" content="Mara Quint"> and og:site_name "Harbour Gazette".
    article = article_from_html(news_page(), label="p", max_bytes=MAX)
    assert (article.author, article.site, article.source_domain) == (
        "Mara Quint", "Harbour Gazette", "harbourgazette.example")
    record = article.to_dict()
    assert (record["author"], record["site"]) == ("Mara Quint", "Harbour Gazette")
    assert list(record) == ["id", "source", "url", "title", "published", "source_domain", "author", "site",
                            "text"]


def test_article_metadata_html_site_is_never_the_domain_again() -> None:
    # No author and no site name on the page: trafilatura gives the host as the site name,
    # which is source_domain already; a hint (a feed's title) fills in, the page's author none.
    page = simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS)
    bare = article_from_html(page, label="p", max_bytes=MAX, hints=PageHints(url=f"{BASE}/bridge"))
    assert (bare.author, bare.site, bare.source_domain) == (None, None, "courier.example")
    hints = PageHints(url=f"{BASE}/bridge", author="Tomas Ferrant", site="Eastfold Courier")
    hinted = article_from_html(page, label="p", max_bytes=MAX, hints=hints)
    assert (hinted.author, hinted.site) == ("Tomas Ferrant", "Eastfold Courier")
    # The page's own metadata wins over hints.
    own = article_from_html(news_page(), label="p", max_bytes=MAX,
                            hints=PageHints(author="Someone Else", site="Other Paper"))
    assert (own.author, own.site) == ("Mara Quint", "Harbour Gazette")


@pytest.mark.parametrize(
    ("value", "hosts", "expected"),
    [
        ("Reuters", ("https://www.reuters.com/world/x",), "Reuters"),
        ("reuters.com", ("https://www.reuters.com/world/x",), None),
        ("www.Reuters.com", ("reuters.com",), None),
        ("  ", ("reuters.com",), None),
        ("Harbour Gazette", (None,), "Harbour Gazette"),
    ],
)
def test_article_metadata_site_name(value: str, hosts: tuple[str | None, ...], expected: str | None) -> None:
    assert site_name(value, *hosts) == expected


def test_article_metadata_join_names() -> None:
    assert join_names(["Jane Roe", " ", None, "jane roe", 3, " John Doe "]) == "Jane Roe; John Doe"
    assert join_names([]) is None


# -- feeds ---------------------------------------------------------------------------------
class Pages:
    """A fetcher that answers from a dict of URL -> HTML (no network)."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages

    def fetch(self, url: str, **_: Any) -> Fetched:
        return Fetched(url=url, media_type="text/html", body=self.pages[url].encode("utf-8"))


def _pages() -> Pages:
    plain = simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS)
    return Pages({f"{BASE}/{name}": plain for name in ("a", "b", "c", "d")} | {f"{BASE}/own": news_page()})


RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Eastfold Courier</title><link>{BASE}/</link><description>Local news</description>
<item><title>A</title><link>{BASE}/a</link><author>jane@courier.example (Jane Roe)</author></item>
<item><title>B</title><link>{BASE}/b</link>
  <dc:creator>Tomas Ferrant</dc:creator><dc:creator>Ann Bell</dc:creator></item>
<item><title>C</title><link>{BASE}/c</link><author>desk@courier.example</author></item>
<item><title>D</title><link>{BASE}/d</link></item>
<item><title>Own</title><link>{BASE}/own</link><dc:creator>Someone Else</dc:creator></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Eastfold Courier</title>
<id>tag:courier.example,2025:feed</id>
<updated>2025-03-06T10:00:00Z</updated>
<entry><title>A</title><link rel="alternate" href="{BASE}/a"/><id>tag:courier.example,2025:a</id>
<updated>2025-03-05T09:00:00Z</updated>
<author><name>Jane Roe</name><email>jane@courier.example</email></author>
<author><name>Tomas Ferrant</name></author></entry>
</feed>
"""


def test_article_metadata_rss_entry_author_and_feed_title() -> None:
    results = list(iter_feed(RSS.encode(), label="feed.xml", max_bytes=MAX, fetcher=_pages()))
    articles = [r for _, r in results]
    assert all(isinstance(a, Article) for a in articles), articles
    # An RSS <author> is "address (Name)" (feedparser misreads it under a long top-level domain);
    # an address alone is no byline; two dc:creator are two authors.
    assert [(a.author, a.site) for a in articles] == [  # type: ignore[union-attr]
        ("Jane Roe", "Eastfold Courier"),
        ("Tomas Ferrant; Ann Bell", "Eastfold Courier"),
        (None, "Eastfold Courier"),
        (None, "Eastfold Courier"),
        ("Mara Quint", "Harbour Gazette"),  # the page states its own: it wins over the feed
    ]


def test_article_metadata_atom_entry_authors() -> None:
    [(_, article)] = list(iter_feed(ATOM.encode(), label="feed.atom", max_bytes=MAX, fetcher=_pages()))
    assert isinstance(article, Article)
    assert (article.author, article.site) == ("Jane Roe; Tomas Ferrant", "Eastfold Courier")


# -- JSON Lines ----------------------------------------------------------------------------
def test_article_metadata_jsonl_news_please_authors_and_sites(tmp_path: Path) -> None:
    text = " ".join(ARTICLE_PARAGRAPHS[:2])
    lines = [
        # news-please: "authors" is a list; it has no site name.
        {"maintext": text, "url": "https://www.harbourgazette.example/a",
         "authors": ["Mara Quint", "Ines Dahl"]},
        {"text": text + " 2", "author": "Mara Quint", "sitename": "Harbour Gazette"},
        {"text": text + " 3", "authors": ["", "Mara Quint", "Mara Quint"], "site": "Harbour Gazette"},
        {"text": text + " 4", "url": "https://www.harbourgazette.example/d", "site": "harbourgazette.example",
         "authors": []},
        {"text": text + " 5", "authors": "Mara Quint; Ines Dahl", "site": 7},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    results = [r for _, r in iter_articles([str(path)], max_bytes=MAX)]
    assert not [r for r in results if isinstance(r, InputError)]
    assert [(a.author, a.site) for a in results] == [  # type: ignore[union-attr]
        ("Mara Quint; Ines Dahl", None),
        ("Mara Quint", "Harbour Gazette"),
        ("Mara Quint", "Harbour Gazette"),
        (None, None),  # the site is only the domain again: that is source_domain
        ("Mara Quint; Ines Dahl", None),
    ]


# -- the ledger ----------------------------------------------------------------------------
def _record(text: str = " ".join(SECOND_PARAGRAPHS), **metadata: str | None) -> dict[str, Any]:
    return Analysis(Article(text=text, source="bridge.html", url=f"{BASE}/bridge", title="Footbridge rebuilt",
                            published="2025-03-05", **metadata)).to_dict()


def test_article_metadata_stored_and_read_back(ledger: Ledger) -> None:
    record = _record(author="Tomas Ferrant; Ann Bell", site="Eastfold Courier")
    bare = _record(text="The mayor said the bridge would reopen in June.")
    assert ledger.store(record) and ledger.store(bare)
    stored = {row["id"]: row for row in ledger.articles()}
    assert (stored[record["article"]["id"]]["author"], stored[record["article"]["id"]]["site"]) == (
        "Tomas Ferrant; Ann Bell", "Eastfold Courier")
    assert (stored[bare["article"]["id"]]["author"], stored[bare["article"]["id"]]["site"]) == (None, None)


def test_article_metadata_a_record_written_before_author_and_site_still_stores(ledger: Ledger) -> None:
    record = _record()
    del record["article"]["author"], record["article"]["site"]  # a /1 record from before
    assert ledger.store(record)
    [row] = ledger.articles()
    assert (row["author"], row["site"]) == (None, None)


def test_article_metadata_migration_0006_up_and_down_keeps_the_ledger(ledger_url: str) -> None:
    """0006 adds the two columns to a ledger with articles in it (NULL for them), and its
    downgrade drops them without deleting any article or item (no cascade from a table copy)."""
    from sqlalchemy import inspect

    from claimledger.ledger.engine import create_ledger_engine, database_url, downgrade, migrate

    engine = create_ledger_engine(database_url(ledger_url))
    try:
        migrate(engine)
        old = _record(text="The mayor said the bridge would reopen in June.")
        new = _record(author="Tomas Ferrant", site="Eastfold Courier")
        with_items = _record_with_a_quote()
        ledger = Ledger(engine)
        assert ledger.store(old) and ledger.store(with_items)
        before = {name: ledger.count(name) for name in ("articles", "quotes", "claims", "entities")}
        assert before["quotes"] == 1

        downgrade(engine, "0005")
        columns = {c["name"] for c in inspect(engine).get_columns("articles")}
        assert {"author", "site"}.isdisjoint(columns) and "source_domain" in columns
        assert {name: ledger.count(name) for name in before} == before

        migrate(engine, "0006")
        assert ledger.store(new) and not ledger.store(old)
        rows = {row["id"]: (row["author"], row["site"]) for row in Ledger(engine).articles()}
        assert rows[old["article"]["id"]] == (None, None)
        assert rows[new["article"]["id"]] == ("Tomas Ferrant", "Eastfold Courier")
    finally:
        engine.dispose()


def _record_with_a_quote() -> dict[str, Any]:
    text = "Tomas Ferrant said the bridge had passed its load test."
    name = Span.of(text, 0, 13)
    content = Span.of(text, text.index("the bridge"), len(text) - 1)
    speaker = Speaker("E1", "Tomas Ferrant", name)
    article = Article(text=text, source="q.txt", author="Ann Bell", site="Eastfold Courier")
    quote = Quote("Q1", QuoteKind.INDIRECT, content, speaker, cue=Span.of(text, 14, 18))
    entity = Entity("E1", "Tomas Ferrant", "PERSON", (name,))
    return Analysis(article, entities=(entity,), quotes=(quote,)).to_dict()


# -- reading back: the API, export, the web page -------------------------------------------
HOSTILE_AUTHOR = '<script>window.__xss = "author"</script>Ann Bell; Tomas <b>Ferrant</b>'
HOSTILE_SITE = "Eastfold <img src=x onerror=\"window.__xss='site'\"> Courier"


def _denied_record(**metadata: str | None) -> dict[str, Any]:
    """A claim the article reports as denied, so ClaimReview reviews it."""
    text = "Tomas Ferrant said the bridge had passed its load test. The county engineer denied it."
    name = Span.of(text, 0, 13)
    content = Span.of(text, text.index("the bridge"), text.index(". The"))
    denial = Span.of(text, text.index("denied it"), len(text) - 1)
    said_by = Span.of(text, text.index("The county"), text.index(" denied"))
    engineer = Speaker(None, "The county engineer", said_by)
    claim = Claim("C1", content.text, content, Speaker("E1", "Tomas Ferrant", name), standing=Standing.DENIED,
                  evidence=(Evidence("denied", denial, engineer),))
    article = Article(text=text, source="denied.html", url=f"{BASE}/denied", title="Bridge test disputed",
                      published="2025-03-06", **metadata)
    return Analysis(article, entities=(Entity("E1", "Tomas Ferrant", "PERSON", (name,)),),
                    claims=(claim,)).to_dict()


def test_article_metadata_api_article_and_list(ledger: Ledger) -> None:
    from claimledger.api.articles import article, article_list

    record = _record(author="Tomas Ferrant; Ann Bell", site="Eastfold Courier")
    ledger.store(record)
    read = article(ledger, record["article"]["id"])
    assert read["article"] == record["article"]  # the stored record reads back as written
    [listed] = article_list(ledger)
    assert (listed["author"], listed["site"]) == ("Tomas Ferrant; Ann Bell", "Eastfold Courier")


def test_article_metadata_claimreview_appearance(ledger: Ledger, tmp_path: Path) -> None:
    ledger.store(_denied_record(author="Tomas Ferrant; Ann Bell", site="Eastfold Courier"))
    export(ledger, ExportFormat.claimreview, tmp_path / "cr.json")
    [review] = json.loads((tmp_path / "cr.json").read_text("utf-8"))
    appearance = review["itemReviewed"]["appearance"]
    assert appearance["author"] == [{"@type": "Person", "name": "Tomas Ferrant"},
                                    {"@type": "Person", "name": "Ann Bell"}]
    assert appearance["publisher"] == {"@type": "Organization", "name": "Eastfold Courier"}
    # The claim's author is who made the claim, not who wrote the article.
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Tomas Ferrant"}


def test_article_metadata_claimreview_leaves_out_what_is_unknown(ledger: Ledger, tmp_path: Path) -> None:
    ledger.store(_denied_record())
    export(ledger, ExportFormat.claimreview, tmp_path / "cr.json")
    [review] = json.loads((tmp_path / "cr.json").read_text("utf-8"))
    assert {"author", "publisher"}.isdisjoint(review["itemReviewed"]["appearance"])


def test_article_metadata_table_export_has_the_columns(ledger: Ledger, tmp_path: Path) -> None:
    ledger.store(_record(author="Tomas Ferrant", site="Eastfold Courier"))
    export(ledger, ExportFormat.jsonl, tmp_path / "out")
    lines = (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()
    [row] = [json.loads(line) for line in lines]
    assert (row["author"], row["site"]) == ("Tomas Ferrant", "Eastfold Courier")


def test_article_metadata_web_article_page_shows_author_and_site_escaped(tmp_path: Path) -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
    pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx (in the dev extra)")
    from fastapi.testclient import TestClient

    from claimledger.ledger import open_ledger
    from claimledger.web import create_app

    path = str(tmp_path / "web.db")
    signed = _record(author="Tomas Ferrant; Ann Bell", site="Eastfold Courier")
    hostile = _record(text="The mayor said the bridge would reopen in June.", author=HOSTILE_AUTHOR,
                      site=HOSTILE_SITE)
    unsigned = _record(text="The council said the road would close.")
    with open_ledger(path) as ledger:
        for record in (signed, hostile, unsigned):
            ledger.store(record)
    app = create_app(path)
    with TestClient(app) as client:
        page = client.get(f"/articles/{signed['article']['id'][:12]}").text
        assert '<span class="author">By Tomas Ferrant, Ann Bell</span>' in page
        assert '<span class="site">Eastfold Courier</span>' in page
        assert page.index("Footbridge rebuilt") < page.index("By Tomas Ferrant")  # by the title
        twin = client.get(f"/articles/{signed['article']['id']}.json").json()
        assert (twin["article"]["author"], twin["article"]["site"]) == (
            "Tomas Ferrant; Ann Bell", "Eastfold Courier")
        assert "Eastfold Courier" in client.get("/").text

        bare = client.get(f"/articles/{unsigned['article']['id']}").text
        assert 'class="author"' not in bare and 'class="site"' not in bare

        evil = client.get(f"/articles/{hostile['article']['id']}").text + client.get("/").text
        assert "<script>window" not in evil and "<img src=x" not in evil and "<b>" not in evil
        assert "By &lt;script&gt;window.__xss = &#34;author&#34;&lt;/script&gt;Ann Bell, Tomas" in evil
        assert "Tomas &lt;b&gt;Ferrant&lt;/b&gt;" in evil
        assert "Eastfold &lt;img src=x onerror=" in evil
    app.state.web.ledger.close()
