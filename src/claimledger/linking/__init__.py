"""Linking across articles: the same entity, claim and event seen again; near-duplicate
articles; and a claim's standing as a dated history (docs/linking.md).

Depends on the ledger (it reads and writes ledger tables) and on the nlp lexicons; the
API and CLI layers sit above it.
"""
