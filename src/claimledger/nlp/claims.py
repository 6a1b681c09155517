"""Claims from attributions, and how the article says each one stands.

A claim is a proposition with a source. Every quote yields one (two when the reported
speech coordinates two clauses: "claiming that A and that B"), so do attributed beliefs
("X believes that …") and propositions the article attributes by label only ("the claim
that …"). The standing rules are in docs/standing.md; each rule leaves :class:`Evidence`
(a span and its relation) so that a reader can see why a claim stands where it does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimledger.nlp.factuality import hedges_of
from claimledger.nlp.lexicon import (
    ANAPHOR_HEADS,
    CLAIM_NOUNS,
    CONFIRM_VERBS,
    NEGATIVE_EVALUATIONS,
    REJECT_VERBS,
    UNCONFIRMED_WORDS,
    UNFOUNDED_LABELS,
)
from claimledger.nlp.quotes import Belief
from claimledger.types import Claim, Evidence, Quote, Span, Speaker, Standing

# Which relation wins when several apply: a label of falsehood outranks a denial, which
# outranks a dispute; any of those outranks a confirmation (the article reports a
# conflict), which outranks a mere "not confirmed".
PRECEDENCE = (
    Standing.UNFOUNDED,
    Standing.DENIED,
    Standing.DISPUTED,
    Standing.CONFIRMED,
    Standing.UNCONFIRMED,
)
# Two claims are the same proposition when this share of their content words match.
SAME_CLAIM_OVERLAP = 0.6
# A confirmation or denial is about an earlier claim when this share of its words match,
# and at least this many: two short phrases sharing one word are not the same claim.
ABOUT_OVERLAP = 0.4
ABOUT_MIN_SHARED = 2
# An anaphoric answer ("that was not realistic") is short; a long quote that starts with
# "That" is the speaker going on, not an answer.
MAX_ANSWER_TOKENS = 25

_UNCONFIRMED_PATTERNS = re.compile(
    r"\bno (?:independent )?(?:confirmation|verification)\b"
    r"|\b(?:could|can|did|does|has|have|had|was|were|is|are)(?:n['’]t| not)\s+(?:be\s+|been\s+|yet\s+)?"
    r"(?:independently\s+)?(?:confirm|verif)\w*"
    r"|\b(?:declined|refused|unable|failed) to (?:confirm|verify)\b"
    r"|\bnot (?:yet )?(?:been )?(?:independently )?(?:confirmed|verified)\b"
    r"|\bunconfirmed\b|\bunverified\b",
    re.IGNORECASE,
)
_UNFOUNDED_PHRASES = re.compile(
    r"\bwithout (?:offering |providing |citing |any )?(?:evidence|proof)\b|\bno evidence\b",
    re.IGNORECASE,
)
_AND_THAT = re.compile(r",?\s+and\s+that\s+", re.IGNORECASE)
_QUOTE_EDGES = "“”\"‘’'«» ,.;:"
_DOUBLE_MARKS = re.compile(r"[“”\"«»„]")
# Single marks double as apostrophes: only a pair that opens before a word and closes
# after one is a quotation ("called it ‘a disgrace’", not "the dogs’ bowls").
_SINGLE_PAIR = re.compile(r"(?<!\w)[‘']([^‘’']+)[’'](?!\w)")


@dataclass
class _Draft:
    span: Span
    source: Speaker
    cue: Span | None
    channel: Span | None
    quotes: list[str]
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.span.start


def proposition_text(text: str) -> str:
    """The proposition as plain text: no double quote marks (the span keeps them, as
    evidence of what was quoted), no closing punctuation, one line."""
    plain = _SINGLE_PAIR.sub(r"\1", _DOUBLE_MARKS.sub("", text)).strip(_QUOTE_EDGES)
    return " ".join(plain.split())


def split_propositions(span: Span) -> list[Span]:
    """"that A and that B" -> A, B. Only at an explicit repeated "that", which is how
    news coordinates two separate reported propositions."""
    parts: list[Span] = []
    start = span.start
    for match in _AND_THAT.finditer(span.text):
        end = span.start + match.start()
        parts.append(Span(start, end, span.text[start - span.start : end - span.start]))
        start = span.start + match.end()
    parts.append(Span(start, span.end, span.text[start - span.start :]))
    return [p for p in parts if p.text.strip(_QUOTE_EDGES)]


def _content_words(doc: Doc, span: Span) -> set[str]:
    chunk = doc.char_span(span.start, span.end, alignment_mode="expand")
    if chunk is None:
        return set()
    return {t.lemma_.lower() for t in chunk if t.is_alpha and not t.is_stop and len(t) > 2}


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _same_source(a: Speaker, b: Speaker) -> bool:
    if a.entity is not None:
        return a.entity == b.entity
    return a.anonymous and b.anonymous and (a.name or "").lower() == (b.name or "").lower()


class ClaimBuilder:
    def __init__(self, doc: Doc, quotes: Sequence[Quote], beliefs: Sequence[Belief]) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotes = quotes
        self.beliefs = beliefs
        self.drafts: list[_Draft] = []

    # -- claims --------------------------------------------------------------------------
    def collect(self) -> None:
        for quote in self.quotes:
            for part in split_propositions(quote.content):
                self.drafts.append(_Draft(part, quote.speaker, quote.cue, quote.channel, [quote.id]))
        for belief in self.beliefs:
            for part in split_propositions(belief.content):
                self.drafts.append(_Draft(part, belief.speaker, belief.cue, None, []))
        self._labelled_only()
        self.drafts.sort(key=lambda d: d.start)
        self._merge_repeats()

    def _labelled_only(self) -> None:
        """"the claim that X has been debunked": a proposition with no source named."""
        covered = [(d.span.start, d.span.end) for d in self.drafts]
        for noun in self.doc:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CLAIM_NOUNS:
                continue
            clause = next(
                (c for c in noun.children if c.dep_ in {"acl", "ccomp"}
                 and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)),
                None,
            )
            if clause is None:
                continue
            words = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head is clause)]
            span = Span.of(self.text, words[0].idx, words[-1].idx + len(words[-1].text))
            if any(s < span.end and span.start < e for s, e in covered):
                continue
            cue = Span.of(self.text, noun.idx, noun.idx + len(noun.text))
            self.drafts.append(_Draft(span, Speaker(), cue, None, []))

    def _merge_repeats(self) -> None:
        """A claim repeated or rephrased by the same source stays one claim."""
        kept: list[_Draft] = []
        for draft in self.drafts:
            words = _content_words(self.doc, draft.span)
            twin = next(
                (k for k in kept if _same_source(k.source, draft.source)
                 and _overlap(words, _content_words(self.doc, k.span)) >= SAME_CLAIM_OVERLAP
                 and len(words) >= 3),
                None,
            )
            if twin is not None:
                twin.quotes.extend(q for q in draft.quotes if q not in twin.quotes)
            else:
                kept.append(draft)
        self.drafts = kept

    # -- standing ------------------------------------------------------------------------
    def weigh(self) -> None:
        for draft in self.drafts:
            self._labels(draft)
            self._unconfirmed_source(draft)
        self._unconfirmed_by_article()
        self._responses()

    def _sentence(self, offset: int) -> SpacySpan | None:
        token = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return token.sent if token is not None else None

    def _labels(self, draft: _Draft) -> None:
        """"an unfounded claim that …", "claimed without evidence that …"."""
        if draft.cue is None:
            return
        cue = self.doc.char_span(draft.cue.start, draft.cue.end, alignment_mode="expand")
        if cue is None:
            return
        nouns = [cue.root] if cue.root.lemma_.lower() in CLAIM_NOUNS else [
            c for c in cue.root.children if c.dep_ in {"dobj", "attr"} and c.lemma_.lower() in CLAIM_NOUNS
        ]
        for noun in nouns:
            for mod in noun.children:
                if mod.dep_ in {"amod", "compound"} and mod.lower_ in UNFOUNDED_LABELS:
                    span = Span.of(self.text, mod.idx, noun.idx + len(noun.text))
                    draft.evidence.append(Evidence(Standing.UNFOUNDED.value, span))
        verb = cue.root if cue.root.pos_ in {"VERB", "AUX"} else cue.root.head
        clause = self.text[verb.left_edge.idx : verb.right_edge.idx + len(verb.right_edge.text)]
        for match in _UNFOUNDED_PHRASES.finditer(clause):
            start = verb.left_edge.idx + match.start()
            if not draft.span.start <= start < draft.span.end:
                span = Span.of(self.text, start, verb.left_edge.idx + match.end())
                draft.evidence.append(Evidence(Standing.UNFOUNDED.value, span))

    def _unconfirmed_source(self, draft: _Draft) -> None:
        """The source is itself "unconfirmed reports" or "unverified accounts"."""
        mention = draft.source.mention
        if mention is not None and any(w in UNCONFIRMED_WORDS for w in mention.text.lower().split()):
            draft.evidence.append(Evidence(Standing.UNCONFIRMED.value, mention, draft.source))

    def _unconfirmed_by_article(self) -> None:
        """"There was no confirmation from either side": the article says the claims just
        before are not confirmed. Attributions coordinated with that statement ("…, and
        sources said only that …") are evidence of the same."""
        for match in _UNCONFIRMED_PATTERNS.finditer(self.text):
            if any(d.span.start <= match.start() < d.span.end for d in self.drafts):
                continue  # inside someone's words: theirs, not the article's
            if any(d.source.mention and d.source.mention.start <= match.start() < d.source.mention.end
                   for d in self.drafts):
                continue  # "unconfirmed reports said": handled as the source's own standing
            sent = self._sentence(match.start())
            if sent is None:
                continue
            marker_clause = self._own_clause(sent, match.start())
            targets = self._claims_before(sent)
            if not targets:
                continue
            along = [d for d in self.drafts if sent.start_char <= d.start < sent.end_char
                     and d.start > match.start() and d not in targets]
            for target in targets:
                target.evidence.append(Evidence(Standing.UNCONFIRMED.value, marker_clause))
                for other in along:
                    target.evidence.append(Evidence(Standing.UNCONFIRMED.value, other.span, other.source))

    def _own_clause(self, sent: SpacySpan, offset: int) -> Span:
        """The clause that holds ``offset``, without the clauses coordinated with it."""
        token = next(t for t in sent if t.idx <= offset < t.idx + len(t.text) + 1)
        head = token
        while head.dep_ not in {"ROOT", "conj"} and head.head is not head:
            head = head.head
        words = [t for t in head.subtree if not any(a.dep_ == "conj" and a is not head and t in a.subtree
                                                    for a in head.children)]
        words = [t for t in words if not t.is_punct and not t.is_space and t.dep_ != "cc"
                 and t.lower_ not in {"however", "but"}]
        first, last = words[0], words[-1]
        return Span.of(self.text, first.idx, last.idx + len(last.text))

    def _claims_before(self, sent: SpacySpan) -> list[_Draft]:
        """Unhedged claims in the sentence before (or earlier in this one)."""
        sents = list(self.doc.sents)
        k = next(i for i, s in enumerate(sents) if s.start == sent.start)
        lo = sents[k - 1].start_char if k > 0 else sent.start_char
        return [d for d in self.drafts if lo <= d.start < sent.start_char and not self.modality(d)]

    def _responses(self) -> None:
        """Later claims that answer an earlier one: reject, deny or confirm it."""
        for i, later in enumerate(self.drafts):
            earlier = [d for d in self.drafts[:i] if not _same_source(d.source, later.source)]
            if not earlier:
                continue
            relation, target = self._response(later, earlier)
            if relation is not None and target is not None:
                target.evidence.append(Evidence(relation.value, later.span, later.source))

    def _response(self, later: _Draft, earlier: list[_Draft]) -> tuple[Standing | None, _Draft | None]:
        cue_lemma = self._cue_lemma(later)
        words = _content_words(self.doc, later.span)
        if cue_lemma in CONFIRM_VERBS or cue_lemma in REJECT_VERBS:
            target = self._about(later, earlier, words)
            if target is None:
                return None, None
            if cue_lemma in CONFIRM_VERBS:
                return Standing.CONFIRMED, target
            return (Standing.DENIED if self._concerns(target, later.source) else Standing.DISPUTED), target
        if self._anaphoric_rejection(later):
            target = self._recent(later, earlier)
            if target is not None:
                return Standing.DISPUTED, target
        return None, None

    def _cue_lemma(self, draft: _Draft) -> str | None:
        if draft.cue is None:
            return None
        cue = self.doc.char_span(draft.cue.start, draft.cue.end, alignment_mode="expand")
        return None if cue is None else cue.root.lemma_.lower()

    def _about(self, later: _Draft, earlier: list[_Draft], words: set[str]) -> _Draft | None:
        scored = []
        for claim in earlier:
            theirs = _content_words(self.doc, claim.span)
            if len(words & theirs) >= ABOUT_MIN_SHARED and _overlap(words, theirs) >= ABOUT_OVERLAP:
                scored.append((_overlap(words, theirs), claim))
        if scored:
            return max(scored, key=lambda sd: (sd[0], sd[1].start))[1]
        if self._starts_with_anaphor(later):
            return self._recent(later, earlier)
        return None

    def _recent(self, later: _Draft, earlier: list[_Draft]) -> _Draft | None:
        """The claim an anaphor points back to: the last one, in this or the previous
        sentence."""
        sent = self._sentence(later.start)
        if sent is None:
            return None
        sents = list(self.doc.sents)
        k = next(i for i, s in enumerate(sents) if s.start == sent.start)
        lo = sents[k - 1].start_char if k > 0 else sent.start_char
        near = [d for d in earlier if lo <= d.start < later.start]
        return near[-1] if near else None

    def _starts_with_anaphor(self, draft: _Draft) -> bool:
        chunk = self.doc.char_span(draft.span.start, draft.span.end, alignment_mode="expand")
        if chunk is None:
            return False
        first = chunk[0]
        if first.lower_ in {"that", "this", "it"} and first.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            return True
        head = first.head
        if first.lower_ not in {"the", "that", "this", "such"} or head.lemma_.lower() not in ANAPHOR_HEADS:
            return False
        # "the claim that some prisoners refused" states its own proposition: not a pointer back.
        return not any(c.dep_ in {"acl", "ccomp"} and c.idx > head.idx for c in head.children)

    def _anaphoric_rejection(self, draft: _Draft) -> bool:
        """"but X said that was “not a very realistic option”": a short answer whose
        subject points back, judging it with a negated copula ("is not true", "was not a
        realistic option") or a word of rejection ("nonsense", "unrealistic"). A long
        quote that merely starts with "That" is not an answer."""
        if not self._starts_with_anaphor(draft):
            return False
        chunk = self.doc.char_span(draft.span.start, draft.span.end, alignment_mode="expand")
        if chunk is None or len(chunk) > MAX_ANSWER_TOKENS:
            return False
        root = chunk.root
        judged = root.lemma_ == "be" and any(c.dep_ in {"attr", "acomp"} for c in root.children)
        negated = judged and any(c.dep_ == "neg" for c in root.children)
        negative = any(t.lower_ in NEGATIVE_EVALUATIONS for t in chunk)
        return negated or negative

    def _concerns(self, claim: _Draft, source: Speaker) -> bool:
        """Whether the responding source is a party the claim is about (then a rejection
        is a denial): its name or a mention of it occurs in the claim's words."""
        if source.entity is None or source.name is None:
            return False
        surname = source.name.split()[-1].lower()
        return surname in claim.span.text.lower()

    # -- output --------------------------------------------------------------------------
    def modality(self, draft: _Draft) -> tuple[str, ...]:
        """Hedges on the proposition's main verb and up through its cue ("could",
        "reportedly", "suggested"): the same reading as an event's factuality."""
        chunk = self.doc.char_span(draft.span.start, draft.span.end, alignment_mode="expand")
        if chunk is None:
            return ()
        return tuple(dict.fromkeys(hedges_of(chunk.root)))

    def claims(self) -> list[Claim]:
        out = []
        for n, draft in enumerate(self.drafts, 1):
            relations = {e.relation for e in draft.evidence}
            standing = next((s for s in PRECEDENCE if s.value in relations), Standing.CLAIMED)
            out.append(
                Claim(
                    id=f"C{n}",
                    text=proposition_text(draft.span.text),
                    span=draft.span,
                    source=draft.source,
                    cue=draft.cue,
                    channel=draft.channel,
                    quotes=tuple(draft.quotes),
                    standing=standing,
                    evidence=tuple(_unique(draft.evidence)),
                    modality=self.modality(draft),
                )
            )
        return out


def _unique(evidence: Iterable[Evidence]) -> list[Evidence]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for item in evidence:
        key = (item.relation, item.span.start, item.span.end)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def find_claims(doc: Doc, quotes: Sequence[Quote], beliefs: Sequence[Belief]) -> list[Claim]:
    builder = ClaimBuilder(doc, quotes, beliefs)
    builder.collect()
    builder.weigh()
    return builder.claims()


def link_events(claims: Sequence[Claim], event_spans: dict[str, list[Span]]) -> list[Claim]:
    """Each claim lists the events mentioned inside its proposition."""
    out = []
    for claim in claims:
        about = tuple(
            event_id
            for event_id, spans in event_spans.items()
            if any(claim.span.start <= s.start and s.end <= claim.span.end for s in spans)
        )
        out.append(replace(claim, events=about))
    return out
