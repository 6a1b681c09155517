# ruff: noqa: E501  (prose and markup read better unbroken)
"""Inputs the ingest tests make: a news page amid site chrome, feeds, and a local web server.

Everything here is written for the tests (no page is copied from a real site). The server
listens on 127.0.0.1 only, on a free port, and stops when its ``with`` block ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_PARAGRAPHS = [
    "The harbour authority of Saltmere reopened the port on Monday morning, three days after a winter storm tore "
    "two cranes from their rails and forced the coastguard to close the shipping lane.",
    "\u201cWe expect the backlog of ships waiting outside the breakwater to clear by Friday,\u201d said Ines Halvorsen, "
    "the authority\u2019s director, at a briefing in the pilot station.",
    "Halvorsen said engineers had inspected the quay walls overnight and found no structural damage, although the "
    "container terminal would work at reduced capacity until replacement cranes arrive from Rotterdam.",
    "Shipping companies said the closure had cost them several million euros. None gave a precise figure when "
    "asked, and one operator, Nordvik Lines, declined to comment.",
    "The storm, which meteorologists named Brigid, brought gusts of 140 kilometres an hour to the coast and left "
    "about 12,000 homes without power, according to the regional grid operator.",
    "Fishermen who had moored in the inner basin were allowed back to their boats on Sunday evening. Several "
    "said they had lost nets and lobster pots that were left on the outer pier.",
]

BOILERPLATE = [
    "We value your privacy. We and our 843 partners use cookies to personalise ads",
    "Accept all cookies",
    "Subscribe to the Harbour Gazette for only 1 euro a month",
    "Sign in to your account",
    "Advertisement: Winter tyres at half price this week only",
    "Mayor opens new cycle bridge over the estuary",
    "Ten best seafood restaurants on the north coast",
    "Get the morning briefing in your inbox every day",
    "Copyright 2025 Harbour Gazette Media Group. All rights reserved.",
    "Terms of use",
]


def news_page() -> str:
    """A news page as sites publish them: the article amid chrome that is not the article."""
    paragraphs = "\n".join(f"      <p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    (cookie, accept, subscribe, sign_in, ad, related1, related2, newsletter, copyright_, terms) = BOILERPLATE
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Saltmere port reopens after storm | Harbour Gazette</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta property="og:title" content="Saltmere port reopens after storm">
  <meta property="og:site_name" content="Harbour Gazette">
  <meta property="og:type" content="article">
  <meta name="author" content="Mara Quint">
  <meta property="article:published_time" content="2025-03-04T08:30:00+00:00">
  <link rel="canonical" href="https://www.harbourgazette.example/news/2025/03/04/saltmere-port-reopens">
  <script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
  <style>.cookie-banner {{ position: fixed; bottom: 0; }}</style>
</head>
<body>
  <div id="cookie-consent" class="cookie-banner" role="dialog">
    <p>{cookie} and measure performance. <a href="/privacy">Read our privacy policy</a>.</p>
    <button>{accept}</button> <button>Manage preferences</button>
  </div>
  <header class="site-header">
    <a class="logo" href="/">Harbour Gazette</a>
    <nav class="main-nav">
      <ul>
        <li><a href="/news">News</a></li><li><a href="/business">Business</a></li>
        <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather</a></li>
        <li><a href="/opinion">Opinion</a></li>
      </ul>
    </nav>
    <div class="account"><a href="/login">{sign_in}</a> <a href="/subscribe">{subscribe}</a></div>
  </header>
  <aside class="ad ad-leaderboard"><a href="https://ads.example/click?id=1">{ad}</a></aside>
  <main>
    <article class="story">
      <h1>Saltmere port reopens after storm</h1>
      <div class="byline">By <a href="/authors/mara-quint" rel="author">Mara Quint</a>,
        <time datetime="2025-03-04T08:30:00Z">4 March 2025</time></div>
{paragraphs}
    </article>
    <section class="related">
      <h2>Related stories</h2>
      <ul>
        <li><a href="/news/cycle-bridge">{related1}</a></li>
        <li><a href="/food/seafood">{related2}</a></li>
      </ul>
    </section>
    <div class="newsletter-signup"><h3>{newsletter}</h3><form><input type="email"><button>Sign up</button></form></div>
  </main>
  <footer class="site-footer">
    <p>{copyright_}</p>
    <ul><li><a href="/terms">{terms}</a></li><li><a href="/contact">Contact us</a></li></ul>
  </footer>
</body>
</html>
"""

SECOND_PARAGRAPHS = [
    "Volunteers in the village of Eastfold finished rebuilding the footbridge over the Lark on Saturday, "
    "eight months after a flood carried the old timber span downstream.",
    "\u201cIt took forty people and a great deal of soup,\u201d said Tomas Ferrant, who led the work, adding that "
    "the parish council had paid for the steel and the volunteers for everything else.",
    "The county engineer said the new bridge had passed its load test and would stay open through the winter.",
]

FRENCH_TEXT = (
    "Le port de Saltmere a rouvert lundi matin, trois jours apr\u00e8s qu'une temp\u00eate d'hiver a "
    "arrach\u00e9 deux grues de leurs rails et contraint les garde-c\u00f4tes \u00e0 fermer le chenal. "
    "\u00ab Nous esp\u00e9rons que les navires qui attendent au large pourront entrer d'ici vendredi \u00bb, "
    "a d\u00e9clar\u00e9 la directrice de l'autorit\u00e9 portuaire lors d'un point de presse. Les compagnies "
    "maritimes estiment que la fermeture leur a co\u00fbt\u00e9 plusieurs millions d'euros, sans donner de "
    "chiffre pr\u00e9cis."
)


def simple_page(title: str, paragraphs: list[str], *, published: str | None = None, lang: str = "en") -> str:
    """A plain article page; ``published`` (YYYY-MM-DD) only when given."""
    date = f'<meta property="article:published_time" content="{published}T09:00:00+00:00">' if published else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{date}</head>'
        f'<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>Eastfold Courier</footer></body></html>"
    )


def empty_page() -> str:
    """A section front: links and chrome, no article text."""
    return (
        "<!DOCTYPE html><html><head><title>Video</title></head><body><nav><a href='/'>Home</a></nav>"
        "<div class='player'><video src='/clip.mp4'></video></div><footer>Eastfold Courier</footer></body></html>"
    )


def rss(base: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed; ``items`` are (title, path or absolute link, RFC 822 date)."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link if '://' in link else base + link}</link>"
        f"<pubDate>{date}</pubDate><guid>{link}</guid></item>"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Eastfold Courier</title>'
        f"<link>{base}/</link><description>Local news</description>{entries}</channel></rss>\n"
    )


def atom(base: str, items: list[tuple[str, str, str]]) -> str:
    """An Atom 1.0 feed; ``items`` are (title, path, ISO 8601 date)."""
    entries = "".join(
        f'<entry><title>{title}</title><link rel="alternate" href="{base}{path}"/>'
        f"<id>tag:courier.example,2025:{path}</id><updated>{date}</updated></entry>"
        for title, path, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Eastfold Courier</title><id>tag:courier.example,2025:feed</id>"
        f"<updated>2025-03-06T10:00:00Z</updated>{entries}</feed>\n"
    )


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    base: str
    port: int
    routes: dict[str, Route]
    requests: list[tuple[str, str]]  # (path, User-Agent) in the order they came
    conditions: list[tuple[str, str, str]] = field(default_factory=list)  # (path, If-None-Match, If-Modified-Since)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """A web server on 127.0.0.1 answering ``routes`` (path -> Route), 404 otherwise.

    A route with an ``ETag`` header answers 304 to a request whose If-None-Match names it.
    """
    requests: list[tuple[str, str]] = []
    conditions: list[tuple[str, str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            requests.append((self.path, self.headers.get("User-Agent", "")))
            etag = self.headers.get("If-None-Match", "")
            conditions.append((self.path, etag, self.headers.get("If-Modified-Since", "")))
            route = routes.get(self.path, Route(404, b"not found", "text/plain"))
            if etag and etag == route.headers.get("ETag"):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(route.body)))
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_port}", server.server_port, routes, requests, conditions)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
