"""Amounts: the number words of an entity, on hand-built Docs (no model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from claimledger.nlp.numbers import parse_number
from claimledger.nlp.quantities import number_words

VOCAB = spacy.blank("en").vocab


def entity(words: list[str], pos: list[str]) -> Doc:
    """A Doc whose words are all one CARDINAL entity, with the given parts of speech."""
    ents = ["B-CARDINAL"] + ["I-CARDINAL"] * (len(words) - 1)
    return Doc(VOCAB, words=words, pos=pos, ents=ents)


# (words, parts of speech, the number's words, value)
AMOUNTS = [
    (["about", "300"], ["ADV", "NUM"], ["300"], 300),
    (["a", "million"], ["DET", "NUM"], ["a", "million"], 1e6),
    (["an", "additional", "500"], ["DET", "ADJ", "NUM"], ["500"], 500),
    (["a", "few", "thousand"], ["DET", "ADJ", "NUM"], ["thousand"], None),
    (["1,500", "to", "2,000"], ["NUM", "ADP", "NUM"], ["1,500", "to", "2,000"], None),
    (["24", "A320s"], ["NUM", "NUM"], ["24"], 24),
    (["a", "few"], ["DET", "ADJ"], [], None),
]


@pytest.mark.parametrize(("words", "pos", "number", "value"), AMOUNTS)
def test_quantities_number_words(words: list[str], pos: list[str], number: list[str],
                                 value: float | None) -> None:
    doc = entity(words, pos)
    assert number_words(doc.ents[0]) == number
    assert parse_number(number) == value
