"""Output formats for ``analyze``: a readable text table, JSON and JSON Lines.

Every renderer returns a complete string, so a failure half-way never leaves a
half-written record on standard output.
"""

from __future__ import annotations

import json
import textwrap
from collections import OrderedDict
from typing import Any

from claimledger.errors import ClaimledgerError
from claimledger.types import Analysis, Quote

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
