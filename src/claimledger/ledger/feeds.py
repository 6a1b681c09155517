"""Each watched feed's ETag and Last-Modified, kept in the ``inputs`` table across restarts.

A feed ``claimledger watch`` has read is an input like any other: its row is labelled with
the feed's URL, ``status`` is ``watched``, and ``message`` holds the validators of its last
answer as JSON (``{"etag": …, "last_modified": …}``); ``at`` is when it was read. Its
entries have rows of their own (``FEED#LINK``). Keeping this in ``inputs`` needs no table
of its own: a ledger of any revision can be watched.

The row is written only once a feed's answer has been read to the end and every entry
decided, so a poll cut short asks for the whole feed again next time (the entries already
done are passed over) instead of being told 304 about entries never read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from claimledger.ledger import inputs
from claimledger.ledger.store import Ledger

WATCHED = "watched"


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said about its last answer, sent back to ask "anything new?"."""

    etag: str | None = None
    last_modified: str | None = None


def load(ledger: Ledger, urls: Sequence[str]) -> dict[str, Validators]:
    """The validators kept for any of ``urls``, by URL."""
    found: dict[str, Validators] = {}
    for url, decided in inputs.decided(ledger, urls).items():
        if decided.status != WATCHED or not decided.message:
            continue  # the URL was ingested, not watched: nothing to send back
        try:
            kept = json.loads(decided.message)
        except json.JSONDecodeError:
            continue
        if isinstance(kept, dict):
            found[url] = Validators(_text(kept.get("etag")), _text(kept.get("last_modified")))
    return found


def save(ledger: Ledger, url: str, validators: Validators) -> None:
    """Keep ``validators`` for ``url``, replacing what was there, in one transaction."""
    kept = json.dumps({"etag": validators.etag, "last_modified": validators.last_modified})
    inputs.record(ledger, [inputs.Decided(url, None, WATCHED, None, kept)])


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
