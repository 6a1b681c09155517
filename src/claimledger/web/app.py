"""The FastAPI application: pages, their JSON twins and the REST API over one ledger.

``create_app(ledger_url)`` opens the ledger and returns the app; ``claimledger serve`` runs
it with uvicorn. Every response carries a Content-Security-Policy that allows only this
server's own scripts and styles (no inline script anywhere), and request bodies are capped.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimledger import __version__
from claimledger.errors import ClaimledgerError, LedgerError
from claimledger.ledger.store import open_ledger
from claimledger.settings import Settings
from claimledger.types import Analysis, Article
from claimledger.web import pages, rest
from claimledger.web.state import HERE, WebError, WebState, error_body, wants_json

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with
    # its own form POSTs, and the same-origin check (state.same_origin) would refuse them.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
# An article is at most Settings.max_bytes (1 MB by default); a form encodes it in up to
# three times that, plus the other fields.
DEFAULT_MAX_REQUEST = 3 * 1_000_000 + 64 * 1024


class Guard:
    """ASGI middleware: security headers on every response, and a cap on request bodies
    (by Content-Length, and by counting when the body comes in chunks)."""

    def __init__(self, app: ASGIApp, max_request_bytes: int) -> None:
        self.app, self.max = app, max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        answered = False

        async def send_with_headers(message: Message) -> None:
            if answered:  # the 413 went out already; drop what the app says after it
                return
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max):
            await _too_large(self.max, send_with_headers)
            return
        seen = 0

        async def counted() -> Message:
            # A chunked body has no Content-Length: count it, and answer 413 at the cap
            # (the framework would turn an error raised here into a 400).
            nonlocal seen, answered
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max:
                    await _too_large(self.max, send_with_headers)
                    answered = True
                    raise WebError(413, "too_large", f"request body over {self.max} bytes")
            return message

        await self.app(scope, counted, send_with_headers)


async def _too_large(limit: int, send: Send) -> None:
    body = json.dumps(error_body("too_large", f"request body over {limit} bytes")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _status_of(err: ClaimledgerError) -> tuple[int, str]:
    if isinstance(err, LedgerError) and (": no " in err.message or "no such" in err.message):
        return 404, "not_found"
    return 400, err.reason if err.reason != "error" else "bad_request"


def _error(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith("/api/") or wants_json(request):
        return JSONResponse(error_body(code, message), status_code=status)
    web: WebState = request.app.state.web
    html = web.env.get_template("error.html").render(
        status=status, code=code, message=message, path=request.url.path, read_only=web.read_only
    )
    return HTMLResponse(html, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def web_error(request: Request, err: WebError) -> Response:
        return _error(request, err.status, err.code, err.message)

    @app.exception_handler(ClaimledgerError)
    async def library_error(request: Request, err: ClaimledgerError) -> Response:
        status, code = _status_of(err)
        return _error(request, status, code, err.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed"}
        return _error(request, err.status_code, codes.get(err.status_code, "http_error"), str(err.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> Response:
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(request, 422, "invalid", f"{where}: {first.get('msg', 'invalid request')}")

    @app.exception_handler(Exception)
    async def crash(request: Request, err: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal", "internal error; the server log has the details")


def create_app(
    ledger_url: str,
    *,
    read_only: bool = False,
    token: str | None = None,
    loopback_only: bool = True,
    settings: Settings | None = None,
    analyse_many: Callable[[list[Article]], Iterable[Analysis]] | None = None,
    max_request_bytes: int = DEFAULT_MAX_REQUEST,
    fetch: bool = False,
    fetcher: Any = None,
) -> FastAPI:
    """The web app over the ledger at ``ledger_url`` (a path or database URL).

    POSTs need ``token`` (header ``X-Claimledger-Token`` or ``Authorization: Bearer``) when
    one is given or when ``loopback_only`` is False; with no token then, every POST is
    refused. ``read_only`` refuses every write. ``analyse_many`` replaces the spaCy
    pipeline (tests share one). ``fetch`` lets analyse take a URL instead of a text,
    fetched as ``claimledger ingest`` fetches (never a private address); ``fetcher``
    replaces that fetcher (tests).
    """
    settings = settings or Settings.from_env()
    if fetch and fetcher is None:
        from claimledger.ingest.fetch import Fetcher
        from claimledger.ingest.html import page_limit

        fetcher = Fetcher(max_bytes=page_limit(settings.max_bytes), allow_private=False)
    state = WebState(
        ledger=open_ledger(ledger_url),
        settings=settings,
        read_only=read_only,
        token=token or None,
        loopback_only=loopback_only,
        analyse_many=analyse_many,
        fetcher=fetcher,
    )
    app = FastAPI(
        title="claimledger",
        version=__version__,
        description="Who said what, about which event, and whether it holds up: the ledger over HTTP.",
        openapi_url="/api/openapi.json",
        # Swagger UI loads scripts from a CDN and runs inline script: not under this CSP.
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = state
    app.add_middleware(Guard, max_request_bytes=max_request_bytes)
    _add_error_handlers(app)
    app.include_router(rest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app
