"""Claims and every standing rule, on sentences written for these tests."""

from __future__ import annotations

import pytest

from claimledger.nlp.claims import proposition_text, split_propositions
from claimledger.types import Span
from tests.conftest import assert_offsets


def claims_of(analyze, text: str):
    analysis = analyze(text)
    assert_offsets(analysis)
    for claim in analysis.claims:
        assert text[claim.span.start : claim.span.end] == claim.span.text
        for item in claim.evidence:
            assert text[item.span.start : item.span.end] == item.span.text
    return analysis.claims


def find(claims, words: str):
    matches = [c for c in claims if c.text.startswith(words)]
    assert len(matches) == 1, [c.text for c in claims]
    return matches[0]


def test_claims_split_coordinated_that_clauses() -> None:
    text = "that the dam was safe and that “nobody was at risk”"
    parts = split_propositions(Span(0, len(text), text))
    assert [p.text for p in parts] == ["that the dam was safe", "“nobody was at risk”"]
    assert proposition_text(parts[1].text) == "nobody was at risk"


def test_claims_every_quote_yields_a_claim_with_its_source(analyze) -> None:
    claims = claims_of(analyze, "Mayor Tom Hale said that the bridge would reopen in June.")
    (claim,) = claims
    assert claim.text == "the bridge would reopen in June"
    assert claim.source.name == "Tom Hale" and claim.quotes == ("Q1",)
    assert claim.standing.value == "claimed" and claim.evidence == ()


def test_claims_beliefs_are_claims_not_quotes(analyze) -> None:
    analysis = analyze("Mayor Tom Hale believes the bridge will reopen in June.")
    assert analysis.quotes == ()
    (claim,) = analysis.claims
    assert claim.source.name == "Tom Hale" and claim.quotes == ()
    assert claim.cue is not None and claim.cue.text == "believes"


def test_claims_unfounded_by_label(analyze) -> None:
    text = "Senator Rita Okafor repeated a baseless claim that the vote had been rigged."
    claims = claims_of(analyze, text)
    claim = find(claims, "the vote had been rigged")
    assert claim.standing.value == "unfounded"
    assert [e.span.text for e in claim.evidence] == ["baseless claim"]


def test_claims_unfounded_without_evidence(analyze) -> None:
    claims = claims_of(analyze, "Rita Okafor claimed without evidence that the vote had been rigged.")
    claim = find(claims, "the vote had been rigged")
    assert claim.standing.value == "unfounded"
    assert claim.evidence[0].span.text == "without evidence"


def test_claims_unconfirmed_by_the_article(analyze) -> None:
    text = (
        "Rita Okafor said the ferry had sunk off the coast.\n"
        "The report could not be independently verified."
    )
    claim = find(claims_of(analyze, text), "the ferry had sunk")
    assert claim.standing.value == "unconfirmed"
    assert "could not be independently verified" in claim.evidence[0].span.text


def test_claims_unconfirmed_source(analyze) -> None:
    claim = find(claims_of(analyze, "Unverified reports said the ferry had sunk."), "the ferry had sunk")
    assert claim.standing.value == "unconfirmed" and claim.source.anonymous
    assert claim.evidence[0].span.text == "Unverified reports"


def test_claims_hedged_claims_are_not_the_target_of_no_confirmation(analyze) -> None:
    text = "Rita Okafor said the ferry might have sunk.\nThere was no confirmation from the coastguard."
    claim = find(claims_of(analyze, text), "the ferry might have sunk")
    assert claim.standing.value == "claimed" and "might" in claim.modality


def test_claims_disputed_by_another_source(analyze) -> None:
    text = (
        "Tom Hale suggested that the city could sell the harbour, "
        "but Rita Okafor said that was “not a serious plan”."
    )
    claim = find(claims_of(analyze, text), "the city could sell the harbour")
    assert claim.standing.value == "disputed"
    (evidence,) = claim.evidence
    assert evidence.source is not None and evidence.source.name == "Rita Okafor"


def test_claims_denied_by_the_party_concerned(analyze) -> None:
    text = (
        "Tom Hale said that Rita Okafor had taken money from the fund.\n"
        "Okafor denied that she had taken money from the fund."
    )
    claim = find(claims_of(analyze, text), "Rita Okafor had taken money")
    assert claim.standing.value == "denied"
    assert claim.evidence[0].source is not None and claim.evidence[0].source.name == "Rita Okafor"


def test_claims_rejected_by_a_third_party_is_disputed(analyze) -> None:
    text = (
        "Tom Hale said that Rita Okafor had taken money from the fund.\n"
        "Auditor Paul Adeyemi rejected the claim that money had been taken from the fund."
    )
    claim = find(claims_of(analyze, text), "Rita Okafor had taken money")
    assert claim.standing.value == "disputed"


def test_claims_confirmed_by_another_source(analyze) -> None:
    text = (
        "Tom Hale said the ferry had sunk off the coast.\n"
        "The coastguard later confirmed that the ferry had sunk."
    )
    claim = find(claims_of(analyze, text), "the ferry had sunk off the coast")
    assert claim.standing.value == "confirmed"


def test_claims_repeated_by_the_same_source_stay_one_claim(analyze) -> None:
    text = (
        "Tom Hale said the harbour plan would create 400 jobs.\n"
        "Later, Hale said again that the harbour plan would create 400 jobs."
    )
    claims = claims_of(analyze, text)
    assert len(claims) == 1 and claims[0].quotes == ("Q1", "Q2")


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("Tom Hale said the deal could collapse.", "could"),
        ("Tom Hale said the deal had reportedly collapsed.", "reportedly"),
        ("Tom Hale suggested that the deal had collapsed.", "suggested"),
    ],
)
def test_claims_modality(analyze, text: str, hedge: str) -> None:
    (claim,) = claims_of(analyze, text)
    assert hedge in claim.modality
