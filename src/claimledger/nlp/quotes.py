"""From attributions to quotes: quotation marks, speakers in text order, news conventions.

The finder (:mod:`claimledger.nlp.attribution`) reports attributions; here each content is
widened over the quotation marks it touches, speakers are resolved in text order (so that
a pronoun can lean on the speaker before it), and two conventions of news writing add
quotes the parse cannot see: a second half after "“...,” she said. “...”", and a paragraph
that is only a quotation, which carries on the previous paragraph's speaker. A leftover
quotation that reads as speech is kept with no speaker; scare quotes and titles are not
quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from claimledger.nlp.attribution import AttributionFinder, Found
from claimledger.nlp.entities import EntityIndex
from claimledger.nlp.quotemarks import Quotation
from claimledger.types import Quote, QuoteKind, Span, Speaker


def kind_of(content: tuple[int, int], quoted: list[Quotation]) -> QuoteKind:
    if not quoted:
        return QuoteKind.INDIRECT
    if len(quoted) == 1 and quoted[0].start <= content[0] and content[1] <= quoted[0].end:
        return QuoteKind.DIRECT
    return QuoteKind.MIXED


@dataclass(frozen=True, slots=True)
class Belief:
    """A belief or intention attributed to a source ("X believes/wants/expects …"). Not
    a quote (nobody is reported to have said it), but a claim the article ascribes."""

    content: Span
    speaker: Speaker
    cue: Span


def find_attributions(
    doc: Doc, quotations: list[Quotation], index: EntityIndex
) -> tuple[list[Quote], list[Belief]]:
    """Quotes and attributed beliefs, resolved together so that pronouns see both."""
    finder = AttributionFinder(doc, quotations, index)
    found = _merge_quotations(finder.from_parse(), quotations)
    leftover = [q for q in quotations if not any(q in f.quoted for f in found)]
    found.extend(finder.beside_cues(found, leftover))
    found.sort(key=lambda f: f.content[0])
    _resolve(finder, found)
    beliefs = [f for f in found if f.belief and not f.quoted]
    said = [f for f in found if not (f.belief and not f.quoted)]
    said = _conventions(finder, said, leftover)
    text = finder.text
    return _to_quotes(text, said), [
        Belief(Span.of(text, *b.content), b.speaker or Speaker(), Span.of(text, *b.cue))
        for b in beliefs
        if b.cue is not None
    ]


def _merge_quotations(found: list[Found], quotations: list[Quotation]) -> list[Found]:
    """Widen each content over the quotations it touches, and drop duplicates."""
    out: list[Found] = []
    seen: set[tuple[int, int]] = set()
    for f in found:
        start, end = f.content
        touched = [q for q in quotations if q.open < end and start < q.outer_end]
        for q in touched:
            start, end = min(start, q.open), max(end, q.outer_end)
        if len(touched) == 1 and _same_text(touched[0], start, end):
            start, end = touched[0].start, touched[0].end
        f.content, f.quoted = (start, end), touched
        key = f.content
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out


def _same_text(q: Quotation, start: int, end: int) -> bool:
    """The content is the quotation, give or take its marks and a comma or full stop."""
    return start >= q.open - 1 and end <= q.outer_end + 1


def _resolve(finder: AttributionFinder, found: list[Found]) -> None:
    for f in sorted(found, key=lambda f: f.anchor):
        if f.source is None:
            f.speaker = Speaker()
            continue
        f.speaker, f.cluster = finder.resolver.resolve(f.source)
        finder.resolver.remember(f.anchor, f.speaker, f.cluster)


def _conventions(finder: AttributionFinder, found: list[Found], leftover: list[Quotation]) -> list[Found]:
    text = finder.text
    for quote in sorted(leftover, key=lambda q: q.open):
        previous = [f for f in found if f.content[1] <= quote.open and f.speaker is not None]
        prev = max(previous, key=lambda f: f.content[1], default=None)
        p_start, p_end = finder.paragraph_bounds(quote.open)
        whole_paragraph = not text[p_start : quote.open].strip() and not text[
            quote.outer_end : p_end
        ].strip(" \t\r.")
        same_paragraph = prev is not None and finder.paragraph_bounds(prev.content[0])[0] == p_start
        if prev is not None and prev.quoted and prev.cue and same_paragraph:
            # "“First…,” he said. “And…”": the cue between the halves serves both.
            between_start = max(prev.content[1], prev.quoted[-1].outer_end)
            if prev.cue[0] >= between_start and _only_cue_between(finder, prev, between_start, quote.open):
                found.append(_carry(prev, quote, keep_mention=True))
                continue
        if (
            whole_paragraph
            and prev is not None
            and _is_previous_paragraph(text, prev.content[0], p_start)
            and prev.speaker
            and (prev.speaker.entity or prev.speaker.anonymous)
        ):
            found.append(_carry(prev, quote, keep_mention=False))
            continue
        if finder.looks_like_speech(quote):
            found.append(Found((quote.start, quote.end), None, None, quoted=[quote], speaker=Speaker()))
    found.sort(key=lambda f: f.content[0])
    return found


def _only_cue_between(finder: AttributionFinder, prev: Found, start: int, end: int) -> bool:
    gap = finder.text[start:end]
    if "\n" in gap or prev.cue is None:
        return False
    sentence_end = max(gap.rfind("."), gap.rfind(","), gap.rfind(":"))
    return prev.cue[1] <= start + max(sentence_end, 0) and len(gap) < 120


def _is_previous_paragraph(text: str, offset: int, paragraph_start: int) -> bool:
    """Whether ``offset`` lies in the paragraph just before the one at ``paragraph_start``."""
    if offset >= paragraph_start:
        return False
    between = text[offset:paragraph_start]
    return between.rstrip().count("\n") == 0 or all(not line.strip() for line in between.split("\n")[1:-1])


def _carry(prev: Found, quote: Quotation, *, keep_mention: bool) -> Found:
    speaker = prev.speaker or Speaker()
    if not keep_mention:
        speaker = Speaker(speaker.entity, speaker.name, None, speaker.anonymous)
    return Found(
        (quote.start, quote.end),
        prev.cue if keep_mention else None,
        prev.source,
        channel=prev.channel if keep_mention else None,
        quoted=[quote],
        speaker=speaker,
        cluster=prev.cluster,
        carried=True,
    )


def _to_quotes(text: str, found: list[Found]) -> list[Quote]:
    quotes = []
    for n, f in enumerate(found, 1):
        start, end = f.content
        quoted = tuple(Span.of(text, q.start, q.end) for q in f.quoted)
        quotes.append(
            Quote(
                id=f"Q{n}",
                kind=kind_of(f.content, f.quoted),
                content=Span.of(text, start, end),
                speaker=f.speaker or Speaker(),
                cue=Span.of(text, *f.cue) if f.cue else None,
                channel=Span.of(text, *f.channel) if f.channel else None,
                quoted=quoted,
            )
        )
    return quotes
