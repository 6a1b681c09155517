"""MEANTIME loading: Wikinews articles with gold event mentions and time expressions.

The corpus is not part of the project (see ``shared/data/README.md``); it is looked up
like every corpus (:mod:`claimledger.evaluation.corpora`): the folder given, else
``$CLAIMLEDGER_DATA``, else ``shared/data`` beside the working directory or the repository.

The XML gives tokens without spacing, so the text is rebuilt (:func:`detokenize`): one
space between tokens, none before ``, . ; : ! ? ) ] % 's n't`` and closing quotes, none
after ``( [ $ US$ £ € #`` and opening quotes, a newline between sentences. The PTB quote
tokens (two backticks, two apostrophes) become a straight double quote, which spaCy's
tagger knows better than the PTB forms; every other token keeps its exact text, so a
markable's text is its tokens' text. A multi-token markable spans from its first to its
last token, also when the annotation skips tokens in between (a few discontinuous
mentions do).

Derived factuality class of an event mention (``GoldEvent.factuality``), from the
annotation's attributes, first rule that applies:

=====================================================  ============
polarity ``NEG``                                        ``negated``
certainty ``POSSIBLE`` or ``PROBABLE``                  ``possible``
time ``FUTURE``                                         ``planned``
otherwise (``CERTAIN``, ``POS``, ``NON_FUTURE``)        ``happened``
=====================================================  ============

``UNDERSPECIFIED`` values (18 certainty, 3 polarity, 23 time of the 998 mentions in the
60 articles here): an underspecified *certainty* is read as ``possible``, because the
annotators would not call the event certain ("did not say whether he decided to leave",
"were to take delivery", "we want to know"); an underspecified *polarity* is not a
negation and an underspecified *time* is not future (both fall through to the next
rule). Mentions whose attributes were all left empty get :data:`UNANNOTATED` and are not
scored. With these choices the intra-doc part has 751 happened, 150 planned, 44
possible, 26 negated and 27 unannotated mentions (reading an underspecified certainty
as certain instead would move 17 possible mentions to happened or planned).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimledger.errors import CorpusNotFoundError, InputError
from claimledger.evaluation.corpora import find_corpus

if TYPE_CHECKING:
    from spacy.tokens import Doc

CORPUS = "meantime"
PARTS = ("intra-doc_annotation", "intra_cross-doc_annotation")
UNANNOTATED = "unannotated"

NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "...", "”", "’"})
NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "US$", "C$", "A$", "£", "€", "#", "“", "‘", "`"})
CLITICS = frozenset({"'s", "'S", "n't", "'ve", "'re", "'ll", "'m", "'d"})
CLITIC_TAILS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
PTB_QUOTES = {"``": '"', "''": '"'}


@dataclass(frozen=True)
class GoldEvent:
    """One annotated event mention; ``factuality`` is the derived class (module docstring)."""

    id: str
    start: int
    end: int
    text: str
    certainty: str
    polarity: str
    time: str
    tense: str
    pred: str
    factuality: str


@dataclass(frozen=True)
class GoldTimex:
    """One annotated TIMEX3 with text; ``function`` is ``CREATION_TIME`` for the dateline."""

    id: str
    start: int
    end: int
    text: str
    type: str
    value: str
    function: str


@dataclass(frozen=True)
class MeantimeDoc:
    """One article: the rebuilt text, its creation date (TIMEX3 value) and gold mentions."""

    name: str
    text: str
    dct: str | None
    events: tuple[GoldEvent, ...]
    timexes: tuple[GoldTimex, ...]


def derive_factuality(certainty: str, polarity: str, time: str) -> str:
    """The derived class of the module docstring's table, from the raw attributes."""
    if not (certainty or polarity or time):
        return UNANNOTATED
    if polarity == "NEG":
        return "negated"
    if certainty in {"POSSIBLE", "PROBABLE", "UNDERSPECIFIED"}:
        return "possible"
    if time == "FUTURE":
        return "planned"
    return "happened"


def find_meantime(data_dir: str | Path | None = None) -> Path:
    """The ``meantime/`` folder, or :class:`CorpusNotFoundError` naming where it looked."""
    return find_corpus(CORPUS, "MEANTIME", lambda folder: any((folder / p).is_dir() for p in PARTS), data_dir)


def load_meantime(data_dir: str | Path | None = None,
                  part: str = "intra-doc_annotation") -> list[MeantimeDoc]:
    """All articles of ``part`` (every ``corpus_*`` subfolder present), sorted by name."""
    root = find_meantime(data_dir)
    folder = root / part
    if not folder.is_dir():
        available = sorted(p.name for p in root.iterdir() if p.is_dir())
        raise CorpusNotFoundError(f"MEANTIME has no part {part!r} in {root}; "
                                  f"choose one of {', '.join(available) or 'none'}")
    paths = sorted(folder.rglob("*.xml"), key=lambda p: p.name)
    return [load_document(path) for path in paths]


def load_document(path: str | Path) -> MeantimeDoc:
    """One MEANTIME XML file; malformed XML or a dangling token anchor is an InputError."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        raise InputError(f"{path}: not MEANTIME XML ({err})") from None
    tokens = root.findall("token")
    text, offsets = detokenize([t.text or "" for t in tokens], [t.get("sentence", "") for t in tokens])
    by_id = {t.get("t_id", ""): offsets[i] for i, t in enumerate(tokens)}
    markables = root.find("Markables")
    elements = list(markables) if markables is not None else []
    events, timexes = [], []
    for element in elements:
        span = _span(element, by_id, path)
        if span is None:
            continue  # an empty TIMEX3/EVENT with no tokens: an implicit time, nothing to score
        start, end = span
        if element.tag == "EVENT_MENTION":
            events.append(_event(element, start, end, text[start:end]))
        elif element.tag == "TIMEX3":
            timexes.append(_timex(element, start, end, text[start:end]))
    events.sort(key=lambda e: (e.start, e.end))
    timexes.sort(key=lambda t: (t.start, t.end))
    dct = next((t.value for t in timexes if t.function == "CREATION_TIME"), None)
    name = root.get("doc_name") or path.stem
    return MeantimeDoc(name=name, text=text, dct=dct, events=tuple(events), timexes=tuple(timexes))


def detokenize(words: Sequence[str], sentences: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The text rebuilt from tokens, and each token's ``(start, end)`` in it.

    PTB quotes (two backticks, two apostrophes) say whether they open or close;
    straight double quotes alternate through the document, as they do in running text. A lone ``'``
    closes an open single quote, is a possessive after a word in "s" ("the airlines' jets"),
    and otherwise opens a quote.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    glue_next = True  # no space before the first token
    quote_open = False
    single_open = False  # a ` or ‘ waits for its closing '
    previous_word = ""
    previous_sentence = sentences[0] if sentences else ""
    for token, sentence in zip(words, sentences, strict=True):
        word = PTB_QUOTES.get(token, token)
        is_quote = word == '"'
        if token in PTB_QUOTES:  # the PTB forms say which side they are on
            quote_open = token == "''"
        opens_single = word == "'" and not single_open and not previous_word.lower().endswith("s")
        if sentence != previous_sentence and parts:
            separator = "\n"
        elif glue_next or (not opens_single and _attaches_left(word, quote_open, previous_word)):
            separator = ""
        else:
            separator = " "
        parts.append(separator)
        length += len(separator)
        offsets.append((length, length + len(word)))
        parts.append(word)
        length += len(word)
        glue_next = (word in NO_SPACE_AFTER or (is_quote and not quote_open) or opens_single
                     or _glues_right(word))
        if is_quote:
            quote_open = not quote_open
        if word in {"`", "‘"} or opens_single:
            single_open = True
        elif word in {"'", "’"}:
            single_open = False
        previous_sentence, previous_word = sentence, word
    return "".join(parts), offsets


def _attaches_left(word: str, quote_open: bool, previous: str) -> bool:
    """Punctuation, clitics ("'s", "n't") and a closing quote follow the previous token."""
    if word in NO_SPACE_BEFORE or word in CLITICS:
        return True
    if previous in {"'", "’"} and word in CLITIC_TAILS:
        return True  # "It’ s": a clitic split after its apostrophe
    if word == '"':
        return quote_open
    return word == "'"  # the plural possessive ("airlines'") or a closing single quote


def _glues_right(word: str) -> bool:
    """A split contraction's first half ("I'" of "I' ll") joins the next token."""
    return len(word) == 2 and word.endswith("'") and word[0].isalpha()


def _span(element: ET.Element, by_id: dict[str, tuple[int, int]], path: Path) -> tuple[int, int] | None:
    anchors = [a.get("t_id", "") for a in element.findall("token_anchor")]
    if not anchors:
        return None
    missing = [a for a in anchors if a not in by_id]
    if missing:
        raise InputError(f"{path}: markable {element.get('m_id')} anchors unknown token {missing[0]}")
    spans = [by_id[a] for a in anchors]
    return min(s for s, _ in spans), max(e for _, e in spans)


def _event(element: ET.Element, start: int, end: int, text: str) -> GoldEvent:
    certainty, polarity, time = (element.get(k, "") for k in ("certainty", "polarity", "time"))
    return GoldEvent(
        id=element.get("m_id", ""), start=start, end=end, text=text, certainty=certainty,
        polarity=polarity, time=time, tense=element.get("tense", ""), pred=element.get("pred", ""),
        factuality=derive_factuality(certainty, polarity, time),
    )


def _timex(element: ET.Element, start: int, end: int, text: str) -> GoldTimex:
    return GoldTimex(
        id=element.get("m_id", ""), start=start, end=end, text=text, type=element.get("type", ""),
        value=element.get("value", ""), function=element.get("functionInDocument", ""),
    )


def with_corpus_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break (the loader writes one sentence per line),
    so a headline is never parsed into the dateline; the parser keeps sentence starts that
    are already set, so this runs on ``nlp.make_doc``'s Doc, before the pipeline."""
    for token in doc[:-1]:
        if "\n" in token.text or token.whitespace_ == "\n":
            doc[token.i + 1].is_sent_start = True
    return doc
