"""The domain vocabulary: the records claimledger produces, independent of spaCy.

Every record is a frozen dataclass with a ``to_dict`` that gives the documented JSON
format ``claimledger.article/1`` (see ``docs/format.md``). Offsets are Python string
indices (Unicode code points) into ``Article.text``; ``text[start:end] == span.text``
always holds, and the tests check it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA = "claimledger.article/1"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


def span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else span.to_dict()


class QuoteKind(StrEnum):
    """How the words reach the reader.

    ``direct``: the words inside quote marks, attributed as a whole.
    ``indirect``: reported speech with no quote marks ("X said that ...").
    ``mixed``: reported speech that carries a partial quote ("X said it was "not realistic"").
    """

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


@dataclass(frozen=True, slots=True)
class Article:
    """One input document. ``text`` is exactly what every offset refers to."""

    text: str
    source: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) or None

    @property
    def id(self) -> str:
        """Content hash: the same text gives the same id wherever it comes from."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, grouped over all its mentions in one article.

    ``name`` is the fullest form the article uses ("Jane Roe", not "Roe");
    ``mentions`` include surnames, role nouns ("the foreign minister") and appositives
    that the article uses for the same referent. Pronoun mentions are not listed here:
    they appear only as a quote's ``speaker.mention``.
    """

    id: str
    name: str
    type: str
    mentions: tuple[Span, ...]
    roles: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "roles": list(self.roles),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to.

    ``entity`` is an ``Entity.id`` when the speaker is resolved; ``name`` is the
    entity's name, or the source's own words for an anonymous source ("military
    sources"); ``mention`` is the span that names the speaker for this quote (a name,
    pronoun, role noun) or None when no span does (an unattributed follow-on paragraph).
    ``anonymous`` marks sources the article does not identify. An unresolved speaker is
    all None: precision first, no guess.
    """

    entity: str | None = None
    name: str | None = None
    mention: Span | None = None
    anonymous: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "name": self.name,
            "mention": span_dict(self.mention),
            "anonymous": self.anonymous,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """An attributed statement.

    ``content``: for a direct quote the words inside the marks; for indirect and mixed
    speech the reported clause (without a leading "that"). ``quoted``: the spans that
    stand inside quote marks (the whole content for a direct quote, the partial quotes
    of a mixed one, none for indirect speech).
    """

    id: str
    kind: QuoteKind
    content: Span
    speaker: Speaker
    cue: Span | None = None
    channel: Span | None = None
    quoted: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": str(self.kind),
            "content": self.content.to_dict(),
            "quoted": [q.to_dict() for q in self.quoted],
            "speaker": self.speaker.to_dict(),
            "cue": span_dict(self.cue),
            "channel": span_dict(self.channel),
        }


@dataclass(frozen=True, slots=True)
class AnalysisWarning:
    """Something in the input that the analysis had to work around (never fatal)."""

    code: str
    message: str
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "offset": self.offset}


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything claimledger knows about one article: the ``claimledger.article/1`` record."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    warnings: tuple[AnalysisWarning, ...] = ()
    pipeline: dict[str, str] = field(default_factory=dict)

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "warnings": [w.to_dict() for w in self.warnings],
            "pipeline": dict(self.pipeline),
        }
