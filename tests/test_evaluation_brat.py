"""brat standoff parsing: spans, discontinuous and multi-line spans, events, offset checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.evaluation.brat import base_role, check_offsets, parse_ann, read_ann, surface

FIXTURE = Path(__file__).parent / "fixtures" / "polnear-format" / "dev"
BRIDGE = "fixture-news_2016-01-02_bridge-to-reopen"
SENATOR = "fixture-news_2016-01-03_senator-regrets-vote"


def test_brat_simple_span_and_event() -> None:
    ann = parse_ann(
        "T1\tSource 0 3\tShe\nT2\tCue 4 8\tsaid\nT3\tContent 9 14\thello\n"
        "T4\tAttribution 4 8\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    )
    assert ann.spans["T1"].label == "Source"
    assert ann.spans["T1"].fragments == ((0, 3),)
    assert ann.spans["T3"].text == "hello"
    (event,) = ann.events
    assert (event.id, event.label, event.trigger) == ("E1", "Attribution", "T4")
    assert event.ids_for("Content") == ("T3",)
    assert event.ids_for("Source") == ("T1",)


def test_brat_discontinuous_span_keeps_file_order() -> None:
    ann = parse_ann("T7\tContent 209 236;91 186\ttext\n")
    assert ann.spans["T7"].fragments == ((209, 236), (91, 186))


@pytest.mark.parametrize(
    ("role", "base"),
    [("Content", "Content"), ("Content2", "Content"), ("Source", "Source"), ("Cue12", "Cue")],
)
def test_brat_base_role_strips_brat_numbering(role: str, base: str) -> None:
    assert base_role(role) == base


def test_brat_numbered_role_joins_its_base_role() -> None:
    ann = parse_ann("E5\tAttribution:T21 Cue:T20 Source:T19 Content:T18 Content2:T22\n")
    assert ann.events[0].ids_for("Content") == ("T18", "T22")


def test_brat_multi_line_span_text_is_read_to_its_length() -> None:
    # A span that crosses a newline of the article goes on over the next .ann line.
    content = "T1\tContent 10 24\tthe vote\nwas a\nT2\tCue 4 9\twrote\n"
    ann = parse_ann(content)
    assert ann.spans["T1"].text == "the vote\nwas a"
    assert ann.spans["T2"].text == "wrote"


def test_brat_event_without_arguments_and_trailing_space() -> None:
    ann = parse_ann("T83\tAttribution-no-source 5 9\tsaid\nE21\tAttribution-no-source:T83 \n")
    assert ann.events[0].label == "Attribution-no-source"
    assert ann.events[0].arguments == ()


def test_brat_notes_and_other_entries_are_skipped() -> None:
    ann = parse_ann("T1\tCue 0 4\tsaid\n#1\tAnnotatorNotes T1\tunsure\nA1\tNegated T1\n")
    assert list(ann.spans) == ["T1"]
    assert ann.events == ()


@pytest.mark.parametrize(
    "content",
    ["T1\tSource x y\tShe\n", "T1\tSource 5 3\tShe\n", "T1\tSource\n", "E1\tAttribution\n",
     "stray words\n"],
)
def test_brat_malformed_lines_raise_input_error(content: str) -> None:
    with pytest.raises(InputError):
        parse_ann(content, label="bad.ann")


def test_brat_surface_joins_fragments_with_a_space() -> None:
    assert surface("abc def ghi", ((8, 11), (0, 3))) == "ghi abc"


def test_brat_fixture_offsets_match_text() -> None:
    for name, annotator in ((BRIDGE, "aa11"), (SENATOR, "bb22"), (SENATOR, "aa11")):
        ann = read_ann(FIXTURE / "attributions" / f"{name}_{annotator}.ann")
        text = (FIXTURE / "text" / f"{name}.txt").read_bytes().decode("utf-8")
        assert check_offsets(ann, text) == []


def test_brat_fixture_discontinuous_and_multi_line_spans() -> None:
    bridge = read_ann(FIXTURE / "attributions" / f"{BRIDGE}_aa11.ann")
    assert len(bridge.spans["T5"].fragments) == 2
    senator = read_ann(FIXTURE / "attributions" / f"{SENATOR}_bb22.ann")
    assert senator.spans["T3"].text == "the vote\nwas a mistake"
    assert [e.id for e in senator.events] == ["E1"]


def test_brat_check_offsets_catches_translated_newlines() -> None:
    # Reading with newline translation the other way ("\n" -> "\r\n") shifts every offset.
    ann = read_ann(FIXTURE / "attributions" / f"{SENATOR}_bb22.ann")
    text = (FIXTURE / "text" / f"{SENATOR}.txt").read_text(encoding="utf-8")
    problems = check_offsets(ann, text.replace("\n", "\r\n"))
    assert problems and problems[0].startswith("T1 Source")


def test_brat_check_offsets_accepts_newline_written_as_space() -> None:
    ann = parse_ann("T1\tContent 0 12\tthe vote was\n")
    assert check_offsets(ann, "the vote\nwas") == []
