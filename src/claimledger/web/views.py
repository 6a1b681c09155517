"""What the article page shows, built from an article record (stored or just analysed).

The text is cut into segments at every boundary of a quote, a claim or an evidence span,
so overlapping items (a claim inside a quote, evidence inside another claim) need no
nested markup: each segment lists the items covering it. The template escapes every
segment's text; nothing here builds HTML.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from claimledger.api.queries import STANDINGS

# Speakers get one of this many colours (CSS classes sp0 … sp7), in order of first quote.
SPEAKER_COLOURS = 8

STANDING_MEANING = {
    "asserted": "the article states it in its own voice",
    "claimed": "a source says it; nothing in the article checks it",
    "unconfirmed": "the article says it has not been confirmed",
    "confirmed": "confirmed by another source or the article",
    "disputed": "someone answers it or calls it into question",
    "denied": "the party concerned denies it",
    "unfounded": "the article says it is false or baseless",
}


def speaker_name(voice: dict[str, Any] | None) -> str:
    if not voice:
        return "unattributed"
    return str(voice.get("name") or (voice.get("mention") or {}).get("text") or "unattributed")


def speakers(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Who is quoted, in order of first quote: name, colour, quotes and claims."""
    found: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for quote in record["quotes"]:
        name = speaker_name(quote.get("speaker"))
        if name not in found:
            found[name] = {
                "name": name,
                "colour": len(found) % SPEAKER_COLOURS,
                "anonymous": bool((quote.get("speaker") or {}).get("anonymous")),
                "quotes": [],
                "claims": [],
            }
        found[name]["quotes"].append(quote["id"])
    for claim in record["claims"]:
        name = speaker_name(claim.get("source"))
        if name in found:
            found[name]["claims"].append(claim["id"])
    return list(found.values())


def timeline(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's events in time order (undated ones last, in order of mention)."""
    rows = []
    for event in record["events"]:
        time = event.get("time") or {}
        rows.append(
            {
                "id": event["id"],
                "type": event["type"],
                "trigger": (event.get("trigger") or {}).get("text"),
                "date": time.get("value") or time.get("begin"),
                "time_text": time.get("text"),
                "factuality": event["factuality"],
                "participants": [p.get("name") for p in event.get("participants", []) if p.get("name")],
                "places": [p.get("name") for p in event.get("places", []) if p.get("name")],
                "claims": event.get("claims", []),
            }
        )
    dated = sorted((r for r in rows if r["date"]), key=lambda r: str(r["date"]))
    return dated + [r for r in rows if not r["date"]]


def segments(record: dict[str, Any], colours: dict[str, int]) -> list[dict[str, Any]]:
    """The text cut at every item boundary; each piece with the items that cover it."""
    text: str = record["article"]["text"]
    covers: list[tuple[int, int, str, str]] = []  # (start, end, role, item id)
    for quote in record["quotes"]:
        covers.append((quote["content"]["start"], quote["content"]["end"], "quote", quote["id"]))
    for claim in record["claims"]:
        covers.append((claim["span"]["start"], claim["span"]["end"], "claim", claim["id"]))
        for ev in claim.get("evidence", []):
            if ev.get("span"):
                covers.append((ev["span"]["start"], ev["span"]["end"], "evidence", claim["id"]))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in covers), *(e for _, e, _, _ in covers)})
    quotes = {q["id"]: q for q in record["quotes"]}
    claims = {c["id"]: c for c in record["claims"]}
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= end or start < 0 or end > len(text):
            continue
        here = [(role, item) for s, e, role, item in covers if s <= start and end <= e]
        q_ids = [item for role, item in here if role == "quote"]
        c_ids = [item for role, item in here if role == "claim"]
        ev_of = sorted({item for role, item in here if role == "evidence"})
        classes = []
        if q_ids:
            classes += ["q", f"sp{colours.get(speaker_name(quotes[q_ids[-1]].get('speaker')), 0)}"]
        if c_ids:
            classes += ["c", f"st-{claims[c_ids[-1]]['standing']}"]
        out.append(
            {
                "text": text[start:end],
                "start": start,
                "ids": " ".join(q_ids + c_ids),
                "evidence_of": " ".join(ev_of),
                "classes": " ".join(classes),
            }
        )
    return out


def article_page(record: dict[str, Any], *, stored: bool) -> dict[str, Any]:
    """The article page's data: the record, who is quoted, the timeline, the legend."""
    people = speakers(record)
    # A just-analysed article is in no story yet; a stored one says where its claims stand.
    claims = [{"story": None, "standing_now": None, **c} for c in record["claims"]]
    used = {c["standing"] for c in record["claims"]}
    return {
        "article": record["article"],
        "stored": stored,
        "quotes": record["quotes"],
        "claims": claims,
        "speakers": people,
        "timeline": timeline(record),
        "legend": [{"standing": s, "meaning": STANDING_MEANING[s]} for s in STANDINGS if s in used],
        "warnings": record.get("warnings", []),
    }


def article_segments(page: dict[str, Any]) -> list[dict[str, Any]]:
    colours = {p["name"]: p["colour"] for p in page["speakers"]}
    return segments({"article": page["article"], "quotes": page["quotes"], "claims": page["claims"]}, colours)
