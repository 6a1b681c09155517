"""What every route shares: the ledger, the write rules, the analyser, rendering, errors.

Writes are guarded here, in one place: ``guard_post`` runs before any POST does work.
"""

from __future__ import annotations

import hmac
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from claimledger.ledger.store import Ledger
from claimledger.settings import Settings
from claimledger.types import Analysis, Article

HERE = Path(__file__).resolve().parent
TOKEN_HEADER = "x-claimledger-token"


class WebError(Exception):
    """An error a route answers with: HTTP status, a stable code, one line that says why."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one JSON error shape of every endpoint."""
    return {"error": {"code": code, "message": message}}


class PageCache:
    """Rendered pages by key, least recently used dropped past ``size``; thread-safe.

    The article page costs ~4.5 ms to build (3 ms of queries, 1.3 ms of template) and is the
    same until linking writes again, so it is kept against ``links_version``: at
    concurrency 16 on 2 cores that is what keeps its p95 under 100 ms
    (benchmarks/bench_web.py).
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, tuple[bytes, str | None]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[bytes, str | None] | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: Hashable, value: tuple[bytes, str | None]) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


@dataclass
class WebState:
    ledger: Ledger
    settings: Settings
    read_only: bool = False
    token: str | None = None
    # False when the server listens beyond loopback: then every POST needs the token.
    loopback_only: bool = True
    analyse_many: Callable[[list[Article]], Iterable[Analysis]] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    pages: PageCache = field(default_factory=PageCache)
    # Analyse by URL: None (the default) refuses it; else what fetches the page (the
    # ingest layer's Fetcher: size limit, content-type checks, no private addresses).
    fetcher: Any = None
    env: Environment = field(
        default_factory=lambda: Environment(
            loader=FileSystemLoader(str(HERE / "templates")),
            # Article text and titles are untrusted: every value is escaped unless marked safe,
            # and no template marks one safe.
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    )

    def __post_init__(self) -> None:
        self.env.filters["web_url"] = web_url

    def analyse(self, article: Article) -> Analysis:
        """One article through the pipeline; the model loads on first use (~1 s), once."""
        with self.lock:  # one spaCy pipeline, shared: one analysis at a time
            if self.analyse_many is None:
                from claimledger.nlp.analyzer import Analyzer

                self.analyse_many = Analyzer(self.settings).analyze_many
            return next(iter(self.analyse_many([article])))


def web_url(value: object) -> str | None:
    """A link target only when it is http(s): an article's ``javascript:`` URL stays text."""
    if not isinstance(value, str):
        return None
    scheme = urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else None


def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.web
    return state


def wants_json(request: Request) -> bool:
    """The JSON twin: a ``.json`` path, or an Accept header that asks for JSON, not HTML."""
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(request: Request, template: str, data: dict[str, Any], *, status: int = 200) -> Response:
    """The page as HTML, or what it shows as JSON (its twin)."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    state = state_of(request)
    html = state.env.get_template(template).render(
        data=data, path=request.url.path, read_only=state.read_only, needs_token=needs_token(state), **data
    )
    return HTMLResponse(html, status_code=status)


def needs_token(state: WebState) -> bool:
    return state.token is not None or not state.loopback_only


def same_origin(request: Request) -> bool:
    """A browser's POST from another site carries its Origin: refuse it (no CSRF on loopback)."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def guard_post(request: Request, *, writes: bool, form_token: str | None = None) -> None:
    """Refuse a POST that may not run: another site's, one without the token, a write when
    read-only. Raises :class:`WebError`."""
    state = state_of(request)
    if not same_origin(request):
        raise WebError(403, "cross_origin", "POST from another origin is refused")
    if needs_token(state):
        if state.token is None:
            raise WebError(
                403,
                "token_required",
                "this server listens beyond loopback: start it with CLAIMLEDGER_TOKEN set to allow POST",
            )
        given = request.headers.get(TOKEN_HEADER) or form_token or ""
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = given or auth[7:].strip()
        if not hmac.compare_digest(given.encode(), state.token.encode()):
            raise WebError(401, "unauthorized", f"give the token in the {TOKEN_HEADER!r} header")
    if writes and state.read_only:
        raise WebError(403, "read_only", "this server is read-only (--read-only): nothing is stored")
