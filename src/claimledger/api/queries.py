"""Reading the ledger across articles: claims, quotes, entities, events, search, stories.

Every function takes an open :class:`~claimledger.ledger.store.Ledger` and returns plain
dicts (JSON-ready), so the CLI's text, JSON, JSONL and CSV outputs and any program see the
same rows. Items are named by their global id ``<article id[:12]>:<item id>``; cross-article
clusters are named by the global id of their first item.

Dates: ``since``/``until`` (inclusive, ``YYYY-MM-DD``) filter claims and quotes on their
article's publication date, and events on the date the event happened when known (else
the article's date).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, func, or_, select

from claimledger.errors import LedgerError
from claimledger.ledger import schema, search
from claimledger.ledger.store import Ledger
from claimledger.linking.linker import global_id

STANDINGS = ("asserted", "claimed", "unconfirmed", "confirmed", "disputed", "denied", "unfounded")


def _span(row: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    start = row.get(f"{name}_start")
    if start is None:
        return None
    return {"start": start, "end": row[f"{name}_end"], "text": row[f"{name}_text"]}


def _dates(query: Any, column: Any, since: str | None, until: str | None) -> Any:
    if since:
        query = query.where(column >= since)
    if until:
        query = query.where(column <= until)
    return query


def _rows(ledger: Ledger, query: Any) -> list[dict[str, Any]]:
    with ledger.engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def claims(
    ledger: Ledger,
    *,
    source: str | None = None,
    standing: str | None = None,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Claims with their current standing across the ledger (``standing``) and as their own
    article reported it (``standing_in_article``). ``standing`` filters the current one."""
    if standing is not None and standing not in STANDINGS:
        raise LedgerError(f"standing {standing!r}: one of {', '.join(STANDINGS)}")
    c, a, cl, cs = schema.claims.c, schema.articles.c, schema.clusters.c, schema.claim_standing.c
    current = func.coalesce(cs.standing, c.standing)
    joined = (
        schema.claims.join(schema.articles, a.id == c.article_id)
        .outerjoin(
            schema.clusters, and_(cl.kind == "claim", cl.article_id == c.article_id, cl.item_id == c.id)
        )
        .outerjoin(schema.claim_standing, cs.cluster_id == cl.cluster_id)
    )
    columns = (
        schema.claims,
        a.published,
        a.title,
        a.url,
        a.source.label("article_source"),
        cl.cluster_id,
        current.label("current"),
        cs.since,
        cs.sources,
    )
    where = []
    if source:
        where.append(func.lower(c.source_name).contains(source.lower(), autoescape=True))
    if standing:
        where.append(current == standing)
    if about is not None:
        where.append(search.item_filter(ledger.engine.dialect.name, "claim", search.parse(about)))
    order = (a.published, c.article_id, c.span_start)
    if limit:
        # Sort and cut the keys, then read the few whole rows: sorting every matching row
        # whole was a third of claims(about="would", limit=50) (34,000 rows at 100k quotes).
        # The current standing is joined to pick only when it filters.
        picking = joined if standing else schema.claims.join(schema.articles, a.id == c.article_id)
        keys = select(c.article_id, c.id).select_from(picking).where(*where)
        picked = _dates(keys, a.published, since, until).order_by(*order).limit(limit).subquery("picked")
        of_picked = and_(c.article_id == picked.c.article_id, c.id == picked.c.id)
        query = select(*columns).select_from(picked.join(joined, of_picked)).order_by(*order)
    else:
        query = _dates(select(*columns).select_from(joined).where(*where), a.published, since, until)
        query = query.order_by(*order)
    out = []
    for row in _rows(ledger, query):
        out.append(
            {
                "id": global_id(row["article_id"], row["id"]),
                "story": row["cluster_id"],
                "standing": row["current"],
                "standing_since": row["since"],
                "standing_in_article": row["standing"],
                "source": row["source_name"],
                "anonymous": row["source_anonymous"],
                "text": row["text"],
                "cue": row["cue_text"],
                "modality": json.loads(row["modality"] or "[]"),
                "published": row["published"],
                "title": row["title"],
                "url": row["url"],
                "article_id": row["article_id"],
                "span": _span(row, "span"),
            }
        )
    return out


def quotes(
    ledger: Ledger,
    *,
    speaker: str | None = None,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Quotes with speakers; ``speaker`` matches part of the name, any case."""
    q, a, cl = schema.quotes.c, schema.articles.c, schema.clusters.c
    query = select(
        schema.quotes, a.published, a.title, a.url, cl.cluster_id.label("speaker_cluster")
    ).select_from(
        schema.quotes.join(schema.articles, a.id == q.article_id).outerjoin(
            schema.clusters,
            and_(cl.kind == "entity", cl.article_id == q.article_id, cl.item_id == q.speaker_entity),
        )
    )
    if speaker:
        query = query.where(func.lower(q.speaker_name).contains(speaker.lower(), autoescape=True))
    if about is not None:
        query = query.where(search.item_filter(ledger.engine.dialect.name, "quote", search.parse(about)))
    query = _dates(query, a.published, since, until).order_by(a.published, q.article_id, q.content_start)
    if limit:
        query = query.limit(limit)
    return [
        {
            "id": global_id(row["article_id"], row["id"]),
            "kind": row["kind"],
            "speaker": row["speaker_name"],
            "speaker_entity": row["speaker_cluster"],
            "anonymous": row["speaker_anonymous"],
            "text": row["content_text"],
            "cue": row["cue_text"],
            "channel": row["channel_text"],
            "published": row["published"],
            "title": row["title"],
            "url": row["url"],
            "article_id": row["article_id"],
            "span": _span(row, "content"),
        }
        for row in _rows(ledger, query)
    ]


def entities(
    ledger: Ledger, *, name: str | None = None, type: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """People, organisations and places across articles, one row per cluster, most
    reported first: their names, roles, and how many articles, quotes and claims.

    Aggregated in SQL, so a big ledger costs one grouped scan, not a load into memory.
    """
    e, cl = schema.entities.c, schema.clusters.c
    linked = schema.entities.join(
        schema.clusters, and_(cl.kind == "entity", cl.article_id == e.article_id, cl.item_id == e.id)
    )
    articles = func.count(func.distinct(e.article_id)).label("articles")
    query = select(cl.cluster_id, articles).select_from(linked).group_by(cl.cluster_id)
    if type:
        query = query.where(e.type == type.upper())
    if name:
        named = (
            select(cl.cluster_id)
            .select_from(linked)
            .where(func.lower(e.name).contains(name.lower(), autoescape=True))
        )
        query = query.where(cl.cluster_id.in_(named))
    query = query.order_by(articles.desc(), cl.cluster_id)
    if limit:
        query = query.limit(limit)
    top = {row["cluster_id"]: row["articles"] for row in _rows(ledger, query)}
    if not top:
        return []
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(
        ledger,
        select(cl.cluster_id, e.name, e.type, e.roles)
        .select_from(linked)
        .where(cl.cluster_id.in_(list(top))),
    ):
        members[row["cluster_id"]].append(row)
    spoken = {kind: _spoken(ledger, kind, list(top)) for kind in ("quote", "claim")}
    out = []
    for cluster, count in top.items():
        names = Counter(m["name"] for m in members[cluster])
        best = max(names, key=lambda n: (len(n.split()), names[n], n))
        out.append(
            {
                "id": cluster,
                "name": best,
                "type": members[cluster][0]["type"],
                "aliases": sorted(set(names) - {best}),
                "roles": sorted({r for m in members[cluster] for r in json.loads(m["roles"] or "[]")}),
                "articles": count,
                "quotes": spoken["quote"].get(cluster, 0),
                "claims": spoken["claim"].get(cluster, 0),
            }
        )
    out.sort(key=lambda r: (-r["articles"], -r["quotes"], r["name"]))
    return out


def _spoken(ledger: Ledger, kind: str, clusters: list[str]) -> dict[str, int]:
    """Quotes (or claims) per entity cluster, counted in SQL."""
    cl = schema.clusters.c
    table = schema.quotes if kind == "quote" else schema.claims
    who = table.c.speaker_entity if kind == "quote" else table.c.source_entity
    query = (
        select(cl.cluster_id, func.count().label("n"))
        .select_from(
            table.join(
                schema.clusters,
                and_(cl.kind == "entity", cl.article_id == table.c.article_id, cl.item_id == who),
            )
        )
        .where(cl.cluster_id.in_(clusters))
        .group_by(cl.cluster_id)
    )
    return {row["cluster_id"]: row["n"] for row in _rows(ledger, query)}


def events(
    ledger: Ledger,
    *,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Events across articles, one row per cluster (the same event reported many times),
    in time order: type, date, participants, places, factuality as last reported."""
    ev, t, a, cl = schema.events.c, schema.times.c, schema.articles.c, schema.clusters.c
    date = func.coalesce(t.begin, a.published)
    linked = (
        schema.events.join(schema.articles, a.id == ev.article_id)
        .outerjoin(schema.times, and_(t.article_id == ev.article_id, t.id == ev.time_id))
        .join(schema.clusters, and_(cl.kind == "event", cl.article_id == ev.article_id, cl.item_id == ev.id))
    )
    first = func.min(date).label("first")
    query = (
        select(cl.cluster_id, first, func.count(func.distinct(ev.article_id)).label("articles"))
        .select_from(linked)
        .group_by(cl.cluster_id)
    )
    if type:
        query = query.where(or_(ev.type == type, ev.cameo == type))
    query = _dates(query, date, since, until).order_by(first, cl.cluster_id)
    if limit:
        query = query.limit(limit)
    top = {row["cluster_id"]: row for row in _rows(ledger, query)}
    if not top:
        return []
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    details = select(
        cl.cluster_id,
        ev.type,
        ev.cameo,
        ev.trigger_text,
        ev.factuality,
        ev.participants,
        ev.places,
        t.value.label("time_value"),
        a.published,
        ev.article_id,
    )
    for row in _rows(ledger, details.select_from(linked).where(cl.cluster_id.in_(list(top)))):
        members[row["cluster_id"]].append(row)
    out = []
    for cluster, head in top.items():
        reports = sorted(members[cluster], key=lambda m: (m["published"] or "", m["article_id"]))
        last = reports[-1]
        out.append(
            {
                "id": cluster,
                "type": last["type"],
                "cameo": last["cameo"],
                "trigger": last["trigger_text"],
                "date": head["first"][:10] if head["first"] else None,
                "time": next((m["time_value"] for m in reports if m["time_value"]), None),
                "factuality": last["factuality"],
                "participants": sorted(
                    {p["name"] for m in reports for p in json.loads(m["participants"]) if p.get("name")}
                ),
                "places": sorted(
                    {p["name"] for m in reports for p in json.loads(m["places"]) if p.get("name")}
                ),
                "articles": head["articles"],
            }
        )
    return out


def search_items(
    ledger: Ledger, text: str, *, kind: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """Full-text search over quotes and claims (web-search syntax), best first."""
    hits = ledger.search(text, kind=kind, limit=limit)
    for hit in hits:
        hit["id"] = global_id(hit["article_id"], hit["id"])
    return hits
