"""Whether an event took place, as the article presents it, read off the dependency parse.

:func:`factuality_of` takes an event's trigger token (a verb, or an event noun such as
"talks") and returns a :class:`~claimledger.types.Factuality`; :func:`hedges_of` lists the
words that soften it, for a claim's ``modality``. Each rule is a small function below;
the first that speaks decides, in this order, because a marker on the trigger outranks
the context it sits in ("said the talks *could* fail" is possible whatever "said" does):

1. negation on the trigger ("not", "never", "no longer", "no talks", "nobody came",
   "without meeting"), or a verb or adjective of prevention over it ("failed to", "refused to",
   "denied that", "cancelled the visit", "called off", "the delayed launch");
2. modal auxiliaries: "will/shall/should/must" planned; "may/might/could/can" possible;
   "would" possible in a conditional ("would continue if ...") and otherwise planned,
   because in news it is mostly the future of reported speech ("said the plant would
   close");
3. modifiers of an event noun: "a potential deal" possible, "the planned/upcoming
   talks" planned, "the ongoing talks" ongoing;
4. the context (:func:`_embedding`): a predicate adjective or noun is read through its
   verb ("will be available"); a bare conjunct shares its first conjunct's reading
   ("will own and license"); "if/unless/whether" clauses are possible and "so that"
   clauses planned; future constructions ("going to", "set to", "due to", "is to") and
   complements of intention verbs ("plans to", "agreed to", "hopes to", "called on X
   to") are planned; raising verbs of hearsay ("is said to", "appears to", "is likely
   to") and complements of belief verbs ("expects to", "it is expected that", "believe
   that") are possible; implicative verbs ("managed to", "began", "chose to") pass their
   own reading on; reporting verbs ("said", "claimed") leave the clause its own reading;
   a temporal clause of a future main clause is future ("will be replaced before the
   tour starts"); any other to-infinitive is planned, as it looks forward from its
   governor ("a contract to supply", "signed a deal to build"), except after a ranked
   noun ("the first airline to fly it"); a headline's "X to V" is planned;
5. an event noun takes a planned or possible reading from the verb it is an argument
   of ("will take delivery", "called for an inquiry", "the trial is set to begin",
   "proposed talks"); a past or negated verb says nothing about the noun;
6. tense and aspect: progressive present ("are negotiating"), "under way", "ongoing"
   and "continues" are ongoing; everything else happened (past, perfect, and the plain
   present, which in news is mostly habitual or a headline's past).

Two contexts override what the rules above found: a clause under a verb of belief
("expects that prices will fall") and the main verb of a question ("Will they meet?")
are possible, not asserted.

"expected to" is read as possible, not planned: it is a hedge (it is in
:func:`hedges_of`'s list) and MEANTIME annotates it PROBABLE. Precision matters more than
coverage for "negated" (a wrong "did not happen" misleads more than a missed one), so
negation needs an explicit word on the trigger or its governing verb; negation does not
pass from a verb to its noun objects ("did not attend the talks": the talks took place).
"""

from __future__ import annotations

from spacy.tokens import Token

from claimledger.types import Factuality


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATORS = _words("not n't never no neither nor")
# Prepositions that date a clause by an event already past: "after the call", "since the
# talks", "following the vote".
AFTER_WORDS = _words("after since following")
NEGATIVE_PRONOUNS = _words("nobody nothing none noone")
# Negative implicatives: their verbal complement did not (or will not) happen ("failed
# to pay", "refused to sign", "stopped selling", "denied that it had paid").
NEGATIVE_IMPLICATIVES = _words("fail refuse decline neglect avoid deny stop cease quit forgo")
# Verbs of prevention: the event they act on did not happen as planned ("cancelled the
# flight", "the launch was delayed"). "Rejected the proposal" is not one: the proposal
# was made.
PREVENTION_VERBS = _words(
    """
    cancel scrap abandon postpone delay suspend halt block prevent avert kill veto stop
    shelve
    """
)
# Phrasal verbs of prevention, with their particle: "called off the talks".
PARTICLE_PREVENTION = {"call": "off", "rule": "out", "put": "off"}
PREVENTED_ADJECTIVES = _words("cancelled canceled aborted scrapped abandoned postponed delayed failed "
                              "thwarted foiled")
POSSIBLE_MODALS = _words("may might could can ca")
HEDGE_MODALS = _words("may might could")  # "can" states an ability more often than a doubt
PLANNED_MODALS = _words("will shall 'll wo should must ought")
POSSIBLE_ADJECTIVES = _words(
    "potential possible likely probable prospective hypothetical rumoured rumored alleged "
    "putative mooted conceivable expected anticipated projected"
)
PLANNED_ADJECTIVES = _words(
    "planned upcoming future scheduled forthcoming proposed intended next coming impending "
    "pending"
)
HEDGE_VERBS = _words("suggest expect believe think appear seem speculate estimate hint allege "
                     "rumour rumor suspect")
ONGOING_ADJECTIVES = _words("ongoing continuing current continued underway")
HEDGE_ADVERBS = _words(
    "reportedly possibly perhaps probably likely allegedly apparently maybe presumably "
    "purportedly seemingly supposedly potentially conceivably"
)
# Verbs whose to-complement or clause is intended, wished for or agreed: planned.
INTENTION_VERBS = _words(
    """
    plan intend aim want hope wish seek try attempt propose promise pledge vow agree decide
    offer prepare threaten mean commit ask urge call order demand recommend insist need
    arrange schedule undertake resolve determine vote push press lobby campaign request
    require await
    """
)
# Verbs whose object or passive subject is an event still to come: "proposed talks with",
# "the opening is scheduled". Narrower than INTENTION_VERBS: "resolved the dispute" and
# "called the vote a sham" say nothing of the kind.
PLANNING_VERBS = _words(
    """
    plan intend propose promise pledge vow agree offer order demand recommend arrange
    schedule request require seek want await ask urge threaten prepare
    """
)
# Verbs that ask for an event with "for": "called for an inquiry", "pressed for talks".
ASKING_VERBS = _words("call ask push press hope wait plan prepare campaign lobby vote appeal "
                      "apply pray")
# Verbs of belief and expectation: what they embed is held likely, not asserted ("expects
# to cut jobs", "it is expected that prices will fall", "analysts believe it may").
BELIEF_VERBS = _words("expect believe think suspect assume presume estimate predict speculate "
                      "guess anticipate forecast project doubt")
# Raising verbs and adjectives of hearsay and likelihood: "is said to", "appears to".
LIKELIHOOD_VERBS = _words("appear seem say claim believe report think rumour rumor allege suppose "
                          "estimate likely unlikely possible probable")
# Verbs and adjectives that put their complement in the future: "set to", "due to".
FUTURE_GOVERNORS = _words("go set due about slate poise schedule bound")
# Implicative verbs: the complement happened if they did ("managed to", "began selling").
IMPLICATIVE_VERBS = _words("manage begin start continue get remember dare happen proceed "
                           "succeed resume keep choose opt")
# Reporting verbs: "claims to own the patent" reports a state, it does not plan one.
REPORTING_VERBS = _words("say claim report state announce confirm reveal admit acknowledge "
                         "insist allege boast")
ONGOING_VERBS = _words("continue remain")
CONDITIONAL_MARKS = _words("if unless whether")
RANKS = _words("first second third last only final latest")
TEMPORAL_MARKS = _words("when before after until till once while as")
PURPOSE_MARKS = _words("so order")
CLAUSAL_DEPS = _words("ccomp xcomp advcl acl relcl pcomp csubj csubjpass parataxis")
# The path from an event noun up to the verb it is an argument of.
NOMINAL_PATH = _words("dobj nsubj nsubjpass pobj prep attr compound appos")
# How far up the parse a context is looked for: a chain of complements rarely runs deeper.
MAX_DEPTH = 6


def factuality_of(trigger: Token) -> Factuality:
    """The factuality of the event that ``trigger`` names (see the module docstring)."""
    return _factuality(trigger, MAX_DEPTH)


def _factuality(token: Token, depth: int) -> Factuality:
    if _is_negated(token) or _is_prevented(token):
        return Factuality.NEGATED
    found = _modal(token) or _noun_modifier(token)
    if found is None and depth > 0:
        found = (_copular_predicate(token, depth) or _shared_with_conjunct(token, depth)
                 or _embedding(token, depth) or _headline_infinitive(token))
        if found is None and _is_nominal(token):
            found = _governing_predicate(token, depth)
    if found is None:
        found = _tense_aspect(token)
    if found in {Factuality.PLANNED, Factuality.HAPPENED, Factuality.ONGOING} and (
            _under_belief(token) or _question(token)):
        return Factuality.POSSIBLE  # "expects that prices will fall", "will they meet?"
    return found


# -- 1. negation -----------------------------------------------------------------------------


def _is_negated(token: Token) -> bool:
    """A negator on the trigger: "did not sign", "never met", "no talks", "no longer
    serves", a negative subject ("nobody came"), "without signing"."""
    for child in token.children:
        if child.dep_ == "neg" or (child.lower_ in NEGATORS and child.dep_ in {"det", "advmod"}):
            return True
        if child.dep_ == "advmod" and child.lower_ in {"longer", "more"} and any(
                g.lower_ == "no" for g in child.children):
            return True  # "could no longer meet", "will no more fly"
        if child.dep_ in {"nsubj", "nsubjpass"} and _is_negative_subject(child):
            return True  # "nobody came", "no trader was affected"
    return _under_without(token)


def _is_negative_subject(subject: Token) -> bool:
    if subject.lower_ in NEGATIVE_PRONOUNS:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


def _under_without(token: Token) -> bool:
    """ "without meeting", "without a deal": the object of "without" did not happen."""
    return token.dep_ in {"pcomp", "pobj"} and token.head.lower_ == "without"


def _is_prevented(token: Token) -> bool:
    """The trigger is what a verb of prevention acts on, or is modified by one
    ("failed to pay", "cancelled the visit", "the visit was postponed", "a delayed launch")."""
    for child in token.children:
        if child.dep_ == "amod" and child.lower_ in PREVENTED_ADJECTIVES:
            return True
        if child.dep_ == "acl" and child.tag_ == "VBN" and _prevents(child):
            return True  # "the flight cancelled last week", "test flight delayed"
    governor = token.head
    if governor is token or governor.pos_ not in {"VERB", "AUX"}:
        return False
    if token.dep_ in {"xcomp", "pcomp"} or (token.dep_ == "ccomp" and governor.lemma_ == "deny"):
        return governor.lemma_ in NEGATIVE_IMPLICATIVES
    return token.dep_ in {"dobj", "nsubjpass"} and _is_nominal(token) and _prevents(governor)


def _prevents(verb: Token) -> bool:
    particle = PARTICLE_PREVENTION.get(verb.lemma_)
    if particle is not None:
        return any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children)
    return verb.lemma_ in PREVENTION_VERBS


# -- 2. modality -----------------------------------------------------------------------------


def _modal(token: Token) -> Factuality | None:
    """A modal auxiliary of the trigger's verb group."""
    for child in token.children:
        if child.dep_ != "aux":
            continue
        word = child.lower_
        if word in POSSIBLE_MODALS:
            return Factuality.POSSIBLE
        if word == "would":
            return Factuality.POSSIBLE if _in_conditional(token) else Factuality.PLANNED
        if word in PLANNED_MODALS:
            return Factuality.PLANNED
    return None


def _in_conditional(verb: Token) -> bool:
    """The main clause of a conditional: an "if"/"unless" clause hangs from the verb."""
    for child in verb.children:
        if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"}
                                         for m in child.children):
            return True
    return False


# -- 3. modifiers of an event noun ---------------------------------------------------------


def _noun_modifier(token: Token) -> Factuality | None:
    """ "a potential agreement", "the planned talks", "the ongoing talks"."""
    if not _is_nominal(token):
        return None
    for child in token.children:
        if child.dep_ not in {"amod", "compound", "advmod"}:
            continue
        word = child.lower_
        if word in POSSIBLE_ADJECTIVES:
            return Factuality.POSSIBLE
        if word in PLANNED_ADJECTIVES:
            return Factuality.PLANNED
        if word in ONGOING_ADJECTIVES:
            return Factuality.ONGOING
    return None


def _is_nominal(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"}


# -- 4. embedding ----------------------------------------------------------------------------


def _copular_predicate(token: Token, depth: int) -> Factuality | None:
    """An adjective or noun predicate ("is not efficient", "will be available") is read
    through its verb, which carries the tense, modal and negation."""
    if token.dep_ in {"acomp", "attr", "oprd"} and token.head is not token:
        return _factuality(token.head, depth - 1)
    return None


def _headline_infinitive(token: Token) -> Factuality | None:
    """A headline's "X to V" ("Airline to cut 500 jobs") announces what will happen."""
    return Factuality.PLANNED if token.dep_ == "ROOT" and _is_infinitive(token) else None


def _under_belief(token: Token) -> bool:
    """The clause is the complement of a verb of belief or expectation ("it is expected
    that ...", "he expects to ...")."""
    return token.dep_ in {"ccomp", "xcomp"} and token.head.lemma_.lower() in BELIEF_VERBS


def _shared_with_conjunct(token: Token, depth: int) -> Factuality | None:
    """A conjunct with no subject or auxiliary of its own shares the first conjunct's
    reading: "will own the marks and license them", "did not buy or lease"."""
    if token.dep_ != "conj" or token.head is token:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "mark"} for c in token.children):
        return None
    if token.tag_ in {"VBD", "VBZ", "VBP"}:
        return None  # a finite conjunct carries its own tense: "was not reported and became"
    if _is_nominal(token) != _is_nominal(token.head):
        return None
    return _factuality(token.head, depth - 1)


def _embedding(token: Token, depth: int) -> Factuality | None:
    """The reading the trigger takes from the clause it is embedded in."""
    found = _marked_clause(token)
    if found is not None or token.dep_ not in CLAUSAL_DEPS:
        return found
    governor = token.head
    lemma = governor.lemma_.lower()
    infinitive = _is_infinitive(token)
    if infinitive and lemma == "be":
        return Factuality.PLANNED  # "is to visit", "were to take"
    if infinitive and (lemma in FUTURE_GOVERNORS or governor.lower_ in FUTURE_GOVERNORS):
        return Factuality.PLANNED  # "going to", "set to", "due to", "scheduled to"
    if infinitive and lemma in LIKELIHOOD_VERBS and _is_raising(governor):
        return Factuality.POSSIBLE  # "is said to be", "appears to run", "is likely to"
    if token.dep_ in {"xcomp", "ccomp"} and lemma in BELIEF_VERBS:
        return Factuality.POSSIBLE
    if token.dep_ in {"xcomp", "ccomp"} and lemma in REPORTING_VERBS:
        return None  # "said the talks were held", "claims to own": the clause's own reading
    if token.dep_ == "advcl" and _is_temporal(token):
        governing = _factuality(governor, depth - 1)  # "will be replaced before it flies"
        return governing if governing in {Factuality.PLANNED, Factuality.POSSIBLE} else None
    if infinitive and token.dep_ == "acl" and _factuality(governor, depth - 1) is Factuality.NEGATED:
        return Factuality.NEGATED  # "the cancelled deal to lease aircraft"
    if token.dep_ in {"xcomp", "ccomp", "acl"} and lemma in INTENTION_VERBS:
        return Factuality.PLANNED
    if token.dep_ == "xcomp" and lemma in IMPLICATIVE_VERBS:
        inherited = _factuality(governor, depth - 1)
        if inherited is Factuality.HAPPENED and lemma in ONGOING_VERBS and governor.tag_ in {"VBZ", "VBP"}:
            return Factuality.ONGOING  # "continues to fight"
        return inherited
    if infinitive and token.dep_ in {"acl", "relcl"} and _is_ranked(governor):
        return None  # "the first airline to fly it": a fact about the noun, not a plan
    if infinitive:
        return Factuality.PLANNED  # purpose and noun complements look forward
    return None


def _is_ranked(noun: Token) -> bool:
    """ "the first X", "the only X", "the largest X": an ordinal or superlative noun."""
    if noun.lower_ in RANKS or noun.tag_ == "JJS":
        return True
    return any(c.lower_ in RANKS or c.tag_ == "JJS" or c.ent_type_ == "ORDINAL" for c in noun.children
               if c.dep_ in {"amod", "nummod", "advmod"})


def _marked_clause(token: Token) -> Factuality | None:
    """ "if they meet" / "whether he resigned": possible; "so that they can": planned."""
    marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
    if marks & CONDITIONAL_MARKS:
        return Factuality.POSSIBLE
    if marks & PURPOSE_MARKS:
        return Factuality.PLANNED
    return None


def _question(token: Token) -> bool:
    """The main predicate of a question: "Will they meet?", "Did he resign?"."""
    if token.dep_ not in {"ROOT", "conj"} or token.pos_ not in {"VERB", "AUX"}:
        return False
    last = token.sent[-1]
    while last.is_space and last.i > token.sent.start:
        last = last.nbor(-1)
    return last.text == "?"


def _is_temporal(token: Token) -> bool:
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in TEMPORAL_MARKS for c in token.children)


def _is_infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _is_raising(governor: Token) -> bool:
    """ "is said to", "appears to", "is likely to": the governor has no agent of its own
    (passive, or a raising verb or adjective), unlike "he said to wait"."""
    if governor.pos_ == "ADJ" or governor.lemma_ in {"appear", "seem"}:
        return True
    return any(c.dep_ == "auxpass" for c in governor.children)


# -- 5. event nouns --------------------------------------------------------------------------


def _governing_predicate(noun: Token, depth: int) -> Factuality | None:
    """An event noun takes a forward-looking or hedged reading from the verb it is an
    argument of ("will take delivery", "may sign a deal"); a past or negated verb tells
    nothing about the noun ("did not attend the talks": the talks took place)."""
    if noun.dep_ == "pobj" and noun.head.lower_ in AFTER_WORDS:
        # "would start talks after a phone call with X": what a clause is dated after
        # has taken place, whatever the clause itself looks forward to.
        return Factuality.HAPPENED
    current = noun
    for _ in range(3):
        head = current.head
        if head is current or current.dep_ not in NOMINAL_PATH:
            return None
        if head.pos_ in {"VERB", "AUX"}:
            if current.dep_ in {"dobj", "nsubjpass"} and head.lemma_ in PLANNING_VERBS:
                return Factuality.PLANNED  # "requested a rerun", "the opening is scheduled"
            if current.dep_ == "prep" and current.lower_ == "for" and head.lemma_ in ASKING_VERBS:
                return Factuality.PLANNED  # "called for an inquiry", "pressed for talks"
            if current.dep_ in {"nsubj", "nsubjpass"}:
                head = _raised_to(head)  # "the trial is set to begin"
            found = _factuality(head, depth - 1)
            return found if found in {Factuality.PLANNED, Factuality.POSSIBLE} else None
        current = head
    return None


def _raised_to(verb: Token) -> Token:
    """The infinitive a raising verb passes its subject to ("is set *to begin*")."""
    for child in verb.children:
        if child.dep_ == "xcomp" and _is_infinitive(child):
            return child
    return verb


# -- 6. tense and aspect ---------------------------------------------------------------------


def _tense_aspect(token: Token) -> Factuality:
    """Progressive present, "under way" and "continues" are ongoing; the rest happened."""
    if _is_under_way(token):
        return Factuality.ONGOING
    auxes = [c for c in token.children if c.dep_ == "aux"]
    if token.tag_ == "VBG" and auxes and auxes[0].tag_ in {"VBZ", "VBP"}:
        return Factuality.ONGOING  # "are negotiating", "has been negotiating"
    if token.lemma_ in ONGOING_VERBS and token.tag_ in {"VBZ", "VBP"}:
        return Factuality.ONGOING  # "fighting continues"
    return Factuality.HAPPENED


def _is_under_way(token: Token) -> bool:
    """ "the exchange is under way", "talks are underway"."""
    predicate = token.head if token.dep_ in {"nsubj", "nsubjpass"} else token
    for child in predicate.children:
        if child.lower_ in {"underway", "ongoing"} and child.dep_ in {"advmod", "acomp", "amod"}:
            return True
        if child.dep_ == "prep" and child.lower_ == "under" and any(
                g.lower_ == "way" for g in child.children):
            return True
    return False


# -- hedges ----------------------------------------------------------------------------------


def hedges_of(trigger: Token) -> tuple[str, ...]:
    """The words that soften the event, lower-cased, in text order: modal auxiliaries
    ("may", "could", "would" in a conditional), hedging adverbs ("reportedly"), hedging
    adjectives on an event noun ("potential"), and, up the chain of clauses it is the
    complement of, hedging verbs ("suggested", "expected") and their adverbs ("reportedly
    said"). A modal of the reporting verb is not the event's hedge, so only the trigger's
    own modals count."""
    found = {c.i: c.lower_ for c in trigger.children if _is_hedge(c, trigger, own=True)}
    current = trigger
    for _ in range(MAX_DEPTH):
        if current.dep_ not in {"ccomp", "xcomp", "conj"} or current.head is current:
            break
        current = current.head
        if current.lemma_.lower() in HEDGE_VERBS:
            found[current.i] = current.lower_
        found.update({c.i: c.lower_ for c in current.children if _is_hedge(c, current, own=False)})
    return tuple(found[i] for i in sorted(found))


def _is_hedge(child: Token, head: Token, own: bool) -> bool:
    word = child.lower_
    if child.dep_ == "advmod" and word in HEDGE_ADVERBS:
        return True
    if not own:
        return False
    if child.dep_ == "aux" and word in HEDGE_MODALS:
        return True
    if child.dep_ == "aux" and word == "would":
        return _in_conditional(head)
    return child.dep_ == "amod" and word in POSSIBLE_ADJECTIVES and _is_nominal(head)
