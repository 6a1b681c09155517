"""Coreference scores: MUC, B³, CEAF-e and the CoNLL F1, from their published definitions.

A *clustering* is a collection of clusters, each a collection of mention ids (any hashable).
The *key* is the gold clustering, the *response* the system's. Every function here is pure
and knows nothing about corpora.

* **MUC** (Vilain et al., MUC-6 1995) counts links. Recall:
  ``Σ_K (|K| − |p(K)|) / Σ_K (|K| − 1)`` where ``p(K)`` is the partition of key cluster ``K``
  by the response clusters (a key mention the response lacks is a part of its own);
  precision is the same with key and response swapped. A singleton has no link, so it adds
  nothing to either side; when a side has no link at all its score is 0 (as in the reference
  scorer), so a key of singletons scored against itself has MUC 0, not 1.
* **B³** (Bagga and Baldwin, 1998) averages over mentions. Recall:
  ``Σ_K Σ_R |K ∩ R|² / |K|`` over ``Σ_K |K|``; precision the same over ``Σ_R |R|``
  with ``|R|`` in the first denominator. Singletons count like any cluster.
* **CEAF-e** (Luo, 2005), entity-based, with ``φ4(K, R) = 2 |K ∩ R| / (|K| + |R|)``: the
  one-to-one alignment of key and response clusters with the largest total similarity
  ``Φ``; recall ``Φ / #key clusters``, precision ``Φ / #response clusters``. The alignment
  is solved exactly (Hungarian method, :func:`best_assignment`), separately on each group
  of clusters that share mentions, since clusters that share none have ``φ4 = 0`` and can
  only be aligned for nothing: that keeps thousands of singletons cheap.
* **CoNLL F1** (Pradhan et al., CoNLL-2011/2012): the mean of the three F1 scores.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass

from claimledger.evaluation.scoring import f1

Clustering = Iterable[Collection[Hashable]]


@dataclass(frozen=True, slots=True)
class Score:
    """Precision and recall of one metric (fractions in [0, 1])."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


@dataclass(frozen=True, slots=True)
class CorefScores:
    """The three metrics and their mean F1 (the CoNLL score)."""

    muc: Score
    b_cubed: Score
    ceaf_e: Score

    @property
    def conll_f1(self) -> float:
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def to_dict(self) -> dict[str, object]:
        return {"muc": self.muc.to_dict(), "b_cubed": self.b_cubed.to_dict(),
                "ceaf_e": self.ceaf_e.to_dict(), "conll_f1": round(self.conll_f1, 4)}


def _clean(clustering: Clustering) -> list[frozenset[Hashable]]:
    clusters = [frozenset(c) for c in clustering]
    seen: set[Hashable] = set()
    for cluster in clusters:
        if seen & cluster:
            raise ValueError(f"a mention is in two clusters: {sorted(map(repr, seen & cluster))[:3]}")
        seen |= cluster
    return [c for c in clusters if c]


def _owner(clusters: Sequence[frozenset[Hashable]]) -> dict[Hashable, int]:
    return {m: n for n, cluster in enumerate(clusters) for m in cluster}


def _muc_recall(key: Sequence[frozenset[Hashable]], response: Sequence[frozenset[Hashable]]) -> float:
    owner = _owner(response)
    found = total = 0
    for cluster in key:
        parts = {owner.get(m, ("absent", m)) for m in cluster}
        found += len(cluster) - len(parts)
        total += len(cluster) - 1
    return found / total if total else 0.0


def muc(key: Clustering, response: Clustering) -> Score:
    k, r = _clean(key), _clean(response)
    return Score(precision=_muc_recall(r, k), recall=_muc_recall(k, r))


def _b_cubed_recall(key: Sequence[frozenset[Hashable]], response: Sequence[frozenset[Hashable]]) -> float:
    owner = _owner(response)
    total = sum(len(c) for c in key)
    if not total:
        return 0.0
    credit = 0.0
    for cluster in key:
        overlaps: dict[int, int] = {}
        for m in cluster:
            if m in owner:
                overlaps[owner[m]] = overlaps.get(owner[m], 0) + 1
        credit += sum(n * n for n in overlaps.values()) / len(cluster)
    return credit / total


def b_cubed(key: Clustering, response: Clustering) -> Score:
    k, r = _clean(key), _clean(response)
    return Score(precision=_b_cubed_recall(r, k), recall=_b_cubed_recall(k, r))


def ceaf_e(key: Clustering, response: Clustering) -> Score:
    k, r = _clean(key), _clean(response)
    if not k or not r:
        return Score(0.0, 0.0)
    total = sum(_aligned_similarity(k, r, group_k, group_r) for group_k, group_r in _groups(k, r))
    return Score(precision=total / len(r), recall=total / len(k))


def score_all(key: Clustering, response: Clustering) -> CorefScores:
    k, r = _clean(key), _clean(response)
    return CorefScores(muc=muc(k, r), b_cubed=b_cubed(k, r), ceaf_e=ceaf_e(k, r))


def phi4(one: frozenset[Hashable], other: frozenset[Hashable]) -> float:
    return 2 * len(one & other) / (len(one) + len(other))


def _groups(key: Sequence[frozenset[Hashable]],
            response: Sequence[frozenset[Hashable]]) -> list[tuple[list[int], list[int]]]:
    """Key and response clusters joined through shared mentions (connected components of
    the bipartite overlap graph), as lists of indices; clusters sharing nothing are left out."""
    owner = _owner(response)
    parent = list(range(len(key) + len(response)))  # key i -> i, response j -> len(key) + j

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked: set[int] = set()
    for i, cluster in enumerate(key):
        for m in cluster:
            if m in owner:
                j = len(key) + owner[m]
                linked |= {i, j}
                a, b = find(i), find(j)
                if a != b:
                    parent[a] = b
    members: dict[int, tuple[list[int], list[int]]] = {}
    for node in sorted(linked):
        group = members.setdefault(find(node), ([], []))
        if node < len(key):
            group[0].append(node)
        else:
            group[1].append(node - len(key))
    return list(members.values())


def _aligned_similarity(key: Sequence[frozenset[Hashable]], response: Sequence[frozenset[Hashable]],
                        rows: list[int], columns: list[int]) -> float:
    if len(rows) == 1 or len(columns) == 1:  # one side has one cluster: take its best partner
        return max(phi4(key[i], response[j]) for i in rows for j in columns)
    similarity = [[phi4(key[i], response[j]) for j in columns] for i in rows]
    assignment = best_assignment(similarity)
    return sum(similarity[i][j] for i, j in assignment)


def best_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """A one-to-one matching of rows to columns with the largest total weight, as
    ``(row, column)`` pairs (as many pairs as the smaller side has items).

    The Hungarian method in its shortest-augmenting-path form with row and column
    potentials (Kuhn 1955, Munkres 1957; the O(n² m) formulation of Jonker and Volgenant):
    rows are added one at a time, each by a Dijkstra-like search over reduced costs.
    Maximising weight is minimising ``-weight``.
    """
    transposed = len(weights) > len(weights[0])
    matrix = [list(col) for col in zip(*weights, strict=True)] if transposed else [list(r) for r in weights]
    n, m = len(matrix), len(matrix[0])
    inf = float("inf")
    u = [0.0] * (n + 1)  # row potentials (1-based; 0 is the virtual start)
    v = [0.0] * (m + 1)  # column potentials
    match = [0] * (m + 1)  # match[column] = row, 0 for free
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        match[0] = row
        column = 0
        best = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[column] = True
            current = match[column]
            delta, nearest = inf, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = -matrix[current - 1][j - 1] - u[current] - v[j]
                if reduced < best[j]:
                    best[j], way[j] = reduced, column
                if best[j] < delta:
                    delta, nearest = best[j], j
            for j in range(m + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    best[j] -= delta
            column = nearest
            if match[column] == 0:
                break
        while column:  # flip the augmenting path
            previous = way[column]
            match[column] = match[previous]
            column = previous
    pairs = [(match[j] - 1, j - 1) for j in range(1, m + 1) if match[j]]
    return sorted((c, r) if transposed else (r, c) for r, c in pairs)
