"""The web app through FastAPI's TestClient (no browser): pages, JSON twins, the REST API,
errors, the token, read-only, the CSP and escaping. Browser tests: tests/test_web_browser.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
pytest.importorskip("httpx", reason="FastAPI's TestClient needs httpx (in the dev extra)")

from fastapi.testclient import TestClient  # noqa: E402

from claimledger.api import queries  # noqa: E402
from claimledger.api.ingest import ingest  # noqa: E402
from claimledger.cli.serve import is_loopback  # noqa: E402
from claimledger.ledger import Ledger, open_ledger  # noqa: E402
from claimledger.web import create_app  # noqa: E402
from claimledger.web.app import CSP  # noqa: E402
from tests.web_ledger import (  # noqa: E402
    EXAMPLE,
    FOLLOW_UPS,
    SETTINGS,
    XSS_TEXT,
    ingest_story,
    store_hostile,
)

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory, analyzer: Any) -> tuple[str, str]:
    """A SQLite ledger with the story and the hostile article; (its path, the hostile id)."""
    path = str(tmp_path_factory.mktemp("web") / "ledger.db")
    with open_ledger(path) as ledger:
        ingest_story(ledger, analyzer.analyze_many)
        hostile = store_hostile(ledger, analyzer.analyze_many)
    return path, hostile


@pytest.fixture(scope="module")
def client(story_db: tuple[str, str], analyzer: Any) -> Iterator[TestClient]:
    app = create_app(story_db[0], analyse_many=analyzer.analyze_many)
    with TestClient(app) as test_client:
        yield test_client
    app.state.web.ledger.close()


def example_id(client: TestClient) -> str:
    [row] = [a for a in client.get("/api/articles").json() if a["source"].endswith("prisoner-swap.txt")]
    return str(row["id"])


def swap_claim(client: TestClient) -> dict[str, Any]:
    rows = client.get("/api/claims", params={"source": "Trump"}).json()
    [found] = [c for c in rows if c["text"] == "the swap was complete"]
    return dict(found)


# -- pages and their JSON twins ------------------------------------------------------------
def test_web_article_page_highlights_every_quote_and_claim(client: TestClient) -> None:
    ident = example_id(client)
    record = client.get(f"/api/articles/{ident}").json()
    html = client.get(f"/articles/{ident[:12]}").text
    assert record["quotes"] and record["claims"]
    for item in record["quotes"] + record["claims"]:
        assert re.search(rf'data-items="[^"]*\b{item["id"]}\b', html), item["id"]
        assert f'id="detail-{item["id"]}"' in html
    swap = next(c for c in record["claims"] if c["text"] == "the swap was complete")
    assert swap["standing"] == "unconfirmed"
    assert f'id="detail-{swap["id"]}" data-kind="claim" data-standing="unconfirmed"' in html
    assert "there was no confirmation from either side" in html  # its evidence, quoted
    assert "Who is quoted" in html and "Timeline" in html and "Donald Trump" in html


def test_web_article_segments_cover_the_text_exactly(client: TestClient) -> None:
    """The highlighted page keeps the exact text: the segments join back into it."""
    ident = example_id(client)
    html = client.get(f"/articles/{ident}").text
    body = re.search(r'<article id="text" class="text">(.*?)</article>', html, re.S)
    assert body is not None
    import html as html_lib

    text = html_lib.unescape(re.sub(r"<[^>]+>", "", body.group(1)))
    assert text == EXAMPLE.read_text("utf-8")


@pytest.mark.parametrize(
    "path",
    ["/", "/claims", "/people", "/events", "/search?q=swap", "/analyse", "/claims?standing=confirmed"],
)
def test_web_pages_and_their_json_twins(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    bare, _, query = path.partition("?")
    twin = client.get(("/index" if bare == "/" else bare) + ".json" + (f"?{query}" if query else ""))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    negotiated = client.get(path, headers={"accept": "application/json"})
    assert negotiated.json() == twin.json()


def test_web_claims_page_filters_and_links_to_story(client: TestClient) -> None:
    claim = swap_claim(client)
    data = client.get("/claims.json", params={"source": "Trump", "about": "swap complete"}).json()
    assert [c["id"] for c in data["claims"]] == [claim["id"]]
    html = client.get("/claims", params={"source": "Trump"}).text
    assert f'href="/story/{claim["story"]}"' in html
    confirmed = client.get("/claims.json", params={"standing": "confirmed"}).json()["claims"]
    assert claim["id"] in [c["id"] for c in confirmed]


def test_web_story_page_dated_history_with_evidence(client: TestClient) -> None:
    claim = swap_claim(client)
    told = client.get(f"/story/{claim['story']}.json").json()["story"]
    assert (told["standing"], told["since"]) == ("confirmed", "2025-05-25")
    html = client.get(f"/story/{claim['story']}").text
    assert 'id="standing-now">confirmed' in html
    for entry in told["history"]:
        assert entry["date"] in html
        assert entry["evidence"]["text"].replace("“", "").split()[0] in html


def test_web_people_person_and_events(client: TestClient) -> None:
    people = client.get("/people.json").json()["people"]
    trump = next(p for p in people if p["name"] == "Donald Trump")
    person = client.get(f"/people/{trump['id']}.json").json()["person"]
    assert person["quotes"] and all(q["speaker_entity"] == trump["id"] for q in person["quotes"])
    assert any(c["text"] == "the swap was complete" for c in person["claims"])
    events = client.get("/events.json").json()["events"]
    swap = next(e for e in events if e["type"] == "exchange_prisoners" and e["articles"] >= 2)
    html = client.get(f"/story/{swap['id']}").text
    assert "Reports" in html and "prisoner swap" in html


# -- the REST API and its errors -------------------------------------------------------------
def test_web_api_lists_and_openapi(client: TestClient, story_db: tuple[str, str]) -> None:
    with open_ledger(story_db[0]) as ledger:
        expected = queries.claims(ledger, about="swap")
    assert client.get("/api/claims", params={"about": "swap", "limit": 0}).json() == expected
    for path in ("/api/quotes", "/api/entities", "/api/events", "/api/search?q=swap"):
        response = client.get(path)
        assert response.status_code == 200 and isinstance(response.json(), list), path
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/articles", "/api/claims", "/api/story/{ident}", "/api/analyse", "/api/export"):
        assert path in spec["paths"], path
    lines = client.get("/api/export").text.splitlines()
    assert lines and all(line.startswith("{") for line in lines)


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/articles/0000000000", 404, "not_found"),
        ("/api/story/nothex:C1", 400, "ledger"),
        ("/api/claims?standing=maybe", 400, "ledger"),
        ("/api/claims?since=yesterday", 422, "invalid"),
        ("/api/search", 422, "invalid"),
        ("/api/nothing", 404, "not_found"),
        ("/articles/0000000000.json", 404, "not_found"),
    ],
)
def test_web_errors_have_one_json_shape(client: TestClient, path: str, status: int, code: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]


def test_web_error_page_is_html(client: TestClient) -> None:
    response = client.get("/articles/0000000000")
    assert response.status_code == 404 and "<h1>Error 404</h1>" in response.text


# -- security -------------------------------------------------------------------------------
def test_web_every_response_carries_the_csp(client: TestClient) -> None:
    for path in ("/", "/api/claims", "/static/app.js", "/api/nothing"):
        assert client.get(path).headers["content-security-policy"] == CSP
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
    html = client.get("/").text
    assert "<script>" not in html and '<script src="/static/app.js" defer></script>' in html


def test_web_hostile_article_only_escaped(client: TestClient, story_db: tuple[str, str]) -> None:
    hostile = story_db[1]
    pages = [client.get(f"/articles/{hostile}").text, client.get("/").text]
    pages.append(client.get("/claims").text)
    pages.append(client.get("/search", params={"q": "budget"}).text)
    for html in pages:
        assert "<script>window" not in html and "<img src=x" not in html
        assert 'href="javascript' not in html and 'onerror="window' not in html
    article = pages[0]
    assert "&lt;script&gt;window.__xss = &#34;title&#34;&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=" in article and "&lt;a href=&#34;javascript:" in article
    assert "javascript:window.__xss=&#39;url&#39;" in article  # the URL shown as text, not a link
    assert "By &lt;script&gt;window.__xss = &#34;author&#34;&lt;/script&gt;Ann &lt;b onmouseover=" in article
    assert "Courier &lt;img src=x onerror=" in article and "<b onmouseover" not in article
    assert client.get(f"/api/articles/{hostile}").json()["article"]["text"] == XSS_TEXT


def test_web_post_refused_beyond_loopback_without_token(story_db: tuple[str, str], analyzer: Any) -> None:
    body = {"text": "The mayor said the bridge would reopen.", "published": "2025-06-01"}
    with TestClient(create_app(story_db[0], loopback_only=False, analyse_many=analyzer.analyze_many)) as c:
        response = c.post("/api/analyse", json=body)
        assert response.status_code == 403 and response.json()["error"]["code"] == "token_required"
        assert c.post("/analyse", data=body).status_code == 403
    app = create_app(story_db[0], loopback_only=False, token="s3cret", analyse_many=analyzer.analyze_many)
    with TestClient(app) as c:
        assert c.post("/api/analyse", json=body).json()["error"]["code"] == "unauthorized"
        wrong = c.post("/api/analyse", json=body, headers={"x-claimledger-token": "guess"})
        assert wrong.status_code == 401
        right = c.post("/api/analyse", json=body, headers={"x-claimledger-token": "s3cret"})
        assert right.status_code == 200 and right.json()["stored"] is False
        bearer = c.post("/api/analyse", json=body, headers={"authorization": "Bearer s3cret"})
        assert bearer.status_code == 200
        assert c.post("/analyse", data={**body, "token": "s3cret"}).status_code == 200


def test_web_cross_origin_post_refused(client: TestClient) -> None:
    response = client.post(
        "/api/analyse", json={"text": "x said y."}, headers={"origin": "https://evil.example"}
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "cross_origin"


def test_web_read_only_refuses_every_write(tmp_path: Path, story_db: tuple[str, str], analyzer: Any) -> None:
    import shutil

    path = tmp_path / "copy.db"
    shutil.copy(story_db[0], path)
    text = "The mayor said on Tuesday that the bridge would reopen in June."
    app = create_app(str(path), read_only=True, analyse_many=analyzer.analyze_many)
    with TestClient(app) as c:
        stored = c.post("/api/analyse", json={"text": text, "store": True})
        assert stored.status_code == 403 and stored.json()["error"]["code"] == "read_only"
        form = c.post("/analyse", data={"text": text, "store": "1"}, follow_redirects=False)
        assert form.status_code == 403
        assert c.post("/api/analyse", json={"text": text}).status_code == 200  # reading is no write
        assert "disabled" in c.get("/analyse").text
    app.state.web.ledger.close()
    with open_ledger(path) as ledger:
        assert not any(a["source"] == "web" for a in ledger.articles())


def test_web_request_size_limit(story_db: tuple[str, str]) -> None:
    app = create_app(story_db[0], max_request_bytes=1000)
    with TestClient(app) as c:
        response = c.post("/api/analyse", json={"text": "word " * 500})
        assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"

        def chunks() -> Iterator[bytes]:
            yield b'{"text": "'
            for _ in range(50):
                yield b"word " * 10
            yield b'"}'

        streamed = c.post("/api/analyse", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


def test_web_analyse_form_shows_and_stores(ledger: Ledger, analyzer: Any) -> None:
    """On both backends: analyse without storing shows the page; with "store" it is stored,
    linked, and the browser goes to its page."""
    text = EXAMPLE.read_text("utf-8")
    app = create_app(
        ledger.url if "postgresql" in ledger.url else str(ledger.engine.url.database),
        analyse_many=analyzer.analyze_many,
    )
    with TestClient(app) as c:
        shown = c.post("/analyse", data={"text": text, "published": "2025-05-23"})
        assert shown.status_code == 200 and "not stored" in shown.text
        assert 'data-standing="unconfirmed"' in shown.text
        assert ledger.count("articles") == 0
        stored = c.post(
            "/analyse", data={"text": text, "published": "2025-05-23", "store": "1"}, follow_redirects=False
        )
        assert stored.status_code == 303 and stored.headers["location"].startswith("/articles/")
        page = c.get(stored.headers["location"])
        assert page.status_code == 200 and "in the ledger" in page.text
        assert ledger.count("articles") == 1
        again = c.post("/api/analyse", json={"text": text, "published": "2025-05-23", "store": True})
        assert again.json()["stored"] is False and ledger.count("articles") == 1
        bad = c.post("/analyse", data={"text": text, "published": "23/05/2025"})
        assert bad.status_code == 422
        # The page is cached until linking writes again: the follow-ups confirm the swap.
        trump = {"source": "Trump", "about": "swap complete"}
        assert "confirmed across the ledger" not in c.get(stored.headers["location"]).text
        assert [r["standing"] for r in c.get("/api/claims", params=trump).json()] == ["unconfirmed"]
        ingest(ledger, [str(FOLLOW_UPS)], settings=SETTINGS, analyse=analyzer.analyze_many)
        assert "confirmed across the ledger" in c.get(stored.headers["location"]).text
        assert [r["standing"] for r in c.get("/api/claims", params=trump).json()] == ["confirmed"]
    app.state.web.ledger.close()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_web_serve_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_web_serve_command_refuses_a_missing_ledger_when_read_only(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimledger.cli.main import app

    runner = CliRunner()
    missing = tmp_path / "nothing.db"
    result = runner.invoke(app, ["serve", "--db", str(missing), "--read-only"])
    assert result.exit_code == 3 and "no ledger at" in result.output
    assert not missing.exists()
    help_text = runner.invoke(app, ["serve", "--help"]).output
    for option in ("--db", "--host", "--port", "--read-only"):
        assert option in help_text


def test_web_empty_ledger_pages(tmp_path: Path) -> None:
    app = create_app(str(tmp_path / "empty.db"))
    with TestClient(app) as c:
        for path in ("/", "/claims", "/people", "/events", "/search?q=anything", "/analyse", "/api/export"):
            assert c.get(path).status_code == 200, path
        assert "The ledger is empty" in c.get("/").text
        assert c.get("/index.json").json() == {"articles": []}
    app.state.web.ledger.close()


class PageFetcher:
    """Answers every URL with one HTML page, as the ingest Fetcher would (no network)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.urls: list[str] = []

    def fetch(self, url: str, **_: Any) -> Any:
        from claimledger.ingest.fetch import Fetched

        self.urls.append(url)
        return Fetched(url=url, media_type="text/html", body=self.html.encode("utf-8"))


def test_web_analyse_a_url_only_when_fetching_is_on(tmp_path: Path, analyzer: Any) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in EXAMPLE.read_text("utf-8").splitlines() if line.strip())
    html = (
        f"<html><head><title>Prisoner swap</title></head><body><article>{paragraphs}</article></body></html>"
    )
    url = "https://news.example/2025/05/23/swap"
    off = create_app(str(tmp_path / "off.db"), analyse_many=analyzer.analyze_many)
    with TestClient(off) as c:
        refused = c.post("/api/analyse", json={"url": url})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "fetch_off"
        assert 'name="url"' not in c.get("/analyse").text
    off.state.web.ledger.close()
    fetcher = PageFetcher(html)
    on = create_app(str(tmp_path / "on.db"), analyse_many=analyzer.analyze_many, fetcher=fetcher)
    with TestClient(on) as c:
        assert 'name="url"' in c.get("/analyse").text
        answer = c.post("/api/analyse", json={"url": url, "published": "2025-05-23"}).json()
        record = answer["record"]
        assert fetcher.urls == [url] and record["article"]["url"] == url
        assert any(q["speaker"]["name"] == "Donald Trump" for q in record["quotes"] if q["speaker"])
        page = c.post("/analyse", data={"url": url, "published": "2025-05-23"})
        assert page.status_code == 200 and "Donald Trump" in page.text
        bad = c.post("/api/analyse", json={"url": "file:///etc/passwd"})
        assert bad.status_code == 422
    on.state.web.ledger.close()
