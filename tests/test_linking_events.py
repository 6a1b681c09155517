"""Cross-article event linking on hand-built event records (no model, no database)."""

from __future__ import annotations

import json
import time

import pytest

from claimledger.linking.events import (
    NEIGHBOURS,
    EventRef,
    best_match,
    blocking_keys,
    candidate_pairs,
    cluster,
    compare,
    confidence,
    link_in_order,
    name_words,
    names_match,
    profile,
    sentence_words,
    stem,
    trigger_lemma,
)


def swap(article: str, date: str | None = "2025-05-23", participants: tuple[str, ...] = ("Russia", "Ukraine"),
         places: tuple[str, ...] = ("Istanbul",), **kwargs: object) -> EventRef:
    fields: dict[str, object] = {
        "key": (article, "V1"), "type": "exchange_prisoners", "trigger": "prisoner swap", "lemma": "swap",
        "date": date, "published": "2025-05-24", "participants": participants, "places": places,
        "factuality": "happened",
    }
    fields.update(kwargs)
    return EventRef(**fields)  # type: ignore[arg-type]


def test_linking_events_same_event_with_evidence() -> None:
    link = compare(swap("a1"), swap("a2", trigger="exchange", lemma="exchange",
                                     participants=("Ukrainian",)))
    assert link is not None and 0.5 <= link.confidence <= 1
    assert link.a == ("a1", "V1") and link.b == ("a2", "V1")
    assert link.evidence[0] == "same type exchange_prisoners (swap, exchange)"
    assert "shared participant Ukraine" in link.evidence
    assert "same day 2025-05-23" in link.evidence
    assert "same place Istanbul" in link.evidence


@pytest.mark.parametrize("other", [
    swap("a2", date="2025-08-01"),  # months apart: a second swap
    swap("a2", type="attack", trigger="attack", lemma="attack"),  # nothing in common about what happened
    swap("a1"),  # the same record
])
def test_linking_events_ruled_out(other: EventRef) -> None:
    assert compare(swap("a1"), other) is None


def test_linking_events_speech_needs_the_same_speaker() -> None:
    said = dict(type=None, trigger="said", lemma="say", places=())
    assert compare(swap("a1", participants=("Ana Ruiz",), **said),
                   swap("a2", participants=("Lee Chan",), **said)) is None
    assert compare(swap("a1", participants=("Ana Ruiz",), **said),
                   swap("a2", participants=("Ruiz",), **said)) is not None


def test_linking_events_negated_event_weighs_against() -> None:
    plain = compare(swap("a1"), swap("a2"))
    negated = compare(swap("a1"), swap("a2", factuality="negated"))
    assert plain is not None
    assert negated is None or negated.confidence < plain.confidence


def test_linking_events_from_ledger_row() -> None:
    row = {"article_id": "f00d", "id": "V2", "type": "exchange_prisoners", "trigger_text": "prisoner swaps",
           "trigger_start": 4, "trigger_end": 18, "factuality": "happened",
           "participants": json.dumps([{"role": "party", "entity": "E1", "name": "Russia"}]),
           "places": [{"name": "Istanbul", "entity": "E3"}]}
    text = "The prisoner swaps took place in Istanbul on Friday.\nNext line."
    ref = EventRef.from_ledger_row(row, "2025-05-23", "2025-05-24", context=["Russia"], text=text)
    assert ref.key == ("f00d", "V2")
    assert (ref.lemma, ref.date, ref.published) == ("swaps", "2025-05-23", "2025-05-24")
    assert ref.participants == ("Russia",) and ref.places == ("Istanbul",)
    assert ref.words == ("took", "plac", "istanbul", "friday")
    bare = EventRef.from_ledger_row({**row, "participants": "[]", "places": None}, None, None)
    assert (bare.participants, bare.places, bare.date, bare.words) == ((), (), None, ())


@pytest.mark.parametrize("one,other,same", [
    ("Lindsay Lohan", "Lohan", True),
    ("Lohan's", "lohan", True),
    ("the U.S.", "US", True),
    ("Ukrainian", "Ukraine", True),
    ("Russian", "Russia", True),
    ("Betty Ford Center", "Ford", False),  # not the last word
    ("Ana Ruiz", "Ana Lopez", False),
    ("Indiana", "India", False),
])
def test_linking_events_names_match(one: str, other: str, same: bool) -> None:
    assert names_match(name_words(one), name_words(other)) is same


@pytest.mark.parametrize("word,expected", [
    ("shootings", "shoot"), ("shooting", "shoot"), ("shoot", "shoot"), ("announcement", "announc"),
    ("announced", "announc"), ("nomination", "nominat"), ("nominated", "nominat"), ("stopped", "stop"),
])
def test_linking_events_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_linking_events_trigger_lemma() -> None:
    assert trigger_lemma("prisoner swap") == "swap"
    assert trigger_lemma("step down") == "step"
    assert trigger_lemma("") == ""


def test_linking_events_sentence_words() -> None:
    text = "Talks ended. Lohan checked into a Malibu rehab facility on Friday. She left."
    start = text.index("checked")
    assert sentence_words(text, start, start + len("checked")) == ("lohan", "malibu", "rehab", "facility",
                                                                 "friday")


def test_linking_events_blocking_keys_span_neighbouring_weeks() -> None:
    keys = blocking_keys(swap("a1"))
    assert "stem:swap@2025-W21" in keys and "type:exchange_prisoners@2025-W20" in keys
    assert "stem:swap@2025-W22" in keys
    assert blocking_keys(swap("a1", date=None, published=None)) == ["stem:swap@undated",
                                                                    "type:exchange_prisoners@undated"]


def test_linking_events_cluster_groups_articles() -> None:
    refs = [swap("a1"), swap("a2"), swap("a3", trigger="exchange", lemma="exchange"),
            swap("a4", date="2025-09-10", published="2025-09-10"),
            swap("a5", type="attack", trigger="attack", lemma="attack")]
    assert cluster(refs) == [[("a1", "V1"), ("a2", "V1"), ("a3", "V1")], [("a4", "V1")], [("a5", "V1")]]


def test_linking_events_link_in_order_groups_as_cluster_does_here() -> None:
    refs = [swap("a1"), swap("a2"), swap("a3", trigger="exchange", lemma="exchange"),
            swap("a4", date="2025-09-10", published="2025-09-10"),
            swap("a5", type="attack", trigger="attack", lemma="attack")]
    assert link_in_order(refs) == cluster(refs)


def test_linking_events_link_in_order_joins_the_best_earlier_match() -> None:
    """One at a time, each event joins the cluster of its best earlier match (a3 matches
    a1 at 0.85 and a2 at 0.98) or starts one (a2 does not match a1). Average linkage
    over all three merges them: a1's scores with the pair average 0.58."""
    first = swap("a1", date="2025-09-01", published="2025-09-01", participants=("Russia", "Ukraine"),
                 places=())
    second = swap("a2", date="2025-09-10", published="2025-09-10", participants=("Armenia",),
                  places=("Geneva",))
    third = swap("a3", date="2025-09-10", published="2025-09-11", participants=("Russia", "Armenia"),
                 places=("Geneva",))
    assert confidence(second, first) is None
    assert confidence(third, first) == 0.8455 and confidence(third, second) == 0.9759
    assert link_in_order([first, second, third]) == [[("a1", "V1")], [("a2", "V1"), ("a3", "V1")]]
    assert cluster([first, second, third]) == [[("a1", "V1"), ("a2", "V1"), ("a3", "V1")]]


def test_linking_events_best_match_breaks_ties_by_rank_in_any_order() -> None:
    new, twin_one, twin_two = swap("n"), swap("t1"), swap("t2")
    assert confidence(new, twin_one) == confidence(new, twin_two) is not None
    apart = swap("x", date="2025-08-01")
    for candidates in ([(2, twin_two), (1, twin_one), (0, apart)], [(1, twin_one), (2, twin_two)]):
        found = best_match(new, candidates)
        assert found is not None and found[1] == 1  # the least rank of the equal best
    assert best_match(new, [(0, apart)]) is None and best_match(new, []) is None


def test_linking_events_cluster_scales_with_blocking() -> None:
    # 5,000 events of one type over 200 days: each is compared with a bounded number of
    # others (blocks by week; a block over MAX_BLOCK compares date-order neighbours only).
    refs = [swap(f"a{n}", date=None, published=f"2025-{1 + (n % 200) // 28:02d}-{1 + (n % 200) % 28:02d}",
                 participants=(f"Party {n % 97}",), places=(), lemma="swap")
            for n in range(5_000)]
    pairs = candidate_pairs([profile(r) for r in refs])
    assert len(pairs) <= 6 * NEIGHBOURS * len(refs)
    started = time.perf_counter()
    groups = cluster(refs)
    assert sorted(k for g in groups for k in g) == sorted(r.key for r in refs)
    assert time.perf_counter() - started < 30  # about 3 s on a laptop core
