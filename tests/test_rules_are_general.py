"""Rules must be general: nothing in src/ may name a person, place or phrase of the
bundled example article (the same rules are scored on articles nobody here has seen)."""

from __future__ import annotations

import re

from tests.conftest import REPO

EXAMPLE_WORDS = re.compile(
    r"Lavrov|Zelensk|Meloni|Putin|Trump|Truth Social|prisoner swap|buy time|Belarus|Istanbul|Vatican"
)


def test_rules_name_nothing_from_the_example() -> None:
    hits = []
    for path in (REPO / "src").rglob("*"):
        if path.suffix in {".py", ".json", ".txt", ".toml"}:
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if EXAMPLE_WORDS.search(line):
                    hits.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert hits == []
