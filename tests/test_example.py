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
