"""MUC, B³, CEAF-e and CoNLL F1 on small cases worked out by hand (the arithmetic is in
each test), and the assignment step against brute force."""

from __future__ import annotations

import itertools
import random

import pytest

from claimledger.evaluation.coref_scores import b_cubed, best_assignment, ceaf_e, muc, phi4, score_all

# key: {a b c} {d e} {f};  response: {a b} {c d e} {f}
KEY = [{"a", "b", "c"}, {"d", "e"}, {"f"}]
RESPONSE = [{"a", "b"}, {"c", "d", "e"}, {"f"}]


def test_coref_scores_muc_counts_links() -> None:
    # recall: {a b c} falls into 2 response parts -> 3-2 = 1; {d e} into 1 -> 1; {f} -> 0;
    #         links in the key: 2 + 1 + 0 = 3 -> R = 2/3
    # precision: {a b} in 1 key part -> 1; {c d e} in 2 -> 1; {f} -> 0; links 1 + 2 + 0 -> P = 2/3
    score = muc(KEY, RESPONSE)
    assert score.recall == pytest.approx(2 / 3)
    assert score.precision == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(2 / 3)


def test_coref_scores_b_cubed_averages_over_mentions() -> None:
    # recall: {a b c}: (2² + 1²)/3 = 5/3; {d e}: 2²/2 = 2; {f}: 1 -> 14/3 over 6 mentions = 7/9
    # precision: {a b}: 2²/2 = 2; {c d e}: (1² + 2²)/3 = 5/3; {f}: 1 -> 14/3 over 6 = 7/9
    score = b_cubed(KEY, RESPONSE)
    assert score.recall == pytest.approx(7 / 9)
    assert score.precision == pytest.approx(7 / 9)


def test_coref_scores_ceaf_e_aligns_clusters_one_to_one() -> None:
    # φ4({a b c},{a b}) = 2·2/(3+2) = 4/5; φ4({a b c},{c d e}) = 2·1/6 = 1/3;
    # φ4({d e},{c d e}) = 2·2/5 = 4/5; φ4({f},{f}) = 1.
    # best alignment: 4/5 + 4/5 + 1 = 13/5; R = P = (13/5)/3 = 13/15
    assert phi4(frozenset("abc"), frozenset("ab")) == pytest.approx(4 / 5)
    score = ceaf_e(KEY, RESPONSE)
    assert score.recall == pytest.approx(13 / 15)
    assert score.precision == pytest.approx(13 / 15)


def test_coref_scores_conll_is_the_mean_f1() -> None:
    # (2/3 + 7/9 + 13/15) / 3 = (30 + 35 + 39) / 135 = 104/135
    assert score_all(KEY, RESPONSE).conll_f1 == pytest.approx(104 / 135)


def test_coref_scores_perfect_response() -> None:
    scores = score_all(KEY, KEY)
    assert (scores.muc.f1, scores.b_cubed.f1, scores.ceaf_e.f1) == pytest.approx((1, 1, 1))


def test_coref_scores_singletons_have_no_muc_links() -> None:
    # All singletons on both sides: no link anywhere, so MUC is 0 (the reference scorer's
    # convention), while B³ and CEAF-e give full credit: each mention is alone on both sides.
    singletons = [{"a"}, {"b"}, {"c"}]
    scores = score_all(singletons, singletons)
    assert (scores.muc.precision, scores.muc.recall, scores.muc.f1) == (0, 0, 0)
    assert scores.b_cubed.f1 == pytest.approx(1)
    assert scores.ceaf_e.f1 == pytest.approx(1)
    assert scores.conll_f1 == pytest.approx(2 / 3)


def test_coref_scores_everything_merged_against_singletons() -> None:
    # key {a} {b} {c}; response {a b c}.
    # MUC recall: no key links -> 0. MUC precision: {a b c} splits into 3 key parts: (3-3)/2 = 0.
    # B³ recall: each key cluster lies in one response cluster: 1 + 1 + 1 over 3 -> 1.
    # B³ precision: {a b c} meets three key clusters once each: (1² + 1² + 1²)/3 = 1 over 3 -> 1/3.
    # CEAF-e: φ4({a},{a b c}) = 2/(1+3) = 1/2, one pair aligned: R = (1/2)/3, P = (1/2)/1.
    key = [{"a"}, {"b"}, {"c"}]
    response = [{"a", "b", "c"}]
    scores = score_all(key, response)
    assert (scores.muc.precision, scores.muc.recall) == (0, 0)
    assert scores.b_cubed.recall == pytest.approx(1)
    assert scores.b_cubed.precision == pytest.approx(1 / 3)
    assert scores.ceaf_e.recall == pytest.approx(1 / 6)
    assert scores.ceaf_e.precision == pytest.approx(1 / 2)


def test_coref_scores_all_split_against_one_cluster() -> None:
    # key {a b c d}; response {a} {b} {c d}.
    # MUC recall: 4 - 3 parts = 1 over 3 links -> 1/3; precision: response links 0+0+1 = 1,
    #   {c d} lies in one key cluster -> 1/1 = 1.
    # B³ recall: (1² + 1² + 2²)/4 = 6/4 over 4 mentions = 3/8; precision: 1 + 1 + 2²/2 = 4 over 4 = 1.
    key = [{"a", "b", "c", "d"}]
    response = [{"a"}, {"b"}, {"c", "d"}]
    scores = score_all(key, response)
    assert scores.muc.recall == pytest.approx(1 / 3)
    assert scores.muc.precision == pytest.approx(1)
    assert scores.b_cubed.recall == pytest.approx(3 / 8)
    assert scores.b_cubed.precision == pytest.approx(1)
    # CEAF-e: the one key cluster aligns with {c d}: φ4 = 2·2/(4+2) = 2/3; R = 2/3, P = (2/3)/3
    assert scores.ceaf_e.recall == pytest.approx(2 / 3)
    assert scores.ceaf_e.precision == pytest.approx(2 / 9)


def test_coref_scores_missing_response_mentions_count_as_apart() -> None:
    # key {a b c}; response {a b} (c missing). MUC recall: parts {a b}, {c} -> (3-2)/2 = 1/2.
    # B³ recall: 2²/3 over 3 mentions = 4/9.
    scores = score_all([{"a", "b", "c"}], [{"a", "b"}])
    assert scores.muc.recall == pytest.approx(1 / 2)
    assert scores.b_cubed.recall == pytest.approx(4 / 9)


def test_coref_scores_reject_a_mention_in_two_clusters() -> None:
    with pytest.raises(ValueError, match="two clusters"):
        muc([{"a", "b"}, {"b"}], [{"a"}])


def test_coref_scores_assignment_beats_greedy() -> None:
    # greedy takes 0.9 first and is left with 0.1 (total 1.0); the best is 0.8 + 0.8 = 1.6
    assert best_assignment([[0.9, 0.8], [0.8, 0.1]]) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("rows,columns", [(3, 3), (2, 5), (5, 2), (4, 4), (1, 3)])
def test_coref_scores_assignment_matches_brute_force(rows: int, columns: int) -> None:
    rng = random.Random(rows * 10 + columns)
    for _ in range(20):
        weights = [[round(rng.random(), 3) for _ in range(columns)] for _ in range(rows)]
        pairs = best_assignment(weights)
        assert len(pairs) == min(rows, columns)
        assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
        if rows <= columns:
            best = max(sum(weights[r][c] for r, c in enumerate(p))
                       for p in itertools.permutations(range(columns), rows))
        else:
            best = max(sum(weights[r][c] for c, r in enumerate(p))
                       for p in itertools.permutations(range(rows), columns))
        assert sum(weights[r][c] for r, c in pairs) == pytest.approx(best)
