"""The HTML pages. Each has a JSON twin at the same path plus ``.json`` (or with
``Accept: application/json``) that returns the data the page shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from claimledger.api import queries
from claimledger.api.articles import article, article_list, links_version, person, resolve_article
from claimledger.api.story import story
from claimledger.types import Article
from claimledger.web.rest import analyse_article, check_date, fetch_article
from claimledger.web.state import WebError, guard_post, render, state_of, wants_json
from claimledger.web.views import STANDING_MEANING, article_page, article_segments

router = APIRouter(include_in_schema=False)

PageFn = Callable[..., Response]


def page(path: str) -> Callable[[PageFn], PageFn]:
    """Register a GET page at ``path`` and its JSON twin at ``path.json``."""

    def register(fn: PageFn) -> PageFn:
        twin = "/index.json" if path == "/" else f"{path}.json"
        router.add_api_route(twin, fn, methods=["GET"])  # first: "/x/{id}" would take "a.json"
        router.add_api_route(path, fn, methods=["GET"])
        return fn

    return register


def _article_response(request: Request, data: dict[str, Any]) -> Response:
    extra = {"segments": article_segments(data), "meanings": STANDING_MEANING}
    if wants_json(request):
        return render(request, "article.html", data)
    return render(request, "article.html", {**data, **extra})


@page("/")
def home(request: Request) -> Response:
    ledger = state_of(request).ledger
    return render(request, "home.html", {"articles": article_list(ledger, limit=200)})


@page("/articles/{ident}")
def article_view(request: Request, ident: str) -> Response:
    state = state_of(request)
    article_id = resolve_article(state.ledger, ident)
    key = (article_id, request.url.path, wants_json(request), links_version(state.ledger))
    cached = state.pages.get(key)
    if cached is not None:
        return Response(cached[0], media_type=cached[1])
    response = _article_response(request, article_page(article(state.ledger, article_id), stored=True))
    state.pages.put(key, (bytes(response.body), response.media_type))
    return response


@page("/claims")
def claims_view(
    request: Request,
    standing: str | None = None,
    source: str | None = None,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    filters = {
        "standing": standing or None,
        "source": source or None,
        "about": about or None,
        "since": check_date(since, "since"),
        "until": check_date(until, "until"),
    }
    rows = queries.claims(state_of(request).ledger, limit=500, **filters)
    return render(
        request, "claims.html", {"filters": filters, "standings": list(queries.STANDINGS), "claims": rows}
    )


@page("/story/{ident}")
def story_view(request: Request, ident: str) -> Response:
    return render(request, "story.html", {"story": story(state_of(request).ledger, ident)})


@page("/people")
def people_view(request: Request, name: str | None = None) -> Response:
    rows = queries.entities(state_of(request).ledger, name=name or None, type="PERSON", limit=500)
    return render(request, "people.html", {"name": name or None, "people": rows})


@page("/people/{cluster}")
def person_view(request: Request, cluster: str) -> Response:
    return render(request, "person.html", {"person": person(state_of(request).ledger, cluster)})


@page("/events")
def events_view(
    request: Request, type: str | None = None, since: str | None = None, until: str | None = None
) -> Response:
    rows = queries.events(
        state_of(request).ledger,
        type=type or None,
        since=check_date(since, "since"),
        until=check_date(until, "until"),
        limit=500,
    )
    return render(request, "events.html", {"type": type or None, "events": rows})


@page("/search")
def search_view(request: Request, q: str = "") -> Response:
    hits = queries.search_items(state_of(request).ledger, q, limit=100) if q.strip() else []
    return render(request, "search.html", {"q": q, "hits": hits})


@page("/analyse")
def analyse_form(request: Request) -> Response:
    fetch = state_of(request).fetcher is not None
    return render(request, "analyse.html", {"text": "", "published": "", "title": "", "fetch": fetch})


@router.post("/analyse")
async def analyse_submit(request: Request) -> Response:
    """The form: analyse the text, show its article page; with "store", store it and go there."""
    form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    store = form.get("store") in ("1", "on", "true")
    guard_post(request, writes=store, form_token=form.get("token"))
    state = state_of(request)
    published = check_date(form.get("published", "").strip(), "published")
    text = form.get("text", "").replace("\r\n", "\n")
    url = form.get("url", "").strip()
    title = form.get("title", "").strip() or None
    if text.strip():
        source = Article(text=text, source="web", title=title, published=published)
    elif url:
        source = await run_in_threadpool(fetch_article, state, url, published)
    else:
        raise WebError(
            422, "empty", "paste the article's text" + (" or give its URL" if state.fetcher else "")
        )
    record, _ = await run_in_threadpool(analyse_article, state, source, store=store)
    if store:
        return RedirectResponse(f"/articles/{record['article']['id']}", status_code=303)
    return _article_response(request, article_page(record, stored=False))
