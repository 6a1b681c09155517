"""From the words that name a source to a :class:`Speaker`: entity, anonymous, or unknown.

Precision first: a pronoun or role noun that could point at two people resolves to no
entity (the mention is still kept, so a reader sees who the article says spoke).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from claimledger.nlp.entities import Cluster, EntityIndex
from claimledger.nlp.lexicon import (
    ANONYMOUS_HEADS,
    PERSON_PLURAL_EXCLUDED_SUFFIXES,
    PERSON_PLURAL_SUFFIXES,
    PLURAL_PRONOUNS,
    PRONOUN_GENDER,
)
from claimledger.nlp.quotemarks import Quotation
from claimledger.types import Span, Speaker

# Pronoun antecedents are looked for this many sentences back (sentences wholly inside a
# quotation do not count: their names are the quoted speaker's words, not referents).
PRONOUN_WINDOW_SENTENCES = 2
# Clause parts that do not belong to the name of a source ("officials, who declined to
# be named,") and are cut from the speaker mention.
_MENTION_CUT_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "conj"}


@dataclass(frozen=True, slots=True)
class Said:
    """An attribution already resolved, for pronoun and follow-on resolution."""

    offset: int
    speaker: Speaker
    cluster: Cluster | None


def np_tokens(head: Token) -> set[int]:
    """Token indices of the noun phrase headed by ``head``, without clauses hung on it."""
    out = {head.i}
    for child in head.children:
        if child.dep_ not in _MENTION_CUT_DEPS:
            out.update(t.i for t in child.subtree)
    return out


def mention_span(head: Token, text: str | None = None) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``, without clauses hung on it.
    Pass the doc's ``text`` when calling in a loop: ``Doc.text`` rebuilds it each time."""
    doc = head.doc
    text = doc.text if text is None else text
    tokens = np_tokens(head)
    left, right = min(tokens), max(tokens)
    # Never across a paragraph break: a misparsed headline must not become the name.
    while left < head.i and "\n" in text[doc[left].idx : head.idx]:
        left += 1
    while right > head.i and "\n" in text[head.idx : doc[right].idx]:
        right -= 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _is_anonymous(head: Token) -> bool:
    """Sources the article does not identify: "officials", "a rescue worker", "parents",
    "local media". Plural common nouns and indefinite singulars are groups or unnamed
    people; a definite singular ("the company") is a reference to someone named, left
    unresolved when no entity matched it."""
    if head.lemma_.lower() in ANONYMOUS_HEADS or head.lower_ in ANONYMOUS_HEADS:
        return True
    if head.pos_ != "NOUN":
        return False
    if head.tag_ == "NNS":
        word = head.lower_
        return word.endswith(PERSON_PLURAL_SUFFIXES) and not word.endswith(PERSON_PLURAL_EXCLUDED_SUFFIXES)
    dets = [c.lower_ for c in head.children if c.dep_ == "det"]
    return bool(dets) and dets[0] in {"a", "an", "another", "one", "some"}


class SpeakerResolver:
    def __init__(self, doc: Doc, index: EntityIndex, quotations: list[Quotation]) -> None:
        self.doc = doc
        self.index = index
        self.quotations = quotations
        self.history: list[Said] = []
        # Pronouns already resolved count as mentions for the next one: in "Roe said …
        # She added … she says …", each "she" is in reach of the one before.
        self.pronoun_mentions: list[tuple[int, Cluster]] = []
        self._sents = list(doc.sents)
        self.text = index.text  # Doc.text is rebuilt from the tokens on every access

    def in_quotation(self, offset: int) -> bool:
        return any(q.open < offset < q.close for q in self.quotations)

    def resolve(self, head: Token) -> tuple[Speaker, Cluster | None]:
        start, end = mention_span(head, self.text)
        mention = Span.of(self.text, start, end)
        lower = head.lower_
        if head.pos_ == "PRON" or lower in PRONOUN_GENDER or lower in PLURAL_PRONOUNS:
            cluster = self._pronoun(head)
            if cluster is None:
                anon = self._plural_anonymous(head) if lower in PLURAL_PRONOUNS else None
                if anon is not None:
                    return Speaker(None, anon.name, mention, True), None
                return Speaker(None, None, mention), None
            self.pronoun_mentions.append((head.idx, cluster))
            return Speaker(cluster.id or None, cluster.name, mention), cluster
        cluster = self._named(head)
        if cluster is not None:
            return Speaker(cluster.id or None, cluster.name, mention), cluster
        if _is_anonymous(head):
            return Speaker(None, mention.text, mention, True), None
        return Speaker(None, None, mention), None

    def remember(self, offset: int, speaker: Speaker, cluster: Cluster | None) -> None:
        self.history.append(Said(offset, speaker, cluster))

    # -- names ---------------------------------------------------------------------------
    def _named(self, head: Token) -> Cluster | None:
        """The entity the noun phrase names: its head, or a name in apposition to it."""
        cluster = self.index.at(head)
        if cluster is not None and cluster.type == "PERSON":
            return cluster
        for child in head.children:
            if child.dep_ == "appos":
                named = self.index.at(child)
                if named is not None and named.type == "PERSON":
                    return named
        # "The trust's chief executive, Dr Jane Roe" / "Minister for Housing Jane Roe": a
        # noun phrase that ends with a person's name names that person.
        words = [i for i in sorted(np_tokens(head)) if not self.doc[i].is_punct]
        if words:
            named = self.index.at(self.doc[words[-1]])
            if named is not None and named.type == "PERSON":
                return named
        if cluster is not None:
            return cluster
        if head.pos_ == "PROPN":
            by_surname = self.index.by_surname(head.text)
            if len(by_surname) == 1:
                return by_surname[0]
        return None

    # -- pronouns -------------------------------------------------------------------------
    def _window_start(self, token: Token) -> int:
        """Character offset where the search for an antecedent stops: two sentences back
        (not counting sentences wholly inside a quotation), never past the previous
        paragraph."""
        sents = self._sents
        current = next(k for k, s in enumerate(sents) if s.start <= token.i < s.end)
        text = self.text
        start = sents[current].start_char
        counted = paragraph_breaks = 0
        for k in range(current - 1, -1, -1):
            sent = sents[k]
            tail = text[sent.start_char : sents[k + 1].start_char]
            words = [t for t in sent if not t.is_space and not t.is_punct]
            quoted = all(self.in_quotation(t.idx) for t in words)
            # A paragraph that is only a quotation does not separate a pronoun from the
            # person named before it ("Roe said …\n“…”\nShe added …").
            if "\n" in tail[len(tail.rstrip()) :] and not quoted:
                paragraph_breaks += 1
                if paragraph_breaks > 1:
                    break
            start = sent.start_char
            if not quoted:
                counted += 1
                if counted >= PRONOUN_WINDOW_SENTENCES:
                    break
        return start

    def _pronoun(self, token: Token) -> Cluster | None:
        gender = PRONOUN_GENDER.get(token.lower_)
        if gender is None:
            return None
        lo, hi = self._window_start(token), token.idx
        found: dict[int, tuple[int, Cluster]] = {}
        for cluster in self.index.persons():
            if cluster.gender not in (None, gender):
                continue
            if len(cluster.key) == 1 and not cluster.roles and cluster.gender is None:
                continue  # a lone capitalised word ("the Kent coast") is weak evidence of a person
            offsets = [s for s, _ in cluster.mentions] + [s for s, c in self.pronoun_mentions if c is cluster]
            for s in offsets:
                if lo <= s < hi and not self.in_quotation(s):
                    last = found.get(id(cluster), (-1, cluster))[0]
                    found[id(cluster)] = (max(last, s), cluster)
        if not found:
            return None
        if len(found) == 1:
            return next(iter(found.values()))[1]
        # Several people in reach: the one who was speaking just before carries on, unless
        # another was named since ("Roe and Doe traded accusations. 'False,' he said").
        for said in reversed(self.history):
            if said.offset < lo:
                break
            if said.cluster is not None and id(said.cluster) in found:
                others = [last for key, (last, _) in found.items() if key != id(said.cluster)]
                since = [last for last in others if last > said.offset]
                return None if since else said.cluster
        return None

    def _plural_anonymous(self, token: Token) -> Speaker | None:
        """"they said" right after anonymous plural sources ("officials said ...")."""
        lo = self._window_start(token)
        for said in reversed(self.history):
            if said.offset < lo:
                break
            if said.speaker.anonymous:
                return said.speaker
            return None
        return None
