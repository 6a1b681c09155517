"""``claimreview``: schema.org ClaimReview JSON-LD for every claim with a verdict standing.

The output is **one JSON array** of ClaimReview objects, one per line, each carrying its
own ``"@context": "https://schema.org"`` (the form a page embeds in a
``<script type="application/ld+json">``, and one ``json.load`` reads back). Only claims
whose standing is a verdict are reviewed: ``unfounded``, ``denied``, ``disputed`` and
``confirmed`` (docs/standing.md); ``claimed``, ``unconfirmed`` and ``asserted`` say that
nothing in the article judges the claim, so there is nothing to review.

The review is **claimledger's automated reading of what the articles report**, not a human
fact-check: its ``author`` is the claimledger software, its ``reviewBody`` says so, and
``claimledger:automated`` is ``true``. Each object holds

* ``claimReviewed``: the claim's text; ``@id``, ``identifier`` and ``url``:
  ``urn:claimledger:<article_id>:<claim_id>``; ``datePublished``: when claimledger read it;
* ``itemReviewed``: a ``Claim`` with its ``author`` (a ``Person``, or an ``Organization`` for
  a source whose entity is an ORG, GPE or NORP; an anonymous source by the article's words,
  with ``claimledger:anonymous``), ``datePublished`` (the article's publication date), and
  ``appearance``: the ``NewsArticle`` (``@id`` ``urn:sha256:<article_id>``, ``url``, ``headline``,
  ``datePublished``, ``author``: one ``Person`` per name of the byline, ``publisher``: an
  ``Organization`` named by the site), each only where the article has it;
* ``reviewRating``: a ``Rating`` whose ``alternateName`` is the standing, with a
  ``description`` of what it means. There is **no** ``ratingValue``: the standings are not
  points on a scale of truth ("denied" by the party concerned is not truer or falser than
  "disputed" by a third party), and a number would claim a judgement claimledger does not make;
* ``reviewBody``: the standing and its evidence in one paragraph, for people;
* ``claimledger:evidence``: the same evidence for programs, in text order:
  ``{relation, text, start, end, article, by}``: ``start``/``end`` are code-point offsets into
  the text of ``article`` (a ``urn:sha256:`` id), ``by`` is who says it (``null``: the
  article's own voice).

The standing source is a hook. :func:`export_claimreview` takes ``standing``, a function
``(Connection) -> Iterable[ReviewedClaim]``. The default, :func:`ledger_standing`, reviews
each cross-article claim cluster by its current standing (``claim_standing``) with the
counted ``standing_history`` entries as evidence, each pointing into its own article;
:func:`article_standing` reads the per-article ``claims.standing`` with that claim's
``evidence`` rows (used for claims stored without linking).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, exists, select

from claimledger.export.files import output_text
from claimledger.export.linked import (
    AUTOMATED,
    SOFTWARE_NAME,
    Voice,
    article_urn,
    item_urn,
    voice,
    write_json_array,
)
from claimledger.export.reading import as_utc, snapshot, stream
from claimledger.ledger import schema
from claimledger.ledger.store import Ledger

CONTEXT = "https://schema.org"
# Strongest first, as docs/standing.md orders them.
VERDICTS = ("unfounded", "denied", "disputed", "confirmed")
MEANING = {
    "unfounded": "the article labels the claim false or without evidence",
    "denied": "the party the claim concerns rejects it",
    "disputed": "another source contests or rejects it",
    "confirmed": "another source confirms it",
}
ORGANIZATION_TYPES = frozenset({"ORG", "GPE", "NORP"})
# articles.author holds several names joined so (claimledger.ingest.html.join_names).
BYLINE_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A stretch of an article's text that bears on a claim's standing."""

    relation: str  # the standing it supports
    text: str
    start: int
    end: int
    article_id: str
    by: Voice | None  # None: the article's own voice


@dataclass(frozen=True, slots=True)
class ReviewedClaim:
    """One claim with a standing, and everything its ClaimReview says."""

    article_id: str
    claim_id: str
    text: str
    source: Voice
    standing: str
    evidence: tuple[EvidenceSpan, ...]
    article_url: str | None = None
    article_title: str | None = None
    published: str | None = None  # the article's publication date, ISO
    article_author: str | None = None  # the byline, names joined with "; " (articles.author)
    article_site: str | None = None  # the outlet's name (articles.site)
    reviewed: str | None = None  # when the standing was read, ISO


StandingSource = Callable[[Connection], Iterable[ReviewedClaim]]


def article_standing(connection: Connection, *, unlinked_only: bool = False) -> Iterator[ReviewedClaim]:
    """Each verdict claim's standing as its own article reports it, with its evidence rows.

    ``unlinked_only``: only claims that belong to no cross-article cluster (stored without
    linking); :func:`ledger_standing` covers the others.
    """
    c, a, v = schema.claims, schema.articles, schema.evidence
    claim_entity = schema.entities.alias("claim_entity")
    evidence_entity = schema.entities.alias("evidence_entity")
    query = (
        select(
            c.c.article_id, c.c.id, c.c.text, c.c.standing,
            c.c.source_name, c.c.source_entity, c.c.source_anonymous,
            claim_entity.c.type.label("source_type"),
            a.c.url, a.c.title, a.c.published, a.c.analysed_at, a.c.author, a.c.site,
            v.c.seq.label("ev_seq"), v.c.relation.label("ev_relation"),
            v.c.span_start.label("ev_start"), v.c.span_end.label("ev_end"),
            v.c.span_text.label("ev_text"), v.c.by_article.label("ev_by_article"),
            v.c.source_name.label("ev_source_name"), v.c.source_entity.label("ev_source_entity"),
            v.c.source_anonymous.label("ev_source_anonymous"),
            evidence_entity.c.type.label("ev_source_type"),
        )
        .select_from(
            c.join(a, a.c.id == c.c.article_id)
            .outerjoin(claim_entity, and_(claim_entity.c.article_id == c.c.article_id,
                                          claim_entity.c.id == c.c.source_entity))
            .outerjoin(v, and_(v.c.article_id == c.c.article_id, v.c.claim_id == c.c.id))
            .outerjoin(evidence_entity, and_(evidence_entity.c.article_id == v.c.article_id,
                                             evidence_entity.c.id == v.c.source_entity))
        )
        .where(c.c.standing.in_(VERDICTS))
        .order_by(c.c.article_id, c.c.span_start, c.c.id, v.c.seq)
    )
    if unlinked_only:
        cl = schema.clusters.c
        query = query.where(~exists().where(cl.kind == "claim", cl.article_id == c.c.article_id,
                                            cl.item_id == c.c.id))
    rows = (row._mapping for batch in stream(connection, query) for row in batch)
    for _, group in groupby(rows, key=lambda row: (row["article_id"], row["id"])):
        claim_rows = list(group)
        yield reviewed_claim(claim_rows[0], claim_rows)


def reviewed_claim(claim: Mapping[str, Any], evidence_rows: list[Mapping[str, Any]]) -> ReviewedClaim:
    analysed_at = claim["analysed_at"]
    return ReviewedClaim(
        article_id=claim["article_id"],
        claim_id=claim["id"],
        text=claim["text"],
        source=voice(claim, "source", claim["source_type"]),
        standing=claim["standing"],
        evidence=tuple(
            EvidenceSpan(
                relation=row["ev_relation"], text=row["ev_text"], start=row["ev_start"],
                end=row["ev_end"], article_id=claim["article_id"],
                by=None if row["ev_by_article"] else voice(row, "ev_source", row["ev_source_type"]),
            )
            for row in evidence_rows
            if row["ev_seq"] is not None  # the outer join's row for a claim without evidence
        ),
        article_url=claim["url"],
        article_title=claim["title"],
        published=claim["published"],
        article_author=claim["author"],
        article_site=claim["site"],
        reviewed=as_utc(analysed_at).isoformat() if isinstance(analysed_at, datetime) else analysed_at,
    )


def person_or_organization(source: Voice) -> dict[str, Any] | None:
    """schema.org's author of a claim; None when the article does not say who."""
    if not source.name:
        return None
    kind = "Organization" if source.entity_type in ORGANIZATION_TYPES else "Person"
    author: dict[str, Any] = {"@type": kind, "name": source.name}
    if source.anonymous:
        author["claimledger:anonymous"] = True
    return author


def news_article(item: ReviewedClaim) -> dict[str, Any]:
    article: dict[str, Any] = {"@type": "NewsArticle", "@id": article_urn(item.article_id)}
    if item.article_url:
        article["url"] = item.article_url
    if item.article_title:
        article["headline"] = item.article_title
    if item.published:
        article["datePublished"] = item.published
    if item.article_author:
        # Who wrote the article, not who made the claim (that is the Claim's author).
        names = [name.strip() for name in item.article_author.split(BYLINE_SEPARATOR) if name.strip()]
        article["author"] = [{"@type": "Person", "name": name} for name in names]
    if item.article_site:
        article["publisher"] = {"@type": "Organization", "name": item.article_site}
    return article


def who(by: Voice | None) -> str:
    if by is None:
        return "the article itself"
    return by.name or "an unnamed source"


def review_body(item: ReviewedClaim) -> str:
    said = "; ".join(f"{who(e.by)}: \u201c{e.text}\u201d ({e.relation})" for e in item.evidence)
    reported = f"The article reports this claim as {item.standing}: {MEANING.get(item.standing, '')}."
    evidence = f" Evidence: {said}." if said else ""
    return f"{reported}{evidence} This is {AUTOMATED}."


def evidence_json(span: EvidenceSpan) -> dict[str, Any]:
    return {
        "relation": span.relation, "text": span.text, "start": span.start, "end": span.end,
        "article": article_urn(span.article_id), "by": None if span.by is None else span.by.to_json(),
    }


def claim_review(item: ReviewedClaim) -> dict[str, Any]:
    """One ClaimReview JSON-LD object."""
    urn = item_urn(item.article_id, item.claim_id)
    claim: dict[str, Any] = {"@type": "Claim"}
    author = person_or_organization(item.source)
    if author is not None:
        claim["author"] = author
    if item.published:
        claim["datePublished"] = item.published
    claim["appearance"] = news_article(item)
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "@id": urn,
        "identifier": urn,
        "url": urn,
        "claimReviewed": item.text,
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": SOFTWARE_NAME, "description": AUTOMATED},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": item.standing,
            "description": MEANING.get(item.standing, item.standing),
        },
        "reviewBody": review_body(item),
        "claimledger:automated": True,
        "claimledger:evidence": [evidence_json(span) for span in item.evidence],
    }
    if item.reviewed:
        review["datePublished"] = item.reviewed
    return review


def ledger_standing(connection: Connection) -> Iterator[ReviewedClaim]:
    """The current standing across the ledger (docs/linking.md), the default.

    One review per claim cluster whose current standing is a verdict, about the cluster's
    first claim, with the counted history entries that led there as its evidence (each in
    its own article); then the verdict claims stored without linking, as their articles
    report them.
    """
    from claimledger.export.story_standing import cluster_reviews

    yield from cluster_reviews(connection, VERDICTS)
    yield from article_standing(connection, unlinked_only=True)


def export_claimreview(
    ledger: Ledger, target: str | Path, standing: StandingSource = ledger_standing
) -> dict[str, int]:
    """Write the ClaimReview array to ``target`` (a file, or ``-`` for standard output)."""
    with snapshot(ledger) as connection, output_text(target) as out:
        reviews = (claim_review(item) for item in standing(connection) if item.standing in VERDICTS)
        return {"claims": write_json_array(out, reviews)}
