"""ECB+ loading: news articles with gold event (action) mentions and their coreference.

The corpus is not part of the project (see ``shared/data/README.md``); it is looked up
like every corpus (:mod:`claimledger.evaluation.corpora`). Topics 1 to 35 are there
(ECB+ has no topics 15 and 17); each topic folder holds ``N_Mecb.xml`` and
``N_Mecbplus.xml`` articles, the two *subtopics*: two similar real events (two celebrities
entering rehab, two earthquakes).

What is read, and the conventions chosen (docs/linking.md, "Events across articles"):

* **Mentions**: every markable whose tag contains ``ACTION`` (``ACTION_OCCURRENCE``,
  ``_REPORTING``, ``_STATE``, ``_ASPECTUAL``, ``_GENERIC``, ``_PERCEPTION``,
  ``_CAUSATIVE`` and their ``NEG_`` forms) and has tokens; the markables without tokens
  are the annotators' instance records, not mentions. All annotated sentences count: the
  list of "validated" sentences some papers restrict themselves to (Cybulska and Vossen
  2015) is not in the shared data.
* **Gold clusters**: mentions that are sources of one ``CROSS_DOC_COREF`` relation share
  its instance id (the relation's ``note``), across documents; the sources of an
  ``INTRA_DOC_COREF`` relation form a cluster within their document; every other mention
  is a singleton (kept: singletons are scored, as in the common ECB+ setting).
* **Text**: rebuilt from tokens with :func:`~claimledger.evaluation.meantime.detokenize`
  (one sentence per line). The ``ecbplus`` articles start with their URL split into
  tokens ("http : / / www ..."); that line is written back as one word, since it holds no
  mention and would otherwise read as a sentence of slashes.

Reading our analysis for each gold mention (:func:`read_mentions`):

* **Our event**: each document goes through our pipeline once; a gold mention that
  overlaps a mention of one of our events is that event: it takes the event's type,
  participants, places, time and factuality, and all gold mentions of one of our events
  share one :class:`~claimledger.linking.events.EventRef` (as one ledger row would).
* **Other mentions** (most: ECB+ is about shootings, earthquakes, product launches, which
  our vocabulary does not name) are read from the parse the way ``nlp/events.py`` reads a
  trigger: the type from the trigger lemma where the vocabulary has it unambiguously
  (a word it lists only with qualifiers is not typed), the participants from the
  entities in subject, object, possessor and "with/against/by/of/from/to/between"
  phrases, the places from GPE/LOC/FAC entities in "in/at/near" phrases, and the date from
  a time expression that hangs from the trigger.
* **The document's date**: the ``ecbplus`` articles carry a dateline ("First Published:
  June 13, 2013"), the ``ecb`` ones mostly none. The date is the first day-precise time
  expression in the first :data:`HEADER_LINES` lines, read without a publication date (so
  only absolute dates qualify); it is then the publication date the pipeline normalises
  relative times against. Without one, the date is unknown (None), never guessed.
* **Context**: the article's :data:`~claimledger.linking.events.CONTEXT_NAMES` most mentioned named entities.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimledger.errors import CorpusNotFoundError, InputError
from claimledger.evaluation.corpora import find_corpus
from claimledger.evaluation.meantime import detokenize
from claimledger.linking.events import CONTEXT_NAMES, EventRef, sentence_words

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from claimledger.types import Entity, Event, TimeExpression

CORPUS = "ecbplus"
TOPICS = tuple(n for n in range(1, 36) if n not in (15, 17))  # ECB+ has no topics 15 and 17
HEADER_LINES = 4  # the URL, the headline and the dateline of an ecbplus article, and one more
_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One annotated event mention. ``id`` is ``<document>/<m_id>``; ``cluster`` is the gold
    cluster id (a cross-document instance id, an intra-document chain, or the mention's own
    id for a singleton); ``start``/``end`` are offsets into the document's rebuilt text."""

    id: str
    document: str
    start: int
    end: int
    text: str
    kind: str
    cluster: str


@dataclass(frozen=True, slots=True)
class EcbDocument:
    """One article: ``name`` is the file name without ``.xml`` ("1_10ecbplus")."""

    name: str
    topic: int
    subtopic: str  # "ecb" or "ecbplus"
    text: str
    mentions: tuple[GoldMention, ...]


def find_ecbplus(data_dir: str | Path | None = None) -> Path:
    """The ``ecbplus/`` folder, or :class:`CorpusNotFoundError` naming where it looked."""
    return find_corpus(CORPUS, "ECB+", lambda folder: (folder / "1").is_dir()
                       and any((folder / "1").glob("1_*ecb*.xml")), data_dir)


def load_ecbplus(data_dir: str | Path | None = None,
                 topics: tuple[int, ...] | None = None) -> list[EcbDocument]:
    """The articles of ``topics`` (default: every topic folder present), in topic order,
    then by file name."""
    root = find_ecbplus(data_dir)
    wanted = topics if topics is not None else tuple(sorted(int(p.name) for p in root.iterdir()
                                                            if p.is_dir() and p.name.isdigit()))
    documents: list[EcbDocument] = []
    for topic in wanted:
        folder = root / str(topic)
        if not folder.is_dir():
            raise CorpusNotFoundError(f"ECB+ has no topic {topic} in {root}")
        paths = sorted(folder.glob("*.xml"), key=lambda p: _order(p.name))
        documents.extend(load_document(p) for p in paths)
    return documents


def _order(name: str) -> tuple[int, str, int]:
    match = _NAME.match(name)
    return (int(match.group(2)), match.group(3), 0) if match else (0, name, 1)


def load_document(path: str | Path) -> EcbDocument:
    """One ECB+ XML file; malformed XML or a dangling token anchor is an InputError."""
    path = Path(path)
    match = _NAME.match(path.name)
    if match is None:
        raise InputError(f"{path}: not an ECB+ file name (<topic>_<n>ecb.xml or ...ecbplus.xml)")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise InputError(f"{path}: not ECB+ XML ({err})") from None
    name = path.stem
    tokens = root.findall("token")
    words = [t.text or "" for t in tokens]
    sentences = [t.get("sentence", "") for t in tokens]
    url = _url_length(words, sentences)
    if url:  # one word for the URL line; each of its tokens points at the whole word
        text, offsets = detokenize(["".join(words[:url]), *words[url:]], sentences[url - 1:])
        offsets = [offsets[0]] * (url - 1) + offsets
    else:
        text, offsets = detokenize(words, sentences)
    by_id = {t.get("t_id", ""): offsets[i] for i, t in enumerate(tokens)}
    clusters = _clusters(root, name)
    mentions = []
    markables = root.find("Markables")
    for element in markables if markables is not None else []:
        anchors = [a.get("t_id", "") for a in element.findall("token_anchor")]
        if "ACTION" not in element.tag or not anchors:
            continue
        missing = [a for a in anchors if a not in by_id]
        if missing:
            raise InputError(f"{path}: markable {element.get('m_id')} anchors unknown token {missing[0]}")
        start = min(by_id[a][0] for a in anchors)
        end = max(by_id[a][1] for a in anchors)
        m_id = element.get("m_id", "")
        mention_id = f"{name}/{m_id}"
        mentions.append(GoldMention(mention_id, name, start, end, text[start:end], element.tag,
                                    clusters.get(m_id, mention_id)))
    mentions.sort(key=lambda m: (m.start, m.end))
    return EcbDocument(name, int(match.group(1)), match.group(3), text, tuple(mentions))


def _url_length(words: list[str], sentences: list[str]) -> int:
    """How many tokens the URL line that opens an ``ecbplus`` article has (0: none)."""
    if not words or not words[0].lower().startswith("http"):
        return 0
    return next((i for i, s in enumerate(sentences) if s != sentences[0]), len(words))


def _clusters(root: ET.Element, document: str) -> dict[str, str]:
    """Mention m_id -> gold cluster id, from the cross- and intra-document relations."""
    out: dict[str, str] = {}
    relations = root.find("Relations")
    for relation in relations if relations is not None else []:
        if relation.tag == "CROSS_DOC_COREF":
            cluster = relation.get("note") or f"{document}/cross/{relation.get('r_id')}"
        elif relation.tag == "INTRA_DOC_COREF":
            cluster = f"{document}/intra/{relation.get('r_id')}"
        else:
            continue
        for source in relation.findall("source"):
            out.setdefault(source.get("m_id", ""), cluster)
    return out


# -- our analysis of each gold mention ---------------------------------------------------------

_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_ARGUMENT_PREPS = frozenset({"with", "against", "by", "of", "from", "to", "between"})
_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "off"})
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class MentionReading:
    """A gold mention with what our analysis says about it, as the linking method sees it."""

    mention: GoldMention
    topic: int
    subtopic: str
    ref: EventRef
    covered: bool  # one of our events covers the mention


def read_mentions(documents: Sequence[EcbDocument], nlp: Language) -> Iterator[MentionReading]:
    """Each gold mention of ``documents`` with its :class:`EventRef` (module docstring).
    ``nlp`` is a claimledger pipeline (``claimledger.nlp.model.load_pipeline``)."""
    from claimledger.nlp.components import paragraph_starts

    ours = [name for name in nlp.pipe_names
            if name.startswith("claimledger_") and name != "claimledger_paragraphs"]
    with nlp.select_pipes(disable=ours):
        parsed = nlp.pipe(paragraph_starts(nlp.make_doc(d.text)) for d in documents)
        for document, doc in zip(documents, parsed, strict=True):
            doc._.claimledger_published = header_date(doc)
            for name in ("claimledger_entities", "claimledger_events"):
                if name in ours:
                    doc = nlp.get_pipe(name)(doc)
            yield from _readings(document, doc)


def header_date(doc: Doc) -> str | None:
    """The first day-precise absolute date in the first :data:`HEADER_LINES` lines."""
    from claimledger.nlp.times import find_times

    limit = _line_end(doc.text, HEADER_LINES)
    for time in find_times(doc, None):
        if time.start < limit and time.type == "DATE" and time.value and _DAY.match(time.value):
            return time.value[:10]
    return None


def _line_end(text: str, lines: int) -> int:
    end = -1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def _readings(document: EcbDocument, doc: Doc) -> Iterator[MentionReading]:
    from claimledger.nlp.factuality import factuality_of

    entities: list[Entity] = list(doc._.claimledger_entities or [])
    events: list[Event] = list(doc._.claimledger_events or [])
    times: list[TimeExpression] = list(doc._.claimledger_times or [])
    published: str | None = doc._.claimledger_published
    context = tuple(e.name for e in sorted((e for e in entities if e.type in _ENTITY_TYPES),
                                           key=lambda e: -len(e.mentions))[:CONTEXT_NAMES])
    names = _EntityAt(entities)
    anchored = _anchored_times(doc, times)
    refs: dict[str, EventRef] = {}
    for mention in document.mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        head = span.root
        event = _covering(events, mention)
        if event is not None:
            ref = refs.get(event.id)
            if ref is None:
                ref = refs[event.id] = EventRef(
                    key=(document.name, event.id), type=event.type, trigger=event.trigger.text,
                    lemma=_lemma(head, span),
                    date=event.time.begin if event.time is not None else None, published=published,
                    participants=tuple(p.name for p in event.participants if p.name),
                    places=tuple(p.name for p in event.places), factuality=str(event.factuality),
                    context=context)
        else:
            participants, places = _arguments(head, names)
            days = [t.begin for t in anchored.get(head.i, ()) if t.begin and t.value and _DAY.match(t.value)]
            ref = EventRef(
                key=(document.name, mention.id.rpartition("/")[2]), type=vocabulary_type(head),
                trigger=mention.text, lemma=_lemma(head, span), date=days[0] if days else None,
                published=published, participants=participants, places=places,
                factuality=str(factuality_of(head)), context=context,
                words=sentence_words(document.text, mention.start, mention.end))
        yield MentionReading(mention, document.topic, document.subtopic, ref, event is not None)


def _lemma(head: Token, span: SpacySpan) -> str:
    """The trigger's lemma with its particle, which changes the event: "check into" is not
    "check out" and "break out" not "break" (a particle of the verb, or a preposition of
    the verb inside the gold mention)."""
    particles = [t.lower_ for t in head.children
                 if t.dep_ == "prt" or (t.dep_ == "prep" and span.start <= t.i < span.end)]
    return " ".join([head.lemma_.lower(), *particles[:1]])


def _covering(events: Iterable[Event], mention: GoldMention) -> Event | None:
    for event in events:
        if any(m.start < mention.end and mention.start < m.end for m in event.mentions):
            return event
    return None


class _EntityAt:
    """The entity name at a character offset (our entities' mention spans)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.spans = sorted((m.start, m.end, e.name, e.type) for e in entities if e.type in _ENTITY_TYPES
                            for m in e.mentions)

    def at(self, token: Token) -> tuple[str, str] | None:
        for start, end, name, label in self.spans:
            if start <= token.idx < end:
                return name, label
            if start > token.idx:
                break
        return None


def _arguments(head: Token, names: _EntityAt) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Participants and places of a trigger our vocabulary does not name (module docstring)."""
    participants: list[str] = []
    places: list[str] = []

    def add(token: Token, place: bool) -> None:
        found = names.at(token)
        if found is None:
            return
        name, label = found
        if place:
            if label in _PLACE_TYPES:
                places.append(name)
        else:
            participants.append(name)

    for child in head.children:
        if child.dep_ in {"nsubj", "nsubjpass", "dobj", "dative", "poss", "compound", "amod"}:
            for token in (child, *child.conjuncts):
                add(token, False)
        elif child.dep_ in {"prep", "agent"}:
            word = child.lower_
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                for token in (pobj, *pobj.conjuncts):
                    if child.dep_ == "agent" or word in _ARGUMENT_PREPS:
                        add(token, False)
                    elif word in _PLACE_PREPS:
                        add(token, True)
    return tuple(dict.fromkeys(participants)), tuple(dict.fromkeys(places))


def _anchored_times(doc: Doc, times: Iterable[TimeExpression]) -> dict[int, list[TimeExpression]]:
    """Time expressions by the token they hang from (through a preposition: "on Friday")."""
    out: dict[int, list[TimeExpression]] = {}
    for time in times:
        span = doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        head = span.root.head
        if span.start <= head.i < span.end:
            continue
        if head.pos_ == "ADP" and head.head != head:
            head = head.head
        out.setdefault(head.i, []).append(time)
    return out


def vocabulary_type(head: Token) -> str | None:
    """The vocabulary type a trigger word names on its own: a verb's or noun's lemma that
    one type lists without qualifiers (docs/events.md), else None."""
    from claimledger.nlp.event_types import EVENT_TYPES

    lemma = head.lemma_.lower()
    verb = head.pos_ in {"VERB", "AUX"}
    found = [t.name for t in EVENT_TYPES
             if lemma in (t.verbs if verb else t.nouns) and lemma not in t.qualified]
    return found[0] if len(found) == 1 else None
