"""Quote-mark pairing on raw text: every style, nesting, apostrophes, unbalanced marks."""

from __future__ import annotations

import pytest

from claimledger.nlp.quotemarks import find_quotations

CASES = [
    ("He said “it is over” today.", ["it is over"]),
    ('He said "it is over" today.', ["it is over"]),
    ("She called it ‘a disgrace’ and left.", ["a disgrace"]),
    ("She called it 'a disgrace' and left.", ["a disgrace"]),
    ("Il a dit « c’est fini » hier.", ["c’est fini"]),
    ("“We said ‘no’ twice,” he recalled.", ["We said ‘no’ twice,"]),
    ("‘The word “never” was used,’ she said.", ["The word “never” was used,"]),
    ("It’s Putin’s plan, not the dogs’ dinner.", []),
    ("Rock'n'roll in the '90s was 'loud,' he said.", ["loud,"]),
    ("“First,” he said. “Second.”", ["First,", "Second."]),
    ("“One paragraph\n“and the next one.”\nThen narration.", ["One paragraph\n“and the next one."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quotemarks_pairs(text: str, expected: list[str]) -> None:
    quotations, warnings = find_quotations(text)
    assert [text[q.start : q.end] for q in quotations] == expected
    assert warnings == []


def test_quotemarks_multi_paragraph_counts_paragraphs() -> None:
    text = "“A first part.\n“A second part.\n“The end.”"
    (quotation,), _ = find_quotations(text)
    assert quotation.paragraphs == 3
    assert text[quotation.start : quotation.end].endswith("The end.")


@pytest.mark.parametrize(
    "text",
    [
        "He said “this never closes.\nA new paragraph with “a real quote” here.",
        "A stray closing mark” and then “a good one”.",
        "Unclosed at the very end: “and so on",
    ],
)
def test_quotemarks_unbalanced_warns_and_keeps_the_rest(text: str) -> None:
    quotations, warnings = find_quotations(text)
    assert len(warnings) == 1
    assert warnings[0].code == "unbalanced_quote"
    assert text[warnings[0].offset] in "“”"
    kept = [text[q.start : q.end] for q in quotations]
    assert kept in (["a real quote"], ["a good one"], [])


def test_quotemarks_empty_and_markless_text() -> None:
    assert find_quotations("") == ([], [])
    assert find_quotations("No quotes at all.") == ([], [])
