"""Choosing the one match a new item links to, the same way for events and claims."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import SupportsDunderLT

R = TypeVar("R", bound="SupportsDunderLT[Any]")  # a rank: anything ordered by <


def best(scored: Iterable[tuple[float | None, R]]) -> tuple[float, R] | None:
    """The highest score with its rank, among ``(score, rank)`` pairs in any order; among
    equal scores the least rank (the linker ranks by publication date, then item, so a
    link names the earliest of equally good matches). A None score is no match; None when
    nothing matched."""
    found: tuple[float, R] | None = None
    for score, rank in scored:
        if score is None:
            continue
        if found is None or score > found[0] or (score == found[0] and rank < found[1]):
            found = (score, rank)
    return found
