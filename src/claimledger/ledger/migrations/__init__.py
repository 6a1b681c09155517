"""Alembic migrations for the ledger, run programmatically by :mod:`claimledger.ledger.store`."""
