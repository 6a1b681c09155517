"""A claim's current standing, derived from its dated history (docs/linking.md).

Each history entry is one article saying something about the claim: it states it
(``claimed``, ``repeats``), or reports it ``unconfirmed``, ``confirmed``, ``disputed``,
``denied`` or labelled ``unfounded``. Entries from an article that is a near-duplicate of
an earlier one (a wire reprint) are shown but not counted: a reprint is not a second
witness.

The rules, applied to the counted entries day by day in date order:

1. Stating or repeating a claim changes nothing (the first statement makes it
   ``claimed``).
2. ``unconfirmed`` applies only to a claim that is merely ``claimed``.
3. ``confirmed`` supersedes what came before: a later confirmation answers an earlier
   "no confirmation", and, for events that move on, an earlier denial ("the bridge has not
   reopened" on Friday, confirmed reopened on Sunday).
4. A rejection (``disputed`` < ``denied`` < ``unfounded``) of a claim not confirmed takes
   the strongest rejection so far; a rejection of a confirmed claim leaves it
   ``disputed``: the record conflicts, and the ledger says so rather than picking a side.
5. On one day, a confirmation and a rejection together give ``disputed``.

Entries without a date (an article with no publication date) sort after the dated ones
in the order they were stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

STATING = frozenset({"claimed", "repeats"})
REJECTIONS = ("disputed", "denied", "unfounded")  # weakest first
UNDATED = "9999-99-99"


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    date: str | None
    relation: str
    source: str | None
    counted: bool = True


@dataclass(frozen=True, slots=True)
class Current:
    standing: str
    since: str | None
    decided_by: int | None
    entries: int
    sources: int


def derive(entries: Sequence[Entry]) -> Current:
    """The current standing of one claim from its history (any order)."""
    counted = sorted((e for e in entries if e.counted), key=lambda e: (e.date or UNDATED, e.id))
    state, since, decided = "claimed", None, None
    first = next((e for e in counted if e.relation in STATING), counted[0] if counted else None)
    if first is not None:
        since, decided = first.date, first.id
    for _day, group in groupby(counted, key=lambda e: e.date or UNDATED):
        day = list(group)
        relations = {e.relation for e in day}
        rejections = [e for e in day if e.relation in REJECTIONS]
        confirmations = [e for e in day if e.relation == "confirmed"]
        new_state = state
        if confirmations and rejections:
            new_state, decider = "disputed", rejections[0]
        elif confirmations:
            new_state, decider = "confirmed", confirmations[0]
        elif rejections:
            strongest = max(rejections, key=lambda e: REJECTIONS.index(e.relation))
            if state == "confirmed":
                new_state = "disputed"
            elif state in REJECTIONS:
                new_state = max(state, strongest.relation, key=REJECTIONS.index)
            else:
                new_state = strongest.relation
            decider = strongest
        elif "unconfirmed" in relations and state == "claimed":
            new_state, decider = "unconfirmed", next(e for e in day if e.relation == "unconfirmed")
        if new_state != state:
            state, since, decided = new_state, decider.date, decider.id
    sources = {e.source for e in counted if e.source}
    return Current(state, since, decided, len(counted), len(sources))
