"""MEANTIME loading on the hand-written fixture: rebuilt text, offsets, derived classes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimledger.errors import CorpusNotFoundError, InputError
from claimledger.evaluation.corpora import ENV_VAR
from claimledger.evaluation.meantime import (
    UNANNOTATED,
    derive_factuality,
    detokenize,
    find_meantime,
    load_document,
    load_meantime,
)

FIXTURE = Path(__file__).parent / "fixtures" / "meantime-format"
TEXT = (
    "Harbour board delays ferry contract\n"
    "March 3, 2011\n"
    "The board said on Monday that it would not sign the $12 million contract.\n"
    '"We may reopen the tender in May," chairman Ana Ruiz (54) said.\n'
    "The ferry company's bid was rejected last week and it plans to appeal.\n"
    "It is unclear whether the vote was held."
)


def test_meantime_load_rebuilds_the_text_and_the_creation_date() -> None:
    (doc,) = load_meantime(FIXTURE)
    assert doc.name == "1_Harbour_board_delays_ferry_contract"
    assert doc.text == TEXT
    assert doc.dct == "2011-03-03"


def test_meantime_event_offsets_match_the_text() -> None:
    (doc,) = load_meantime(FIXTURE)
    for mention in (*doc.events, *doc.timexes):
        assert doc.text[mention.start:mention.end] == mention.text, mention
    assert [e.start for e in doc.events] == sorted(e.start for e in doc.events)


def test_meantime_events_carry_attributes_and_the_derived_class() -> None:
    (doc,) = load_meantime(FIXTURE)
    found = {e.id: (e.text, e.factuality) for e in doc.events}
    assert found == {
        "10": ("delays", "happened"),
        "11": ("said", "happened"),
        "12": ("sign", "negated"),
        "13": ("reopen", "possible"),
        "18": ("said", "happened"),
        "14": ("bid was rejected", "happened"),  # discontinuous: first to last token
        "15": ("to appeal", "planned"),
        "16": ("held", "possible"),  # certainty UNDERSPECIFIED
        "17": ("vote", UNANNOTATED),  # attributes left empty
    }
    sign = next(e for e in doc.events if e.id == "12")
    assert (sign.certainty, sign.polarity, sign.time, sign.tense, sign.pred) == (
        "CERTAIN", "NEG", "FUTURE", "NONE", "sign")


def test_meantime_timexes_skip_those_without_tokens() -> None:
    (doc,) = load_meantime(FIXTURE)
    assert [(t.id, t.text, t.type, t.value, t.function) for t in doc.timexes] == [
        ("20", "March 3, 2011", "DATE", "2011-03-03", "CREATION_TIME"),
        ("21", "Monday", "DATE", "2011-02-28", "NONE"),
        ("22", "May", "DATE", "2011-05", "NONE"),
        ("23", "last week", "DATE", "2011-W08", "NONE"),
    ]


@pytest.mark.parametrize(
    ("certainty", "polarity", "time", "expected"),
    [
        ("CERTAIN", "POS", "NON_FUTURE", "happened"),
        ("CERTAIN", "NEG", "NON_FUTURE", "negated"),
        ("POSSIBLE", "NEG", "FUTURE", "negated"),  # negation first
        ("POSSIBLE", "POS", "NON_FUTURE", "possible"),
        ("PROBABLE", "POS", "FUTURE", "possible"),  # certainty before time
        ("CERTAIN", "POS", "FUTURE", "planned"),
        ("UNDERSPECIFIED", "POS", "NON_FUTURE", "possible"),
        ("CERTAIN", "UNDERSPECIFIED", "FUTURE", "planned"),
        ("CERTAIN", "POS", "UNDERSPECIFIED", "happened"),
        ("", "", "", UNANNOTATED),
    ],
)
def test_meantime_derive_factuality(certainty: str, polarity: str, time: str, expected: str) -> None:
    assert derive_factuality(certainty, polarity, time) == expected


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("He said , `` We won . ''", 'He said, "We won."'),
        ('The " A380 " flew', 'The "A380" flew'),
        ("Airbus ' jet and Boeing 's jet", "Airbus' jet and Boeing's jet"),
        ("it does n't fly ( yet ) ; $ 5 or US$ 6 , 10 %", "it doesn't fly (yet); $5 or US$6, 10%"),
        ("an ` open ' plan", "an `open' plan"),
        ("I' ll go", "I'll go"),
    ],
)
def test_meantime_detokenize(tokens: str, expected: str) -> None:
    words = tokens.split(" ")
    text, offsets = detokenize(words, ["0"] * len(words))
    assert text == expected
    assert [text[s:e] for s, e in offsets] == [{"``": '"', "''": '"'}.get(w, w) for w in words]


def test_meantime_detokenize_puts_sentences_on_lines() -> None:
    text, _ = detokenize(["Title", "Body", "."], ["0", "1", "1"])
    assert text == "Title\nBody."


def test_meantime_data_dir_may_be_the_parent_folder(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "meantime")
    assert find_meantime(tmp_path) == tmp_path / "meantime"
    assert find_meantime(tmp_path / "meantime") == tmp_path / "meantime"


def test_meantime_absent_corpus_says_where_it_looked(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CorpusNotFoundError, match="MEANTIME not found"):
        load_meantime(tmp_path)
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    with pytest.raises(CorpusNotFoundError, match=ENV_VAR) as err:
        load_meantime()
    assert str(tmp_path) in str(err.value)


def test_meantime_unknown_part_names_the_available_ones() -> None:
    with pytest.raises(CorpusNotFoundError, match="intra-doc_annotation"):
        load_meantime(FIXTURE, part="cross-doc")


def test_meantime_malformed_xml_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<Document><token t_id='1'>x</Document>", encoding="utf-8")
    with pytest.raises(InputError, match="not MEANTIME XML"):
        load_document(bad)
    dangling = tmp_path / "dangling.xml"
    dangling.write_text('<Document><token t_id="1" sentence="0">x</token><Markables>'
                        '<EVENT_MENTION m_id="5"><token_anchor t_id="9"/></EVENT_MENTION>'
                        "</Markables></Document>", encoding="utf-8")
    with pytest.raises(InputError, match="unknown token 9"):
        load_document(dangling)


@pytest.mark.corpus
def test_meantime_corpus_offsets_and_classes() -> None:
    try:
        docs = load_meantime()
    except CorpusNotFoundError as err:
        pytest.skip(f"MEANTIME corpus absent: {err}")
    assert len(docs) == 60
    for doc in docs:
        for mention in (*doc.events, *doc.timexes):
            assert doc.text[mention.start:mention.end] == mention.text, (doc.name, mention)
    classes = [e.factuality for d in docs for e in d.events]
    assert len(classes) == 998
    assert {c: classes.count(c) for c in set(classes)} == {
        "happened": 751, "planned": 150, "possible": 44, "negated": 26, UNANNOTATED: 27}
