"""What the two JSON-LD exports share: identifiers, who says something, and who wrote the export.

Identifiers are URNs, so they need no web server and stay the same across exports:

* an article is ``urn:sha256:<articles.id>`` (its id *is* the SHA-256 of its text);
* an item is ``urn:claimledger:<article_id>:<item_id>`` (``C2``, ``Q1``: unique per article).

Properties that schema.org and the W3C annotation vocabulary do not have are named
``claimledger:<name>``. Both contexts leave the ``claimledger:`` prefix undefined, so
JSON-LD reads such a name as an absolute IRI of its own: the property is kept, and no
consumer mistakes it for a standard one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

# Said in every export, so no reader takes it for a fact-check.
AUTOMATED = (
    "claimledger's automated reading of what news articles report; "
    "not a human fact-check, and no judgement of its own on whether the claim is true"
)
SOFTWARE_NAME = "claimledger"


def article_urn(article_id: str) -> str:
    return f"urn:sha256:{article_id}"


def item_urn(article_id: str, item_id: str) -> str:
    return f"urn:claimledger:{article_id}:{item_id}"


@dataclass(frozen=True, slots=True)
class Voice:
    """Who says something: a quote's speaker, a claim's source, an evidence span's source."""

    name: str | None
    entity: str | None = None
    entity_type: str | None = None  # spaCy label of the entity when resolved: PERSON, ORG, ...
    anonymous: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "entity": self.entity, "entityType": self.entity_type,
                "anonymous": self.anonymous}


def voice(row: Mapping[Any, Any], prefix: str, entity_type: str | None = None) -> Voice:
    """The :class:`Voice` in the ``<prefix>_name/_entity/_anonymous`` columns of a row."""
    return Voice(
        name=row[f"{prefix}_name"],
        entity=row[f"{prefix}_entity"],
        entity_type=entity_type,
        anonymous=bool(row[f"{prefix}_anonymous"]),
    )


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def write_json_array(out: IO[str], documents: Iterable[Any]) -> int:
    """Stream ``documents`` as one JSON array, one element per line; the number written."""
    written = 0
    for document in documents:
        out.write(("[\n" if written == 0 else ",\n") + dumps(document))
        written += 1
    out.write("[]\n" if written == 0 else "\n]\n")
    return written


def write_json_lines(out: IO[str], documents: Iterable[Any]) -> int:
    """Stream ``documents`` as JSON Lines; the number written."""
    written = 0
    for document in documents:
        out.write(dumps(document) + "\n")
        written += 1
    return written
