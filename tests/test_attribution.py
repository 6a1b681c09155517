"""Attribution patterns, one sentence or paragraph each, written for these tests.

Each case: the text, then the quotes expected as (content starts with, speaker name,
kind, speaker mention). ``None`` for the speaker means the rules must not guess.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_offsets

PERSON_INTRO = "Finance Minister Carla Mendes visited the port on Monday.\n"

CASES = [
    # -- reported speech -----------------------------------------------------------------
    ("Mayor Tom Hale said that the bridge would reopen in June.",
     [("the bridge would reopen", "Tom Hale", "indirect", "Mayor Tom Hale")]),
    ("Mayor Tom Hale said the bridge would reopen in June.",
     [("the bridge would reopen", "Tom Hale", "indirect", "Mayor Tom Hale")]),
    ("The bridge would reopen in June, Mayor Tom Hale said.",
     [("The bridge would reopen", "Tom Hale", "indirect", "Mayor Tom Hale")]),
    ("The bridge would reopen in June, said Mayor Tom Hale.",
     [("The bridge would reopen", "Tom Hale", "indirect", "Mayor Tom Hale")]),
    ("According to Tom Hale, the bridge will reopen in June.",
     [("the bridge will reopen", "Tom Hale", "indirect", "Tom Hale")]),
    ("Tom Hale told reporters that the bridge would reopen in June.",
     [("the bridge would reopen", "Tom Hale", "indirect", "Tom Hale")]),
    ("Rita Okafor accused the council of hiding the costs.",
     [("hiding the costs", "Rita Okafor", "indirect", "Rita Okafor")]),
    ("Rita Okafor warned that the costs would double.",
     [("the costs would double", "Rita Okafor", "indirect", "Rita Okafor")]),
    ("Rita Okafor denied that she had seen the report.",
     [("she had seen the report", "Rita Okafor", "indirect", "Rita Okafor")]),
    ("Rita Okafor claimed that the vote had been rigged.",
     [("the vote had been rigged", "Rita Okafor", "indirect", "Rita Okafor")]),
    ("It was announced by the Harbour Authority that the port would close.",
     [("the port would close", "Harbour Authority", "indirect", "the Harbour Authority")]),
    # -- direct and mixed ----------------------------------------------------------------
    ("“We will rebuild the bridge,” Tom Hale said.",
     [("We will rebuild the bridge", "Tom Hale", "direct", "Tom Hale")]),
    ("“We will rebuild the bridge,” said Tom Hale.",
     [("We will rebuild the bridge", "Tom Hale", "direct", "Tom Hale")]),
    ("Tom Hale said: “We will rebuild the bridge. It will take a year.”",
     [("We will rebuild the bridge. It will take a year.", "Tom Hale", "direct", "Tom Hale")]),
    ('Tom Hale said: "We will rebuild the bridge."',
     [("We will rebuild the bridge.", "Tom Hale", "direct", "Tom Hale")]),
    ("Tom Hale said the plan was “a waste of money”.",
     [("the plan was “a waste of money”", "Tom Hale", "mixed", "Tom Hale")]),
    ("Tom Hale said the plan was ‘a waste of money’.",
     [("the plan was ‘a waste of money’", "Tom Hale", "mixed", "Tom Hale")]),
    # -- speakers: titles, surnames, roles, appositives, pronouns, anonymous -------------
    (PERSON_INTRO + "Mendes said the budget was balanced.",
     [("the budget was balanced", "Carla Mendes", "indirect", "Mendes")]),
    (PERSON_INTRO + "The finance minister said the budget was balanced.",
     [("the budget was balanced", "Carla Mendes", "indirect", "The finance minister")]),
    (PERSON_INTRO + "She said the budget was balanced.",
     [("the budget was balanced", "Carla Mendes", "indirect", "She")]),
    ("Her deputy, Paul Adeyemi, said the budget was balanced.",
     [("the budget was balanced", "Paul Adeyemi", "indirect", "Her deputy, Paul Adeyemi")]),
    ("Senior officials said the talks had stalled.",
     [("the talks had stalled", "Senior officials", "indirect", "Senior officials")]),
    ("A source close to the talks said a deal was near.",
     [("a deal was near", "A source close to the talks", "indirect", "A source close to the talks")]),
    ("Parents said the district had ignored them.",
     [("the district had ignored them", "Parents", "indirect", "Parents")]),
    ("A rescue worker said the road was blocked.",
     [("the road was blocked", "A rescue worker", "indirect", "A rescue worker")]),
    ("The Greater Marlow Water Authority raised prices. The authority said costs had doubled.",
     [("costs had doubled", "Greater Marlow Water Authority", "indirect", "The authority")]),
    ("The trust’s chief executive, Dr Owen Pryce, denied that patients were at risk.",
     [("patients were at risk", "Owen Pryce", "indirect", "The trust’s chief executive, Dr Owen Pryce")]),
    ("Sofia Brandt spoke first. Then Tom Hale thanked her. She said the plan was sound.",
     [("the plan was sound", "Sofia Brandt", "indirect", "She")]),
    # -- wire conventions ------------------------------------------------------------------
    ("LONDON (Reuters) - The Bank of England said on Thursday it would keep interest rates on hold, "
     "adding that inflation risks remained.",
     [("it would keep interest rates on hold", "Bank of England", "indirect", "The Bank of England"),
      ("inflation risks remained", "Bank of England", "indirect", "The Bank of England")]),
    ("WASHINGTON — Senator Mark Kelly on Monday warned that the shutdown could last weeks.",
     [("the shutdown could last weeks", "Mark Kelly", "indirect", "Senator Mark Kelly")]),
    ("The Bank of Marlow said on Thursday it would hold rates.",
     [("it would hold rates", "Bank of Marlow", "indirect", "The Bank of Marlow")]),
    ("Tom Hale said Monday would be a holiday.",
     [("Monday would be a holiday", "Tom Hale", "indirect", "Tom Hale")]),
    # -- precision: no guess -------------------------------------------------------------
    ("Shares in Marlow Water fell after the results were published.", []),
    ("“The numbers are right,” Tom Hale said. Then Tom Hale and Paul Adeyemi argued. "
     "“That is false,” he said.",
     [("The numbers are right", "Tom Hale", "direct", "Tom Hale"), ("That is false", None, "direct", "he")]),
    ("Tom Hale met Paul Adeyemi on Monday. He said the budget was balanced.",
     [("the budget was balanced", None, "indirect", "He")]),
    ("The so-called “reform” was never passed.", []),
    ("She read “War and Peace” twice.", []),
    ("Her first novel, “Undertow”, was rejected by 23 publishers.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_attribution_patterns(analyze, text: str, expected: list[tuple]) -> None:
    analysis = analyze(text)
    assert_offsets(analysis)
    got = [
        (q.content.text, q.speaker.name, q.kind.value, q.speaker.mention.text if q.speaker.mention else None)
        for q in analysis.quotes
    ]
    assert len(got) == len(expected), got
    for (content, speaker, kind, mention), expect in zip(got, expected, strict=True):
        e_content, e_speaker, e_kind, e_mention = expect
        assert content.startswith(e_content), (content, e_content)
        assert speaker == e_speaker, got
        assert kind == e_kind, got
        assert mention == e_mention, got


def test_attribution_split_quote_shares_the_cue(analyze) -> None:
    text = "“First we fix the roads,” Tom Hale said. “Then we build the school.”"
    quotes = analyze(text).quotes
    assert [q.content.text for q in quotes] == ["First we fix the roads,", "Then we build the school."]
    assert all(q.speaker.name == "Tom Hale" for q in quotes)
    assert quotes[1].cue is not None and quotes[1].cue.text == "said"


def test_attribution_follow_on_paragraph_carries_the_speaker(analyze) -> None:
    text = (
        "Health Minister Anna Reyes said the hospital would open in May.\n"
        "“We have waited long enough for this building, and the staff are ready.”\n"
    )
    quotes = analyze(text).quotes
    assert len(quotes) == 2
    follow = quotes[1]
    assert follow.kind.value == "direct"
    assert follow.speaker.name == "Anna Reyes"
    assert follow.speaker.entity == quotes[0].speaker.entity
    assert follow.speaker.mention is None and follow.cue is None


def test_attribution_follow_on_needs_a_known_speaker(analyze) -> None:
    text = (
        "The hospital will open in May.\n"
        "“We have waited long enough for this building, and the staff are ready.”\n"
    )
    quotes = analyze(text).quotes
    assert len(quotes) == 1
    assert quotes[0].speaker.name is None and quotes[0].speaker.entity is None


def test_attribution_cue_inside_a_quote_is_not_a_new_speaker(analyze) -> None:
    text = "Tom Hale said: “As the mayor said last week, the bridge is safe. We agree.”"
    quotes = analyze(text).quotes
    assert len(quotes) == 1
    assert quotes[0].speaker.name == "Tom Hale"


def test_attribution_channel(analyze) -> None:
    quotes = analyze("Rita Okafor said on her Telegram channel that the vote was rigged.").quotes
    assert quotes[0].channel is not None and "Telegram" in quotes[0].channel.text
    quotes = analyze("Officials told news agencies that the convoy had left.").quotes
    assert quotes[0].channel is not None and quotes[0].channel.text == "news agencies"
    assert quotes[0].speaker.anonymous


def test_attribution_unbalanced_marks_do_not_fail(analyze) -> None:
    text = "Tom Hale said “the bridge is safe.\nRita Okafor said “it is not” and left."
    analysis = analyze(text)
    assert analysis.warnings and analysis.warnings[0].code == "unbalanced_quote"
    assert any(q.speaker.name == "Rita Okafor" for q in analysis.quotes)
    assert_offsets(analysis)
