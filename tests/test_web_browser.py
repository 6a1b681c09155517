"""The web app in a real browser: Playwright driving Debian's chromium (never a browser
that Playwright downloads). Skipped, with the reason, where either is missing; .ci/run
installs both. The server is uvicorn on a free loopback port, in a thread.

Set CLAIMLEDGER_WEB_SCREENSHOT=docs/article-page.png to refresh the documentation's
screenshot of the article page.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")
uvicorn = pytest.importorskip("uvicorn", reason="the web extra is not installed: pip install -e '.[web]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (dev extra)")

from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.web import create_app  # noqa: E402
from tests.web_ledger import EXAMPLE, XSS_TITLE, ingest_story, store_hostile  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        not os.access(CHROMIUM, os.X_OK),
        reason=f"no {CHROMIUM}: apt-get install -y chromium (.ci/run does, as root)",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, analyzer: Any) -> Iterator[dict[str, Any]]:
    """uvicorn serving a ledger that holds the story and the hostile article."""
    path = str(tmp_path_factory.mktemp("browser") / "ledger.db")
    with open_ledger(path) as ledger:
        ingest_story(ledger, analyzer.analyze_many)
        hostile = store_hostile(ledger, analyzer.analyze_many)
    app = create_app(path, analyse_many=analyzer.analyze_many)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield {"base": f"http://127.0.0.1:{port}", "hostile": hostile}
    server.should_exit = True
    thread.join(10)
    app.state.web.ledger.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_web_browser_analyse_example_highlights_and_follows_a_claim_to_its_story(
    server: dict[str, Any], page: Any, analyzer: Any, tmp_path: Path
) -> None:
    from claimledger.types import Article

    text = EXAMPLE.read_text("utf-8")
    expected = analyzer.analyze(Article(text=text, source="x", published="2025-05-23")).to_dict()
    page.goto(f"{server['base']}/analyse")
    page.fill("textarea[name=text]", text)
    page.fill("input[name=published]", "2025-05-23")
    page.check("input[name=store]")
    page.click("#analyse-submit")
    page.wait_for_load_state()
    assert "/articles/" in page.url, page.content()[:3000]
    assert page.inner_text("#text") == text.strip("\n") or page.text_content("#text") == text

    # Every quote and claim is highlighted; each claim in its standing's colour.
    for quote in expected["quotes"]:
        assert page.locator(f'#text .seg.q[data-items~="{quote["id"]}"]').count() >= 1, quote["id"]
    for claim in expected["claims"]:
        segs = page.locator(f'#text .seg.c[data-items~="{claim["id"]}"]')
        assert segs.count() >= 1, claim["id"]
        detail = page.locator(f"#detail-{claim['id']}")
        assert detail.get_attribute("data-standing") == claim["standing"], claim["id"]
    standings = {c["text"]: c["standing"] for c in expected["claims"]}
    assert standings["the swap was complete"] == "unconfirmed"

    # Open the swap claim: its details and evidence show; then follow it to its story.
    swap = next(c for c in expected["claims"] if c["text"] == "the swap was complete")
    page.locator(f'#text .seg.c[data-items~="{swap["id"]}"]').first.click()
    detail = page.locator(f"#detail-{swap['id']}")
    assert detail.is_visible()
    assert "Donald Trump" in detail.inner_text() and "claiming" in detail.inner_text()
    assert "there was no confirmation from either side" in detail.inner_text()
    assert page.locator("#text .seg.evidence").count() >= 2
    shot = os.environ.get("CLAIMLEDGER_WEB_SCREENSHOT")
    page.screenshot(path=str(tmp_path / "article-page.png"), full_page=True)
    if shot:
        shutil.copy(tmp_path / "article-page.png", shot)
    detail.locator("a.story-link").click()
    page.wait_for_url("**/story/*")
    assert page.inner_text("#standing-now") == "confirmed"
    history = page.inner_text("ol.history")
    assert "2025-05-23" in history and "2025-05-25" in history and "confirmed" in history


def test_web_browser_claims_page_links_to_story(server: dict[str, Any], page: Any) -> None:
    page.goto(f"{server['base']}/claims?source=Trump")
    link = page.locator("a.claim-link", has_text="the swap was complete")
    link.click()
    page.wait_for_url("**/story/*")
    assert page.inner_text("#standing-now") == "confirmed"


def test_web_browser_hostile_article_runs_nothing(server: dict[str, Any], page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (f"/articles/{server['hostile']}", "/", "/claims", "/search?q=budget", "/people"):
        page.goto(server["base"] + path)
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.locator("a[href^='javascript:'], img, [onerror]").count() == 0, path
    page.goto(f"{server['base']}/articles/{server['hostile']}")
    assert page.inner_text("#article-title") == XSS_TITLE  # shown as text, exactly
    for seg in page.locator("#text .seg[data-items]").all():
        seg.click()  # selecting every item runs only app.js
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("document.body.dataset.selected")  # app.js ran under the CSP
    assert dialogs == []
