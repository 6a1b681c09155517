"""Seeded, realistic pre-analysed articles for the ledger benchmarks and tests (no model).

A small news world: people with roles, organisations, places, and *stories* (one event of
a type from docs/events.md, at a place, on a day, with a few propositions about it). Each
article reports one story within a week of its day: who said what (indirect and direct
quotes, an anonymous source), the claims in them with their sources and cues, now and then
a confirmation, a denial or an "officials have not confirmed", the event with its
participants, place, quantity and date, and the time expressions that date it. Popular
stories get many articles (a Zipf law over stories), so a ledger built from these meets
what linking meets in real news: the same people under full names and surnames, claims
repeated, confirmed and denied across articles, one event reported many times, and now and
then a reprint (the same wire story under a new outlet and headline, last paragraph cut).

Every span is exact (``text[start:end] == span.text``) and ids follow the pipeline's
(E1, Q1, C1, V1, T1 in order of appearance), so the records are shaped as ``analyze``
output; the same ``(n, seed)`` always gives the same records.

>>> quote = next(generate(1, seed=7)).quotes[0]
>>> quote.content.text
'the prisoner swap would take place on Wednesday'
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from claimledger.types import (
    Analysis,
    Article,
    Claim,
    Entity,
    Event,
    Evidence,
    Factuality,
    Participant,
    Place,
    Quantity,
    Quote,
    QuoteKind,
    Span,
    Speaker,
    Standing,
    TimeExpression,
)


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words("""
Anna Sergei Maria Olena Daniel Fatima Kenji Lucia Tomasz Amara Pierre Ingrid Rahul Chen Sofia Yusuf
Elena Marco Aisha Jonas Priya Diego Hanna Kwame Noor Mateus Leila Viktor Camille Ravi Greta Omar
Isabel Tariq Mei Lars Zeynep Pablo Nadia Hugo Ayumi Felix Rosa Dmitri Lina Samuel Chiara Arjun Ines
Kofi Beatriz Emil Yara Stefan Mariam Joao Klara Hamid Eva Andrzej Thandiwe Luis Freya Bongani Irina
""")
SURNAMES = _words("""
Lavrov Berg Kowalski Okafor Rossi Nakamura Haddad Lindqvist Moreau Petrenko Alvarez Singh Novak Tanaka
Mensah Fischer Dubois Costa Ivanova Khan Olsen Romero Yilmaz Schmidt Mwangi Garcia Horvat Larsen Silva
Kim Nowak Bauer Ahmadi Popescu Rahman Jansen Ferreira Kariuki Weber Santos Morales Eriksen Demir Kovacs
Sato Laurent Mendes Abebe Vasquez Holm Bianchi Osei Marin Hoffmann Castillo Nielsen Amini Lopez Sokolov
Brennan Varga Fontaine Ndlovu Dahl Medina Wagner Suzuki Pereira Baptiste Kaya Strand Ortiz Zhang Duarte
Keller Mahlangu Aziz Lund Toure Reyes Hansen Gallo Ueda Ramos Kraus Abdi Sorensen Navarro Obi Frost
""")
# Role words before a name ("Foreign Minister Anna Berg"); the entity's roles are these words.
ROLES = [
    "Foreign Minister", "Defence Minister", "Prime Minister", "President", "Finance Minister",
    "Interior Minister", "Mayor", "Governor", "Senator", "Ambassador", "General", "spokesperson",
    "union leader", "chief executive", "Health Minister", "Trade Minister", "Energy Minister",
    "prosecutor", "Judge", "opposition leader",
]
PLACES = _words("""
Oslo Warsaw Nairobi Lisbon Kyiv Ankara Hanoi Lima Accra Dakar Tbilisi Riga Quito Manila Doha Tunis
Belgrade Helsinki Bogota Jakarta Lagos Kampala Yerevan Baku Tallinn Vilnius Sofia Zagreb Amman Rabat
Geneva Vienna Bern Prague Bratislava Budapest Athens Valletta Dublin Reykjavik Santiago Montevideo
Asuncion Caracas Havana Kingston Ottawa Canberra Wellington Suva Colombo Dhaka Kathmandu Thimphu Astana
""")
ORGANISATIONS = [
    ("the United Nations", "ORG"), ("the European Union", "ORG"), ("the World Health Organization", "ORG"),
    ("the International Monetary Fund", "ORG"), ("the Red Cross", "ORG"), ("the African Union", "ORG"),
    ("the World Bank", "ORG"), ("Amnesty International", "ORG"), ("the Transport Workers Union", "ORG"),
    ("the National Grid Company", "ORG"), ("the Central Bank", "ORG"), ("the Electoral Commission", "ORG"),
    ("the Supreme Court", "ORG"), ("the Ministry of Health", "ORG"), ("the Port Authority", "ORG"),
    ("the Teachers Federation", "ORG"), ("Northwind Shipping", "ORG"), ("Helios Energy", "ORG"),
    ("Baltic Rail", "ORG"), ("Meridian Pharmaceuticals", "ORG"),
]
TOPICS = """
grain exports|fishing quotas|the gas pipeline|teacher pay|the border crossing|water rights|rail fares|
the power plant|vaccine supplies|fuel subsidies|the harbour expansion|mining licences|the budget deficit|
pension reform|the copper mine|airport slots|refugee housing|the wind farm|steel tariffs|rice prices|
the coastal highway|nurses' wages|the customs union|the data centre|the dam project|cocoa prices|
the fertiliser plant|bus drivers' hours|the satellite launch|minimum wage|the fishing fleet|housing rents|
the bridge repairs|cross-border trains|the oil terminal|hospital waiting lists|the free trade zone|
the metro line|drought relief|the nuclear reactor|cotton exports|the ferry service|internet tariffs
""".replace("\n", "").split("|")
ANONYMOUS = [
    "Officials familiar with the matter", "Two diplomats", "A senior government source",
    "Sources close to the negotiations", "People briefed on the plans", "A security official",
]
OUTLETS = ["dailyledger.example", "wire.example", "northpost.example", "themorning.example",
           "citynews.example", "globalwire.example", "harbourtimes.example", "capitalreport.example"]
# Uncommon words for the rare end of a search vocabulary: each appears in few articles.
RARE_WORDS = _words("""
aquifer basalt cobalt dredging estuary fjord glacier hydrofoil isthmus jetty kelp lagoon monsoon
nickel obsidian permafrost quarry reef saltmarsh tundra uranium viaduct wetland xenon yardarm zinc
""")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


@dataclass(frozen=True)
class Kind:
    """A kind of story: its event type and CAMEO code, the words that name the event, and
    propositions about it ({a} and {b} are the parties, {place}, {topic}, {n}, {day})."""

    type: str
    cameo: str | None
    noun: str
    claims: tuple[str, ...]
    quantity_unit: str


KINDS = (
    Kind("talks", "046", "talks", (
        "{a} and {b} would hold talks in {place} on {day}",
        "the talks would focus on {topic}",
        "a deal on {topic} could be reached at the talks",
        "{n} delegates would attend the talks in {place}",
    ), "delegates"),
    Kind("exchange_prisoners", "0841", "prisoner swap", (
        "the prisoner swap would take place on {day}",
        "{n} prisoners of war would be exchanged in the prisoner swap",
        "{a} had agreed to the prisoner swap brokered in {place}",
    ), "prisoners of war"),
    Kind("strike", "143", "strike", (
        "{n} workers would join the strike in {place} on {day}",
        "the strike would halt {topic} for a week",
        "the union had rejected the pay offer before the strike",
    ), "workers"),
    Kind("protest", "141", "protest", (
        "{n} people joined the protest against {topic} in {place}",
        "police used tear gas at the protest in {place}",
        "the protest was organised by students from {place}",
    ), "people"),
    Kind("agreement", "057", "agreement", (
        "{a} and {b} would sign the agreement on {topic} on {day}",
        "the agreement would cut tariffs on {topic}",
        "the agreement had been blocked by {b} for months",
    ), "pages"),
    Kind("sanction", "163", "sanctions", (
        "the sanctions would target {topic}",
        "{a} would impose new sanctions on {day}",
        "the sanctions had cost {place} {n} million dollars",
    ), "million dollars"),
    Kind("investigate", "090", "investigation", (
        "the investigation into {topic} had found irregularities",
        "{a} had ordered an investigation into {topic} in {place}",
        "the investigation would report its findings on {day}",
    ), "witnesses"),
    Kind("arrest", "173", "arrest", (
        "the arrest of {n} suspects in {place} followed a tip",
        "{a} had been informed of the arrest on {day}",
        "the arrest was linked to {topic}",
    ), "suspects"),
    Kind("attack", "190", "attack", (
        "the attack on {place} killed {n} civilians",
        "the attack had targeted {topic}",
        "{b} was responsible for the attack on {day}",
    ), "civilians"),
    Kind("election", None, "election", (
        "the election in {place} would be held on {day}",
        "turnout in the election had reached {n} percent",
        "{a} would win the election on a promise about {topic}",
    ), "voters"),
    Kind("aid", "070", "aid package", (
        "the aid package for {place} was worth {n} million dollars",
        "{a} would deliver the aid package on {day}",
        "the aid package would pay for {topic}",
    ), "million dollars"),
    Kind("visit", "042", "visit", (
        "{a} would visit {place} on {day}",
        "the visit would focus on {topic}",
        "{b} had invited {a} for the visit to {place}",
    ), "officials"),
)

DIRECT = (
    "We have done everything we can to make the {noun} happen",
    "Nobody in {place} wants this to drag on for another year",
    "This is about {topic}, nothing else",
    "We will not accept conditions that hurt the people of {place}",
    "The {noun} is a first step, not the last one",
    "I spoke to {b} this morning and the message was clear",
    "There is no plan B for {topic}",
    "Our position on {topic} has not changed",
    "We expect the {noun} to go ahead as planned",
    "Anyone who says otherwise about the {noun} is misleading you",
    "The {rare} question will have to wait until after the {noun}",
    "We are counting the days and the costs",
)
# Sentences with no quote, claim or event in them: the bulk of a real article's words.
BACKGROUND = (
    "The dispute over {topic} has dominated politics in {place} since last year.",
    "Analysts say the outcome will shape the debate on {topic} well beyond {place}.",
    "Markets in {place} were little changed on the news.",
    "The issue of {topic} first surfaced in parliament two years ago, when a committee report was leaked.",
    "Residents interviewed in central {place} were divided, with some saying they had heard it all before.",
    "A similar plan collapsed in 2019 after months of wrangling over costs and oversight.",
    "The government has faced mounting criticism over its handling of {topic}.",
    "Critics argue the figures have been inflated, a charge the ministry rejects.",
    "Officials said further details would be published in the coming weeks.",
    "The {rare} site, on the outskirts of {place}, has been closed to the public since March.",
    "Opposition lawmakers have called for a full public inquiry.",
    "Trade groups warned that uncertainty over {topic} was already costing jobs.",
    "The last comparable agreement, signed in {place}, took almost four years to negotiate.",
    "Local newspapers in {place} have covered little else this week.",
    "Diplomats said the timing was not a coincidence.",
)
HEADLINES = ("{a} says {noun} on {topic} is near", "{place} braces for {noun}",
             "What the {noun} means for {topic}", "{b} under pressure over {noun}",
             "{noun} in {place}: what we know", "{a} and {b} clash over {topic}")


@dataclass(frozen=True)
class Person:
    first: str
    surname: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass(frozen=True)
class Story:
    kind: Kind
    day: date
    a: Person
    b: Person | str  # a person or an organisation
    place: str
    topic: str
    n: int
    rare: str

    def slots(self, published: date) -> dict[str, str]:
        b = self.b.surname if isinstance(self.b, Person) else self.b
        return {"a": self.a.surname, "b": b, "place": self.place, "topic": self.topic, "n": f"{self.n:,}",
                "day": day_words(self.day, published), "noun": self.kind.noun, "rare": self.rare}


def day_words(day: date, published: date) -> str:
    """How an article dated ``published`` names ``day``: a weekday within the week, else a date."""
    if abs((day - published).days) <= 6:
        return WEEKDAYS[day.weekday()]
    return f"{MONTHS[day.month - 1]} {day.day}"


class World:
    """People, places and stories, all drawn from one seeded random generator."""

    def __init__(self, articles: int, seed: int) -> None:
        rng = random.Random(seed)
        self.rng = rng
        # About one person per four articles and one story per six, capped so a large
        # ledger keeps meeting the same people (linking by name) and the same stories.
        people = max(20, min(4000, articles // 4))
        self.people = [Person(rng.choice(FIRST_NAMES), rng.choice(SURNAMES), rng.choice(ROLES))
                       for _ in range(people)]
        self.start = date(2024, 1, 1) + timedelta(days=seed % 97)
        span_days = max(30, articles // 5)
        self.stories = [self._story(span_days) for _ in range(max(3, articles // 6))]
        # Zipf weights: the first stories are the big ones.
        self.weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.stories))]

    def _story(self, span_days: int) -> Story:
        rng = self.rng
        a = rng.choice(self.people)
        b: Person | str = rng.choice(self.people) if rng.random() < 0.6 else rng.choice(ORGANISATIONS)[0]
        if isinstance(b, Person) and b.surname == a.surname:
            b = rng.choice(ORGANISATIONS)[0]
        return Story(
            kind=rng.choice(KINDS),
            day=self.start + timedelta(days=rng.randrange(span_days)),
            a=a, b=b, place=rng.choice(PLACES), topic=rng.choice(TOPICS),
            n=rng.choice([12, 40, 75, 120, 300, 1000, 2500]) * rng.randint(1, 9),
            rare=f"{rng.choice(RARE_WORDS)}-{rng.randint(100, 999)}",
        )

    def story(self) -> Story:
        return self.rng.choices(self.stories, weights=self.weights)[0]


class _Writer:
    """Builds an article's text left to right and its items in order of appearance."""

    def __init__(self, published: date) -> None:
        self.text = ""
        self.published = published
        self.entities: dict[str, tuple[str, str, list[Span], tuple[str, ...]]] = {}  # name -> id, type, ...
        self.times: list[TimeExpression] = []
        self.quotes: list[Quote] = []
        self.claims: list[Claim] = []
        self.event_mentions: list[Span] = []
        self.quantities: list[Quantity] = []

    def add(self, piece: str) -> Span:
        start = len(self.text)
        self.text += piece
        return Span(start, len(self.text), piece)

    def since(self, start: int) -> Span:
        return Span(start, len(self.text), self.text[start:])

    def entity(self, name: str, type_: str, mention: Span, roles: tuple[str, ...] = ()) -> str:
        if name not in self.entities:
            self.entities[name] = (f"E{len(self.entities) + 1}", type_, [], roles)
        ident, _, mentions, _ = self.entities[name]
        mentions.append(mention)
        return ident

    def named(self, name: str, type_: str, roles: tuple[str, ...] = ()) -> tuple[str, Span]:
        span = self.add(name)
        return self.entity(name, type_, span, roles), span

    def person(self, person: Person, *, full: bool) -> Speaker:
        """A person named in full with their role ("Mayor Anna Berg"), or by surname."""
        roles = tuple(person.role.lower().split())
        start = len(self.text)
        if full:
            sentence_start = not self.text or self.text.endswith(". ")
            role = person.role[0].upper() + person.role[1:] if sentence_start else person.role
            self.add(f"{role} ")
            name = self.add(person.name)
        else:
            name = self.add(person.surname)
        ident = self.entity(person.name, "PERSON", name, roles)
        return Speaker(ident, person.name, self.since(start) if full else name)

    def proposition(self, template: str, story: Story, noun: str) -> Span:
        """A proposition written out: the words naming the story's event are its mentions,
        and the parties' surnames and the place are mentions of their entities."""
        text = template.format(**story.slots(self.published))
        span = self.add(text)
        offset = text.find(noun)
        if offset >= 0:
            self.event_mentions.append(Span(span.start + offset, span.start + offset + len(noun), noun))
        names: list[tuple[str, str, str, tuple[str, ...]]] = [(story.place, story.place, "GPE", ())]
        for person in (story.a, story.b):
            if isinstance(person, Person):
                names.append((person.surname, person.name, "PERSON", tuple(person.role.lower().split())))
        found = []
        for words, name, type_, roles in names:
            match = re.search(rf"\b{re.escape(words)}\b", text)
            if match:
                found.append((match.start(), words, name, type_, roles))
        for at, words, name, type_, roles in sorted(found):
            self.entity(name, type_, Span(span.start + at, span.start + at + len(words), words), roles)
        return span

    def time(self, words: str, value: date | None, type_: str = "DATE") -> TimeExpression:
        span = self.add(words)
        iso = None if value is None else value.isoformat()
        found = TimeExpression(f"T{len(self.times) + 1}", span.start, span.end, words, iso, type_, begin=iso,
                               until=iso)
        self.times.append(found)
        return found


@dataclass
class _Draft:
    """What an article says before it is written: enough to write it again as a reprint."""

    story: Story
    published: date
    outlet: str
    seed: int
    trim: bool = False
    byline: str = ""


def _write(draft: _Draft, index: int) -> Analysis:
    rng = random.Random(draft.seed)
    story, published = draft.story, draft.published
    slots = story.slots(published)
    kind = story.kind
    w = _Writer(published)
    claim_texts = list(kind.claims)
    rng.shuffle(claim_texts)
    event_claims: list[str] = []
    evidence_for_lead: list[Evidence] = []

    def claim(text_span: Span, source: Speaker, cue: Span | None, quotes: tuple[str, ...],
              standing: Standing = Standing.CLAIMED, modality: tuple[str, ...] = ()) -> Claim:
        ident = f"C{len(w.claims) + 1}"
        text = text_span.text.strip("“”\"")
        mentions_event = kind.noun in text
        if mentions_event:
            event_claims.append(ident)
        made = Claim(ident, text, text_span, source, cue=cue, quotes=quotes, standing=standing,
                     modality=modality, events=("V1",) if mentions_event else ())
        w.claims.append(made)
        return made

    # 1. The lead: "Foreign Minister Anna Berg said on Monday that <claim>."
    lead_speaker = w.person(story.a, full=True)
    w.add(" ")
    cue = w.add(rng.choice(["said", "told reporters", "announced"]))
    w.add(" ")
    w.time(f"on {WEEKDAYS[(published - timedelta(days=1)).weekday()]}", published - timedelta(days=1))
    w.add(" that ")
    content = w.proposition(claim_texts[0], story, kind.noun)
    w.add(". ")
    q1 = Quote(f"Q{len(w.quotes) + 1}", QuoteKind.INDIRECT, content, lead_speaker, cue=cue)
    w.quotes.append(q1)
    hedge = ("would",) if " would " in content.text else ()
    lead = claim(content, lead_speaker, cue, (q1.id,), modality=hedge)

    # 2. A direct quote, attributed by surname: “...,” Berg told reporters in Oslo.
    w.add("“")
    direct = w.add(rng.choice(DIRECT).format(**slots) + ",")
    w.add("” ")
    surname = w.person(story.a, full=False)
    w.add(" ")
    cue2 = w.add("told")
    w.add(" ")
    channel = w.add("reporters")
    w.add(" in ")
    w.named(story.place, "GPE")
    w.add(". ")
    inner = Span(direct.start, direct.end - 1, direct.text[:-1])
    w.quotes.append(Quote(f"Q{len(w.quotes) + 1}", QuoteKind.DIRECT, inner, surname, cue=cue2,
                          channel=channel, quoted=(inner,)))

    # 3. The other party responds: confirms, denies, or has not confirmed.
    response = rng.choices(["confirm", "deny", "unconfirmed", "claim"], weights=[3, 2, 2, 4])[0]
    other = story.b
    if isinstance(other, Person):
        start = len(w.text)
        speaker = w.person(other, full=True)
    else:
        start = len(w.text)
        ident, name_span = w.named(other[0].upper() + other[1:], "ORG")
        speaker = Speaker(ident, name_span.text, name_span)
    w.add(" ")
    if response == "confirm":
        verdict = w.add(f"confirmed the {kind.noun}")
        w.event_mentions.append(Span(verdict.end - len(kind.noun), verdict.end, kind.noun))
        evidence_for_lead.append(Evidence("confirmed", verdict, speaker))
        w.add(". ")
    elif response == "deny":
        cue3 = w.add("denied")
        w.add(" that ")
        denied = w.proposition(claim_texts[0], story, kind.noun)
        w.add(". ")
        w.quotes.append(Quote(f"Q{len(w.quotes) + 1}", QuoteKind.INDIRECT, denied, speaker, cue=cue3))
        claim(denied, speaker, cue3, (w.quotes[-1].id,), standing=Standing.DENIED)
        evidence_for_lead.append(Evidence("denied", w.since(start), speaker))
    elif response == "unconfirmed":
        verdict = w.add(f"has not confirmed the {kind.noun}")
        w.event_mentions.append(Span(verdict.end - len(kind.noun), verdict.end, kind.noun))
        evidence_for_lead.append(Evidence("unconfirmed", verdict, speaker))
        w.add(". ")
    else:
        cue3 = w.add("said")
        w.add(" ")
        said = w.proposition(claim_texts[1 % len(claim_texts)], story, kind.noun)
        w.add(". ")
        w.quotes.append(Quote(f"Q{len(w.quotes) + 1}", QuoteKind.INDIRECT, said, speaker, cue=cue3))
        claim(said, speaker, cue3, (w.quotes[-1].id,))
    if evidence_for_lead:
        standing = Standing(evidence_for_lead[0].relation)
        w.claims[0] = dataclasses.replace(lead, standing=standing, evidence=tuple(evidence_for_lead))

    # 4. More from both sides: the lead speaker adds a claim, the other party is quoted.
    if rng.random() < 0.5:
        added_by = w.person(story.a, full=False)
        w.add(" ")
        cue_added = w.add("added")
        w.add(" that ")
        added = w.proposition(claim_texts[2 % len(claim_texts)], story, kind.noun)
        w.add(". ")
        w.quotes.append(Quote(f"Q{len(w.quotes) + 1}", QuoteKind.INDIRECT, added, added_by, cue=cue_added))
        claim(added, added_by, cue_added, (w.quotes[-1].id,))
    if isinstance(other, Person) and rng.random() < 0.6:
        w.add("“")
        said_b = w.add(rng.choice(DIRECT).format(**slots))
        w.add(",” said ")
        other_speaker = w.person(other, full=False)
        w.add(". ")
        w.quotes.append(Quote(f"Q{len(w.quotes) + 1}", QuoteKind.DIRECT, said_b, other_speaker,
                              quoted=(said_b,)))

    # 5. An anonymous source.
    if rng.random() < 0.7:
        anonymous = w.add(rng.choice(ANONYMOUS))
        source = Speaker(None, anonymous.text, anonymous, anonymous=True)
        w.add(" ")
        cue4 = w.add("said")
        w.add(" ")
        said = w.proposition(claim_texts[-1], story, kind.noun)
        w.add(". ")
        w.quotes.append(Quote(f"Q{len(w.quotes) + 1}", QuoteKind.INDIRECT, said, source, cue=cue4))
        claim(said, source, cue4, (w.quotes[-1].id,), modality=("reportedly",) if rng.random() < 0.3 else ())

    # 6. Background with the event's date and a quantity (cut in a trimmed reprint).
    event_time = None
    if not draft.trim:
        for template in rng.sample(BACKGROUND, rng.randint(2, 4)):
            w.add(template.format(**slots) + " ")
        w.add("The ")
        w.event_mentions.append(w.add(kind.noun))
        w.add(" in ")
        w.named(story.place, "GPE")
        w.add(f" {'is planned' if story.day > published else 'took place'} ")
        words = day_words(story.day, published)
        event_time = w.time(f"on {words}", story.day)
        w.add(" and involves ")
        amount = w.add(f"{story.n:,} {kind.quantity_unit}")
        w.quantities.append(Quantity(float(story.n), kind.quantity_unit, amount.text, amount))
        w.add(". ")
        if rng.random() < 0.5:
            org = rng.choice(ORGANISATIONS)[0]
            w.named(org[0].upper() + org[1:], "ORG")
            w.add(f" did not respond to a request for comment on {story.topic}. ")
    w.add(draft.byline)
    text = w.text

    entities = tuple(Entity(ident, name, type_, tuple(mentions), roles)
                     for name, (ident, type_, mentions, roles) in w.entities.items())
    by_name = {e.name: e.id for e in entities}
    participants = [Participant("agent", w.entities[story.a.name][2][0], by_name[story.a.name], story.a.name)]
    other_name = story.b.name if isinstance(story.b, Person) else story.b[0].upper() + story.b[1:]
    if other_name in w.entities:
        first_mention = w.entities[other_name][2][0]
        participants.append(Participant("party", first_mention, by_name[other_name], other_name))
    place_mention = w.entities[story.place][2][0]
    mentions = tuple(sorted(w.event_mentions, key=lambda s: s.start))
    factuality = Factuality.PLANNED if story.day > published else Factuality.HAPPENED
    event = Event("V1", kind.type, kind.cameo, mentions[0], mentions, factuality,
                  participants=tuple(participants), quantities=tuple(w.quantities),
                  places=(Place(story.place, place_mention, by_name[story.place]),),
                  time=event_time, claims=tuple(event_claims))
    headline = rng.choice(HEADLINES).format(**slots)
    url = f"https://{draft.outlet}/{published:%Y/%m/%d}/story-{index}"
    article = Article(text=text, source=url, url=url, title=headline[0].upper() + headline[1:],
                      published=published.isoformat(), source_domain=draft.outlet)
    return Analysis(article, entities=entities, quotes=tuple(w.quotes), claims=tuple(w.claims),
                    events=(event,), times=tuple(w.times),
                    pipeline={"model": "benchmarks.records", "seed": str(draft.seed)})


def generate(n: int, *, seed: int = 0, reprints: float = 0.05) -> Iterator[Analysis]:
    """``n`` analysed articles with distinct texts, in a reproducible (not date) order.

    ``reprints`` is the share of articles that repeat a recent one: the same wire story in
    another outlet, with its background paragraph cut and its own byline (near-duplicates).
    """
    world = World(n, seed)
    rng = world.rng
    originals: list[_Draft] = []
    seen: set[str] = set()
    for index in range(n):
        if originals and rng.random() < reprints:
            original = rng.choice(originals[-50:])
            draft = dataclasses.replace(original, outlet=rng.choice(OUTLETS), trim=True,
                                        published=original.published + timedelta(days=rng.randint(0, 1)))
        else:
            story = world.story()
            published = story.day + timedelta(days=rng.randint(-5, 6))
            draft = _Draft(story, published, rng.choice(OUTLETS), seed=rng.getrandbits(48))
            originals.append(draft)
        while True:  # a byline makes every text distinct, as every wire story's is
            draft.byline = (f"Reporting by {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}; "
                            f"editing by {rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}.")
            analysis = _write(draft, index)
            if analysis.article.id not in seen:
                break
        seen.add(analysis.article.id)
        yield analysis


def corpus_line(analysis: Analysis) -> str:
    """The article as a JSON line ``claimledger ingest`` reads (news-please field names)."""
    a = analysis.article
    return json.dumps({"text": a.text, "title": a.title, "url": a.url, "published": a.published,
                       "source_domain": a.source_domain}, ensure_ascii=False)


def write_corpus(analyses: Iterable[Analysis], path: Path) -> int:
    """Write the articles as JSON Lines; returns how many."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for analysis in analyses:
            handle.write(corpus_line(analysis) + "\n")
            count += 1
    return count


def by_id(analyses: Iterable[Analysis]) -> dict[str, Analysis]:
    return {a.article.id: a for a in analyses}
