"""Finding attributions in a parsed article: cue, source and content.

Two routes find them here, from most to least grammatical evidence:

1. **Reported speech from the parse.** A speech verb outside any quotation ("said",
   "accused", "told") with a subject and a reported clause (``ccomp``, a "that"-clause,
   "accused X of ...", a claim noun with its clause: "repeated a claim that ..."). Inverted
   ("..., said X"), parenthetical ("X, she said, Y") and participle forms ("..., claiming
   that ...", which inherits the main verb's subject) come out of the same parse relations.
   "According to X, ..." and claim nouns with a source ("a suggestion from X that ...")
   are the nominal forms; belief verbs ("X believes that ...") give beliefs, not quotes.
2. **Quotations next to a cue.** Quote marks the parser did not tie to a verb, placed
   right before or after "X said" with nothing else between.

:mod:`claimledger.nlp.quotes` turns what is found here into quotes, adding the news
conventions (split quotes, follow-on paragraphs) and resolving speakers in text order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimledger.nlp.entities import Cluster, EntityIndex
from claimledger.nlp.lexicon import (
    ADDRESSEE_VERBS,
    ANAPHOR_HEADS,
    AUDIENCE_HEADS,
    BELIEF_VERBS,
    CHANNEL_HEADS,
    CLAIM_CARRIER_VERBS,
    CLAIM_NOUNS,
    DOCUMENT_HEADS,
    FINDING_VERBS,
    LABELLING_VERBS,
    OBJECT_CONTENT_VERBS,
    PREPOSITIONAL_CONTENT,
    REJECTING_OBJECT_VERBS,
    RELATIVE_PRONOUNS,
    SPEECH_VERBS,
)
from claimledger.nlp.quotemarks import Quotation
from claimledger.nlp.speakers import SpeakerResolver, np_tokens
from claimledger.types import Speaker

_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_INHERIT_DEPS = {"advcl", "conj", "xcomp"}
_CLAUSE_MARKS = {"that", "whether", "if"}
# Words hung on a cue that may stand between it and its quotation ("said on Friday").
_BESIDE_CUE_DEPS = {"advmod", "npadvmod", "prep", "aux"}
_EDGE_PUNCT = set(",;:—–-") | {"..."}
# A quotation counts as speech (not a scare quote or a title) from this many words, when
# it has a verb; below it, quote marks around a phrase are the writer's, not a source's.
MIN_SPEECH_WORDS = 4
# Tokens other than the source and punctuation allowed between a quotation and its cue.
MAX_GAP_WORDS = 6


@dataclass
class Found:
    """An attribution in progress, in character offsets."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: Token | None
    channel: tuple[int, int] | None = None
    quoted: list[Quotation] = field(default_factory=list)
    speaker: Speaker | None = None
    cluster: Cluster | None = None
    carried: bool = False
    belief: bool = False  # "X believes/wants …": attributed, but not something X said

    @property
    def anchor(self) -> int:
        return self.cue[0] if self.cue else self.content[0]


class AttributionFinder:
    def __init__(
        self, doc: Doc, quotations: list[Quotation], index: EntityIndex, *, with_beliefs: bool = True
    ) -> None:
        self.with_beliefs = with_beliefs
        self.doc = doc
        self.text = index.text
        self.quotations = quotations
        self.index = index
        self.resolver = SpeakerResolver(doc, index, quotations)

    # -- helpers --------------------------------------------------------------------------
    def inside_quotation(self, offset: int) -> Quotation | None:
        return next((q for q in self.quotations if q.open <= offset <= q.close), None)

    def _token_span(self, left: int, right: int) -> tuple[int, int]:
        doc = self.doc
        while left < right and (doc[left].is_punct or doc[left].is_space):
            if doc[left].text in "“\"‘'«":
                break
            left += 1
        while right > left and (doc[right].is_space or doc[right].text in _EDGE_PUNCT | {"."}):
            right -= 1
        return doc[left].idx, doc[right].idx + len(doc[right].text)

    def _clause_span(
        self, heads: list[Token], anchor: int, exclude: set[int] | None = None
    ) -> tuple[int, int] | None:
        """Span of the clauses under ``heads``, starting after a "that"/"whether" mark,
        within the paragraph of ``anchor`` (the cue's offset)."""
        tokens = sorted({t.i for h in heads for t in h.subtree} - (exclude or set()))
        if not tokens:
            return None
        left, right = tokens[0], tokens[-1]
        for head in heads[:1]:
            for child in head.children:
                if child.dep_ == "mark" and child.lower_ in _CLAUSE_MARKS and child.i < head.i:
                    left = max(left, child.i + 1)
        first = self.doc[left]
        if first.lower_ == "that" and first.tag_ == "IN":
            left += 1
        if left > right:
            return None
        return self.within_paragraph(self._token_span(left, right), anchor)

    def within_paragraph(self, span: tuple[int, int], anchor: int) -> tuple[int, int] | None:
        """Clip a content span to the paragraph of its cue. The parser sometimes runs a
        sentence over a paragraph break (headlines, "... in detail:\n\n“Quote”"), and
        reported speech never does; multi-paragraph quotations are added back later."""
        p_start, p_end = self.paragraph_bounds(anchor)
        start, end = max(span[0], p_start), min(span[1], p_end)
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    # -- route 1: the parse ----------------------------------------------------------------
    def subject_of(self, verb: Token, depth: int = 0) -> Token | None:
        subject = self._subject_of(verb, depth)
        if subject is None:
            return None
        # The source's words are outside the quote and in the cue's paragraph; a subject
        # found elsewhere is a misparse ("12:15 p.m.\n\nRoe said ..." or a quoted "we").
        lo, hi = sorted((subject.idx, verb.idx))
        if "\n" in self.text[lo:hi] or self.inside_quotation(subject.idx):
            return None
        return subject

    def _subject_of(self, verb: Token, depth: int = 0) -> Token | None:
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
        if passive:
            for child in verb.children:
                if child.dep_ == "agent":
                    objs = [g for g in child.children if g.dep_ == "pobj"]
                    return objs[0] if objs else None
            return None
        for child in verb.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.tag_ == "EX" or (child.lower_ == "it" and child.dep_ == "nsubjpass"):
                    return None
                if child.lower_ in RELATIVE_PRONOUNS:
                    # "Roe, who said ...": the relative clause's noun is the source.
                    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
                        return verb.head
                    return None
                return child
        if verb.dep_ in _INHERIT_DEPS and verb.head is not verb and depth < 3:
            head = verb.head
            # "X said it would hold rates, adding that …": the parser often hangs the
            # participle on the reported clause; its speaker is the one who said it.
            if (
                verb.tag_ == "VBG"
                and head.dep_ == "ccomp"
                and head.head.lemma_.lower() in SPEECH_VERBS
            ):
                head = head.head
            return self._subject_of(head, depth + 1)
        return None

    def content_heads(self, verb: Token) -> list[Token]:
        lemma = verb.lemma_.lower()
        heads: list[Token] = []
        for child in verb.children:
            if child.dep_ == "ccomp":
                heads.append(child)
            elif child.dep_ in {"advcl", "conj", "parataxis"} and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                heads.append(child)  # "told agencies only that ...": parsed as advcl
            elif child.dep_ == "prep" and PREPOSITIONAL_CONTENT.get(lemma) == child.lower_:
                heads.extend(g for g in child.children if g.dep_ in {"pcomp", "pobj"})
            elif child.dep_ == "xcomp" and (
                lemma in {"claim", "deny", "promise", "vow", "threaten", "pledge"} or lemma in BELIEF_VERBS
            ):
                heads.append(child)  # "claimed to have won", "wants to triple the size"
        if not heads and lemma in ADDRESSEE_VERBS:
            # "urged Republicans to join ...": whom, and what they are urged to do.
            objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubj"} and c.i > verb.i]
            complements = [c for c in verb.children if c.dep_ in {"xcomp", "ccomp"} and c.i > verb.i]
            if complements:
                heads = objects + complements
        if not heads and lemma in OBJECT_CONTENT_VERBS:
            # "claimed vast wealth", "denied the allegations": the object is the content.
            heads = [
                c for c in verb.children
                if c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"} and c.i > verb.i
                # "rejected the claim" answers a claim; "rejected his attempts" is an act.
                and (lemma not in REJECTING_OBJECT_VERBS or c.lemma_.lower() in CLAIM_NOUNS | ANAPHOR_HEADS)
            ]
        if not heads and lemma in LABELLING_VERBS:
            # "called the plan “a disaster”": the object and what it is called.
            objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubj"} and c.i > verb.i]
            complements = [c for c in verb.children if c.dep_ in {"oprd", "ccomp", "xcomp"} and c.i > verb.i]
            if objects and complements:
                heads = objects + complements
        return heads

    def parenthetical_content(self, verb: Token) -> list[Token]:
        """"Acts of protest, Mr. Obama said, are acts of patriotism": the cue hangs on the
        reported clause, set off by commas, so the content is that clause without it."""
        head = verb.head
        if verb.dep_ not in {"parataxis", "advcl", "ccomp", "conj"} or head is verb:
            return []
        if head.pos_ not in {"VERB", "AUX"}:
            return []
        words = [t.i for t in verb.subtree if not t.is_punct and not t.is_space]
        before = self.doc[words[0] - 1] if words[0] > 0 else None
        after = self.doc[words[-1] + 1] if words[-1] + 1 < len(self.doc) else None
        if before is None or before.text not in {",", "—", "–"}:
            return []
        if after is not None and after.text not in {",", "—", "–", ".", ";", ":"} and not after.is_space:
            return []
        return [head]

    def claim_noun_clause(self, noun: Token) -> Token | None:
        for child in noun.children:
            if child.dep_ in {"acl", "ccomp", "relcl"} and any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                return child
        return None

    def from_parse(self) -> list[Found]:
        found: list[Found] = []
        for token in self.doc:
            if self.inside_quotation(token.idx):
                continue  # a cue inside quote marks belongs to the quoted speaker's words
            lemma = token.lemma_.lower()
            if token.pos_ in {"VERB", "AUX"} and (lemma in SPEECH_VERBS or lemma in CLAIM_CARRIER_VERBS):
                found.extend(self._verb_attribution(token, lemma))
            elif token.pos_ == "VERB" and lemma in FINDING_VERBS:
                subject = self.subject_of(token)
                if subject is not None and subject.lemma_.lower() in DOCUMENT_HEADS:
                    found.extend(self._verb_attribution(token, "say"))
            elif token.pos_ in {"VERB", "AUX"} and lemma in BELIEF_VERBS and self.with_beliefs:
                found.extend(self._verb_attribution(token, lemma, belief=True))
            elif token.lower_ == "according":
                found.extend(self._according_to(token))
            elif token.pos_ == "NOUN" and lemma in CLAIM_NOUNS:
                found.extend(self._claim_noun(token))
        return found

    def _verb_attribution(self, verb: Token, lemma: str, *, belief: bool = False) -> list[Found]:
        source = self.subject_of(verb)
        if source is None:
            return []
        heads = self.content_heads(verb) if lemma in SPEECH_VERBS or belief else []
        cue_token = verb
        if not heads:
            # "repeated an unfounded claim that ...": the claim noun carries the clause.
            for child in verb.children:
                if child.dep_ in {"dobj", "attr"} and child.lemma_.lower() in CLAIM_NOUNS:
                    clause = self.claim_noun_clause(child)
                    if clause is not None:
                        heads = [clause]
        exclude = np_tokens(source) | {verb.i}
        parenthetical = False
        if not heads and lemma in SPEECH_VERBS and verb.dep_ != "ROOT":
            heads = self.parenthetical_content(verb)
            if heads:
                parenthetical = True
                exclude |= {t.i for t in verb.subtree}
        if not heads and lemma in SPEECH_VERBS:
            # "said: “…”" or "“…”, he said" where the quote is the object.
            for child in verb.children:
                if child.dep_ in {"dobj", "oprd"} and self.inside_quotation(child.idx):
                    heads = [child]
        if not heads and lemma in SPEECH_VERBS:
            # "warned that the shutdown could last weeks", where the parser lost the clause
            # ("last" read as an adjective): "that" right after the cue still opens it.
            that_clause = self._that_clause_after(verb)
            if that_clause is not None:
                cue = (verb.idx, verb.idx + len(verb.text))
                return [Found(that_clause, cue, source, channel=self.channel_of(verb))]
        if not heads:
            return []
        if any(h.i < verb.i for h in heads) and any(h.i > verb.i for h in heads):
            # One cue, clauses on both sides. "“A,” she said. “B.”": the quotation before
            # is its content (the second half follows by convention). "It's unlikely; the
            # team says she'll go on": the parser hung the clause before on it too.
            before = [h for h in heads if h.i < verb.i]
            quoted_before = all(self.inside_quotation(h.idx) for h in before)
            heads = before if quoted_before else [h for h in heads if h.i > verb.i]
        for head in heads:
            for inner in head.subtree:
                # "…, as managers insisted the changes were safe": another source's
                # attribution hung on the clause is not part of this one.
                if (
                    inner.dep_ in {"advcl", "conj"}
                    and inner.lemma_.lower() in SPEECH_VERBS
                    and (any(c.dep_ == "nsubj" for c in inner.children) or inner.tag_ == "VBG")
                    and inner.i > head.i
                    and self.content_heads(inner)
                ):
                    exclude |= {t.i for t in inner.subtree}
        if belief:
            content = self._clause_span(heads, verb.idx, exclude=exclude)
            if content is None or content[0] <= verb.idx < content[1]:
                return []
            return [Found(content, (verb.idx, verb.idx + len(verb.text)), source, belief=True)]
        content = self._clause_span(heads, verb.idx, exclude=exclude)
        if content is not None and content[0] > verb.idx:
            content = self._skip_leading_date(content)
        if content is None or (content[0] <= verb.idx < content[1] and not parenthetical):
            return []
        cue = (cue_token.idx, cue_token.idx + len(cue_token.text))
        particle = next((c for c in verb.children if c.dep_ == "prt"), None)
        if particle is not None and particle.i == verb.i + 1:
            cue = (cue[0], particle.idx + len(particle.text))
        return [Found(content, cue, source, channel=self.channel_of(verb))]

    def _skip_leading_date(self, content: tuple[int, int]) -> tuple[int, int] | None:
        """"said on Thursday it would …": the date tells when it was said, not what; the
        parser often hangs it on the reported clause."""
        span = self.doc.char_span(*content, alignment_mode="expand")
        if span is None:
            return content
        doc, dates = self.doc, {"DATE", "TIME"}
        i = span.start
        if doc[i].pos_ == "ADP" and i + 1 < span.end and doc[i + 1].ent_type_ in dates:
            i += 1
        if doc[i].ent_type_ not in dates or doc[i].dep_ in {"nsubj", "nsubjpass"}:
            return content  # "said Monday would be a holiday": the date is the subject
        while i < span.end and doc[i].ent_type_ in dates:
            i += 1
        while i < span.end and (doc[i].is_punct or (doc[i].lower_ == "that" and doc[i].tag_ == "IN")):
            i += 1
        if i >= span.end - 1:
            return content
        return doc[i].idx, content[1]

    def _that_clause_after(self, verb: Token) -> tuple[int, int] | None:
        sent = verb.sent
        i = verb.i + 1
        # Allow "told reporters on Monday that": a few words hung on the cue come first.
        while i < sent.end and i <= verb.i + 5 and self.doc[i].lower_ != "that":
            if self.doc[i].head.i != verb.i and self.doc[i].head.head.i != verb.i:
                return None
            i += 1
        if i >= sent.end - 1 or self.doc[i].lower_ != "that" or self.doc[i].dep_ not in {"mark", "advmod"}:
            return None
        if self.inside_quotation(self.doc[i].idx):
            return None
        return self.within_paragraph(self._token_span(i + 1, sent.end - 1), verb.idx)

    def _according_to(self, token: Token) -> list[Found]:
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None:
            return []
        sources = [c for c in to.children if c.dep_ == "pobj"]
        if not sources:
            return []
        phrase = {t.i for t in token.subtree}
        clause = token.head if token.head is not token else token
        sent = token.sent
        if clause.pos_ in {"VERB", "AUX"}:
            tokens = [t.i for t in clause.subtree if t.i not in phrase]
        else:
            tokens = [t.i for t in sent if t.i not in phrase]
        tokens = [i for i in tokens if sent.start <= i < sent.end]
        if not tokens:
            return []
        content = self.within_paragraph(self._token_span(min(tokens), max(tokens)), token.idx)
        if content is None:
            return []
        cue = (token.idx, to.idx + len(to.text))
        return [Found(content, cue, sources[0])]

    def _claim_noun(self, noun: Token) -> list[Found]:
        source = None
        for child in noun.children:
            if child.dep_ == "poss" and child.pos_ in {"PROPN", "NOUN", "PRON"}:
                source = child
            elif child.dep_ == "prep" and child.lower_ in {"from", "by"}:
                objs = [g for g in child.children if g.dep_ == "pobj"]
                source = objs[0] if objs else source
        if source is None:
            return []  # carried by a verb ("X repeated a claim ..."), handled there
        clause = self.claim_noun_clause(noun)
        if clause is None:
            return []
        content = self._clause_span([clause], noun.idx)
        if content is None:
            return []
        return [Found(content, (noun.idx, noun.idx + len(noun.text)), source)]

    def channel_of(self, verb: Token) -> tuple[int, int] | None:
        """Where the words went out: "on his platform", "in a statement", "told the BBC"."""
        verbs = [verb]
        if verb.dep_ in _INHERIT_DEPS and verb.head is not verb:
            verbs.append(verb.head)
        for v in verbs:
            for child in v.children:
                if child.dep_ == "prep" and child.lower_ in {"on", "in", "via", "through", "to"}:
                    for obj in child.children:
                        if obj.dep_ == "pobj" and self._is_channel(obj):
                            return self._np(obj)
                if (
                    child.dep_ in {"dobj", "dative"}
                    and v.lemma_ == "tell"
                    and self._is_channel(child)
                    and child.lemma_.lower() not in AUDIENCE_HEADS
                ):
                    return self._np(child)
        return None

    def _is_channel(self, token: Token) -> bool:
        if token.lemma_.lower() in CHANNEL_HEADS or token.lower_ in CHANNEL_HEADS:
            return True
        return token.ent_type_ in {"ORG", "FAC", "WORK_OF_ART"} and token.pos_ == "PROPN"

    def _np(self, token: Token) -> tuple[int, int]:
        left = token.left_edge.i
        right = token.i
        for child in token.children:
            if child.i > token.i and child.dep_ in {"compound", "appos"}:
                right = max(right, child.right_edge.i)
        return self._token_span(left, right)

    # -- route 2: quotations beside a cue ------------------------------------------------
    def _gap_ok(self, start: int, end: int, allowed: set[int]) -> bool:
        """Only punctuation, the source's words, adverbs and at most a few words of a
        phrase on the cue between two offsets."""
        words = 0
        for token in self.doc.char_span(start, end, alignment_mode="expand") or []:
            if token.idx < start or token.idx >= end:
                continue
            if token.is_punct or token.is_space or token.i in allowed:
                continue
            if "\n" in token.text:
                return False
            words += 1
        if "\n" in self.text[start:end]:
            return False
        return words <= MAX_GAP_WORDS

    def beside_cues(self, found: list[Found], leftover: list[Quotation]) -> list[Found]:
        taken = {f.cue for f in found if f.cue}
        added: list[Found] = []
        for verb in self.doc:
            if verb.lemma_.lower() not in SPEECH_VERBS or verb.pos_ not in {"VERB", "AUX"}:
                continue
            cue = (verb.idx, verb.idx + len(verb.text))
            if cue in taken or self.inside_quotation(verb.idx):
                continue
            source = self.subject_of(verb)
            if source is None:
                continue
            allowed = {t.i for t in source.subtree} | {verb.i}
            allowed |= {
                t.i for c in verb.children if c.dep_ in _BESIDE_CUE_DEPS for t in c.subtree
            }
            quote = self._adjacent(verb, source, leftover, allowed)
            if quote is None or not self.looks_like_speech(quote):
                continue  # a title or a scare-quoted word next to a verb is not its object
            leftover.remove(quote)
            taken.add(cue)
            channel = self.channel_of(verb)
            added.append(Found((quote.start, quote.end), cue, source, channel=channel, quoted=[quote]))
        return added

    def _adjacent(
        self, verb: Token, source: Token, leftover: list[Quotation], allowed: set[int]
    ) -> Quotation | None:
        clause_start = min(verb.idx, source.left_edge.idx)
        clause_end = max(verb.idx + len(verb.text), source.right_edge.idx + len(source.right_edge.text))
        before = [q for q in leftover if q.outer_end <= clause_start]
        after = [q for q in leftover if q.open >= clause_end]
        if before and self._gap_ok(before[-1].outer_end, clause_start, allowed):
            return before[-1]
        if after and self._gap_ok(clause_end, after[0].open, allowed):
            return after[0]
        return None

    # -- route 3: conventions ------------------------------------------------------------
    def paragraph_bounds(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end

    def looks_like_speech(self, quote: Quotation) -> bool:
        span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            return False
        words = [t for t in span if t.is_alpha]
        has_verb = any(t.pos_ in {"VERB", "AUX"} for t in span)
        return len(words) >= MIN_SPEECH_WORDS and has_verb
