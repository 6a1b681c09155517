"""The ledger: ``claimledger.article/1`` records stored in SQLite or PostgreSQL.

Layer 3 of the data flow (records -> tables). Nothing here imports spaCy: the store takes
the plain dicts that :meth:`claimledger.types.Analysis.to_dict` gives.
"""

from __future__ import annotations

from claimledger.ledger.store import Ledger, open_ledger

__all__ = ["Ledger", "open_ledger"]
