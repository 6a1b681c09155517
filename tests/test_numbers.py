"""Numbers in words and digits: one reader for the lengths of time expressions and the
amounts of events."""

from __future__ import annotations

import pytest

from claimledger.nlp.numbers import parse_number

# (words as written, value): a phrase is read whole; None for a vague amount.
NUMBERS = [
    # as time expressions write them ("two and a half years", "a week")
    ("twenty-five", 25), ("twenty five", 25), ("two and a half", 2.5), ("one-and-a-half", 1.5),
    ("a", 1), ("an", 1), ("one", 1), ("a dozen", 12), ("1.5", 1.5), ("nineteen", 19),
    ("several", None), ("a few", None), ("a couple of", None), ("some", None),
    # as amounts of events write them ("1,000 prisoners", "$3.5 million")
    ("1,000", 1000), ("two", 2), ("3.5 million", 3.5e6), ("a million", 1e6), ("two hundred", 200),
    ("a hundred", 100), ("one hundred and fifty", 150), ("1.2 bn", 1.2e9), ("5m", 5e6),
    ("dozens", None), ("hundreds", None), ("hundred", None), ("a few thousand", None),
    ("$20 million to $30 million", None),
]


@pytest.mark.parametrize(("words", "value"), NUMBERS)
def test_numbers_parse_number(words: str, value: float | None) -> None:
    assert parse_number(words) == value
    assert parse_number(words.split()) == value  # the same read from tokens


def test_numbers_empty_phrase_is_no_number() -> None:
    assert parse_number([]) is None
    assert parse_number("") is None
