"""spaCy pipeline components, registered as factories so any pipeline can use them:

    nlp.add_pipe("claimledger_paragraphs", before="parser")  # sentences start at line breaks
    nlp.add_pipe("claimledger_entities")
    nlp.add_pipe("claimledger_quotes")
    nlp.add_pipe("claimledger_claims")
    nlp.add_pipe("claimledger_events")  # times, events, claim-event links; runs last

Results go on ``doc._.claimledger_entities`` / ``_quotes`` / ``_claims`` / ``_events`` /
``_times`` / ``_warnings`` as plain :mod:`claimledger.types` records. Time is normalised
against ``doc._.claimledger_published`` (an ISO date) when it is set. A component builds
the entity index itself when the entities component is absent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.nlp.claims import find_claims, link_events
from claimledger.nlp.entities import EntityIndex, build_entity_index
from claimledger.nlp.events import find_events
from claimledger.nlp.factuality import factuality_of
from claimledger.nlp.quotemarks import find_quotations
from claimledger.nlp.quotes import find_attributions
from claimledger.nlp.times import find_times

for _name in (
    "claimledger_entities",
    "claimledger_quotes",
    "claimledger_beliefs",
    "claimledger_claims",
    "claimledger_events",
    "claimledger_times",
    "claimledger_warnings",
    "claimledger_index",
    "claimledger_published",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# A wire dateline opening a paragraph: "LONDON (Reuters) - ", "WASHINGTON — ",
# "NEW DELHI, May 3 (AP) — ". The story's first sentence starts after it; parsed together,
# the city becomes the subject of "said".
DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z.'’ -]{1,40}(?:,[^\n()—–-]{1,30})?(?:\s*\([^)\n]{1,40}\))?\s*[—–-]{1,2}\s+(?=\S)"
)


def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every line break. News paragraphs are separate units, but
    the parser runs headlines, datelines and timestamps ("12:15 p.m.") into the next
    paragraph's first sentence and then picks its subject there. Must run before the
    parser, which keeps sentence starts that are already set."""
    for token in doc[:-1]:
        if "\n" in token.text or (token.whitespace_ == "" and token.text.endswith("\n")):
            doc[token.i + 1].is_sent_start = True
    for match in DATELINE.finditer(doc.text):
        after = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
        if after is not None and after.start > 0:
            doc[after.start].is_sent_start = True
    return doc


class EntitiesComponent:
    """Groups the NER's mentions into article-level entities (surnames, titles, roles)."""

    def __call__(self, doc: Doc) -> Doc:
        index = build_entity_index(doc)
        doc._.claimledger_index = index
        doc._.claimledger_entities = index.entities()
        return doc


class QuotesComponent:
    """Finds quotes and reported speech and resolves their speakers."""

    def __call__(self, doc: Doc) -> Doc:
        index: EntityIndex | None = doc._.claimledger_index
        if index is None:
            index = build_entity_index(doc)
            doc._.claimledger_entities = index.entities()
        quotations, warnings = find_quotations(index.text)
        doc._.claimledger_quotes, doc._.claimledger_beliefs = find_attributions(doc, quotations, index)
        doc._.claimledger_warnings = list(doc._.claimledger_warnings or []) + warnings
        return doc


Language.component("claimledger_paragraphs")(paragraph_starts)


class ClaimsComponent:
    """Claims from the quotes and attributed beliefs, with their standing."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.claimledger_claims = find_claims(
            doc, doc._.claimledger_quotes or [], doc._.claimledger_beliefs or []
        )
        return doc


class EventsComponent:
    """Time expressions (normalised against ``doc._.claimledger_published``), events
    with their factuality, and the links between claims and the events they are about.
    It runs last: it releases the entity index, which holds spaCy objects and would keep
    the Doc from being pickled."""

    def __call__(self, doc: Doc) -> Doc:
        index: EntityIndex | None = doc._.claimledger_index
        if index is None:
            index = build_entity_index(doc)
        published = _published_date(doc._.claimledger_published)
        times = find_times(doc, published)
        events = find_events(doc, index, times, factuality_of)
        claims = link_events(doc._.claimledger_claims or [], {e.id: list(e.mentions) for e in events})
        about: dict[str, list[str]] = {}
        for claim in claims:
            for event_id in claim.events:
                about.setdefault(event_id, []).append(claim.id)
        doc._.claimledger_times = times
        doc._.claimledger_events = [replace(e, claims=tuple(about.get(e.id, ()))) for e in events]
        doc._.claimledger_claims = claims
        doc._.claimledger_index = None
        return doc


def _published_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@Language.factory("claimledger_entities", requires=["doc.ents", "token.dep"])
def make_entities_component(nlp: Language, name: str) -> EntitiesComponent:
    return EntitiesComponent()


@Language.factory(
    "claimledger_quotes",
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
)
def make_quotes_component(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent()


@Language.factory("claimledger_claims", requires=["token.dep", "token.lemma"])
def make_claims_component(nlp: Language, name: str) -> ClaimsComponent:
    return ClaimsComponent()


@Language.factory("claimledger_events", requires=["doc.ents", "token.dep", "token.lemma"])
def make_events_component(nlp: Language, name: str) -> EventsComponent:
    return EventsComponent()
