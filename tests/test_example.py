"""The bundled example end to end: all eight quoted passages, each with its speaker.

The names below describe the example; nothing in src/ may name them (a test in
test_rules_are_general.py checks that).
"""

from __future__ import annotations

from claimledger.types import SCHEMA, Article
from tests.conftest import EXAMPLE, assert_offsets

# (words inside the quote marks, speaker entity name, speaker mention or None)
QUOTED_PASSAGES = [
    ("this could lead to something big???", "Donald Trump", "US President Donald Trump"),
    ("memorandum", "Sergei Lavrov", "Russian Foreign Minister Sergei Lavrov"),
    ("immediately", "Donald Trump", "Trump"),
    ("trying to buy time", "Volodymyr Zelensky", "Putin’s Ukrainian counterpart Volodymyr Zelensky"),
    ("not a very realistic option", "Sergei Lavrov", "Lavrov"),
    ("First we need to have a deal.", "Sergei Lavrov", "Lavrov"),
    ("see who out of those in power in Ukraine has legitimacy", "Sergei Lavrov", "He"),
    ("The key task now is to prepare a peace agreement", "Sergei Lavrov", None),
]


def _analysis(analyzer):
    text = EXAMPLE.read_text(encoding="utf-8")
    return analyzer.analyze(Article(text=text, source=str(EXAMPLE), published="2025-05-23"))


def test_example_every_quoted_passage_has_its_speaker(analyzer) -> None:
    analysis = _analysis(analyzer)
    assert_offsets(analysis)
    for words, speaker, mention in QUOTED_PASSAGES:
        holders = [q for q in analysis.quotes if any(s.text.startswith(words) for s in q.quoted)]
        assert len(holders) == 1, (words, holders)
        quote = holders[0]
        assert quote.speaker.name == speaker, (words, quote.speaker)
        entity = analysis.entity(quote.speaker.entity)
        assert entity is not None and entity.name == speaker and entity.type == "PERSON"
        got = quote.speaker.mention.text if quote.speaker.mention else None
        assert got == mention, (words, got)


def test_example_last_paragraph_is_a_follow_on(analyzer) -> None:
    last = _analysis(analyzer).quotes[-1]
    assert last.kind.value == "direct" and last.cue is None and last.speaker.mention is None
    assert last.content.text.endswith("we’re concerned with Russia.")


def test_example_anonymous_sources_and_channels(analyzer) -> None:
    quotes = _analysis(analyzer).quotes
    military = next(q for q in quotes if q.content.text == "the process was under way")
    assert military.speaker.anonymous and military.speaker.entity is None
    assert military.speaker.name == "Ukrainian military sources"
    assert military.channel is not None and military.channel.text == "news agencies"
    reports = next(q for q in quotes if q.content.text.startswith("the exchange could take place"))
    assert reports.speaker.anonymous and reports.speaker.name == "Unconfirmed reports"
    first = quotes[0]
    assert first.channel is not None and "Truth Social" in first.channel.text


def test_example_entities_are_grouped(analyzer) -> None:
    analysis = _analysis(analyzer)
    lavrov = next(e for e in analysis.entities if e.name == "Sergei Lavrov")
    texts = {m.text for m in lavrov.mentions}
    assert {"Sergei Lavrov", "Lavrov", "The Russian foreign minister"} <= texts
    assert len([e for e in analysis.entities if "Trump" in e.name]) == 1


def test_example_record_is_the_documented_format(analyzer) -> None:
    record = _analysis(analyzer).to_dict()
    assert record["schema"] == SCHEMA
    assert {"schema", "article", "entities", "quotes", "warnings", "pipeline"} <= set(record)
    article = record["article"]
    assert article["published"] == "2025-05-23" and len(article["id"]) == 64
    quote = record["quotes"][0]
    assert set(quote) == {"id", "kind", "content", "quoted", "speaker", "cue", "channel"}
    assert set(quote["speaker"]) == {"entity", "name", "mention", "anonymous"}


def _claim(analysis, words: str):
    matches = [c for c in analysis.claims if c.text.startswith(words)]
    assert len(matches) == 1, [c.text for c in analysis.claims]
    return matches[0]


def test_example_claims_and_their_standing(analyzer) -> None:
    analysis = _analysis(analyzer)
    swap = _claim(analysis, "the swap was complete")
    assert swap.standing.value == "unconfirmed" and swap.source.name == "Donald Trump"
    evidence = {e.span.text for e in swap.evidence}
    assert "there was no confirmation from either side" in evidence
    assert "the process was under way" in evidence

    schedule = _claim(analysis, "the exchange could take place over three days")
    assert schedule.standing.value == "unconfirmed"
    assert schedule.source.anonymous and schedule.source.name == "Unconfirmed reports"
    assert "could" in schedule.modality

    legitimacy = _claim(analysis, "Zelensky was not a legitimate leader")
    assert legitimacy.standing.value == "unfounded" and legitimacy.source.name == "Sergei Lavrov"

    mediation = _claim(analysis, "the Vatican might mediate talks")
    assert mediation.standing.value == "disputed"
    assert any(e.source and e.source.name == "Sergei Lavrov" for e in mediation.evidence)


def _event(analysis, event_type: str, trigger: str):
    matches = [e for e in analysis.events if e.type == event_type and e.trigger.text == trigger]
    assert len(matches) == 1, [(e.type, e.trigger.text) for e in analysis.events]
    return matches[0]


def test_example_events_time_and_factuality(analyzer) -> None:
    analysis = _analysis(analyzer)
    swap = _event(analysis, "exchange_prisoners", "prisoner swap")
    assert {"swap", "exchange", "process"} <= {m.text for m in swap.mentions}
    assert swap.factuality.value in {"planned", "ongoing"}
    assert swap.time is not None and swap.time.value == "2025-05-23"
    (amount,) = swap.quantities
    assert amount.value == 1000 and amount.per == "each"
    assert any(c.startswith("C") for c in swap.claims)

    talks = _event(analysis, "talks", "peace negotiations")
    assert talks.factuality.value == "happened"
    assert [p.name for p in talks.places] == ["Istanbul"]
    assert talks.time is not None and talks.time.value == "2025-05-16"

    call = _event(analysis, "call", "phone call")
    assert call.factuality.value == "happened"
    assert call.time is not None and call.time.value == "2025-W21"
    assert call.time.begin == "2025-05-19" and call.time.until == "2025-05-23"


def test_example_without_publication_date_keeps_relative_times_unresolved(analyzer) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    analysis = analyzer.analyze(Article(text=text, source="example"))
    by_text = {t.text: t for t in analysis.times}
    assert by_text["Friday"].value is None
    assert by_text["earlier this week"].value is None
    assert by_text["March 2022"].value == "2022-03"
    assert by_text["three days"].value == "P3D"


def test_example_timeline_in_text_output(analyzer) -> None:
    from claimledger.cli.render import render_text

    analysis = _analysis(analyzer)
    out = render_text(analysis)
    timeline = out[out.index("Timeline:") : out.index("Claims:")]
    events = {e.id: e for e in analysis.events}
    order = [line.split()[1] for line in timeline.splitlines()[1:] if line.startswith("  ") and
             not line.startswith("   ")]
    assert sorted(order) == sorted(events)
    begins = [events[i].time.begin for i in order if events[i].time and events[i].time.begin]
    assert begins == sorted(begins) and len(begins) >= 4
