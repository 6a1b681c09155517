"""``annotations``: a W3C Web Annotation (https://www.w3.org/TR/annotation-model/) per quote and claim.

The output is **JSON Lines**: one ``Annotation`` per line, each a complete JSON-LD document
with ``"@context": "http://www.w3.org/ns/anno.jsonld"``. Lines stream (a ledger of any size
is written and read one annotation at a time) and load as they are into annotation tools;
wrap them in an ``AnnotationPage`` (``{"type": "AnnotationPage", "items": [...]}``) where a
single document is wanted. Per article, quotes come first, then claims, each in text order.

Each annotation has

* ``id``: ``urn:claimledger:<article_id>:<item_id>`` (``Q1``, ``C2``);
* ``motivation`` ``describing`` and two or three ``TextualBody`` bodies: ``tagging`` with
  the kind (``quote`` or ``claim``), ``tagging`` with a claim's standing (claims only), and
  ``describing`` with who says it, in words;
* ``target``: ``source`` is the article's URL, or ``urn:sha256:<article_id>`` when it has
  none, and two selectors for the same text: a ``TextQuoteSelector`` (``exact``, with up to
  32 characters of ``prefix`` and ``suffix``; an empty one is left out) and a
  ``TextPositionSelector`` (``start``, ``end``). Positions are Python string indices into
  ``articles.text``: Unicode code points, which is what the model counts, with the text
  as stored (claimledger never normalises it), and ``text[start:end] == exact``;
* ``created`` (when claimledger read the article) and ``creator``: the claimledger software
  (the annotations are an automated reading, not a person's);
* ``claimledger:item``: the structured item: ``kind``, ``id``, ``quoteKind`` (direct,
  indirect, mixed), ``speaker`` (name, entity, anonymous) and a claim's ``standing``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, and_, select

from claimledger.errors import ExportError
from claimledger.export.files import output_text
from claimledger.export.linked import (
    AUTOMATED,
    SOFTWARE_NAME,
    Voice,
    article_urn,
    item_urn,
    voice,
    write_json_lines,
)
from claimledger.export.reading import as_utc, snapshot, stream
from claimledger.ledger import schema
from claimledger.ledger.store import Ledger

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# Characters of context each side of the exact text: enough to place a short quote
# that recurs in an article, as the model's examples do.
CONTEXT_CHARS = 32


def text_selectors(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """The TextQuoteSelector and TextPositionSelector for ``text[start:end]``."""
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": text[start:end]}
    prefix, suffix = text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    return [quote, {"type": "TextPositionSelector", "start": start, "end": end}]


def textual_body(purpose: str, value: str) -> dict[str, Any]:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": "text/plain"}


def description(kind: str, speaker: Voice, standing: str | None) -> str:
    who = speaker.name or "an unresolved speaker"
    if speaker.anonymous:
        who += " (anonymous)"
    words = f"{kind.capitalize()} by {who}"
    if standing is not None:
        words += f"; the article reports it as {standing}"
    return f"{words}: {AUTOMATED}."


def annotation(article: Row[Any], item: Row[Any], kind: str) -> dict[str, Any]:
    """One Annotation for a quote or claim row, on its article's row."""
    fields = item._mapping
    prefix = "speaker" if kind == "quote" else "source"
    speaker = voice(fields, prefix, fields["entity_type"])
    standing = fields["standing"] if kind == "claim" else None
    body = [textual_body("tagging", kind)]
    if standing is not None:
        body.append(textual_body("tagging", standing))
    body.append(textual_body("describing", description(kind, speaker, standing)))
    described: dict[str, Any] = {"kind": kind, "id": fields["id"], "speaker": speaker.to_json()}
    if kind == "quote":
        described["quoteKind"] = fields["kind"]
    else:
        described["standing"] = standing
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "id": item_urn(fields["article_id"], fields["id"]),
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": {
            "source": article.url or article_urn(article.id),
            "selector": text_selectors(article.text, fields["start"], fields["end"]),
        },
        "creator": {"type": "Software", "name": SOFTWARE_NAME},
        "claimledger:item": described,
    }
    if isinstance(article.analysed_at, datetime):
        document["created"] = as_utc(article.analysed_at).isoformat()
    return document


def rows(connection: Connection, query: Any) -> Iterator[Row[Any]]:
    for batch in stream(connection, query):
        yield from batch


class ArticleItems:
    """One stream of items ordered by article, taken an article at a time."""

    def __init__(self, items: Iterator[Row[Any]]) -> None:
        self.items = items
        self.head: Row[Any] | None = next(items, None)

    def take(self, article_id: str) -> Iterator[Row[Any]]:
        while self.head is not None and self.head.article_id == article_id:
            yield self.head
            self.head = next(self.items, None)


def annotation_stream(connection: Connection) -> Iterator[dict[str, Any]]:
    """Every quote's and claim's annotation, merging three streams ordered by article id.

    The article text is read once, whatever the number of items in it (a join would
    send it again for every quote and claim).
    """
    a, q, c = schema.articles, schema.quotes, schema.claims
    articles = rows(connection, select(a.c.id, a.c.url, a.c.text, a.c.analysed_at).order_by(a.c.id))
    e = schema.entities
    quote_query = (
        select(q.c.article_id, q.c.id, q.c.kind, q.c.content_start.label("start"),
               q.c.content_end.label("end"), q.c.speaker_name, q.c.speaker_entity,
               q.c.speaker_anonymous, e.c.type.label("entity_type"))
        .outerjoin(e, and_(e.c.article_id == q.c.article_id, e.c.id == q.c.speaker_entity))
        .order_by(q.c.article_id, q.c.content_start, q.c.id)
    )
    claim_query = (
        select(c.c.article_id, c.c.id, c.c.standing, c.c.span_start.label("start"),
               c.c.span_end.label("end"), c.c.source_name, c.c.source_entity, c.c.source_anonymous,
               e.c.type.label("entity_type"))
        .outerjoin(e, and_(e.c.article_id == c.c.article_id, e.c.id == c.c.source_entity))
        .order_by(c.c.article_id, c.c.span_start, c.c.id)
    )
    quotes = ArticleItems(rows(connection, quote_query))
    claims = ArticleItems(rows(connection, claim_query))
    for article in articles:
        for quote in quotes.take(article.id):
            yield annotation(article, quote, "quote")
        for claim in claims.take(article.id):
            yield annotation(article, claim, "claim")
    if quotes.head is not None or claims.head is not None:  # never, while the foreign keys hold
        raise ExportError("a quote or claim row has no article before it in id order; export nothing")


def export_annotations(ledger: Ledger, target: str | Path) -> dict[str, int]:
    """Write the annotations as JSON Lines to ``target`` (a file, or ``-`` for standard output)."""
    with snapshot(ledger) as connection, output_text(target) as out:
        return {"annotations": write_json_lines(out, annotation_stream(connection))}
