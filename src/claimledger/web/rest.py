"""The REST API under ``/api/``: the same plain dicts as claimledger.api, as JSON.

The OpenAPI document is ``/api/openapi.json``. Every error is
``{"error": {"code": ..., "message": ...}}``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from claimledger.api import queries
from claimledger.api.articles import article, article_list, links_version
from claimledger.api.ingest import STORED, ingest_results
from claimledger.api.story import story
from claimledger.types import Article
from claimledger.web.state import WebError, WebState, guard_post, state_of

router = APIRouter(prefix="/api", tags=["api"])

# The lists are plain dicts already JSON-ready: answered as they are, without FastAPI
# validating each row against a response model;
# the model stays for the OpenAPI document.
Rows = list[dict[str, Any]]


def as_json(rows: Rows) -> Response:
    return JSONResponse(rows)


def cached_json(request: Request, build: Callable[[], Rows]) -> Response:
    """``build()`` as JSON, kept against the ledger's linking version (see PageCache).

    Every claim stored through linking (ingest, the analyse page) adds a standing-history
    entry, so a new claim or a new standing changes the version; a claim stored with
    ``Ledger.store`` and no linker does not, and is seen once linking writes again.
    """
    state = state_of(request)
    key = ("api", str(request.url.path), str(request.url.query), links_version(state.ledger))
    cached = state.pages.get(key)
    if cached is not None:
        return Response(cached[0], media_type=cached[1])
    response = JSONResponse(build())
    state.pages.put(key, (bytes(response.body), response.media_type))
    return response


Limit = Annotated[int, Query(ge=0, le=10_000, description="At most this many rows (0: all).")]
Since = Annotated[str | None, Query(description="From this date on, YYYY-MM-DD.")]
Until = Annotated[str | None, Query(description="Up to this date, YYYY-MM-DD.")]
About = Annotated[str | None, Query(description='Full-text filter: words, "a phrase", -word, or.')]


def check_date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise WebError(422, "invalid", f"{name} {value!r} is not a date in YYYY-MM-DD form") from None


@router.get("/articles", response_model=Rows, summary="Stored articles, newest first (without their text)")
def api_articles(request: Request, limit: Limit = 100) -> Response:
    return as_json(article_list(state_of(request).ledger, limit=limit or None))


@router.get("/articles/{ident}", summary="One article as a claimledger.article/1 record")
def api_article(request: Request, ident: str) -> dict[str, Any]:
    return article(state_of(request).ledger, ident)


@router.get("/quotes", response_model=Rows, summary="Quotes with their speakers")
def api_quotes(
    request: Request,
    speaker: str | None = None,
    about: About = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
) -> Response:
    return as_json(
        queries.quotes(
            state_of(request).ledger,
            speaker=speaker,
            about=about,
            since=check_date(since, "since"),
            until=check_date(until, "until"),
            limit=limit or None,
        )
    )


@router.get("/claims", response_model=Rows, summary="Claims with their standing across the ledger")
def api_claims(
    request: Request,
    standing: str | None = None,
    source: str | None = None,
    about: About = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
) -> Response:
    since, until = check_date(since, "since"), check_date(until, "until")
    return cached_json(
        request,
        lambda: queries.claims(
            state_of(request).ledger,
            standing=standing or None,
            source=source,
            about=about,
            since=since,
            until=until,
            limit=limit or None,
        ),
    )


@router.get("/entities", response_model=Rows, summary="People, organisations and places across articles")
def api_entities(
    request: Request, name: str | None = None, type: str | None = None, limit: Limit = 100
) -> Response:
    return as_json(queries.entities(state_of(request).ledger, name=name, type=type, limit=limit or None))


@router.get("/events", response_model=Rows, summary="Events across articles, in time order")
def api_events(
    request: Request,
    type: str | None = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 100,
) -> Response:
    return as_json(
        queries.events(
            state_of(request).ledger,
            type=type,
            since=check_date(since, "since"),
            until=check_date(until, "until"),
            limit=limit or None,
        )
    )


@router.get("/story/{ident}", summary="A claim's or event's story across the ledger")
def api_story(request: Request, ident: str) -> dict[str, Any]:
    return story(state_of(request).ledger, ident)


@router.get("/search", response_model=Rows, summary="Full-text search over quotes and claims")
def api_search(
    request: Request,
    q: Annotated[str, Query(description='words, "a phrase", -word, or')],
    kind: Literal["quote", "claim"] | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> Response:
    return as_json(queries.search_items(state_of(request).ledger, q, kind=kind, limit=limit))


class AnalyseRequest(BaseModel):
    text: str = Field(default="", description="The article text; every offset in the answer refers to it.")
    published: str | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    title: str | None = None
    url: str | None = Field(
        default=None,
        description="The article's URL; with no text, the page is fetched (serve --fetch).",
    )
    store: bool = Field(default=False, description="Also store it in the ledger (linked).")


def fetch_article(state: WebState, url: str, published: str | None) -> Article:
    """The article at ``url``, fetched and extracted as ``claimledger ingest`` does."""
    from claimledger.errors import InputError
    from claimledger.ingest.sources import is_url, iter_articles

    if state.fetcher is None:
        raise WebError(403, "fetch_off", "this server does not fetch URLs (serve --fetch); paste the text")
    if not is_url(url):
        raise WebError(422, "invalid", f"url {url!r}: give an http(s) URL")
    results = iter_articles(
        [url], published=published, max_bytes=state.settings.max_bytes, fetcher=state.fetcher
    )
    for _, item in results:
        if isinstance(item, InputError):
            raise WebError(422, item.reason, item.message)
        return item
    raise WebError(422, "empty", f"{url}: no article there")


def analyse_article(state: WebState, article_in: Article, *, store: bool) -> tuple[dict[str, Any], bool]:
    """Analyse one article, store it when asked; (its record, whether it was stored now)."""
    if not article_in.text.strip():
        raise WebError(422, "empty", "the text is empty")
    if len(article_in.text.encode("utf-8")) > state.settings.max_bytes:
        raise WebError(413, "too_large", f"the text is over {state.settings.max_bytes} bytes")
    analysis = state.analyse(article_in)
    record = analysis.to_dict()
    stored_now = False
    if store:
        outcomes = list(
            ingest_results(
                state.ledger,
                [(article_in.source, article_in)],
                settings=state.settings,
                analyse=lambda _articles: [analysis],
            )
        )
        if outcomes and outcomes[0].status == "skipped":
            raise WebError(422, outcomes[0].reason or "skipped", outcomes[0].message or "not stored")
        stored_now = bool(outcomes) and outcomes[0].status == STORED
    return record, stored_now


@router.post("/analyse", summary="Analyse a text; store it in the ledger when asked")
async def api_analyse(request: Request, body: AnalyseRequest) -> dict[str, Any]:
    guard_post(request, writes=body.store)
    state = state_of(request)
    published = check_date(body.published, "published")
    if not body.text.strip() and body.url:
        source = await run_in_threadpool(fetch_article, state, body.url, published)
    else:
        source = Article(
            text=body.text, source=body.url or "web", url=body.url, title=body.title, published=published
        )
    record, stored_now = await run_in_threadpool(analyse_article, state, source, store=body.store)
    return {"stored": stored_now, "in_ledger": body.store, "record": record}


@router.get(
    "/export",
    summary="The ledger's quotes and claims as W3C Web Annotations (JSON Lines)",
    response_class=StreamingResponse,
)
def api_export(request: Request, format: Literal["annotations"] = "annotations") -> StreamingResponse:
    from claimledger.export.annotations import annotation_stream
    from claimledger.export.reading import snapshot

    ledger = state_of(request).ledger

    def lines() -> Iterator[str]:
        with snapshot(ledger) as connection:
            for item in annotation_stream(connection):
                yield json.dumps(item, ensure_ascii=False) + "\n"

    return StreamingResponse(lines(), media_type="application/x-ndjson")
