"""The analyze command: formats, input order, exit codes, and bad inputs as one line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli.main import EXIT_ENV, EXIT_INPUT, EXIT_USAGE, app
from tests.conftest import EXAMPLE

SHORT = "Mayor Tom Hale said the bridge would reopen in June.\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


def test_cli_text_lists_quotes_by_speaker(runner, analyzer) -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--published", "2025-05-23"])
    assert result.exit_code == 0, result.output
    assert "published 2025-05-23" in result.stdout
    assert "Sergei Lavrov (PERSON" in result.stdout
    assert "carried over from the previous paragraph" in result.stdout


def test_cli_json_is_one_object(runner, analyzer, article) -> None:
    result = runner.invoke(app, ["analyze", str(article), "--format", "json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["schema"] == "claimledger.article/1"
    assert record["quotes"][0]["speaker"]["name"] == "Tom Hale"


def test_cli_jsonl_keeps_input_order_with_errors_in_place(runner, analyzer, article, tmp_path) -> None:
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["analyze", str(article), str(missing), str(EXAMPLE), "--format", "jsonl"])
    assert result.exit_code == EXIT_INPUT
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("schema") for r in lines] == [
        "claimledger.article/1", "claimledger.error/1", "claimledger.article/1"
    ]
    assert lines[1]["error"]["reason"] == "missing" and lines[1]["source"] == str(missing)
    assert lines[2]["article"]["source"] == str(EXAMPLE)


def test_cli_reads_standard_input(runner, analyzer) -> None:
    result = runner.invoke(app, ["analyze", "-", "--format", "json"], input=SHORT)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["article"]["source"] == "<stdin>"


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\t\n")
    binary = tmp_path / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Le ministre a déclaré que tout allait bien.".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"The minister said it was fine. " * (20 * 1024 * 1024 // 31 + 1))
    pipe = tmp_path / "pipe"  # a folder is an input now, read file by file as ingest reads it
    os.mkfifo(pipe)
    return {
        "empty": empty, "blank": blank, "binary": binary, "encoding": latin, "too_large": huge,
        "not_a_file": pipe, "missing": tmp_path / "nope.txt",
    }


REASONS = ["empty", "blank", "binary", "encoding", "too_large", "not_a_file", "missing"]


@pytest.mark.parametrize("reason", REASONS)
def test_cli_bad_input_is_one_line_and_non_zero(runner, tmp_path, reason) -> None:
    path = _bad_inputs(tmp_path)[reason]
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == EXIT_INPUT
    assert result.stdout == ""  # nothing half-written
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimledger: [E0")
    assert "Traceback" not in result.stderr


def test_cli_bad_inputs_in_a_batch_are_error_records(runner, tmp_path) -> None:
    paths = [str(p) for p in _bad_inputs(tmp_path).values()]
    result = runner.invoke(app, ["analyze", *paths, "--format", "jsonl"])
    assert result.exit_code == EXIT_INPUT
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["error"]["reason"] for r in records] == [
        "empty", "empty", "binary", "encoding", "too_large", "not_a_file", "missing"
    ]


def test_cli_encoding_option_reads_other_encodings(runner, analyzer, tmp_path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("The mayor said the café would “reopen” soon.".encode("cp1252"))
    result = runner.invoke(app, ["analyze", str(path), "--encoding", "cp1252", "--format", "json"])
    assert result.exit_code == 0
    assert "café" in json.loads(result.stdout)["article"]["text"]


def test_cli_bad_published_date_is_a_usage_error(runner, article) -> None:
    result = runner.invoke(app, ["analyze", str(article), "--published", "2025-13-01"])
    assert result.exit_code == EXIT_USAGE
    assert "YYYY-MM-DD" in result.stderr


def test_cli_missing_model_says_how_to_install(runner, article, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMLEDGER_MODEL", "no_such_model_package")
    result = runner.invoke(app, ["analyze", str(article)])
    assert result.exit_code == EXIT_ENV
    assert "pip install" in result.stderr and len(result.stderr.strip().splitlines()) == 1
