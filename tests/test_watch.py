"""``watch``: conditional polls of feeds served on 127.0.0.1 (no other network), new entries only.

The analyser is replaced by one that returns bare analyses, so no model is loaded.
"""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.api import watch
from claimledger.api.watch import WatchState, parse_interval, poll_once
from claimledger.ingest.fetch import Fetcher
from claimledger.ledger import Ledger, feeds, inputs, open_ledger
from claimledger.settings import Settings
from claimledger.types import Analysis, Article
from tests.news_pages import ARTICLE_PARAGRAPHS, SECOND_PARAGRAPHS, Route, Server, rss, serve, simple_page

ETAG = '"v1"'
MODIFIED = "Wed, 05 Mar 2025 09:00:00 GMT"


def bare(batch: list[Article]) -> list[Analysis]:
    return [Analysis(article=a) for a in batch]


def state() -> WatchState:
    fetcher = Fetcher(max_bytes=4_000_000, allow_private=True, host_interval=0.0)
    return WatchState(Settings(), fetcher=fetcher, analyse=bare)


def publish(server: Server, path: str, entries: list[str], etag: str = ETAG) -> None:
    """The feed at ``path`` lists ``entries`` (paths of pages), with ``etag``."""
    xml = rss(server.base, [(f"Story {p}", p, "Wed, 05 Mar 2025 09:00:00 GMT") for p in entries])
    server.routes[path] = Route(body=xml.encode(), content_type="application/rss+xml",
                                headers={"ETag": etag, "Last-Modified": MODIFIED})


def pages(server: Server, count: int) -> list[str]:
    paths = [f"/story{n}" for n in range(count)]
    for n, path in enumerate(paths):
        text = [f"Story number {n}. {SECOND_PARAGRAPHS[0]}", *SECOND_PARAGRAPHS[1:]]
        server.routes[path] = Route(body=simple_page(f"Story {n}", text).encode())
    return paths


def fetched(server: Server) -> list[str]:
    return [path for path, _ in server.requests]


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("2", 2), ("1.5m", 90)]
)
def test_watch_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "15x", "m", "-1s", "fast"])
def test_watch_parse_interval_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="30s, 15m or 1h"):
        parse_interval(text)


def test_watch_polls_new_entries_once_then_304_then_only_the_new_one(ledger: Ledger) -> None:
    with serve({}) as server:
        stories = pages(server, 4)
        publish(server, "/feed", stories[:3])
        feed = f"{server.base}/feed"
        watching = state()

        first = poll_once(ledger, [feed], watching)
        [polled] = first.feeds
        assert (polled.stored, polled.seen, polled.error) == (3, 0, None)
        assert fetched(server) == ["/feed", *stories[:3]]
        assert ledger.count("articles") == 3
        assert feeds.load(ledger, [feed]) == {feed: feeds.Validators(ETAG, MODIFIED)}

        server.requests.clear()
        [polled] = poll_once(ledger, [feed], watching).feeds
        assert polled.not_modified and polled.new == 0 and polled.describe() == "not modified"
        assert fetched(server) == ["/feed"]  # 304: no entry fetched again
        assert server.conditions[-1] == ("/feed", ETAG, MODIFIED)

        server.requests.clear()
        publish(server, "/feed", [stories[3], *stories[:3]], etag='"v2"')
        [polled] = poll_once(ledger, [feed], watching).feeds
        assert (polled.stored, polled.seen) == (1, 3)
        assert polled.describe() == "1 new (1 stored), 3 seen"
        assert fetched(server) == ["/feed", stories[3]]  # only the new entry's page
    assert ledger.count("articles") == 4
    assert feeds.load(ledger, [feed])[feed].etag == '"v2"'


def test_watch_restart_reads_validators_and_inputs_from_the_ledger(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    with serve({}) as server:
        stories = pages(server, 2)
        publish(server, "/feed", stories)
        feed = f"{server.base}/feed"
        with open_ledger(db) as ledger:
            assert poll_once(ledger, [feed], state()).feeds[0].stored == 2
        server.requests.clear()
        with open_ledger(db) as ledger:  # a new process: nothing in memory
            [polled] = poll_once(ledger, [feed], state()).feeds
        assert polled.not_modified and fetched(server) == ["/feed"]

        server.requests.clear()
        publish(server, "/feed", stories, etag='"v9"')  # the server forgot: a full answer
        with open_ledger(db) as ledger:
            [polled] = poll_once(ledger, [feed], state()).feeds
        assert (polled.new, polled.seen) == (0, 2) and fetched(server) == ["/feed"]


def test_watch_a_feed_that_is_down_is_logged_and_the_others_still_ingest(
    ledger: Ledger, caplog: pytest.LogCaptureFixture
) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    refused_port = closed.getsockname()[1]
    closed.close()  # nothing listens there now: the connection is refused
    with serve({}) as server:
        stories = pages(server, 2)
        publish(server, "/feed", stories)
        server.routes["/broken"] = Route(500, b"oops", "text/plain")
        server.routes["/page"] = Route(body=simple_page("Not a feed", ARTICLE_PARAGRAPHS).encode())
        down = [f"{server.base}/broken", f"http://127.0.0.1:{refused_port}/feed", f"{server.base}/page"]
        good = f"{server.base}/feed"
        with caplog.at_level(logging.WARNING, logger="claimledger.watch"):
            report = poll_once(ledger, [*down, good], state())
    broken, refused, page, ok = report.feeds
    assert "HTTP 500" in (broken.error or "")
    assert "refused" in (refused.error or "")
    assert "not an RSS or Atom feed" in (page.error or "")
    assert (ok.stored, ok.error) == (2, None) and report.down == 3
    assert [r.levelname for r in caplog.records] == ["WARNING"] * 3
    assert "HTTP 500" in caplog.records[0].getMessage()
    assert feeds.load(ledger, down) == {}  # nothing kept for a feed not read: retried next poll
    assert ledger.count("skips") == 0  # a feed down is not an entry skipped


def test_watch_skipped_entry_is_recorded_once_and_not_fetched_again(ledger: Ledger) -> None:
    with serve({}) as server:
        stories = pages(server, 1)
        publish(server, "/feed", [*stories, "/gone"])
        feed = f"{server.base}/feed"
        [polled] = poll_once(ledger, [feed], state()).feeds
        assert (polled.stored, polled.skipped) == (1, 1)
        assert polled.describe() == "2 new (1 stored, 1 skipped), 0 seen"
        server.requests.clear()
        publish(server, "/feed", [*stories, "/gone"], etag='"v2"')
        [polled] = poll_once(ledger, [feed], state()).feeds
    assert (polled.new, polled.seen) == (0, 2) and fetched(server) == ["/feed"]
    assert ledger.count("skips") == 1


def test_watch_an_unreachable_entry_is_tried_again_until_it_is_decided(ledger: Ledger) -> None:
    """A page that answers 503 is skipped as ``unreachable``, and the feed's validators are
    not kept, so the next poll reads the feed again (no 304) and fetches that page again:
    stored once it answers. A 404 is a skip for good: never fetched again."""
    with serve({}) as server:
        stories = pages(server, 2)
        page = server.routes[stories[1]]
        server.routes[stories[1]] = Route(503, b"busy", "text/plain")
        publish(server, "/feed", [*stories, "/gone"])
        feed = f"{server.base}/feed"
        watching = state()

        [polled] = poll_once(ledger, [feed], watching).feeds
        assert (polled.stored, polled.skipped, polled.unreachable) == (1, 2, 1)
        assert feeds.load(ledger, [feed]) == {}  # not kept: an entry is to be tried again
        assert [(s["input"].rsplit("/", 1)[1], s["reason"]) for s in ledger.skips()] == [
            ("story1", "unreachable"), ("gone", "fetch")]

        server.requests.clear()  # still busy: tried again, recorded again, still not kept
        [polled] = poll_once(ledger, [feed], watching).feeds
        assert (polled.new, polled.retried, polled.seen, polled.unreachable) == (1, 1, 2, 1)
        assert fetched(server) == ["/feed", stories[1]]
        assert [c for c in server.conditions if c[0] == "/feed"][-1] == ("/feed", "", "")  # not conditional
        assert polled.describe() == "1 new (1 skipped), 1 of them tried again, 2 seen"

        server.requests.clear()
        server.routes[stories[1]] = page
        [polled] = poll_once(ledger, [feed], watching).feeds
        assert (polled.stored, polled.retried, polled.seen) == (1, 1, 2)
        assert fetched(server) == ["/feed", stories[1]]
        assert feeds.load(ledger, [feed]) == {feed: feeds.Validators(ETAG, MODIFIED)}

        server.requests.clear()
        [polled] = poll_once(ledger, [feed], watching).feeds
        assert polled.not_modified and fetched(server) == ["/feed"]
    assert ledger.count("articles") == 2
    assert [s["reason"] for s in ledger.skips()] == ["unreachable", "fetch", "unreachable"]
    assert {d.status for d in inputs.decided(ledger, [f"{feed}#{server.base}{stories[1]}"]).values()} \
        == {"stored"}


def test_watch_cli_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from claimledger.cli.main import app

    monkeypatch.setattr(watch, "SpacyAnalyse", lambda settings: lambda: bare)
    db = str(tmp_path / "ledger.db")
    runner = CliRunner()
    with serve({}) as server:
        stories = pages(server, 2)
        publish(server, "/feed", stories)
        feed = f"{server.base}/feed"
        refused = runner.invoke(app, ["watch", "--db", db, "--once", feed])
        assert refused.exit_code == 1 and "private" in refused.output  # 127.0.0.1 needs --allow-private
        first = runner.invoke(app, ["watch", "--db", db, "--once", "--allow-private", feed])
        again = ["watch", "--db", db, "--once", "--allow-private", "--every", "30s", feed]
        second = runner.invoke(app, again)
        bad = runner.invoke(app, ["watch", "--db", db, "--once", "--every", "soon", feed])
    assert first.exit_code == 0, first.output
    assert f"{feed} 2 new (2 stored), 0 seen" in first.output
    assert second.exit_code == 0 and f"{feed} not modified" in second.output
    assert bad.exit_code == 2 and "30s, 15m or 1h" in bad.output
    with open_ledger(db) as ledger:
        assert ledger.count("articles") == 2


def test_watch_cli_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from claimledger.cli.main import app

    def interrupted(*_args: object, **_kwargs: object) -> watch.PollReport:
        raise KeyboardInterrupt

    monkeypatch.setattr(watch, "poll_once", interrupted)
    result = CliRunner().invoke(app, ["watch", "--db", str(tmp_path / "l.db"), "http://127.0.0.1:9/feed"])
    assert result.exit_code == 130 and "watch stopped" in result.output
