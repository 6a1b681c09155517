"""Where an event's words sit in the dependency parse: the phrase an event noun heads
("a second round of talks"), whether it is definite or new, the verb that carries it
("hold talks"), the arguments and subjects a verb passes on ("agreed to exchange").

Pure functions of spaCy tokens and the vocabulary of ``event_types.py``; ``events.py``
uses them to find triggers, participants and coreference.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimledger.nlp.event_types import (
    CONTAINER_NOUNS,
    NEW_EVENT_MODIFIERS,
    PERSON_NOUNS,
    SUPPORT_PREPOSITIONS,
    SUPPORT_VERBS,
)

DEFINITE = {"the", "this", "that", "these", "those"}
# Verbs whose object is the subject of the infinitive after them ("urged Iran to resume talks").
OBJECT_CONTROL = {"urge", "ask", "tell", "persuade", "order", "force", "allow", "invite", "encourage",
                  "press", "push"}


def noun_phrase(noun: Token) -> Token:
    """The container of an event noun ("a second round of talks" -> "round"), or the noun."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in CONTAINER_NOUNS:
        return noun.head.head
    return noun


def determination(noun: Token) -> tuple[bool, bool]:
    """(definite, new): "the swap" is definite; "a second round", "another deal" are new."""
    np = noun_phrase(noun)
    modifiers = [c for t in {np, noun} for c in t.children if c.dep_ in {"amod", "det", "advmod", "nummod"}]
    new = any(c.lower_ in NEW_EVENT_MODIFIERS or c.ent_type_ == "ORDINAL" for c in modifiers)
    determiners = [c for c in np.children if c.dep_ in {"det", "poss"}]
    definite = bool(determiners) and (determiners[0].dep_ == "poss" or determiners[0].lower_ in DEFINITE)
    return definite, new


def is_classifier(noun: Token) -> bool:
    """ "prisoners of war", "a state of war": a bare noun after "of" that says what kind of
    person or thing the head is, not an event of its own."""
    head = noun.head.head
    return (noun.dep_ == "pobj" and noun.head.lower_ == "of" and head.pos_ == "NOUN"
            and not any(c.dep_ in {"det", "poss"} for c in noun.children)
            and head.lemma_.lower() in PERSON_NOUNS | {"state", "act"})


def support_verb(np: Token) -> Token | None:
    """The verb that carries an event noun: "hold talks", "the swap was under way",
    "take part in a swap"."""
    head = np.head
    if head == np:
        return None
    if np.dep_ in {"dobj", "nsubj", "nsubjpass", "attr"} and head.pos_ in {"VERB", "AUX"} \
            and head.lemma_.lower() in SUPPORT_VERBS:
        return head
    if np.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB" \
            and (head.head.lemma_.lower(), head.lower_) in SUPPORT_PREPOSITIONS:
        return head.head
    return None


def arguments(verb: Token) -> list[Token]:
    """Direct arguments that may themselves name an event."""
    out = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "xcomp", "attr"}]
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        out += [g for g in prep.children if g.dep_ == "pobj"]
    return out


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The subject(s) of a verb, taken over from its governor for an infinitive, a
    participle or a conjunct without one ("agreed to exchange", "met and agreed")."""
    found = [c for c in verb.children if c.dep_ == "nsubj" or (depth and c.dep_ == "nsubjpass")]
    found = [verb.head if c.lower_ in {"who", "which", "that"} and verb.dep_ == "relcl" else c for c in found]
    if found or depth >= 3 or verb.head == verb:
        return [t for s in found for t in (s, *s.conjuncts)]
    governor = verb.head
    if verb.dep_ == "xcomp" and governor.lemma_.lower() in OBJECT_CONTROL:
        objects = [c for c in governor.children if c.dep_ == "dobj"]
        return [t for s in objects for t in (s, *s.conjuncts)]
    if verb.dep_ in {"xcomp", "conj"} or (verb.dep_ == "advcl" and verb.tag_ in {"VBG", "VBN"}):
        return subjects(governor, depth + 1)
    return []
