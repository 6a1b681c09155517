"""One ``claimledger.article/1`` record -> the rows of each ledger table.

Pure functions over plain dicts (no database, no spaCy), in the order the rows must be
inserted so foreign keys hold: articles first, then items, then the rows that point at items.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Table

from claimledger.errors import InvalidRecordError
from claimledger.ledger import schema
from claimledger.types import SCHEMA

Row = dict[str, Any]
Record = Mapping[str, Any]


def span_columns(name: str, span: Mapping[str, Any] | None) -> Row:
    if span is None:
        return {f"{name}_start": None, f"{name}_end": None, f"{name}_text": None}
    return {f"{name}_start": span["start"], f"{name}_end": span["end"], f"{name}_text": span["text"]}


def speaker_columns(name: str, speaker: Mapping[str, Any] | None) -> Row:
    speaker = speaker or {}
    return {
        f"{name}_entity": speaker.get("entity"),
        f"{name}_name": speaker.get("name"),
        **span_columns(f"{name}_mention", speaker.get("mention")),
        f"{name}_anonymous": speaker.get("anonymous") if speaker else None,
    }


# One encoder for every value: json.dumps with options other than the defaults builds a new
# encoder per call (43,000 calls for 2,000 stored articles).
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def as_json(value: Any) -> str:
    if not value and isinstance(value, list):
        return "[]"  # a third of the values (no hedges, no quotes): no encoder call
    return _ENCODE(value)


def check_record(record: Record) -> str:
    """The article id of a storable record; :class:`InvalidRecordError` otherwise."""
    if record.get("schema") != SCHEMA:
        raise InvalidRecordError(f"schema {record.get('schema')!r} is not {SCHEMA}; store analyze output")
    article = record.get("article") or {}
    text, article_id = article.get("text"), article.get("id")
    if not isinstance(text, str) or not isinstance(article_id, str):
        raise InvalidRecordError("record has no article.text or article.id")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != article_id:
        raise InvalidRecordError(f"article.id {article_id[:12]}… is not the SHA-256 of article.text")
    return article_id


def article_row(record: Record, analysed_at: datetime) -> Row:
    article = record["article"]
    return {
        "id": article["id"],
        "source": article["source"],
        "url": article.get("url"),
        "title": article.get("title"),
        "published": article.get("published"),
        "source_domain": article.get("source_domain"),
        "author": article.get("author"),  # absent from records written before 0006
        "site": article.get("site"),
        "text": article["text"],
        "schema": record["schema"],
        "analysed_at": analysed_at,
        "pipeline": as_json(record.get("pipeline") or {}),
        "warnings": as_json(record.get("warnings") or []),
    }


def entity_rows(aid: str, record: Record) -> tuple[list[Row], list[Row]]:
    entities: list[Row] = []
    mentions: list[Row] = []
    for entity in record.get("entities", []):
        entities.append({"article_id": aid, "id": entity["id"], "name": entity["name"],
                         "type": entity["type"], "roles": as_json(entity.get("roles", []))})
        mentions.extend(mention_rows(aid, "entity_id", entity["id"], entity.get("mentions", [])))
    return entities, mentions


def mention_rows(aid: str, owner: str, owner_id: str, spans: list[Mapping[str, Any]]) -> list[Row]:
    """Rows of a table that *is* spans (entity and event mentions), numbered in order."""
    return [
        {"article_id": aid, owner: owner_id, "seq": seq, "start": m["start"], "end": m["end"],
         "text": m["text"]}
        for seq, m in enumerate(spans)
    ]


def quote_row(aid: str, quote: Mapping[str, Any]) -> Row:
    return {
        "article_id": aid,
        "id": quote["id"],
        "kind": quote["kind"],
        **span_columns("content", quote["content"]),
        "quoted": as_json(quote.get("quoted", [])),
        **speaker_columns("speaker", quote.get("speaker")),
        **span_columns("cue", quote.get("cue")),
        **span_columns("channel", quote.get("channel")),
    }


def claim_rows(aid: str, record: Record) -> tuple[list[Row], list[Row]]:
    claims: list[Row] = []
    evidence: list[Row] = []
    for claim in record.get("claims", []):
        claims.append({
            "article_id": aid,
            "id": claim["id"],
            "text": claim["text"],
            **span_columns("span", claim["span"]),
            **speaker_columns("source", claim.get("source")),
            **span_columns("cue", claim.get("cue")),
            **span_columns("channel", claim.get("channel")),
            "standing": claim["standing"],
            "quotes": as_json(claim.get("quotes", [])),
            "modality": as_json(claim.get("modality", [])),
            "events": as_json(claim.get("events", [])),
        })
        evidence.extend(
            {"article_id": aid, "claim_id": claim["id"], "seq": seq, "relation": item["relation"],
             **span_columns("span", item["span"]), "by_article": item.get("source") is None,
             **speaker_columns("source", item.get("source"))}
            for seq, item in enumerate(claim.get("evidence", []))
        )
    return claims, evidence


def event_rows(aid: str, record: Record) -> tuple[list[Row], list[Row]]:
    events: list[Row] = []
    mentions: list[Row] = []
    for event in record.get("events", []):
        time = event.get("time")
        events.append({
            "article_id": aid,
            "id": event["id"],
            "type": event["type"],
            "cameo": event.get("cameo"),
            **span_columns("trigger", event["trigger"]),
            "factuality": event["factuality"],
            "time_id": None if time is None else time["id"],
            "participants": as_json(event.get("participants", [])),
            "quantities": as_json(event.get("quantities", [])),
            "places": as_json(event.get("places", [])),
            "claims": as_json(event.get("claims", [])),
        })
        mentions.extend(mention_rows(aid, "event_id", event["id"], event.get("mentions", [])))
    return events, mentions


def time_row(aid: str, time: Mapping[str, Any]) -> Row:
    keys = ("id", "start", "end", "text", "value", "type", "begin", "until", "mod")
    return {"article_id": aid, **{key: time.get(key) for key in keys}}


def record_rows(record: Record, analysed_at: datetime) -> list[tuple[Table, list[Row]]]:
    """Every row of one record, table by table, in foreign-key order."""
    aid = check_record(record)
    entities, mentions = entity_rows(aid, record)
    claims, evidence = claim_rows(aid, record)
    events, event_mentions = event_rows(aid, record)
    return [
        (schema.articles, [article_row(record, analysed_at)]),
        (schema.entities, entities),
        (schema.mentions, mentions),
        (schema.quotes, [quote_row(aid, q) for q in record.get("quotes", [])]),
        (schema.claims, claims),
        (schema.evidence, evidence),
        (schema.events, events),
        (schema.event_mentions, event_mentions),
        (schema.times, [time_row(aid, t) for t in record.get("times", [])]),
    ]
