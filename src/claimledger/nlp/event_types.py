"""The event vocabulary: what kinds of events claimledger recognises, and by which words.

Kept as data so that it can be read, documented (docs/events.md has the same table) and
extended without touching the rules in ``events.py``. The vocabulary is small on purpose:
it covers what news about politics, conflict, diplomacy and business reports most, and
each type carries the CAMEO code that GDELT users already filter on.

CAMEO codes and labels follow the CAMEO Conflict and Mediation Event Observations codebook,
version 1.1b3 (Schrodt, Event Data Project, Penn State, March 2012). Where CAMEO has no
code (CAMEO codes interactions between actors; holding an election, resigning or being
appointed are not one), ``cameo`` is None rather than a misleading neighbour.

Lemmas are lower-case spaCy lemmas ("talks" lemmatises to "talk"). A verb written with a
particle ("step down") matches the verb with that particle.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    """A word list written as running text (easier to read and edit than a list)."""
    return frozenset(text.split())


# Qualifier markers: besides plain lemmas, a qualifier set may name these classes.
PERSON = "PERSON"  # a person entity or a person noun ("freed three journalists")
ORGANISATION = "ORG"  # an organisation entity ("bought Corvane")

# Nouns for people, for the PERSON qualifier: a release frees people, not "a statement".
PERSON_NOUNS = _words(
    """
    prisoner hostage detainee captive journalist activist soldier civilian people person
    man woman child citizen national worker student dissident leader official officer
    pow inmate fighter crew sailor pilot
    """
)

# What a business deal buys: a company (or an ORG entity), not "land" or "weapons".
_COMPANIES = frozenset({ORGANISATION}) | _words(
    """
    stake company firm business rival competitor maker startup group unit division operator
    chain brand bank lender insurer producer supplier carrier subsidiary
    """
)

# Words that make an exchange an exchange of people (CAMEO 0841), not of fire or views.
_CAPTIVES = _words("prisoner prisoners pow pows captive hostage detainee body soldier")


@dataclass(frozen=True, eq=False)
class EventType:
    """One kind of event.

    ``verbs`` and ``nouns`` start a new event (or corefer with an earlier one of the same
    type); ``anaphors`` are nouns that, when definite ("the meeting", "the deal"), refer
    back to an earlier event of this type and never start one. ``qualified`` lists the
    trigger lemmas that count only with one of the given words among their modifiers or
    arguments ("prisoner" for "swap", "phone" for "call"). ``symmetric``: the subject and
    the "with" phrase are parties alike (talks, calls, deals), not agent and patient.
    """

    name: str
    cameo: str | None
    label: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    anaphors: frozenset[str] = frozenset()
    qualified: dict[str, frozenset[str]] = field(default_factory=dict)
    symmetric: bool = False


EVENT_TYPES: tuple[EventType, ...] = (
    # -- 01-05: statements, appeals, intentions, consultation, diplomatic cooperation --
    EventType("statement", "010", "Make statement, not specified below",
              _words("announce declare"), _words("statement announcement declaration"),
              _words("statement announcement")),
    EventType("appeal", "020", "Make an appeal or request, not specified below",
              _words("urge appeal call"), _words("appeal plea"),
              qualified={"call": _words("for")}),
    EventType("propose", "030", "Express intent to cooperate, not specified below",
              _words("propose offer"), _words("proposal offer initiative suggestion"),
              _words("proposal offer plan initiative"),
              qualified={"offer": _words("mediate host help talk deal ceasefire truce plan support "
                                         "proposal")}),
    EventType("meet", "040", "Consult, not specified below",
              _words("meet"), _words("meeting summit"),
              _words("meeting summit talk negotiation session"), symmetric=True),
    EventType("call", "041", "Discuss by telephone",
              _words("phone telephone speak talk"), _words("call conversation"),
              _words("call conversation"), symmetric=True,
              qualified={"call": _words("phone telephone video with"),
                         "conversation": _words("phone telephone video"),
                         "speak": _words("phone telephone"), "talk": _words("phone telephone")}),
    EventType("visit", "042", "Make a visit",
              _words("visit"), _words("visit trip"), _words("visit trip")),
    EventType("mediate", "045", "Mediate",
              _words("mediate broker"), _words("mediation"), _words("mediation")),
    EventType("talks", "046", "Engage in negotiation",
              _words("negotiate"), _words("talk negotiation"),
              _words("talk negotiation meeting summit session round"), symmetric=True),
    EventType("agreement", "057", "Sign formal agreement",
              _words("sign ratify"), _words("agreement accord treaty pact deal"),
              _words("agreement accord treaty pact deal"), symmetric=True,
              qualified={"sign": _words("agreement accord treaty pact deal memorandum contract protocol "
                                        "declaration charter convention ceasefire truce armistice with")}),
    # -- 03: agreeing to do something is an intent to cooperate, not a signed agreement --
    EventType("agree", "030", "Express intent to cooperate, not specified below",
              _words("agree"), frozenset(), symmetric=True),
    # -- 06-08: material cooperation, aid, yielding --
    EventType("acquisition", "061", "Cooperate economically",
              _words("acquire buy purchase merge"), _words("acquisition takeover merger buyout"),
              _words("acquisition takeover merger deal purchase"),
              qualified={"buy": _COMPANIES, "purchase": _COMPANIES, "acquire": _COMPANIES}),
    EventType("aid", "070", "Provide aid, not specified below",
              frozenset(), _words("aid assistance"), _words("aid assistance package")),
    EventType("exchange_prisoners", "0841", "Return, release person(s)",
              _words("exchange swap trade"), _words("swap exchange"),
              _words("swap exchange handover"), symmetric=True,
              qualified={"exchange": _CAPTIVES, "swap": _CAPTIVES, "trade": _CAPTIVES}),
    EventType("release", "0841", "Return, release person(s)",
              _words("release free"), _words("release"), _words("release"),
              qualified={"release": frozenset({PERSON}), "free": frozenset({PERSON})}),
    EventType("ceasefire", "0871", "Declare truce, ceasefire",
              frozenset(), _words("ceasefire truce armistice"), _words("ceasefire truce"),
              symmetric=True),
    # -- 09-13: investigation, demands, disapproval, rejection, threats --
    EventType("investigate", "090", "Investigate, not specified below",
              _words("investigate probe"), _words("investigation inquiry probe"),
              _words("investigation inquiry probe")),
    EventType("demand", "100", "Demand, not specified below",
              _words("demand"), _words("demand"), _words("demand")),
    EventType("criticize", "111", "Criticize or denounce",
              _words("criticize criticise condemn denounce"), _words("criticism condemnation"),
              frozenset()),
    EventType("accuse", "112", "Accuse, not specified below",
              _words("accuse blame"), _words("accusation allegation"), _words("accusation allegation")),
    EventType("sue", "115", "Bring lawsuit against",
              _words("sue"), _words("lawsuit"), _words("lawsuit")),
    EventType("court_ruling", "116", "Find guilty or liable (legally)",
              _words("convict sentence"), _words("verdict ruling conviction"),
              _words("verdict ruling conviction"),
              qualified={"sentence": frozenset({PERSON})}),
    EventType("reject", "120", "Reject, not specified below",
              _words("reject"), _words("rejection"), frozenset()),
    EventType("threaten", "130", "Threaten, not specified below",
              _words("threaten"), _words("ultimatum"), frozenset()),
    # -- 14-17: protest, sanctions, coercion --
    EventType("protest", "141", "Demonstrate or rally",
              _words("protest demonstrate march rally"), _words("protest demonstration rally march"),
              _words("protest demonstration rally march"),
              qualified={"demonstrate": _words("against outside in"),
                         "rally": _words("against outside in"),
                         "march": _words("against outside in through to on")}),
    EventType("strike", "143", "Conduct strike or boycott",
              frozenset(), _words("strike walkout boycott"), _words("strike walkout boycott"),
              qualified={"strike": _words("go general labour labor national union worker pay "
                                          "teacher doctor nurse rail")}),
    EventType("sanction", "163", "Impose embargo, boycott, or sanctions",
              _words("sanction"), _words("sanction embargo"), _words("sanction embargo")),
    EventType("arrest", "173", "Arrest, detain, or charge with legal action",
              _words("arrest detain"), _words("arrest detention"), _words("arrest detention")),
    # -- 19: conventional military force --
    EventType("attack", "190", "Use conventional military force, not specified below",
              _words("attack bomb invade"),
              _words("attack strike airstrike bombing shelling raid offensive invasion assault"),
              _words("attack strike bombing shelling raid offensive invasion assault"),
              qualified={"strike": _words("air missile drone rocket military artillery retaliatory "
                                          "preemptive nuclear")}),
    EventType("fight", "190", "Use conventional military force, not specified below",
              frozenset(), _words("war fighting conflict hostility battle clash combat"),
              _words("war fighting conflict hostility battle clash")),
    # -- no CAMEO code: domestic political events --
    EventType("election", None, "(no CAMEO code: CAMEO codes interactions between actors)",
              _words("elect vote"), _words("election vote referendum ballot"),
              _words("election vote referendum ballot")),
    EventType("resign", None, "(no CAMEO code)",
              _words("resign quit") | {"step down"}, _words("resignation"), _words("resignation")),
    EventType("appoint", None, "(no CAMEO code)",
              _words("appoint nominate"), _words("appointment nomination"),
              _words("appointment nomination")),
)

BY_NAME: dict[str, EventType] = {t.name: t for t in EVENT_TYPES}

# Heads that, when definite ("the process", "this move"), refer back to the most salient
# recent event of any type: news uses them to avoid repeating the event noun.
GENERIC_ANAPHORS = _words("process move operation incident development episode effort")

# Nouns that only ever trigger in the plural: "talks" (negotiations), not "a talk" (lecture).
PLURAL_ONLY = _words("talk hostility clash")  # "clashes" (fighting), not "the clash" (a match)

# Nouns that contain an event ("a second round of talks"): the container's determiner and
# modifiers decide whether the mention is new.
CONTAINER_NOUNS = _words("round series wave spate string set resumption")

# Verbs that carry an event noun without naming another event ("take part in a swap",
# "hold talks", "sign a deal"): their subject takes part in the noun's event, and their
# time and place are the event's.
SUPPORT_VERBS = _words(
    """
    hold have conduct stage launch begin start resume continue complete finish carry
    take be reach strike sign seal clinch conclude make pay issue impose attend join
    host receive go mount wage provide give send deliver pledge declare open
    """
)
# Verb + preposition pairs that carry the noun in their prepositional object.
SUPPORT_PREPOSITIONS = {("take", "in"), ("participate", "in"), ("engage", "in"), ("go", "on"),
                        ("provide", "in"), ("give", "in"), ("send", "in"), ("pledge", "in")}

# Words that mark an indefinite or definite mention as a new event of its type.
NEW_EVENT_MODIFIERS = _words("new second third fourth next another fresh further separate")
