"""Article metadata shared by the readers: the outlet's domain from a URL, a date's day."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit


def domain_of(url: str | None) -> str | None:
    """``www.example.com`` -> ``example.com``; None when there is no host."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def iso_day(value: object) -> str | None:
    """The date part of an ISO 8601 date or date-time (``2025-05-23T10:04:00Z`` too)."""
    if not isinstance(value, str) or len(value.strip()) < 10:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


def clean(value: object) -> str | None:
    """A stripped non-empty string, else None."""
    return value.strip() or None if isinstance(value, str) else None
