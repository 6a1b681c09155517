"""Events: the things an article reports as happening, planned, possible or not happening.

:func:`find_events` reads the dependency parse in four steps (docs/events.md has the rules
with examples):

1. **Triggers**: verbs and event nouns of the vocabulary (``event_types.py``), a noun with
   its noun compounds as one span ("peace agreement"); ambiguous words only with a
   qualifier ("swap" of prisoners, "call" by phone). "say" is never a trigger: it is the
   cue of a quote, and the quote is already the record of it.
2. **Each mention on its own**: participants (entities only, through ``index.at``),
   quantities (the amounts of ``quantities.py``), places and candidate times, read from the
   trigger and from the verb that carries a trigger noun ("take part in a swap on Friday":
   the swap is on Friday; where words sit in the parse is ``event_syntax.py``).
3. **Coreference**, left to right: a definite noun ("the swap", "the meeting") joins the
   latest compatible event of its type or kin; a generic one ("the process") the most
   salient recent event; a verb the latest compatible event of its type close by; an
   indefinite noun starts a new event unless it is clearly the same one.
4. **Records**: one :class:`Event` per chain, ids ``V1``... in order of first mention.

A wrong merge hides an event and a wrong participant misleads, so where the parse does
not say, the rules leave things out (pronouns are not resolved here).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from claimledger.nlp.entities import Cluster, EntityIndex
from claimledger.nlp.event_syntax import (
    arguments,
    determination,
    is_classifier,
    noun_phrase,
    subjects,
    support_verb,
)
from claimledger.nlp.event_types import (
    EVENT_TYPES,
    GENERIC_ANAPHORS,
    ORGANISATION,
    PERSON,
    PERSON_NOUNS,
    PLURAL_ONLY,
    SUPPORT_VERBS,
    EventType,
)
from claimledger.nlp.quantities import find_amounts
from claimledger.types import Event, Factuality, Participant, Place, Quantity, Span, TimeExpression

_VERBS: dict[str, list[EventType]] = {}
_NOUNS: dict[str, list[EventType]] = {}
_ANAPHORS: dict[str, list[EventType]] = {}
for _type in EVENT_TYPES:
    for _word in _type.verbs:
        _VERBS.setdefault(_word, []).append(_type)
    for _word in _type.nouns:
        _NOUNS.setdefault(_word, []).append(_type)
    for _word in _type.anaphors:
        _ANAPHORS.setdefault(_word, []).append(_type)

_NAME_LABELS = {"PERSON", "ORG", "GPE", "FAC", "LOC", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"}
_PLACE_PREPS = {"in", "at", "across", "near", "inside", "outside", "along", "off"}
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_BORDER_NOUNS = {"border", "frontier", "boundary"}
_PREP_RELATIONS = {"with", "between", "against", "on", "to", "by", "from", "of"}
_ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
_PAIR_NOUNS = {"country", "side", "nation", "party", "government", "state", "leader", "delegation"}
_UNREALISED = {Factuality.PLANNED, Factuality.POSSIBLE}
# How many sentences back a verb may refer to an earlier event without sharing a participant,
# and an unrealised indefinite to an unrealised event ("a deal ... a deal ... an agreement").
_VERB_REACH = 3
_UNREALISED_REACH = 3
_GENERIC_REACH = 2

FactualityOf = Callable[[Token], Factuality]


@dataclass(eq=False)
class _Mention:
    head: Token
    start: int  # token span of the trigger words
    end: int
    kind: str  # "verb", "noun", "anaphor" (definite, refers back only), "generic" ("the process")
    types: tuple[EventType, ...]
    definite: bool = False
    new: bool = False  # "a second round of talks", "another deal"
    sentence: int = 0
    relations: list[tuple[str, Token, Span, Cluster]] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[tuple[int, TimeExpression]] = field(default_factory=list)  # (level, time)
    factuality: Factuality = Factuality.HAPPENED

    @property
    def entities(self) -> set[str]:
        return {c.id for _, _, _, c in self.relations}


@dataclass(eq=False)
class _Draft:
    type: EventType
    mentions: list[_Mention]

    @property
    def last(self) -> _Mention:
        return self.mentions[-1]


def find_events(
    doc: Doc, index: EntityIndex, times: Sequence[TimeExpression], factuality: FactualityOf
) -> list[Event]:
    """The article's events, in order of first mention (``claims`` is left empty)."""
    if not doc.has_annotation("DEP"):
        return []
    return _Finder(doc, index, times, factuality).run()


class _Finder:
    def __init__(self, doc: Doc, index: EntityIndex, times: Sequence[TimeExpression],
                 factuality: FactualityOf) -> None:
        self.doc = doc
        self.index = index
        self.text = index.text
        self.factuality = factuality
        self.sentence = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for tok in sent:
                self.sentence[tok.i] = n
        self.time_tokens: set[int] = set()
        self.attached: dict[int, list[TimeExpression]] = {}
        for time in times:
            self._attach(time)
        self.amounts = find_amounts(doc, self.time_tokens)
        self.triggers: set[int] = set()
        self.event_of: dict[int, _Draft] = {}

    def run(self) -> list[Event]:
        mentions = self._mentions()
        self.triggers = {m.head.i for m in mentions}
        for mention in mentions:
            self._describe(mention)
        drafts: list[_Draft] = []
        for mention in mentions:
            draft = self._resolve(mention, drafts)
            if draft is None and mention.kind in {"verb", "noun"}:
                draft = _Draft(mention.types[0], [])
                drafts.append(draft)
            if draft is not None:
                draft.mentions.append(mention)
                self.event_of[mention.head.i] = draft
        return [self._record(n, draft) for n, draft in enumerate(drafts, 1)]

    # -- 1. triggers ------------------------------------------------------------------------
    def _mentions(self) -> list[_Mention]:
        found: list[_Mention] = []
        for tok in self.doc:
            if tok.ent_type_ in _NAME_LABELS or tok.i in self.time_tokens:
                continue
            if _is_gerund_noun(tok):
                mention = self._noun_mention(tok, tok.lower_)  # "Fighting ... continued"
            elif tok.pos_ == "VERB":
                mention = self._verb_mention(tok)
            else:
                mention = self._noun_mention(tok, tok.lemma_.lower()) if tok.pos_ == "NOUN" else None
            if mention is not None:
                mention.sentence = self.sentence[tok.i]
                found.append(mention)
        nouns = {m.head.i: m for m in found if m.kind == "noun"}
        return [m for m in found if m.kind != "verb" or not self._carries(m, nouns)]

    def _carries(self, verb: _Mention, nouns: dict[int, _Mention]) -> bool:
        """ "sign an agreement", "declared a ceasefire": the noun carries the event, the verb
        only says that it took place."""
        for arg in (c for c in verb.head.children if c.dep_ in {"dobj", "nsubjpass", "attr"}):
            noun = nouns.get(arg.i)
            if noun is not None and (noun.types == verb.types or verb.head.lemma_.lower() in SUPPORT_VERBS):
                return True
        return False

    def _verb_mention(self, tok: Token) -> _Mention | None:
        lemma = tok.lemma_.lower()
        particles = [c for c in tok.children if c.dep_ == "prt" or c.i == tok.i + 1 and c.dep_ == "advmod"]
        for particle in particles:  # "step down" (the small model parses "down" as either)
            phrasal = f"{lemma} {particle.lower_}"
            for etype in _VERBS.get(phrasal, ()):
                return _Mention(tok, tok.i, max(tok.i, particle.i) + 1, "verb", (etype,))
        for etype in _VERBS.get(lemma, ()):
            if self._qualifies(tok, etype.qualified.get(lemma)):
                return _Mention(tok, tok.i, tok.i + 1, "verb", (etype,))
        return None

    def _noun_mention(self, tok: Token, lemma: str) -> _Mention | None:
        if tok.dep_ == "compound" and tok.head.pos_ in {"NOUN", "PROPN"}:
            return None  # "ceasefire talks": part of the head's trigger, not an event of its own
        if lemma in PLURAL_ONLY and tok.tag_ != "NNS":
            return None
        if is_classifier(tok):
            return None
        definite, new = determination(tok)
        start = tok.i
        while start > 0 and self._is_compound_word(self.doc[start - 1], tok):
            start -= 1
        for etype in _NOUNS.get(lemma, ()):
            if self._qualifies(tok, etype.qualified.get(lemma)):
                return _Mention(tok, start, tok.i + 1, "noun", (etype,), definite, new)
        if definite and not new and lemma in _ANAPHORS:
            return _Mention(tok, start, tok.i + 1, "anaphor", tuple(_ANAPHORS[lemma]), True)
        if definite and not new and lemma in GENERIC_ANAPHORS:
            return _Mention(tok, tok.i, tok.i + 1, "generic", (), True)
        return None

    def _is_compound_word(self, word: Token, head: Token) -> bool:
        return (word.head == head and word.dep_ == "compound" and word.pos_ == "NOUN"
                and not word.ent_type_ and word.i not in self.time_tokens)

    def _qualifies(self, tok: Token, words: frozenset[str] | None) -> bool:
        """Whether an ambiguous trigger has one of its qualifiers among its modifiers and
        arguments ("hostage swap", "exchange of prisoners", "released three journalists")."""
        if not words:
            return True
        seen: set[str] = set()
        for child in tok.children:
            seen |= self._qualifier_words(child)
            if child.dep_ in {"prep", "agent"}:
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        seen |= self._qualifier_words(grandchild)
        if tok.head != tok and tok.head.pos_ == "ADP":
            seen |= {tok.head.lower_, tok.head.head.lemma_.lower()}  # "went on strike"
        return bool(seen & words)

    def _qualifier_words(self, tok: Token) -> set[str]:
        words = {tok.lemma_.lower(), tok.lower_}
        if tok.dep_ in {"dobj", "nsubjpass", "pobj", "compound", "dative"}:
            cluster = self.index.at(tok)
            if (cluster is not None and cluster.type == "PERSON") or tok.lemma_.lower() in PERSON_NOUNS \
                    or tok.lower_ in {"he", "she", "him", "her"}:
                words.add(PERSON)
            if cluster is not None and cluster.type == "ORG":
                words.add(ORGANISATION)
        return words

    # -- 2. each mention on its own -------------------------------------------------------
    def _describe(self, m: _Mention) -> None:
        carriers, setting = self._anchors(m)
        for anchor in carriers:
            self._relations(m, anchor)
        m.places = self._places(m, setting)
        m.quantities = self._quantities(m, {t.i for t in setting})
        m.factuality = self.factuality(m.head)
        for level, anchor in enumerate(setting):
            m.times.extend((min(level, 1), t) for t in self.attached.get(anchor.i, ()))
        if not any(_is_point(t) for _, t in m.times) and self._presupposed(m):
            m.times.extend((2, t) for t in self._reporting_time(setting[-1]))

    def _anchors(self, m: _Mention) -> tuple[list[Token], list[Token]]:
        """The tokens whose arguments are the event's (the trigger, and a verb that carries a
        trigger noun), and those whose time, place and amounts are (also the governors of an
        infinitive that name no event of their own: "set to take part")."""
        head = m.head
        if m.kind == "verb":
            return [head], [head, *self._governors(head)]
        np = noun_phrase(head)
        carriers, setting = [head], [head] if np == head else [head, np]
        support = support_verb(np)
        if support is not None and support.i not in self.triggers:
            setting += [support, *self._governors(support)]
            if np.dep_ not in {"nsubj", "nsubjpass"}:
                carriers.append(support)
        elif np.dep_ in {"nsubj", "nsubjpass"} and np.head.i not in self.triggers:
            setting.append(np.head)  # "the meeting lasted two hours"
        return carriers, setting

    def _governors(self, verb: Token) -> list[Token]:
        out: list[Token] = []
        while verb.dep_ == "xcomp" and verb.head.i not in self.triggers and len(out) < 3:
            verb = verb.head
            out.append(verb)
        return out

    def _relations(self, m: _Mention, anchor: Token) -> None:
        def add(relation: str, tok: Token) -> None:
            for span, cluster in self._entities(tok):
                m.relations.append((relation, tok, span, cluster))

        if anchor.pos_ in {"VERB", "AUX"}:
            for subject in subjects(anchor):
                add("subject", subject)
        for child in anchor.children:
            dep = child.dep_
            if child.i in self.triggers and child != m.head:
                continue
            if dep in {"dobj", "nsubjpass", "dative"} and child != noun_phrase(m.head):
                add({"dobj": "object", "nsubjpass": "passive", "dative": "to"}[dep], child)
            elif dep in {"poss", "compound", "amod"} and anchor == m.head and not m.start <= child.i < m.end:
                add("possessor", child)
            elif dep == "agent" or (dep == "prep" and child.lower_ in _PREP_RELATIONS):
                word = "by" if dep == "agent" else child.lower_
                if word == "with" and self.doc[child.i - 1].lemma_.lower() in _BORDER_NOUNS:
                    continue  # "the border with X": a place, not a party
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    for tok in (pobj, *pobj.conjuncts):
                        add(word, tok)
            elif dep == "acl" and child.lemma_.lower() in {"mediate", "broker"}:
                for agent in (g for g in child.children if g.dep_ == "agent"):
                    for pobj in (g for g in agent.children if g.dep_ == "pobj"):
                        add("mediator", pobj)

    def _entities(self, tok: Token) -> list[tuple[Span, Cluster]]:
        """The entities a noun phrase names: itself, "officials from X", "US officials",
        "both countries" (the last pair named together)."""
        cluster = self.index.at(tok)
        if cluster is not None:
            return [(self._mention_span(tok, cluster), cluster)]
        if tok.pos_ != "NOUN":
            return []  # a pronoun, or a name the model did not tag: nothing to go on
        pair = self._pair(tok)
        if pair:
            return pair
        out: list[tuple[Span, Cluster]] = []
        for child in tok.children:
            if child.dep_ in {"compound", "amod", "appos", "poss"} and self.index.at(child) is not None:
                found = self.index.at(child)
                assert found is not None
                out.append((self._mention_span(child, found), found))
            elif child.dep_ == "prep" and child.lower_ in {"from", "of"}:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    for part in (pobj, *pobj.conjuncts):
                        found = self.index.at(part)
                        if found is None:
                            out += self._pair(part)
                        elif found.type in _ACTOR_TYPES:  # "residents of <street>" is an address
                            out.append((self._mention_span(part, found), found))
        return out

    def _pair(self, tok: Token) -> list[tuple[Span, Cluster]]:
        """ "both countries", "the two sides": the last two entities named together before."""
        if tok.lemma_.lower() not in _PAIR_NOUNS or not any(
                c.lower_ in {"both", "two"} for c in tok.children if c.dep_ in {"det", "nummod", "predet"}):
            return []
        span = Span.of(self.text, tok.left_edge.idx, tok.idx + len(tok.text))
        for i in range(tok.i - 1, -1, -1):
            other = self.doc[i]
            if other.dep_ != "conj":
                continue
            first, second = self.index.at(other.head), self.index.at(other)
            if first is not None and second is not None and first is not second:
                return [(span, first), (span, second)]
        return []

    def _mention_span(self, tok: Token, cluster: Cluster) -> Span:
        for start, end in cluster.mentions:
            if start <= tok.idx < end:
                return Span.of(self.text, start, end)
        return Span.of(self.text, tok.idx, tok.idx + len(tok.text))

    def _places(self, m: _Mention, setting: list[Token]) -> list[Place]:
        visit = bool(m.types) and m.types[0].name == "visit"
        preps = _PLACE_PREPS | {"to"} if visit else _PLACE_PREPS
        out: list[Place] = []
        if visit:  # "visited Kenya"
            out += [p for c in m.head.children if c.dep_ == "dobj" for p in [self._place(c)] if p is not None]
        for anchor in setting:
            preps_of = (c for prep in anchor.children if prep.dep_ == "prep" for c in (prep, *prep.conjuncts))
            for child in preps_of:
                if child.lower_ in preps:
                    for pobj in (g for g in child.children if g.dep_ == "pobj"):
                        for tok in (pobj, *pobj.conjuncts):
                            place = self._place(tok)
                            if place is not None:
                                out.append(place)
        return out

    def _place(self, tok: Token) -> Place | None:
        cluster = self.index.at(tok)
        if cluster is not None and cluster.type in _PLACE_TYPES:
            return Place(cluster.name, self._mention_span(tok, cluster), cluster.id or None)
        if tok.lemma_.lower() not in _BORDER_NOUNS:
            return None
        # "the Ukrainian border with X": the parser often hangs "with X" on the verb.
        after = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        withs = [c for c in tok.children if c.lower_ == "with"] or ([after] if after is not None
                                                                      and after.lower_ == "with" else [])
        for prep in withs:
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                other = self.index.at(pobj)
                if other is not None:
                    first = next(t for t in self.doc[tok.left_edge.i : tok.i + 1] if t.dep_ != "det")
                    span = Span.of(self.text, first.idx, pobj.right_edge.idx + len(pobj.right_edge.text))
                    return Place(span.text, span, other.id or None)
        return None

    def _quantities(self, m: _Mention, anchors: set[int]) -> list[Quantity]:
        out = []
        for amount in self.amounts:
            node, steps = amount.attach, 0
            while node.i not in anchors and steps < 5 and node.dep_ in _NOMINAL_PATH:
                if node.i in self.triggers and node != m.head or node.lower_ == "according":
                    break  # another event's amount, or a source's ("according to two people")
                node, steps = node.head, steps + 1
            if node.i in anchors and self.sentence[node.i] == m.sentence:
                out.append(amount.quantity(self.text))
        return out

    def _attach(self, time: TimeExpression) -> None:
        """Note which token a time expression hangs from ("on Friday" -> the verb)."""
        span = self.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return
        self.time_tokens.update(range(span.start, span.end))
        root = span.root
        head = root.head
        if head == root or span.start <= head.i < span.end:
            return
        if head.pos_ == "ADP" and head.head != head:
            head = head.head
        self.attached.setdefault(head.i, []).append(time)

    def _presupposed(self, m: _Mention) -> bool:
        """An event reported as done, or named after "after/since/following" ("after a
        phone call"), took place no later than the clause that reports it."""
        np = noun_phrase(m.head)
        return m.factuality is Factuality.HAPPENED or (
            np.dep_ == "pobj" and np.head.lower_ in {"after", "following", "since"})

    def _reporting_time(self, anchor: Token) -> list[TimeExpression]:
        node = anchor
        for _ in range(6):
            if node.head == node:
                break
            node = node.head
            if node.i in self.triggers:
                break
            found = [t for t in self.attached.get(node.i, ()) if _is_point(t)]
            if found:
                return found
        return []

    # -- 3. coreference --------------------------------------------------------------------
    def _resolve(self, m: _Mention, drafts: list[_Draft]) -> _Draft | None:
        recent = sorted(drafts, key=lambda d: d.last.head.i, reverse=True)
        if m.kind == "generic":
            near = [d for d in recent if m.sentence - d.last.sentence <= _GENERIC_REACH]
            return max(near, key=lambda d: (len(d.mentions) >= 2, d.last.head.i), default=None)
        if m.new:
            return None
        same = [d for d in recent if d.type is m.types[0] and self._compatible(d, m)]
        np = noun_phrase(m.head)
        governor = np.head.head if np.dep_ in {"pobj", "pcomp"} else np.head
        if m.kind in {"noun", "verb"} and self.event_of.get(governor.i) in same:
            return self.event_of[governor.i]  # "announced it in a statement", "met at a summit"
        if m.kind == "anaphor":
            return next((d for d in recent if d.type in m.types and self._compatible(d, m)), None)
        if m.kind == "verb":
            return next((d for d in same if self._shares(d, m) or m.sentence - d.last.sentence <= _VERB_REACH
                         and not m.entities and not any(x.entities for x in d.mentions)), None)
        if m.definite:
            kin = _ANAPHORS.get(m.head.lemma_.lower(), [])
            return next(iter(same), None) or next(
                (d for d in recent if d.type in kin and self._compatible(d, m)), None)
        return next((d for d in same if self._shares(d, m) or self._both_unrealised(d, m)), None)

    def _compatible(self, draft: _Draft, m: _Mention) -> bool:
        """No conflicting participants (each side names some, none in common) or dates."""
        theirs = set().union(*(d.entities for d in draft.mentions))
        if theirs and m.entities and not theirs & m.entities:
            return False
        mine = _best_time(m.times)
        other = _best_time([t for d in draft.mentions for t in d.times])
        return mine is None or other is None or not _disjoint(mine, other)

    def _shares(self, draft: _Draft, m: _Mention) -> bool:
        """Clearly the same event: a participant in common, or the same event as argument
        ("agreed to exchange prisoners" ... "the swap was agreed")."""
        if any(d.entities & m.entities for d in draft.mentions):
            return True
        mine = {id(e) for e in self._argument_events(m)}
        return any(id(e) in mine for d in draft.mentions for e in self._argument_events(d))

    def _argument_events(self, m: _Mention) -> list[_Draft]:
        return [self.event_of[a.i] for a in arguments(m.head) if a.i in self.event_of]

    def _both_unrealised(self, draft: _Draft, m: _Mention) -> bool:
        """ "a deal ... a deal ... an agreement" in a row about one agreement not yet made."""
        return (m.factuality in _UNREALISED and draft.last.factuality in _UNREALISED
                and m.sentence - draft.last.sentence <= _UNREALISED_REACH)

    # -- 4. records -------------------------------------------------------------------------
    def _informative(self, draft: _Draft) -> _Mention:
        """The mention whose clause is about the event: a verb, a subject ("the meeting
        lasted two hours") or a noun carried by a support verb ("take part in a swap"),
        rather than an adjunct of another event ("agreed to X during talks"), whose
        modality belongs to that other event. The first such, else the first mention."""
        for m in draft.mentions:
            np = noun_phrase(m.head)
            if m.kind == "verb" or np.dep_ in {"nsubj", "nsubjpass", "ROOT"} or support_verb(np) is not None:
                return m
        return draft.mentions[0]

    def _record(self, n: int, draft: _Draft) -> Event:
        words = [self.doc[m.start : m.end] for m in draft.mentions]
        spans = [Span.of(self.text, w.start_char, w.end_char) for w in words]
        participants: dict[tuple[str, str], Participant] = {}
        for m in draft.mentions:
            for relation, _, span, cluster in m.relations:
                role = _role(draft.type, relation)
                if role is not None:
                    participants.setdefault((role, cluster.id), Participant(role, span, cluster.id or None,
                                                                            cluster.name))
        quantities = {(q.value, q.unit, q.per): q for m in reversed(draft.mentions) for q in m.quantities}
        places = {p.entity or p.name: p for m in reversed(draft.mentions) for p in m.places}
        return Event(
            id=f"V{n}", type=draft.type.name, cameo=draft.type.cameo, trigger=spans[0],
            mentions=tuple(spans), factuality=self._informative(draft).factuality,
            participants=tuple(participants.values()),
            quantities=tuple(sorted(quantities.values(), key=lambda q: q.span.start)),
            places=tuple(sorted(places.values(), key=lambda p: p.mention.start)),
            time=_best_time([t for m in draft.mentions for t in m.times]),
        )


# -- parse helpers ---------------------------------------------------------------------------

_NOMINAL_PATH = {"dobj", "nsubj", "nsubjpass", "pobj", "prep", "attr", "appos", "npadvmod", "nummod",
                 "compound", "quantmod", "dative", "conj", "nmod"}


def _is_gerund_noun(tok: Token) -> bool:
    """A gerund in a noun's place: "Fighting continued", "after heavy shelling"."""
    return (tok.pos_ == "VERB" and tok.tag_ == "VBG" and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"}
            and tok.lower_ in _NOUNS and not any(c.dep_ in {"aux", "dobj"} for c in tok.children))


def _role(etype: EventType, relation: str) -> str | None:
    """A relation to the trigger, as a role in an event of this type."""
    if relation in {"with", "between"}:
        return "party"
    if relation in {"against", "on", "of"} and not (etype.symmetric and relation == "of"):
        return "patient"
    if relation == "to":
        return None if etype.name == "visit" else "recipient"
    if relation == "mediator":
        return "mediator"
    if relation in {"subject", "possessor", "by", "from"}:
        if etype.symmetric:
            return "party"
        return "mediator" if etype.name == "mediate" else "agent"
    if relation in {"object", "passive"}:
        return "party" if etype.symmetric else "patient"
    return None


# -- times -----------------------------------------------------------------------------------

_POINT_TYPES = {"DATE", "TIME"}


def _is_point(time: TimeExpression) -> bool:
    return time.type in _POINT_TYPES and time.value is not None


def _specificity(time: TimeExpression) -> int:
    value = time.value or ""
    if not _is_point(time):
        return 0
    for level, pattern in ((6, r"\d{4}-\d{2}-\d{2}T"), (5, r"\d{4}-\d{2}-\d{2}"), (4, r"\d{4}-W\d{2}"),
                           (3, r"\d{4}-\d{2}"), (2, r"\d{4}")):
        if re.match(pattern, value):
            return level
    return 1


def _disjoint(one: TimeExpression, other: TimeExpression) -> bool:
    """Two dates that cannot be the same event's: intervals apart, or same-grain values
    that differ ("Monday" and "Friday"; "2025-W21" holds "2025-05-23")."""
    if not (_is_point(one) and _is_point(other)):
        return False
    if one.begin and one.until and other.begin and other.until:
        return one.until < other.begin or other.until < one.begin
    return _specificity(one) == _specificity(other) and one.value != other.value


def _best_time(times: Sequence[tuple[int, TimeExpression]]) -> TimeExpression | None:
    """The most specific date; among equals the most directly attached, then the first."""
    ranked = sorted(enumerate(times), key=lambda it: (-_specificity(it[1][1]), it[1][0], it[0]))
    return ranked[0][1][1] if ranked else None
