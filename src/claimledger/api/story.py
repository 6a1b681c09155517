"""``story``: one claim or event followed across the ledger.

For a claim: the proposition, its current standing and since when, and the dated history
behind it (who claimed, repeated, confirmed, disputed, denied or labelled it, in which
article, with the evidence span), the cross-article links with their confidence and
evidence, and the reprints that were shown but not counted. For an event: every report
of it, its dates, participants and factuality as reported, and the claims made about it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import and_, or_, select

from claimledger.errors import LedgerError
from claimledger.ledger import schema
from claimledger.ledger.store import Ledger
from claimledger.linking.linker import global_id

KINDS = {"C": "claim", "V": "event", "E": "entity"}


def resolve(ledger: Ledger, ident: str) -> tuple[str, str, str]:
    """``<article id or its first 12+ hex>:<C3|V1|E2>`` -> (kind, article id, item id)."""
    prefix, _, item = ident.strip().partition(":")
    kind = KINDS.get(item[:1].upper()) if item else None
    if kind is None or len(prefix) < 8 or not all(ch in "0123456789abcdef" for ch in prefix.lower()):
        raise LedgerError(
            f"{ident!r} is not a claim or event id; give one as printed by `claimledger claims` "
            "or `claimledger events`, e.g. 3f2a9c1b7d0e:C1"
        )
    a = schema.articles.c
    with ledger.engine.connect() as connection:
        found = (
            connection.execute(select(a.id).where(a.id.like(f"{prefix.lower()}%")).limit(2)).scalars().all()
        )
    if len(found) != 1:
        raise LedgerError(
            f"{ident!r}: {'no' if not found else 'more than one'} article starts with {prefix!r}"
        )
    return kind, found[0], item.upper()


def story(ledger: Ledger, ident: str) -> dict[str, Any]:
    """The story of the claim or event ``ident`` (a global item id or a story id)."""
    kind, article_id, item_id = resolve(ledger, ident)
    if kind == "entity":
        raise LedgerError(f"{ident!r} is an entity; `claimledger quotes --speaker NAME` shows what it said")
    cl = schema.clusters.c
    with ledger.engine.connect() as connection:
        cluster = connection.execute(
            select(cl.cluster_id).where(cl.kind == kind, cl.article_id == article_id, cl.item_id == item_id)
        ).scalar()
        if cluster is None:
            raise LedgerError(f"{ident!r}: no such {kind} in the ledger")
        members = connection.execute(
            select(cl.article_id, cl.item_id).where(cl.kind == kind, cl.cluster_id == cluster)
        ).all()
        pairs = [(m.article_id, m.item_id) for m in members]
        if kind == "claim":
            body = _claim_story(connection, cluster, pairs)
        else:
            body = _event_story(connection, cluster, pairs)
        body["links"] = _links(connection, kind, pairs)
        body["reprints"] = _reprints(connection, {a for a, _ in pairs})
    return {"id": cluster, "kind": kind, **body}


def _articles(connection: Any, ids: set[str]) -> dict[str, dict[str, Any]]:
    a = schema.articles.c
    rows = connection.execute(
        select(a.id, a.title, a.source, a.url, a.published, a.source_domain).where(a.id.in_(sorted(ids)))
    ).mappings()
    return {r["id"]: dict(r) for r in rows}


def _claim_story(connection: Any, cluster: str, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    c, h, cs = schema.claims.c, schema.standing_history.c, schema.claim_standing.c
    founder_article, founder_item = cluster.split(":")[0], cluster.split(":")[1]
    claims = {
        (r["article_id"], r["id"]): dict(r)
        for r in connection.execute(
            select(schema.claims).where(or_(*[and_(c.article_id == a, c.id == i) for a, i in pairs]))
        ).mappings()
    }
    articles = _articles(connection, {a for a, _ in pairs})
    founder = next(
        (v for (a, i), v in claims.items() if a.startswith(founder_article) and i == founder_item),
        next(iter(claims.values())),
    )
    current = (
        connection.execute(select(schema.claim_standing).where(cs.cluster_id == cluster)).mappings().first()
    )
    history = []
    for r in connection.execute(
        select(schema.standing_history).where(h.claim_key == cluster).order_by(h.date, h.id)
    ).mappings():
        art = articles.get(r["article_id"], {})
        history.append(
            {
                "entry": r["id"],
                "date": r["date"],
                "relation": r["relation"],
                "source": r["source_name"],
                "claim": global_id(r["article_id"], r["claim_id"]) if r["claim_id"] else None,
                "article": art.get("title") or art.get("source"),
                "article_id": r["article_id"],
                "evidence": None
                if r["evidence_start"] is None
                else {"start": r["evidence_start"], "end": r["evidence_end"], "text": r["evidence_text"]},
                "counted": bool(r["counted"]),
                "note": r["note"],
            }
        )
    return {
        "text": founder["text"],
        "source": founder["source_name"],
        "standing": current["standing"] if current else founder["standing"],
        "since": current["since"] if current else None,
        "decided_by": current["decided_by"] if current else None,
        "sources": current["sources"] if current else None,
        "history": history,
        "members": [
            {
                "id": global_id(a, i),
                "text": claims[(a, i)]["text"],
                "source": claims[(a, i)]["source_name"],
                "standing_in_article": claims[(a, i)]["standing"],
                "published": articles[a]["published"],
                "article": articles[a]["title"] or articles[a]["source"],
            }
            for a, i in sorted(pairs, key=lambda p: (articles[p[0]]["published"] or "", p))
            if (a, i) in claims
        ],
    }


def _event_story(connection: Any, cluster: str, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    ev, t, c = schema.events.c, schema.times.c, schema.claims.c
    articles = _articles(connection, {a for a, _ in pairs})
    rows = (
        connection.execute(
            select(schema.events, t.value.label("time_value"), t.text.label("time_text"))
            .select_from(
                schema.events.outerjoin(schema.times, and_(t.article_id == ev.article_id, t.id == ev.time_id))
            )
            .where(or_(*[and_(ev.article_id == a, ev.id == i) for a, i in pairs]))
        )
        .mappings()
        .all()
    )
    reports = []
    claim_keys: set[tuple[str, str]] = set()
    for r in sorted(rows, key=lambda r: (articles[r["article_id"]]["published"] or "", r["article_id"])):
        art = articles[r["article_id"]]
        reports.append(
            {
                "id": global_id(r["article_id"], r["id"]),
                "published": art["published"],
                "article": art["title"] or art["source"],
                "type": r["type"],
                "trigger": r["trigger_text"],
                "factuality": r["factuality"],
                "time": r["time_value"],
                "time_text": r["time_text"],
                "participants": [p.get("name") for p in json.loads(r["participants"] or "[]")],
                "places": [p.get("name") for p in json.loads(r["places"] or "[]")],
            }
        )
        claim_keys.update((r["article_id"], cid) for cid in json.loads(r["claims"] or "[]"))
    about = []
    if claim_keys:
        cl, cs = schema.clusters.c, schema.claim_standing.c
        for r in connection.execute(
            select(
                c.article_id, c.id, c.text, c.source_name, c.standing, cl.cluster_id, cs.standing.label("now")
            )
            .select_from(
                schema.claims.outerjoin(
                    schema.clusters,
                    and_(cl.kind == "claim", cl.article_id == c.article_id, cl.item_id == c.id),
                ).outerjoin(schema.claim_standing, cs.cluster_id == cl.cluster_id)
            )
            .where(or_(*[and_(c.article_id == a, c.id == i) for a, i in sorted(claim_keys)]))
        ).mappings():
            about.append(
                {
                    "id": global_id(r["article_id"], r["id"]),
                    "story": r["cluster_id"],
                    "text": r["text"],
                    "source": r["source_name"],
                    "standing": r["now"] or r["standing"],
                }
            )
    first = reports[0] if reports else {}
    return {"type": first.get("type"), "trigger": first.get("trigger"), "reports": reports, "claims": about}


def _links(connection: Any, kind: str, pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    lk = schema.links.c
    rows = connection.execute(
        select(schema.links)
        .where(lk.kind == kind, or_(*[and_(lk.b_article == a, lk.b_item == i) for a, i in pairs]))
        .order_by(lk.id)
    ).mappings()
    return [
        {
            "from": global_id(r["b_article"], r["b_item"]),
            "to": global_id(r["a_article"], r["a_item"]),
            "relation": r["relation"],
            "confidence": r["confidence"],
            "method": r["method"],
            "evidence": json.loads(r["evidence"]),
        }
        for r in rows
    ]


def _reprints(connection: Any, article_ids: set[str]) -> list[dict[str, Any]]:
    lk = schema.links.c
    rows = (
        connection.execute(
            select(schema.links).where(
                lk.kind == "article",
                lk.relation == "near_duplicate",
                or_(lk.a_article.in_(sorted(article_ids)), lk.b_article.in_(sorted(article_ids))),
            )
        )
        .mappings()
        .all()
    )
    articles = _articles(connection, {r["a_article"] for r in rows} | {r["b_article"] for r in rows})
    return [
        {
            "article": articles[r["b_article"]]["title"] or articles[r["b_article"]]["source"],
            "article_id": r["b_article"],
            "of": articles[r["a_article"]]["title"] or articles[r["a_article"]]["source"],
            "of_id": r["a_article"],
            "confidence": r["confidence"],
            "evidence": json.loads(r["evidence"]),
        }
        for r in rows
    ]
