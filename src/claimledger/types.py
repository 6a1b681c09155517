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
    # The outlet (``example.com``); a wire story reprinted by two outlets is one report.
    source_domain: str | None = None
    # The byline as the input gives it; several authors joined with "; " (trafilatura's way).
    author: str | None = None
    # The outlet's own name ("Harbour Gazette"), where the input states one; never its domain.
    site: str | None = None

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
            "source_domain": self.source_domain,
            "author": self.author,
            "site": self.site,
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


class Standing(StrEnum):
    """How the article reports a claim to stand (docs/standing.md has the rules)."""

    ASSERTED = "asserted"  # stated in the article's own voice
    CLAIMED = "claimed"  # attributed, and nothing in the article evaluates it
    UNCONFIRMED = "unconfirmed"  # not confirmed / could not be verified / unconfirmed reports
    CONFIRMED = "confirmed"  # another source or the article confirms it
    DISPUTED = "disputed"  # another source contradicts or rejects it; conflicting accounts
    DENIED = "denied"  # the party it concerns denies it
    UNFOUNDED = "unfounded"  # labelled unfounded, false, baseless, without evidence, debunked


@dataclass(frozen=True, slots=True)
class Evidence:
    """A stretch of the article that bears on a claim's standing, and how."""

    relation: str  # a Standing value other than asserted/claimed: what this span shows
    span: Span
    source: Speaker | None = None  # who says so (None: the article's own voice)

    def to_dict(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "span": self.span.to_dict(),
            "source": None if self.source is None else self.source.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """A proposition somebody puts forward, with how the article says it stands.

    ``text`` is the proposition ("the swap was complete"); ``span`` is where the article
    states it. ``source`` has the same shape as a quote's speaker. ``quotes`` are the ids
    of the quotes it comes from (empty for a claim the article attributes by label only).
    ``modality`` lists the hedges that soften it ("reportedly", "could", "may").
    """

    id: str
    text: str
    span: Span
    source: Speaker
    cue: Span | None = None
    channel: Span | None = None
    quotes: tuple[str, ...] = ()
    standing: Standing = Standing.CLAIMED
    evidence: tuple[Evidence, ...] = ()
    modality: tuple[str, ...] = ()
    events: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "span": self.span.to_dict(),
            "source": self.source.to_dict(),
            "cue": span_dict(self.cue),
            "channel": span_dict(self.channel),
            "quotes": list(self.quotes),
            "standing": str(self.standing),
            "evidence": [e.to_dict() for e in self.evidence],
            "modality": list(self.modality),
            "events": list(self.events),
        }


class Factuality(StrEnum):
    """Whether an event took place, as the article presents it."""

    HAPPENED = "happened"
    ONGOING = "ongoing"
    PLANNED = "planned"  # future, intended or scheduled
    POSSIBLE = "possible"  # hedged, conditional, speculative
    NEGATED = "negated"  # did not / will not happen


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression normalised against the publication date.

    ``value`` is TIMEX3/ISO 8601 style (``2025-05-23``, ``2025-W21``, ``2022-03``,
    ``P3D``, ``PRESENT_REF``) or None when it cannot be normalised (a relative expression
    without a publication date is never resolved against today). ``type`` is DATE, TIME,
    DURATION or SET. ``begin``/``end`` bound the interval it covers when known (ISO dates;
    ``until`` None for an open interval such as "since March 2022"). ``mod`` is a TIMEX3
    modifier (BEFORE, AFTER, ON_OR_AFTER, START, END, MID, APPROX, ...) or None.
    """

    id: str
    start: int
    end: int
    text: str
    value: str | None
    type: str
    begin: str | None = None
    until: str | None = None
    mod: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "value": self.value,
            "type": self.type,
            "begin": self.begin,
            "until": self.until,
            "mod": self.mod,
        }


@dataclass(frozen=True, slots=True)
class Participant:
    """An entity taking part in an event, in a role (agent, patient, party, recipient...)."""

    role: str
    mention: Span
    entity: str | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "entity": self.entity, "name": self.name,
                "mention": self.mention.to_dict()}


@dataclass(frozen=True, slots=True)
class Quantity:
    """"1,000 prisoners of war each" -> value 1000, unit "prisoners of war", per "each"."""

    value: float
    unit: str
    text: str
    span: Span
    per: str | None = None  # "each", "per side", "a day": how the amount is distributed

    def to_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": value, "unit": self.unit, "text": self.text, "per": self.per,
                "span": self.span.to_dict()}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    mention: Span
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "entity": self.entity, "mention": self.mention.to_dict()}


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happens (or is said to, planned to, or did not), with all its
    mentions in the article. ``type`` comes from the vocabulary in docs/events.md, with
    its CAMEO code; ``time`` is the :class:`TimeExpression` that dates it, or None."""

    id: str
    type: str
    cameo: str | None
    trigger: Span
    mentions: tuple[Span, ...]
    factuality: Factuality
    participants: tuple[Participant, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    places: tuple[Place, ...] = ()
    time: TimeExpression | None = None
    claims: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "cameo": self.cameo,
            "trigger": self.trigger.to_dict(),
            "mentions": [m.to_dict() for m in self.mentions],
            "factuality": str(self.factuality),
            "participants": [p.to_dict() for p in self.participants],
            "quantities": [q.to_dict() for q in self.quantities],
            "places": [p.to_dict() for p in self.places],
            "time": None if self.time is None else self.time.to_dict(),
            "claims": list(self.claims),
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
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpression, ...] = ()
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
            "claims": [c.to_dict() for c in self.claims],
            "events": [e.to_dict() for e in self.events],
            "times": [t.to_dict() for t in self.times],
            "warnings": [w.to_dict() for w in self.warnings],
            "pipeline": dict(self.pipeline),
        }
