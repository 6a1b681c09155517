"""ClaimReview input from the cross-article standing: one review per claim cluster.

Reads ``claim_standing`` (the current standing of each cluster), the cluster's first claim
(its id is the cluster id, ``<article id[:12]>:<claim id>``) and the cluster's counted
``standing_history`` entries, which become the review's evidence in date order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import Any

from sqlalchemy import Connection, and_, select

from claimledger.export.claimreview import EvidenceSpan, ReviewedClaim, reviewed_claim
from claimledger.export.linked import voice
from claimledger.export.reading import stream
from claimledger.ledger import schema

STATING = ("claimed", "repeats")


def cluster_reviews(connection: Connection, verdicts: Iterable[str]) -> Iterator[ReviewedClaim]:
    cs, cl, c, a = schema.claim_standing.c, schema.clusters.c, schema.claims, schema.articles
    entity = schema.entities.alias("claim_entity")
    founders = (
        select(
            cs.cluster_id,
            cs.standing.label("current"),
            cs.since,
            c.c.article_id,
            c.c.id,
            c.c.text,
            c.c.standing,
            c.c.source_name,
            c.c.source_entity,
            c.c.source_anonymous,
            entity.c.type.label("source_type"),
            a.c.url,
            a.c.title,
            a.c.published,
            a.c.analysed_at,
            a.c.author,
            a.c.site,
        )
        .select_from(
            schema.claim_standing.join(
                schema.clusters, and_(cl.kind == "claim", cl.cluster_id == cs.cluster_id)
            )
            .join(c, and_(c.c.article_id == cl.article_id, c.c.id == cl.item_id))
            .join(a, a.c.id == c.c.article_id)
            .outerjoin(entity, and_(entity.c.article_id == c.c.article_id, entity.c.id == c.c.source_entity))
        )
        .where(cs.standing.in_(list(verdicts)))
        .order_by(cs.cluster_id, a.c.published, a.c.analysed_at, c.c.article_id, c.c.id)
    )
    rows = (row._mapping for batch in stream(connection, founders) for row in batch)
    for cluster, members in groupby(rows, key=lambda row: row["cluster_id"]):
        listed = list(members)
        prefix, _, item = cluster.partition(":")
        founder = next(
            (m for m in listed if m["article_id"].startswith(prefix) and m["id"] == item), listed[0]
        )
        base = reviewed_claim(founder, [])
        evidence = tuple(_history(connection, cluster))
        yield ReviewedClaim(
            article_id=base.article_id,
            claim_id=base.claim_id,
            text=base.text,
            source=base.source,
            standing=founder["current"],
            evidence=evidence,
            article_url=base.article_url,
            article_title=base.article_title,
            published=base.published,
            article_author=base.article_author,
            article_site=base.article_site,
            reviewed=founder["since"] or base.reviewed,
        )


def _history(connection: Connection, cluster: str) -> Iterator[EvidenceSpan]:
    h = schema.standing_history.c
    entity = schema.entities.alias("history_entity")
    query = (
        select(schema.standing_history, entity.c.type.label("source_type"))
        .select_from(
            schema.standing_history.outerjoin(
                entity, and_(entity.c.article_id == h.article_id, entity.c.id == h.source_entity)
            )
        )
        .where(
            h.claim_key == cluster,
            h.counted.is_(True),
            h.relation.not_in(STATING),
            h.evidence_start.is_not(None),
        )
        .order_by(h.date, h.id)
    )
    for row in connection.execute(query).mappings():
        yield EvidenceSpan(
            relation=row["relation"],
            text=row["evidence_text"],
            start=row["evidence_start"],
            end=row["evidence_end"],
            article_id=row["article_id"],
            by=_by(row),
        )


def _by(row: Any) -> Any:
    if row["source_name"] is None and row["source_entity"] is None:
        return None  # the article's own voice
    return voice(row, "source", row["source_type"])
