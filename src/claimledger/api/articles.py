"""Reading one stored article back whole: its text and every item with its offsets.

``article(ledger, ident)`` returns the article as a ``claimledger.article/1`` record
(docs/format.md), the same shape ``claimledger analyze --format json`` prints, so a page or
program can show a stored article and a freshly analysed one with the same code. Each
claim carries two extra keys read from the ledger: ``story`` (its cross-article cluster id)
and ``standing_now`` (its standing across the ledger, or None when it has none yet).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Table, and_, func, select

from claimledger.errors import LedgerError
from claimledger.ledger import schema
from claimledger.ledger.store import Ledger

SCHEMA = "claimledger.article/1"


def resolve_article(ledger: Ledger, ident: str) -> str:
    """An article id, or its first 8+ hex characters, -> the full id (LedgerError if none)."""
    prefix = ident.strip().lower()
    if len(prefix) < 8 or not all(ch in "0123456789abcdef" for ch in prefix):
        raise LedgerError(f"{ident!r} is not an article id; give its first 8 or more hex characters")
    a = schema.articles.c
    # A whole id is one primary-key lookup; a prefix is a LIKE, which may scan the table.
    match = a.id == prefix if len(prefix) == 64 else a.id.like(f"{prefix}%")
    with ledger.engine.connect() as connection:
        found = connection.execute(select(a.id).where(match).limit(2)).scalars().all()
    if len(found) != 1:
        many = "no" if not found else "more than one"
        raise LedgerError(f"{ident!r}: {many} article starts with {prefix!r}")
    return str(found[0])


def links_version(ledger: Ledger) -> tuple[int, int]:
    """Changes whenever linking writes: the newest standing-history entry and link.

    A stored article never changes, but where its claims stand across the ledger does,
    and only when an article stored later adds history or links. Two primary-key maxima:
    one cheap query, so a page built from an article can be cached against it.
    """
    h, lk = schema.standing_history.c, schema.links.c
    query = select(select(func.max(h.id)).scalar_subquery(), select(func.max(lk.id)).scalar_subquery())
    with ledger.engine.connect() as connection:
        row = connection.execute(query).one()
    return int(row[0] or 0), int(row[1] or 0)


def article_list(ledger: Ledger, *, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored articles without their text, newest publication first, with item counts."""
    a = schema.articles.c
    query = select(a.id, a.title, a.source, a.url, a.published, a.source_domain, a.author, a.site).order_by(
        a.published.desc(), a.id
    )
    if limit:
        query = query.limit(limit)
    with ledger.engine.connect() as connection:
        return [dict(row) for row in connection.execute(query).mappings()]


def _span(row: Any, name: str) -> dict[str, Any] | None:
    start = row[f"{name}_start"]
    if start is None:
        return None
    return {"start": start, "end": row[f"{name}_end"], "text": row[f"{name}_text"]}


def _voice(row: Any, name: str) -> dict[str, Any] | None:
    if row[f"{name}_name"] is None and row[f"{name}_entity"] is None:
        return None
    return {
        "entity": row[f"{name}_entity"],
        "name": row[f"{name}_name"],
        "mention": _span(row, f"{name}_mention"),
        "anonymous": bool(row[f"{name}_anonymous"]),
    }


def _bare(row: Any) -> dict[str, Any]:
    return {"start": row["start"], "end": row["end"], "text": row["text"]}


def _of(connection: Connection, table: Table, article_id: str, *order: str) -> list[Any]:
    query = select(table).where(table.c.article_id == article_id).order_by(*(table.c[o] for o in order))
    return list(connection.execute(query).mappings())


def _item_order(item_id: str) -> tuple[str, int]:
    return item_id[:1], int(item_id[1:]) if item_id[1:].isdigit() else 0


def article(ledger: Ledger, ident: str) -> dict[str, Any]:
    """The stored article ``ident`` (full id or a prefix of 8+ hex) as an article record."""
    article_id = resolve_article(ledger, ident)
    with ledger.engine.connect() as connection:
        query = select(schema.articles).where(schema.articles.c.id == article_id)
        row = connection.execute(query).mappings().one()
        mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in _of(connection, schema.mentions, article_id, "entity_id", "seq"):
            mentions[m["entity_id"]].append(_bare(m))
        entities = [
            {
                "id": e["id"],
                "name": e["name"],
                "type": e["type"],
                "roles": json.loads(e["roles"] or "[]"),
                "mentions": mentions[e["id"]],
            }
            for e in _of(connection, schema.entities, article_id, "id")
        ]
        quotes = [
            {
                "id": q["id"],
                "kind": q["kind"],
                "content": _span(q, "content"),
                "quoted": json.loads(q["quoted"] or "[]"),
                "speaker": _voice(q, "speaker"),
                "cue": _span(q, "cue"),
                "channel": _span(q, "channel"),
            }
            for q in _of(connection, schema.quotes, article_id, "content_start")
        ]
        evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for ev in _of(connection, schema.evidence, article_id, "claim_id", "seq"):
            evidence[ev["claim_id"]].append(
                {"relation": ev["relation"], "span": _span(ev, "span"), "source": _voice(ev, "source")}
            )
        cl, cs = schema.clusters.c, schema.claim_standing.c
        ledger_standing = {
            r["item_id"]: (r["cluster_id"], r["standing"])
            for r in connection.execute(
                select(cl.item_id, cl.cluster_id, cs.standing)
                .select_from(schema.clusters.outerjoin(schema.claim_standing, cs.cluster_id == cl.cluster_id))
                .where(and_(cl.kind == "claim", cl.article_id == article_id))
            ).mappings()
        }
        claims = [
            {
                "id": c["id"],
                "text": c["text"],
                "span": _span(c, "span"),
                "source": _voice(c, "source"),
                "cue": _span(c, "cue"),
                "channel": _span(c, "channel"),
                "quotes": json.loads(c["quotes"] or "[]"),
                "standing": c["standing"],
                "evidence": evidence[c["id"]],
                "modality": json.loads(c["modality"] or "[]"),
                "events": json.loads(c["events"] or "[]"),
                "story": ledger_standing.get(c["id"], (None, None))[0],
                "standing_now": ledger_standing.get(c["id"], (None, None))[1],
            }
            for c in _of(connection, schema.claims, article_id, "span_start")
        ]
        times = {
            t["id"]: {
                "id": t["id"],
                **_bare(t),
                "value": t["value"],
                "type": t["type"],
                "begin": t["begin"],
                "until": t["until"],
                "mod": t["mod"],
            }
            for t in _of(connection, schema.times, article_id, "start")
        }
        event_mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for m in _of(connection, schema.event_mentions, article_id, "event_id", "seq"):
            event_mentions[m["event_id"]].append(_bare(m))
        events = [
            {
                "id": v["id"],
                "type": v["type"],
                "cameo": v["cameo"],
                "trigger": _span(v, "trigger"),
                "mentions": event_mentions[v["id"]],
                "factuality": v["factuality"],
                "participants": json.loads(v["participants"] or "[]"),
                "quantities": json.loads(v["quantities"] or "[]"),
                "places": json.loads(v["places"] or "[]"),
                "time": times.get(v["time_id"]) if v["time_id"] else None,
                "claims": json.loads(v["claims"] or "[]"),
            }
            for v in _of(connection, schema.events, article_id, "id")
        ]
    entities.sort(key=lambda e: _item_order(e["id"]))
    events.sort(key=lambda e: _item_order(e["id"]))
    return {
        "schema": SCHEMA,
        "article": {
            "id": row["id"],
            "source": row["source"],
            "url": row["url"],
            "title": row["title"],
            "published": row["published"],
            "source_domain": row["source_domain"],
            "author": row["author"],
            "site": row["site"],
            "text": row["text"],
        },
        "entities": entities,
        "quotes": quotes,
        "claims": claims,
        "events": events,
        "times": sorted(times.values(), key=lambda t: t["start"]),
        "warnings": json.loads(row["warnings"] or "[]"),
        "pipeline": json.loads(row["pipeline"] or "{}"),
    }


def person(ledger: Ledger, cluster: str) -> dict[str, Any]:
    """Everything one speaker (an entity cluster id) said across articles, and the claims
    they confirmed, disputed or denied (their entries in other claims' standing history)."""
    from claimledger.api import queries
    from claimledger.linking.linker import global_id

    cl, e, h = schema.clusters.c, schema.entities.c, schema.standing_history.c
    with ledger.engine.connect() as connection:
        members = (
            connection.execute(
                select(e.article_id, e.id, e.name, e.type)
                .select_from(
                    schema.entities.join(
                        schema.clusters,
                        and_(cl.kind == "entity", cl.article_id == e.article_id, cl.item_id == e.id),
                    )
                )
                .where(cl.cluster_id == cluster)
            )
            .mappings()
            .all()
        )
        if not members:
            raise LedgerError(f"{cluster!r}: no such entity in the ledger")
        keys = {(m["article_id"], m["id"]) for m in members}
        responses = [
            {
                "story": r["claim_key"],
                "relation": r["relation"],
                "date": r["date"],
                "evidence": r["evidence_text"],
                "article_id": r["article_id"],
                "claim": global_id(r["article_id"], r["claim_id"]) if r["claim_id"] else None,
            }
            for r in connection.execute(
                select(schema.standing_history)
                .where(h.relation.in_(("confirmed", "disputed", "denied")))
                .where(h.source_entity.is_not(None))
                .where(h.article_id.in_(sorted({a for a, _ in keys})))
                .order_by(h.date, h.id)
            ).mappings()
            if (r["article_id"], r["source_entity"]) in keys
        ]
    names = sorted({m["name"] for m in members}, key=lambda n: (-len(n.split()), n))
    quotes = [q for q in queries.quotes(ledger, speaker=names[-1]) if q["speaker_entity"] == cluster]
    claims = [c for c in queries.claims(ledger, source=names[-1]) if c["source"] in names]
    return {
        "id": cluster,
        "name": names[0],
        "aliases": names[1:],
        "type": members[0]["type"],
        "articles": len({a for a, _ in keys}),
        "quotes": quotes,
        "claims": claims,
        "responses": responses,
    }
