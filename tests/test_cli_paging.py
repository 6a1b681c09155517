"""``claims`` and ``quotes`` list a page (50) by default, say so when more match, and list
everything with ``--limit 0``. No model: generated records."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from benchmarks.records import generate
from claimledger.cli.main import app
from claimledger.ledger import open_ledger


def test_cli_claims_and_quotes_page_by_default(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    with open_ledger(db) as ledger:
        for analysis in generate(40, seed=3):
            ledger.store(analysis.to_dict())
        claims, quotes = ledger.count("claims"), ledger.count("quotes")
    assert claims > 50 and quotes > 50  # else the test shows nothing
    runner = CliRunner()
    for command, total in (("claims", claims), ("quotes", quotes)):
        page = runner.invoke(app, [command, "--db", str(db), "-f", "jsonl"])
        assert page.exit_code == 0, page.output
        assert len(page.stdout.splitlines()) == 50
        assert "more match; --limit 0 lists them all" in page.stderr
        for line in page.stdout.splitlines():
            json.loads(line)  # the notice never mixes into the rows
        everything = runner.invoke(app, [command, "--db", str(db), "-f", "jsonl", "--limit", "0"])
        assert len(everything.stdout.splitlines()) == total
        assert "more match" not in everything.stderr
        exact = runner.invoke(app, [command, "--db", str(db), "-f", "jsonl", "--limit", str(total)])
        assert len(exact.stdout.splitlines()) == total
        assert "more match" not in exact.stderr  # all of them shown: nothing more to say
