"""Fetching URLs and following feeds, against a web server on 127.0.0.1 (no other network).

Requests to the test server need ``allow_private=True``: 127.0.0.1 is exactly what a
default fetcher refuses. Where a test needs a public-looking host, name resolution and the
socket are replaced (monkeypatch), so the request still only reaches 127.0.0.1.
"""

from __future__ import annotations

import gzip
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.errors import InputError
from claimledger.ingest import fetch
from claimledger.ingest.fetch import Fetcher, is_public
from claimledger.ingest.sources import iter_articles
from claimledger.ledger import Ledger
from claimledger.settings import Settings
from claimledger.types import Analysis, Article
from tests.news_pages import (
    ARTICLE_PARAGRAPHS,
    FRENCH_TEXT,
    SECOND_PARAGRAPHS,
    Route,
    atom,
    news_page,
    rss,
    serve,
    simple_page,
)

MAX = 1_000_000
PUBLIC = "93.184.215.14"  # a globally routable address; connections to it go to 127.0.0.1 here


def fetcher(**kwargs: object) -> Fetcher:
    options: dict[str, object] = {"max_bytes": 4 * MAX, "allow_private": True, "host_interval": 0.0}
    options.update(kwargs)
    return Fetcher(**options)  # type: ignore[arg-type]


def page(html: str) -> Route:
    return Route(body=html.encode("utf-8"))


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True), ("2606:4700::1111", True),
        ("127.0.0.1", False), ("127.8.9.10", False), ("::1", False), ("0.0.0.0", False),
        ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False), ("100.64.0.1", False),
        ("169.254.169.254", False), ("fe80::1%eth0", False), ("fc00::1", False),
        ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False),
        ("224.0.0.1", False), ("240.0.0.1", False), ("192.0.2.1", False),
    ],
)
def test_fetch_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_fetch_refuses_127_by_default_and_allows_it_with_allow_private() -> None:
    with serve({"/story": page(simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS))}) as server:
        url = f"{server.base}/story"
        [(label, refused)] = list(iter_articles([url], max_bytes=MAX))
        assert label == url and isinstance(refused, InputError) and refused.reason == "private_address"
        assert "--allow-private" in str(refused)
        assert server.requests == []  # refused before connecting
        [(_, article)] = list(iter_articles([url], max_bytes=MAX, allow_private=True))
    assert isinstance(article, Article) and SECOND_PARAGRAPHS[0] in article.text
    assert article.url == url and article.source_domain == "127.0.0.1"
    [(path, agent)] = server.requests
    assert path == "/story" and agent.startswith("claimledger/") and "+https://" in agent


def test_fetch_localhost_name_is_refused_too() -> None:
    story = page(simple_page("x", SECOND_PARAGRAPHS))
    with serve({"/": story}) as server, pytest.raises(InputError) as caught:
        Fetcher(max_bytes=MAX).fetch(f"http://localhost:{server.port}/")
    assert caught.value.reason == "private_address" and server.requests == []


def test_fetch_redirect_from_a_public_host_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = {"news.example": [PUBLIC], "intranet.example": ["10.0.0.5"], "127.0.0.1": ["127.0.0.1"]}

    def connect_locally(address: str, port: int, timeout: float) -> socket.socket:
        assert address == PUBLIC, f"connected to {address}"  # never to the refused address
        return socket.create_connection(("127.0.0.1", port), timeout)

    monkeypatch.setattr(fetch, "resolve", lambda host, port: names[host])
    monkeypatch.setattr(fetch, "open_socket", connect_locally)
    story = page(simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS))
    with serve({"/story": story}) as server:
        port = server.port
        server.routes["/to-intranet"] = Route(302, headers={"Location": f"http://intranet.example:{port}/story"})
        server.routes["/to-loopback"] = Route(301, headers={"Location": f"http://127.0.0.1:{port}/story"})
        server.routes["/to-story"] = Route(307, headers={"Location": "/story"})
        public = Fetcher(max_bytes=MAX, host_interval=0.0)
        for hop in ("/to-intranet", "/to-loopback"):
            with pytest.raises(InputError) as caught:
                public.fetch(f"http://news.example:{port}{hop}")
            assert caught.value.reason == "private_address"
        fetched = public.fetch(f"http://news.example:{port}/to-story")  # a public redirect is followed
    assert fetched.url == f"http://news.example:{port}/story"
    assert [path for path, _ in server.requests] == ["/to-intranet", "/to-loopback", "/to-story", "/story"]


def test_fetch_limits_redirects_size_and_content_type() -> None:
    routes = {
        "/loop": Route(302, headers={"Location": "/loop"}),
        "/big": page(simple_page("Big", ["word " * 3000])),
        "/image": Route(body=b"\x89PNG\r\n", content_type="image/png"),
        "/missing-type": Route(body=simple_page("Untyped", SECOND_PARAGRAPHS).encode(), content_type=""),
        "/gzip": Route(body=gzip.compress(simple_page("Zipped", SECOND_PARAGRAPHS).encode()),
                       headers={"Content-Encoding": "gzip"}),
        "/bomb": Route(body=gzip.compress(b"<p>" + b" " * 2_000_000), headers={"Content-Encoding": "gzip"}),
    }
    with serve(routes) as server:
        f = fetcher(max_bytes=10_000, max_redirects=3)
        for path, reason, words in [
            ("/loop", "fetch", "more than 3 redirects"),
            ("/big", "too_large", "over the 10,000-byte limit"),
            ("/bomb", "too_large", "over the 10,000-byte limit"),
            ("/image", "content_type", "image/png"),
            ("/nowhere", "fetch", "HTTP 404"),
        ]:
            with pytest.raises(InputError) as caught:
                f.fetch(server.base + path)
            assert caught.value.reason == reason and words in str(caught.value), path
        assert b"Untyped" in f.fetch(server.base + "/missing-type").body  # no type: left to sniffing
        assert b"Zipped" in f.fetch(server.base + "/gzip").body
        loops = sum(1 for p, _ in server.requests if p == "/loop")
    assert loops == 4  # the first request and three redirects


def test_fetch_times_out_on_a_silent_server() -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    try:
        port = listener.getsockname()[1]
        with pytest.raises(InputError) as caught:
            fetcher(timeout=0.3).fetch(f"http://127.0.0.1:{port}/")
    finally:
        listener.close()
    assert caught.value.reason == "unreachable" and "timed out" in str(caught.value)


def test_fetch_tells_what_may_work_later_from_what_will_not() -> None:
    """Unreachable (``watch`` tries again): 5xx, 429, a refused connection, a name that did
    not resolve. A plain fetch failure (not tried again): 404, 410, 403."""
    routes = {f"/{status}": Route(status) for status in (404, 410, 403, 429, 500, 502, 503, 504)}

    def reason(f: Fetcher, url: str) -> str:
        with pytest.raises(InputError) as caught:
            f.fetch(url)
        return caught.value.reason

    with serve(routes) as server:
        f = fetcher()
        found = {status: reason(f, f"{server.base}/{status}") for status in (404, 410, 403, 429, 500, 502,
                                                                              503, 504)}
    assert found == {404: "fetch", 410: "fetch", 403: "fetch", 429: "unreachable", 500: "unreachable",
                     502: "unreachable", 503: "unreachable", 504: "unreachable"}
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now: refused
    assert reason(fetcher(), f"http://127.0.0.1:{port}/") == "unreachable"

    def unresolvable(host: str, port: int) -> list[str]:
        raise OSError("temporary failure in name resolution")

    assert reason(fetcher(resolver=unresolvable), "http://news.example/") == "unreachable"


def test_fetch_refuses_other_schemes_and_credentials() -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "http://user:secret@example.org/"):
        with pytest.raises(InputError) as caught:
            fetcher().fetch(url)
        assert caught.value.reason == "fetch"


# -- feeds ---------------------------------------------------------------------------------
def feed_routes(base: str) -> dict[str, Route]:
    return {
        "/bridge": page(simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS)),  # no date on the page
        "/saltmere": page(news_page()),
        "/video": page("<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>"),
        "/fr": page(simple_page("Le port rouvre", [FRENCH_TEXT], lang="fr")),
    }


@pytest.mark.parametrize("flavour", ["rss", "atom"])
def test_feed_file_entries_are_fetched_and_read_as_pages(tmp_path: Path, flavour: str) -> None:
    with serve({}) as server:
        server.routes.update(feed_routes(server.base))
        if flavour == "rss":
            xml = rss(server.base, [
                ("Footbridge rebuilt in Eastfold", "/bridge", "Wed, 05 Mar 2025 09:00:00 GMT"),
                ("Saltmere port reopens", "/saltmere", "Tue, 04 Mar 2025 08:30:00 GMT"),
                ("Watch: the storm", "/video", "Tue, 04 Mar 2025 07:00:00 GMT"),
                ("Le port rouvre", "/fr", "Tue, 04 Mar 2025 07:00:00 GMT"),
                ("Gone", "/gone", "Mon, 03 Mar 2025 07:00:00 GMT"),
            ])
        else:
            xml = atom(server.base, [
                ("Footbridge rebuilt in Eastfold", "/bridge", "2025-03-05T09:00:00Z"),
                ("Saltmere port reopens", "/saltmere", "2025-03-04T08:30:00Z"),
                ("Watch: the storm", "/video", "2025-03-04T07:00:00Z"),
                ("Le port rouvre", "/fr", "2025-03-04T07:00:00Z"),
                ("Gone", "/gone", "2025-03-03T07:00:00Z"),
            ])
        path = tmp_path / f"courier.{flavour}"
        path.write_text(xml, "utf-8")
        results = list(iter_articles([str(path)], max_bytes=MAX, fetcher=fetcher()))
    labels = [label for label, _ in results]
    paths = ("/bridge", "/saltmere", "/video", "/fr", "/gone")
    assert labels[:5] == [f"{path}#{server.base}{p}" for p in paths]
    bridge, saltmere = (r for _, r in results[:2])
    assert isinstance(bridge, Article) and isinstance(saltmere, Article)
    # The entry fills what the page lacks (its date), the page wins where it has its own.
    assert (bridge.title, bridge.published, bridge.url) == (
        "Footbridge rebuilt", "2025-03-05", f"{server.base}/bridge")
    assert saltmere.published == "2025-03-04" and all(p in saltmere.text for p in ARTICLE_PARAGRAPHS)
    assert [r.reason for _, r in results[2:]] == ["no_article", "language", "fetch"]  # type: ignore[union-attr]
    assert "HTTP 404" in str(results[4][1])


def test_feed_entries_on_private_addresses_are_skipped_by_default(tmp_path: Path) -> None:
    with serve({}) as server:
        server.routes.update(feed_routes(server.base))
        path = tmp_path / "feed.xml"
        entries = [("Footbridge", "/bridge", "Wed, 05 Mar 2025 09:00:00 GMT"),
                   ("Saltmere", "/saltmere", "Tue, 04 Mar 2025 08:30:00 GMT")]
        path.write_text(rss(server.base, entries), "utf-8")
        results = list(iter_articles([str(path)], max_bytes=MAX))
    assert [r.reason for _, r in results] == ["private_address"] * 2  # type: ignore[union-attr]
    assert server.requests == []


def test_feed_url_is_fetched_and_followed() -> None:
    with serve({}) as server:
        server.routes.update(feed_routes(server.base))
        xml = rss("", [("Footbridge", "/bridge", "Wed, 05 Mar 2025 09:00:00 GMT")])
        server.routes["/feed"] = Route(body=xml.encode(), content_type="application/rss+xml")
        results = list(iter_articles([f"{server.base}/feed"], max_bytes=MAX, allow_private=True))
    [(label, article)] = results
    assert label == f"{server.base}/feed#{server.base}/bridge"  # the relative link resolved on the feed's URL
    assert isinstance(article, Article) and article.published == "2025-03-05"


def test_feed_fetches_politely_one_host_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(fetch.time, "sleep", slept.append)
    with serve({}) as server:
        server.routes.update(feed_routes(server.base))
        f = fetcher(host_interval=5.0)
        f.fetch(server.base + "/bridge")
        f.fetch(server.base + "/saltmere")
    assert len(slept) == 1 and 4.0 < slept[0] <= 5.0


def test_cli_ingest_passes_allow_private(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from claimledger.api import ingest as api_ingest
    from claimledger.cli.main import app

    seen: dict[str, object] = {}

    def fake_ingest(ledger: object, paths: list[str], **kwargs: object) -> api_ingest.IngestReport:
        seen.update(paths=paths, allow_private=kwargs.get("allow_private"))
        return api_ingest.IngestReport()

    monkeypatch.setattr(api_ingest, "ingest", fake_ingest)
    db = str(tmp_path / "ledger.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--db", db, "--allow-private", "http://127.0.0.1:9/x"])
    assert result.exit_code == 0, result.output
    assert seen == {"paths": ["http://127.0.0.1:9/x"], "allow_private": True}
    runner.invoke(app, ["ingest", "--db", db, "http://127.0.0.1:9/x"])
    assert seen["allow_private"] is False


def test_ingest_stores_pages_and_records_each_skip_with_its_reason(ledger: Ledger, tmp_path: Path) -> None:
    """Through the ingest loop: what is read is stored, every skip is in ``skips`` with its reason."""
    from claimledger.api.ingest import ingest

    def analyse(batch: list[Article]) -> list[Analysis]:
        return [Analysis(article=a) for a in batch]

    folder = tmp_path / "inputs"
    folder.mkdir()
    with serve({}) as server:
        server.routes.update(feed_routes(server.base))
        (folder / "saltmere.html").write_text(news_page(), "utf-8")
        (folder / "fr.html").write_text(simple_page("Le port rouvre", [FRENCH_TEXT], lang="fr"), "utf-8")
        entries = [("B", "/bridge", "Wed, 05 Mar 2025 09:00:00 GMT")]
        (folder / "feed.xml").write_text(rss(server.base, entries), "utf-8")
        inputs = [str(folder), f"{server.base}/bridge"]
        report = ingest(ledger, inputs, settings=Settings(), analyse=analyse)
        assert server.requests == []
    assert (report.stored, report.skipped) == (1, 3), report.skip_reasons
    assert report.skip_reasons == {"language": 1, "private_address": 2}
    assert ledger.count("articles") == 1 and ledger.count("skips") == 3


def test_ingest_again_tries_an_unreachable_url_again_and_a_404_not(ledger: Ledger) -> None:
    """A re-run reads its inputs again; a URL that was unreachable is not decided, so each
    attempt is recorded and the page is stored once it answers. A 404 stays decided."""
    from claimledger.api.ingest import ingest

    def analyse(batch: list[Article]) -> list[Analysis]:
        return [Analysis(article=a) for a in batch]

    with serve({"/busy": Route(503), "/gone": Route(404)}) as server:
        urls = [f"{server.base}/busy", f"{server.base}/gone"]

        def run() -> tuple[int, int, int]:
            report = ingest(ledger, urls, settings=Settings(), analyse=analyse, allow_private=True)
            return report.stored, report.skipped, report.earlier

        assert run() == (0, 2, 0)
        assert run() == (0, 2, 1)  # the 404 was decided; the 503 is recorded again
        server.routes["/busy"] = page(news_page())
        assert run() == (1, 1, 1)
    assert [s["reason"] for s in ledger.skips()] == ["unreachable", "fetch", "unreachable"]
    assert ledger.count("articles") == 1
