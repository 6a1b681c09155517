"""The web layer: pages and a REST API over the ledger (``claimledger serve``).

Needs the ``web`` extra (``pip install 'claimledger[web]'``): FastAPI, uvicorn, Jinja2.
"""

from __future__ import annotations

from claimledger.web.app import create_app

__all__ = ["create_app"]
