"""Near-duplicate articles (a wire story reprinted with small edits) by MinHash + LSH.

An article is the set of its word 3-shingles. MinHash estimates the Jaccard similarity
of two such sets from 64 values each (Broder 1997); locality-sensitive hashing in 16
bands of 4 values makes two articles candidates when any band matches, which happens
with probability 1 - (1 - J^4)^16: 0.99 at J = 0.7, 0.73 at J = 0.5, 0.12 at J = 0.3.
Candidates are then checked on the exact shingle sets, so the estimate only decides
what to compare, never what is linked.

The hash family is fixed (seeded), so signatures stored by one process compare with
those of another; Python's ``hash()`` is salted per process and is not used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from claimledger.linking.text import article_words

SHINGLE = 3
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
# A reprint keeps most of the text: exact Jaccard of 3-shingles at least this much, or
# the shorter text nearly all inside the longer one (a trimmed reprint).
NEAR_JACCARD = 0.5
NEAR_CONTAINMENT = 0.8
# Below this many shingles an article is too short to call a reprint on shingles alone.
MIN_SHINGLES = 12

_SEEDS = np.random.default_rng(20250523).integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def shingles(text: str) -> set[int]:
    """The article's word 3-shingles as stable 64-bit hashes."""
    return set(packed_shingles(text).tolist())


def packed_shingles(text: str) -> np.ndarray:
    """:func:`shingles` as :func:`packed` gives them: a sorted array of distinct values.

    Each shingle is the first 8 bytes of its BLAKE2b digest, read little-endian. The
    digests are read as one buffer, not turned into Python ints one by one and gathered
    in a set (that was a third of fingerprinting an article, bench_store).
    """
    tokens = article_words(text)
    if len(tokens) < SHINGLE:
        tokens = tokens + [""] * (SHINGLE - len(tokens))
    blake2b = hashlib.blake2b
    digests = b"".join(
        blake2b("\x1f".join(piece).encode("utf-8"), digest_size=8).digest()
        for piece in zip(*(tokens[n:] for n in range(SHINGLE)), strict=False)  # windows of 3
    )
    return np.unique(np.frombuffer(digests, dtype="<u8").astype(np.uint64))


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a fast bijective scramble of 64-bit integers."""
    with np.errstate(over="ignore"):
        z = values
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return (z ^ (z >> np.uint64(31))) & _MASK64


def minhash(shingle_set: set[int] | np.ndarray) -> np.ndarray:
    """64 MinHash values: for each seeded permutation, the least scrambled shingle (of a
    set, or a :func:`packed` array)."""
    if isinstance(shingle_set, np.ndarray):
        values = shingle_set.astype(np.uint64, copy=False)
    else:
        values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    scrambled = _mix(values[None, :] ^ _SEEDS[:, None])
    return np.asarray(scrambled.min(axis=1), dtype=np.uint64)


def bands(signature: np.ndarray) -> list[tuple[int, str]]:
    """(band, bucket) pairs for the LSH index."""
    raw = np.ascontiguousarray(signature, dtype=np.uint64).tobytes()  # sliced once, not per band
    width = ROWS * 8
    return [
        (band, hashlib.blake2b(raw[band * width : (band + 1) * width], digest_size=8).hexdigest())
        for band in range(BANDS)
    ]


def packed(shingle_set: set[int]) -> np.ndarray:
    """A shingle set as a sorted array: 8 bytes a shingle where a Python set of ints takes
    about 60, so the linker can hold thousands of articles' shingles."""
    values = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    values.sort()
    return values


def to_hex(signature: np.ndarray) -> str:
    return signature.astype("<u8").tobytes().hex()


def from_hex(text: str) -> np.ndarray:
    return np.frombuffer(bytes.fromhex(text), dtype="<u8").astype(np.uint64)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


@dataclass(frozen=True, slots=True)
class Resemblance:
    jaccard: float
    containment: float  # share of the smaller article's shingles found in the other

    @property
    def near_duplicate(self) -> bool:
        return self.jaccard >= NEAR_JACCARD or self.containment >= NEAR_CONTAINMENT

    @property
    def confidence(self) -> float:
        return round(max(self.jaccard, self.containment), 3)

    def evidence(self) -> list[str]:
        return [
            f"{self.jaccard:.0%} of word 3-shingles shared (Jaccard)",
            f"{self.containment:.0%} of the shorter article's shingles are in the other",
        ]


def resemblance(a: set[int] | np.ndarray, b: set[int] | np.ndarray) -> Resemblance | None:
    """Exact resemblance of two shingle sets (sets, or :func:`packed` arrays); None when
    either is too short to judge."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return None
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        left = a if isinstance(a, np.ndarray) else packed(a)
        right = b if isinstance(b, np.ndarray) else packed(b)
        shared = len(np.intersect1d(left, right, assume_unique=True))
    else:
        shared = len(a & b)
    return Resemblance(shared / (len(a) + len(b) - shared), shared / min(len(a), len(b)))
