"""The Python API over the whole pipeline: ingest inputs into a ledger, and query it.

The CLI is a thin layer over these functions; they are what other programs should call.
"""
