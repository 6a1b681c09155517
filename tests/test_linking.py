"""Linking rules on their own (no database, no model): stems, reprints, names, claims, standing."""

from __future__ import annotations

import pytest

from claimledger.linking import claims as claim_linking
from claimledger.linking import entities as entity_linking
from claimledger.linking import fingerprints
from claimledger.linking.standing import Entry, derive
from claimledger.linking.text import content_stems, negated, stem, words

WIRE = (
    "Officials in two neighbouring states said on Tuesday that a new rail line between their capitals "
    "would open next spring, after a decade of delays caused by funding disputes and a change of "
    "government. The transport minister told reporters the first trains would run in April and that "
    "tickets would cost less than a bus fare. Critics said the project had already cost twice its budget."
)


def test_linking_text_folds_and_stems() -> None:
    assert words("Zelenskyy’s “1,000” prisoners") == ["zelenskyy", "1000", "prisoners"]
    assert stem("completed") == stem("complete") == stem("completion") == "complet"
    assert stem("stopped") == "stop"
    assert content_stems("He said the swap was complete") == {"swap", "complet"}
    assert negated("the swap was not complete") and not negated("the swap was complete")


def test_linking_text_folds_accents_ligatures_and_apostrophes() -> None:
    # Decomposed and precomposed accents alike; "ł" has no decomposition and stays.
    assert words("Cafe\u0301 Café Łódź’s ﬁnal 1,000.50 U.S. d’Estaing’s co-op Ångström 3rd") == [
        "cafe", "cafe", "łodz", "final", "1000.50", "u", "s", "d'estaing", "co", "op", "angstrom", "3rd"]
    assert words("") == [] and words("’s") == ["s"]


def test_linking_fingerprints_are_stable_and_packed_alike() -> None:
    """A shingle is the first 8 bytes of its BLAKE2b digest, little-endian: stored
    fingerprints compare with new ones only while this holds."""
    import hashlib

    import numpy as np

    digest = hashlib.blake2b(b"new\x1frail\x1fline", digest_size=8).digest()
    assert int.from_bytes(digest, "little") in fingerprints.shingles(WIRE)
    packed = fingerprints.packed_shingles(WIRE)
    assert packed.dtype == np.uint64 and packed.tolist() == sorted(fingerprints.shingles(WIRE))
    assert (fingerprints.minhash(packed) == fingerprints.minhash(fingerprints.shingles(WIRE))).all()
    assert len(fingerprints.packed_shingles("Yes.")) == 1  # padded to one shingle


def test_linking_fingerprints_find_a_reprint_and_not_a_different_story() -> None:
    reprint = "CAPITAL (Wire) - " + WIRE.replace("Tuesday", "Tuesday evening") + " Local reaction was mixed."
    other = (
        "A football club announced on Monday that its stadium would be rebuilt with a larger roof, "
        "and the mayor said the city would pay for new roads around it before the season begins."
    )
    a, b, c = (fingerprints.shingles(t) for t in (WIRE, reprint, other))
    near = fingerprints.resemblance(a, b)
    assert near is not None and near.near_duplicate and near.confidence > 0.8
    far = fingerprints.resemblance(a, c)
    assert far is not None and not far.near_duplicate
    # The MinHash estimate tracks the exact Jaccard, and the signature survives storage.
    sa, sb = fingerprints.minhash(a), fingerprints.minhash(b)
    assert abs(fingerprints.estimated_jaccard(sa, sb) - near.jaccard) < 0.2
    assert (fingerprints.from_hex(fingerprints.to_hex(sa)) == sa).all()
    assert set(fingerprints.bands(sa)) & set(fingerprints.bands(sb))


def test_linking_fingerprints_refuse_to_judge_tiny_texts() -> None:
    assert fingerprints.resemblance(fingerprints.shingles("Yes."), fingerprints.shingles("Yes.")) is None


def person(
    name: str, item: str = "E1", article: str = "a", roles: tuple[str, ...] = ()
) -> entity_linking.EntityRef:
    return entity_linking.EntityRef(article, item, name, "PERSON", roles)


@pytest.mark.parametrize(
    ("new", "old", "unique", "rule"),
    [
        ("Sergei Lavrov", "sergei lavrov", True, "name"),
        ("S. Lavrov", "Sergei Lavrov", True, "initial"),
        ("Lavrov", "Sergei Lavrov", True, "surname"),
        ("Lavrov", "Sergei Lavrov", False, None),  # two people with the surname: no guess
        ("Anna Smith", "John Smith", True, None),  # different first names: different people
        ("Mr Lavrov", "Sergei Lavrov", True, "surname"),  # the title is not part of the name
    ],
)
def test_linking_person_names(new: str, old: str, unique: bool, rule: str | None) -> None:
    match = entity_linking.compare(person(new, article="b"), person(old), surname_unique=unique)
    assert (match.rule if match else None) == rule


def test_linking_organisation_acronym_and_type_guard() -> None:
    nato = entity_linking.EntityRef("b", "E1", "NATO", "ORG")
    full = entity_linking.EntityRef("a", "E1", "the North Atlantic Treaty Organization", "ORG")
    match = entity_linking.compare(nato, full, surname_unique=False)
    assert match is not None and match.rule == "acronym"
    georgia_state = entity_linking.EntityRef("a", "E2", "Georgia", "GPE")
    georgia_person = entity_linking.EntityRef("b", "E2", "Georgia", "PERSON")
    assert entity_linking.compare(georgia_person, georgia_state, surname_unique=True) is None


def test_linking_roles_are_evidence() -> None:
    match = entity_linking.compare(
        person("Sergei Lavrov", roles=("foreign", "minister")),
        person("Sergei Lavrov", roles=("minister",)),
        surname_unique=True,
    )
    assert match is not None and any("minister" in e for e in match.evidence)


def claim(
    text: str,
    article: str = "a",
    cue: str | None = "said",
    source: str | None = "X",
    events: frozenset[str] = frozenset(),
    event_words: frozenset[str] = frozenset(),
) -> claim_linking.ClaimRef:
    return claim_linking.ClaimRef.build(
        article,
        "C1",
        text,
        source_name=source,
        source_key=source,
        cue=cue,
        events=events,
        event_words=event_words,
    )


def test_linking_claims_may_match_is_a_bound_never_a_verdict() -> None:
    """Wherever may_match says no, compare finds no match, with or without shared events;
    and it says no to some pairs that do share keys (it saves comparisons)."""
    texts = [
        "the swap was complete", "the prisoner swap was completed on Friday",
        "the exchange of prisoners had been completed", "talks on the swap would resume in Istanbul",
        "the swap was not complete", "officials said the exchange was under way",
        "both sides confirmed the prisoner exchange", "prices will rise next year",
        "the rail line would open next spring after years of delays",
        "the first trains would run in April", "the new rail line opens in spring",
    ]
    event_sets = [frozenset(), frozenset({"a:V1"})]
    refs = [claim(text, article=f"a{n}", events=events,
                  event_words=frozenset({"swap", "exchang"}) & content_stems(text) if events else frozenset())
            for n, text in enumerate(texts) for events in event_sets]
    refused = 0
    for new in refs:
        for old in refs:
            shared = len(set(new.blocking_keys()) & set(old.blocking_keys()))
            if not claim_linking.may_match(new, old, shared):
                refused += 1
                assert claim_linking.compare(new, old) is None, (new.text, old.text)
    assert refused > 0
    # The bound is on shared keys: the same pair with more shared keys is not refused.
    a, b = claim("the swap was complete"), claim("prices will rise next year")
    assert not claim_linking.may_match(a, b, 0) and claim_linking.may_match(a, b, 5)


def test_linking_claims_paraphrase_through_a_shared_event() -> None:
    old = claim("the swap was complete", events=frozenset({"a:V1"}), event_words=frozenset({"swap"}))
    new = claim(
        "the exchange had been completed",
        article="b",
        cue="confirmed",
        source="Ministry",
        events=frozenset({"a:V1"}),
        event_words=frozenset({"exchang"}),
    )
    match = claim_linking.compare(new, old)
    assert match is not None and "@a:V1" in match.shared
    assert claim_linking.response(new, old, party=False) == "confirmed"
    # Without the shared event the two words differ and there is no link.
    assert (
        claim_linking.compare(
            claim("the exchange had been completed", article="b"), claim("the swap was complete")
        )
        is None
    )


def test_linking_claims_responses() -> None:
    old = claim("the swap had been completed on Friday")
    assert (
        claim_linking.response(claim("the swap had been completed", cue="denied"), old, party=True)
        == "denied"
    )
    assert (
        claim_linking.response(claim("the swap had been completed", cue="denies"), old, party=False)
        == "disputed"
    )
    assert claim_linking.response(claim("the swap had not been completed"), old, party=False) == "disputed"
    assert claim_linking.response(claim("the swap had been completed"), old, party=False) == "repeats"
    assert claim_linking.cue_lemma("has confirmed") == "confirm"
    assert claim_linking.cue_lemma("denied") == "deny"


def test_linking_claims_do_not_link_on_one_shared_word_or_a_long_paragraph() -> None:
    assert claim_linking.compare(claim("prices will rise", article="b"), claim("prices will fall")) is None
    long_text = (
        "the government said the swap was complete and announced new taxes on fuel, tobacco, "
        "alcohol, sugar, imported cars, luxury watches and private jets from next year"
    )
    assert claim_linking.compare(claim(long_text, article="b"), claim("the swap was complete")) is None


def entry(n: int, date: str | None, relation: str, source: str = "S", counted: bool = True) -> Entry:
    return Entry(n, date, relation, source, counted)


@pytest.mark.parametrize(
    ("entries", "standing", "decided_by"),
    [
        ([entry(1, "2025-05-23", "claimed")], "claimed", 1),
        ([entry(1, "2025-05-23", "claimed"), entry(2, "2025-05-23", "unconfirmed")], "unconfirmed", 2),
        # A later confirmation answers "no confirmation" and an earlier denial.
        (
            [
                entry(1, "2025-05-23", "claimed"),
                entry(2, "2025-05-23", "unconfirmed"),
                entry(3, "2025-05-24", "denied", "K"),
                entry(4, "2025-05-25", "confirmed", "M"),
            ],
            "confirmed",
            4,
        ),
        # A rejection after a confirmation: the record conflicts.
        (
            [
                entry(1, "2025-05-23", "claimed"),
                entry(2, "2025-05-24", "confirmed", "M"),
                entry(3, "2025-05-25", "denied", "K"),
            ],
            "disputed",
            3,
        ),
        # Confirmed and rejected on the same day: disputed, whatever the order stored.
        (
            [
                entry(1, "2025-05-23", "claimed"),
                entry(3, "2025-05-24", "denied", "K"),
                entry(2, "2025-05-24", "confirmed", "M"),
            ],
            "disputed",
            3,
        ),
        # The strongest rejection so far wins.
        (
            [
                entry(1, "2025-05-23", "claimed"),
                entry(2, "2025-05-24", "unfounded", "K"),
                entry(3, "2025-05-25", "disputed", "L"),
            ],
            "unfounded",
            2,
        ),
        # A reprint's confirmation is shown, not counted.
        (
            [entry(1, "2025-05-23", "claimed"), entry(2, "2025-05-25", "confirmed", "M", counted=False)],
            "claimed",
            1,
        ),
        # Undated entries come after the dated ones.
        ([entry(1, None, "confirmed", "M"), entry(2, "2025-05-23", "unconfirmed")], "confirmed", 1),
    ],
)
def test_linking_standing_rules(entries: list[Entry], standing: str, decided_by: int) -> None:
    current = derive(entries)
    assert (current.standing, current.decided_by) == (standing, decided_by)


def test_linking_standing_counts_independent_sources() -> None:
    current = derive(
        [
            entry(1, "2025-05-23", "claimed", "A"),
            entry(2, "2025-05-24", "confirmed", "B"),
            entry(3, "2025-05-24", "confirmed", "B"),
            entry(4, "2025-05-24", "confirmed", "C", False),
        ]
    )
    assert (current.entries, current.sources) == (3, 2)


@pytest.mark.parametrize(
    ("new", "old", "why"),
    [
        ("the company will cut 2,000 jobs", "the company will cut 200 jobs", "amounts"),
        ("the plant will close in March", "the plant will close in May", "dates"),
        ("fuel prices will rise next year", "fuel prices will fall next year", "opposite"),
        ("the court upheld the ruling", "the court overturned the ruling", "opposite"),
    ],
)
def test_linking_claims_that_disagree_on_a_detail_are_not_linked(new: str, old: str, why: str) -> None:
    a, b = claim(new, article="b"), claim(old)
    assert claim_linking.compare(a, b) is None
    reason = claim_linking.conflict(new, old, a.stems, b.stems)
    assert reason is not None and why in reason


def test_linking_claims_amounts_in_words_and_digits_meet() -> None:
    assert claim_linking.compare(claim("twelve miners were rescued", article="b"),
                                 claim("12 miners were rescued")) is not None
    # A detail only one side gives is no conflict: the shorter claim is inside the longer.
    assert claim_linking.compare(claim("the mine reopened after the flood on Monday with 300 workers",
                                       article="b"), claim("the mine reopened after the flood")) is not None


def test_linking_claims_party_negation_is_a_denial() -> None:
    old = claim("the senator met the lobbyist")
    assert claim_linking.response(claim("the senator did not meet the lobbyist"), old, party=True) == "denied"
    contested = claim("the senator met the lobbyist", cue="disputed")
    assert claim_linking.response(contested, old, party=True) == "disputed"


def test_linking_choice_best_is_the_highest_score_then_the_least_rank() -> None:
    from claimledger.linking.choice import best

    assert best([(0.7, 3), (None, 0), (0.9, 5), (0.9, 2), (0.8, 1)]) == (0.9, 2)
    assert best([(0.9, 2), (0.9, 5)]) == best([(0.9, 5), (0.9, 2)]) == (0.9, 2)
    assert best([(None, 1)]) is None and best([]) is None
