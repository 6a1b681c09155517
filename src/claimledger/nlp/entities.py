"""Within-article entity grouping: full names, surnames, titles, appositives, role nouns.

No coreference model ships offline for spaCy 3.8 (see ENVIRONMENT.md), so this is a
deliberately conservative rule set in the style of news writing: a person is introduced
with a full name and often a title ("Foreign Minister Jane Roe"), then referred to by
surname ("Roe") or by role ("the foreign minister"). Where a reference could fit two
people, it is left unlinked: a wrong link would give a quote the wrong speaker.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimledger.nlp.lexicon import (
    ENTITY_LABELS,
    FEMALE_NAMES,
    FEMALE_TITLES,
    MALE_NAMES,
    MALE_NAMES_IN_A,
    MALE_TITLES,
    ORGANISATION_WORDS,
    TITLE_WORDS,
)
from claimledger.types import Entity, Span

_ROLE_DEPS = {"compound", "amod", "nmod", "poss", "case", "nummod"}
_STRIP_LEFT = {"the", "a", "an"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass
class Cluster:
    """An entity under construction."""

    type: str
    name_tokens: tuple[str, ...]
    name: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    role_heads: set[str] = field(default_factory=set)
    gender: str | None = None
    id: str = ""

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(t.lower() for t in self.name_tokens)

    def add(self, start: int, end: int) -> None:
        if (start, end) not in self.mentions:
            self.mentions.append((start, end))


class EntityIndex:
    """The article's entities, and lookups from tokens to them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text and Doc.ents are rebuilt on every access: keep them
        self._raw_ents = {t: ent for ent in doc.ents for t in range(ent.start, ent.end)}
        self.clusters: list[Cluster] = []
        self._by_token: dict[int, Cluster] = {}

    # -- lookups used by speaker resolution ---------------------------------------------
    def at(self, token: Token) -> Cluster | None:
        return self._by_token.get(token.i)

    def persons(self) -> list[Cluster]:
        return [c for c in self.clusters if c.type == "PERSON"]

    def by_surname(self, word: str) -> list[Cluster]:
        w = word.lower()
        return [c for c in self.persons() if c.key and c.key[-1] == w]

    def assign(self, cluster: Cluster, start_i: int, end_i: int) -> None:
        span = self.doc[start_i:end_i]
        cluster.add(span.start_char, span.end_char)
        for i in range(start_i, end_i):
            self._by_token.setdefault(i, cluster)

    def raw_entity(self, token_i: int) -> SpacySpan | None:
        """The NER span covering a token, before any cleaning."""
        return self._raw_ents.get(token_i)

    def entities(self) -> list[Entity]:
        text = self.text
        out = []
        for cluster in self.clusters:
            mentions = tuple(Span.of(text, s, e) for s, e in sorted(cluster.mentions))
            out.append(
                Entity(cluster.id, cluster.name, cluster.type, mentions, tuple(sorted(cluster.roles)))
            )
        return out


def build_entity_index(doc: Doc) -> EntityIndex:
    index = EntityIndex(doc)
    cleaned = [_clean(ent) for ent in doc.ents if ent.label_ in ENTITY_LABELS]
    names = _relabel_people([n for n in cleaned if n is not None])
    # Full names first, so that every surname and role finds the person it refers to,
    # then organisations and places, then lone names (a surname, or a company's short
    # name that the small model calls a person: "Corvane" after "Corvane Systems").
    for ent, label in names:
        if label == "PERSON" and len(ent) >= 2:
            _add_person(index, ent)
    surnames = {c.key[-1] for c in index.persons()}
    lone: list[SpacySpan] = []
    for ent, label in names:
        if len(ent) == 1 and (label == "PERSON" or ent[0].lower_ in surnames):
            lone.append(ent)
        elif label != "PERSON":
            _add_other(index, ent, label)
    for ent in sorted(lone, key=lambda e: e.start):
        org = _organisation_short_name(index, ent[0].lower_)
        if org is not None:
            index.assign(org, ent.start, ent.end)
        else:
            _add_person(index, ent)
    _link_role_nouns(index)
    _link_organisation_nouns(index)
    _learn_gender(index)
    _number(index)
    return index


def _relabel_people(names: list[tuple[SpacySpan, str]]) -> list[tuple[SpacySpan, str]]:
    """The small English model often tags a full name as ORG ("Dr Marcus Fenwick",
    "Leader of the Opposition Syed Imtiaz Hussain"). A span is taken as a person's name
    when it is led by a title, starts with a known given name, or ends with a surname
    that the model tags PERSON elsewhere in the article; the name is its last words."""
    person_words = {ent[-1].lower_ for ent, label in names if label == "PERSON"}
    out = []
    for ent, label in names:
        if label in {"ORG", "GPE", "FAC", "NORP"} and len(ent) >= 2:
            words = [t for t in ent if t.is_title or t.is_upper and len(t) > 1]
            titled = ent[0].lower_.rstrip(".") in TITLE_WORDS
            given = ent[0].lower_ in MALE_NAMES or ent[0].lower_ in FEMALE_NAMES
            known = ent[-1].lower_ in person_words and ent[-1].is_title
            before = ent.doc[ent.start - 1] if ent.start > 0 else None
            role_led = (
                before is not None
                and len(ent) <= 3
                and (before.pos_ == "NOUN" and before.is_lower or before.lower_ in TITLE_WORDS)
                and not any(t.lower_ in ORGANISATION_WORDS for t in ent)
            )
            if len(words) == len(ent) and (titled or given or known or role_led):
                tail = [t for t in ent if t.lower_.rstrip(".") not in TITLE_WORDS][-3:]
                if len(tail) >= 2:
                    out.append((ent.doc[tail[0].i : ent.end], "PERSON"))
                    continue
        out.append((ent, label))
    return out


def _organisation_short_name(index: EntityIndex, word: str) -> Cluster | None:
    """"Corvane" for "Corvane Systems", unless a person has that name."""
    if any(word in c.key for c in index.persons()):
        return None
    orgs = [c for c in index.clusters if c.type == "ORG" and len(c.key) >= 2 and c.key[0] == word]
    return orgs[0] if len(orgs) == 1 else None


def _clean(ent: SpacySpan) -> tuple[SpacySpan, str] | None:
    """Strip articles, possessive endings and (for persons) leading titles."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in _STRIP_LEFT:
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if ent.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_.rstrip(".") in TITLE_WORDS:
            start += 1
    if start >= end:
        return None
    return doc[start:end], ent.label_


def _add_person(index: EntityIndex, ent: SpacySpan) -> None:
    tokens = tuple(t.text for t in ent)
    lowered = tuple(t.lower() for t in tokens)
    cluster = None
    persons = index.persons()
    if len(tokens) >= 2:
        cluster = next((c for c in persons if c.key == lowered), None)
        if cluster is None:
            # A surname seen alone first ("Roe ... Jane Roe"): the full name takes it over.
            cluster = next((c for c in persons if len(c.key) == 1 and c.key[0] == lowered[-1]), None)
            if cluster is not None:
                cluster.name_tokens, cluster.name = tokens, ent.text
        if cluster is None:
            cluster = next(
                (
                    c
                    for c in persons
                    if len(c.key) >= 2 and c.key[0] == lowered[0] and c.key[-1] == lowered[-1]
                ),
                None,
            )
    else:
        cluster = _resolve_single_name(index, lowered[0], ent.start_char)
    if cluster is None:
        cluster = Cluster("PERSON", tokens, ent.text)
        index.clusters.append(cluster)
    if cluster.gender is None and len(cluster.key) >= 2:
        cluster.gender = gender_of_given_name(cluster.key[0])
    index.assign(cluster, ent.start, ent.end)
    _collect_roles(index, cluster, ent)


def _resolve_single_name(index: EntityIndex, word: str, at: int) -> Cluster | None:
    """A lone surname (or first name) -> the person it refers to, if it is clear."""
    by_surname = [c for c in index.persons() if len(c.key) >= 2 and c.key[-1] == word]
    if len(by_surname) == 1:
        return by_surname[0]
    if len(by_surname) > 1:
        # Two people share the surname: the one named most recently before it, as a
        # reader would take it; none before it means no way to tell.
        earlier = [(max((s for s, _ in c.mentions if s < at), default=-1), c) for c in by_surname]
        earlier = [(s, c) for s, c in earlier if s >= 0]
        return max(earlier, key=lambda sc: sc[0])[1] if earlier else None
    same = [c for c in index.persons() if c.key == (word,)]
    if same:
        return same[0]
    by_first = [c for c in index.persons() if len(c.key) >= 2 and c.key[0] == word]
    return by_first[0] if len(by_first) == 1 else None


def _collect_roles(index: EntityIndex, cluster: Cluster, ent: SpacySpan) -> None:
    """Titles before the name ("Foreign Minister") and appositives (", the minister,")."""
    doc = ent.doc
    inside = set(range(ent.start, ent.end))
    role_tokens: list[Token] = []
    # Titles the NER kept inside the entity ("President Roe").
    raw = index.raw_entity(ent.start)
    if raw is not None:
        role_tokens.extend(t for t in doc[raw.start : ent.start] if t.lower_.rstrip(".") in TITLE_WORDS)
    i = ent.start - 1
    members = set(inside)
    while i >= 0:
        tok = doc[i]
        if tok.dep_ in _ROLE_DEPS and (tok.head.i in members) and not tok.is_punct:
            members.add(i)
            if tok.text not in _POSSESSIVE and tok.ent_type_ != "PERSON":
                role_tokens.append(tok)
            i -= 1
            continue
        break
    head = ent.root
    for child in head.children:
        # An appositive is set off by a comma ("Roe, the minister,"); without one the
        # parser is usually guessing (a headline run-on).
        if child.dep_ == "appos" and child.pos_ == "NOUN" and doc[child.left_edge.i - 1].text == ",":
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            role_tokens.extend(
                t for t in span if t.dep_ not in {"det", "case"} and not t.is_punct and t.i not in inside
            )
            index.assign(cluster, span.start, span.end)
    if head.dep_ == "appos" and head.head.pos_ == "NOUN" and doc[ent.start - 1].text == ",":
        noun = head.head
        span = doc[noun.left_edge.i : noun.i + 1]
        role_tokens.extend(t for t in span if t.dep_ not in {"det", "case"} and not t.is_punct)
        index.assign(cluster, span.start, span.end)
    for tok in role_tokens:
        word = tok.lower_.rstrip(".")
        cluster.roles.add(word)
    nouns = [t for t in role_tokens if t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in _POSSESSIVE]
    if nouns:
        cluster.role_heads.add(max(nouns, key=lambda t: t.i).lemma_.lower())
    words = cluster.roles
    if cluster.gender is None:
        if words & MALE_TITLES:
            cluster.gender = "m"
        elif words & FEMALE_TITLES:
            cluster.gender = "f"


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _add_other(index: EntityIndex, ent: SpacySpan, label: str) -> None:
    key = _norm(ent.text)
    cluster = next(
        (c for c in index.clusters if c.type == label and _norm(c.name) == key), None
    )
    if cluster is None and label == "ORG":
        cluster = _acronym_match(index, ent.text)
    if cluster is None:
        cluster = Cluster(label, tuple(t.text for t in ent), ent.text)
        index.clusters.append(cluster)
    elif len(ent.text) > len(cluster.name) and not ent.text.isupper():
        cluster.name = ent.text
    index.assign(cluster, ent.start, ent.end)


def _acronym_match(index: EntityIndex, text: str) -> Cluster | None:
    def acronym(words: str) -> str:
        return "".join(w[0] for w in words.split() if w[0].isupper())

    for cluster in index.clusters:
        if cluster.type != "ORG":
            continue
        if text.isupper() and len(text) >= 2 and acronym(cluster.name) == text:
            return cluster
        if cluster.name.isupper() and acronym(text) == cluster.name:
            cluster.name = text
            return cluster
    return None


def _compatible(word: str, roles: set[str]) -> bool:
    # "Russian" describes someone titled with "Russia's": compare a shared stem.
    return word in roles or any(
        len(r) >= 4 and (word.startswith(r[:5]) or r.startswith(word[:5])) for r in roles
    )


def _link_role_nouns(index: EntityIndex) -> None:
    """"the foreign minister" -> the one person introduced with that role, if only one."""
    doc = index.doc
    if not doc.has_annotation("DEP"):
        return
    for chunk in doc.noun_chunks:
        root = chunk.root
        # "the Chief Minister" is tagged PROPN; a capitalised title is still a role noun.
        is_role = root.pos_ == "NOUN" or (root.pos_ == "PROPN" and not root.ent_type_)
        if not is_role or index.at(root) is not None:
            continue
        dets = [t for t in chunk if t.dep_ == "det"]
        if not dets or dets[0].lower_ not in {"the", "this", "that"}:
            continue
        lemma = root.lemma_.lower()
        modifiers = [t.lower_.rstrip(".") for t in chunk if t.i < root.i and t.dep_ in {"amod", "compound"}]
        candidates = [
            c
            for c in index.persons()
            if lemma in c.role_heads
            and all(_compatible(m, c.roles) for m in modifiers)
            and c.mentions
            and min(s for s, _ in c.mentions) < chunk.start_char
        ]
        if len(candidates) == 1:
            index.assign(candidates[0], chunk.start, chunk.end)


def _link_organisation_nouns(index: EntityIndex) -> None:
    """"the authority" -> "Greater Branford Transit Authority", when exactly one
    organisation named earlier has that word in its name."""
    doc = index.doc
    if not doc.has_annotation("DEP"):
        return
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.pos_ != "NOUN" or index.at(root) is not None:
            continue
        dets = [t for t in chunk if t.dep_ == "det"]
        if not dets or dets[0].lower_ != "the":
            continue
        word = root.lower_
        candidates = [
            c
            for c in index.clusters
            if c.type == "ORG" and word in c.key[1:] and min(s for s, _ in c.mentions) < chunk.start_char
        ]
        if len(candidates) == 1:
            index.assign(candidates[0], chunk.start, chunk.end)


_GENDERED_POSSESSIVES = {"his": "m", "himself": "m", "her": "f", "herself": "f"}


def gender_of_given_name(name: str) -> str | None:
    """"m", "f" or None from a given name: the lists first, then the -a ending."""
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    if plain in MALE_NAMES or name in MALE_NAMES:
        return "m"
    if plain in FEMALE_NAMES or name in FEMALE_NAMES:
        return "f"
    if len(plain) >= 3 and plain.endswith("a") and plain not in MALE_NAMES_IN_A:
        return "f"
    return None


def _learn_gender(index: EntityIndex) -> None:
    """A person who is the subject of a clause with "his"/"her"/"himself"/"herself" in it
    ("Roe said her department ...") has that gender, when the article never disagrees.
    Pronoun resolution then stops pointing "she" at him."""
    doc = index.doc
    votes: dict[int, set[str]] = {}
    for token in doc:
        if token.dep_ != "nsubj" or token.pos_ != "PROPN":
            continue
        cluster = index.at(token)
        if cluster is None or cluster.type != "PERSON":
            continue
        for other in token.head.subtree:
            gender = _GENDERED_POSSESSIVES.get(other.lower_)
            # Object "her" is usually someone else ("Roe thanked her"): possessives only.
            if gender is None or other.i < token.i or (other.lower_ == "her" and other.tag_ != "PRP$"):
                continue
            votes.setdefault(id(cluster), set()).add(gender)
    for cluster in index.persons():
        found = votes.get(id(cluster), set())
        if cluster.gender is None and len(found) == 1:
            cluster.gender = found.pop()


def _number(index: EntityIndex) -> None:
    index.clusters.sort(key=lambda c: min(s for s, _ in c.mentions))
    for n, cluster in enumerate(index.clusters, 1):
        cluster.id = f"E{n}"
