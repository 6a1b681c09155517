"""Output formats for ``analyze``: a readable text table, JSON and JSON Lines.

Every renderer returns a complete string, so a failure half-way never leaves a
half-written record on standard output.
"""

from __future__ import annotations

import json
import textwrap
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.nlp.pool import Analyse, Run
from claimledger.types import Analysis, Article, Event, Quote

ERROR_SCHEMA = "claimledger.error/1"
_WIDTH = 100


def error_record(source: str, err: ClaimledgerError) -> dict[str, Any]:
    return {
        "schema": ERROR_SCHEMA,
        "source": source,
        "error": {"code": err.code, "reason": err.reason, "message": err.message},
    }


def to_json(record: dict[str, Any] | list[dict[str, Any]], *, indent: int | None = 2) -> str:
    return json.dumps(record, ensure_ascii=False, indent=indent)


def to_jsonl_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _speaker_label(analysis: Analysis, quote: Quote) -> str:
    speaker = quote.speaker
    if speaker.entity:
        entity = analysis.entity(speaker.entity)
        kind = entity.type if entity else "entity"
        return f"{speaker.name} ({kind}, {speaker.entity})"
    if speaker.anonymous:
        return f"{speaker.name} (anonymous source)"
    if speaker.mention is not None:
        return f"unresolved: “{speaker.mention.text}”"
    return "no speaker"


def _wrapped(text: str, bullet: str, indent: int = 6) -> str:
    return textwrap.fill(
        " ".join(text.split()),
        width=_WIDTH,
        initial_indent=" " * indent + bullet,
        subsequent_indent=" " * (indent + len(bullet)),
    )


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def _event_date(event: Event) -> str:
    time = event.time
    if time is None:
        return "undated"
    return time.value or f"“{time.text}”"


def _timeline_key(event: Event) -> tuple[int, str, int]:
    """Dated events first, in time order (an interval by its start), then undated ones in
    text order."""
    time = event.time
    if time is None or not (time.begin or time.value):
        return (1, "", event.trigger.start)
    return (0, time.begin or time.value or "", event.trigger.start)


def render_timeline(analysis: Analysis) -> list[str]:
    """Events in time order, with factuality and the claims about them."""
    if not analysis.events:
        return []
    claims = {c.id: c for c in analysis.claims}
    lines = [f"Timeline: {len(analysis.events)} events"]
    for event in sorted(analysis.events, key=_timeline_key):
        who = ", ".join(dict.fromkeys(p.name or p.mention.text for p in event.participants))
        where = ", ".join(dict.fromkeys(p.name for p in event.places))
        amounts = ", ".join(q.text for q in event.quantities)
        detail = "; ".join(x for x in (who, f"in {where}" if where else "", amounts) if x)
        lines.append(
            f"  {_event_date(event):<12} {event.id:<4}{event.type} ({event.factuality.value}) "
            f"“{event.trigger.text}”" + (f": {detail}" if detail else "")
        )
        for claim_id in event.claims:
            claim = claims.get(claim_id)
            if claim is not None:
                source = claim.source.name or "no source"
                line = f"{claim.id} {claim.standing.value}, {source}: {_short(claim.text)}"
                lines.append(_wrapped(line, "· ", 8))
    lines.append("")
    return lines


def render_text(analysis: Analysis) -> str:
    """Quotes grouped by speaker, speakers in order of their first quote."""
    article = analysis.article
    groups: OrderedDict[str, list[Quote]] = OrderedDict()
    for quote in analysis.quotes:
        groups.setdefault(_speaker_label(analysis, quote), []).append(quote)
    lines = [
        f"{article.source}"
        + (f"  published {article.published}" if article.published else "")
        + f"  {len(analysis.quotes)} quotes, {len(groups)} speakers",
        "",
    ]
    for label, quotes in groups.items():
        lines.append(f"{label}: {len(quotes)} quote{'s' if len(quotes) != 1 else ''}")
        for quote in quotes:
            via = []
            if quote.speaker.mention is not None and quote.speaker.mention.text != quote.speaker.name:
                via.append(f"as “{quote.speaker.mention.text}”")
            elif quote.speaker.mention is None and quote.speaker.name:
                via.append("carried over from the previous paragraph")
            if quote.cue is not None:
                via.append(f"cue “{quote.cue.text}”")
            if quote.channel is not None:
                via.append(f"on “{quote.channel.text}”")
            head = f"  {quote.id:<4}{quote.kind.value:<9}[{quote.content.start}:{quote.content.end}] "
            lines.append(head + "; ".join(via))
            lines.append(_wrapped(quote.content.text, "» "))
        lines.append("")
    lines.extend(render_timeline(analysis))
    if analysis.claims:
        lines.append(f"Claims: {len(analysis.claims)}")
        for claim in analysis.claims:
            source = claim.source.name or (
                f"unresolved “{claim.source.mention.text}”" if claim.source.mention else "no source"
            )
            hedge = f" ({', '.join(claim.modality)})" if claim.modality else ""
            lines.append(f"  {claim.id:<4}{claim.standing.value:<12}{source}{hedge}")
            lines.append(_wrapped(claim.text, "» "))
            for item in claim.evidence:
                who = f"{item.source.name}: " if item.source and item.source.name else ""
                lines.append(_wrapped(f"{item.relation}: {who}“{item.span.text}”", "· ", indent=8))
        lines.append("")
    for warning in analysis.warnings:
        lines.append(f"warning: {warning.message}")
    return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True, slots=True)
class RenderedText:
    """One article's text output, as a record (``{"text": ...}``) that crosses back from a
    worker process: the parent has no :class:`Analysis` to render, only records."""

    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text}


@dataclass(frozen=True, slots=True)
class RenderText:
    """Makes an analyser whose results are :func:`render_text`'s output (picklable: a worker
    process calls it once)."""

    make: Callable[[], Analyse]

    def __call__(self) -> Run:
        analyse = self.make()

        def run(articles: list[Article]) -> Iterator[RenderedText]:
            return (RenderedText(render_text(analysis)) for analysis in analyse(articles))

        return run
