"""``analyze`` reads what ``ingest`` reads: pages, JSON Lines, WARC, folders, URLs; --processes.

Inputs are made here (pages from tests/news_pages.py, a WARC written with warcio, a web
server on 127.0.0.1). The loop's own behaviour (order, an article the pipeline fails on, the
same text under two labels) is tested with a stand-in analyser, without the model.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger.api.analyze import BATCH, analyse_inputs, read_inputs
from claimledger.cli.main import EXIT_ENV, EXIT_INPUT, app
from claimledger.errors import AnalysisFailedError, ClaimledgerError, InputError, MissingInputError
from claimledger.settings import Settings
from claimledger.types import Article
from tests.news_pages import (
    ARTICLE_PARAGRAPHS,
    BOILERPLATE,
    SECOND_PARAGRAPHS,
    Route,
    news_page,
    serve,
    simple_page,
)

REPO = Path(__file__).resolve().parents[1]
MAX = 1_000_000
HTML = "text/html; charset=utf-8"
ARTICLE, ERROR = "claimledger.article/1", "claimledger.error/1"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def _label(line: dict[str, Any]) -> str:
    """The input a jsonl line is about: an article's source, or an error record's."""
    return str(line["article"]["source"] if "article" in line else line["source"])


def _jsonl_corpus(path: Path) -> Path:
    first = {"url": "https://courier.example/bridge", "title": "Footbridge rebuilt",
             "date_publish": "2025-03-01 10:00:00", "maintext": "\n".join(SECOND_PARAGRAPHS)}
    second = {"url": "https://harbourgazette.example/port", "published": "2025-03-04",
              "text": "\n".join(ARTICLE_PARAGRAPHS[:3])}
    path.write_text(json.dumps(first) + "\n{not json\n" + json.dumps(second) + "\n", encoding="utf-8")
    return path


def _warc(path: Path) -> Path:
    """A WARC of a warcinfo record and two HTML responses."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "claimledger tests"}))
        pages = [("https://courier.example/bridge", simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS)),
                 ("https://harbourgazette.example/saltmere", news_page())]
        for url, page in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", HTML)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.encode("utf-8")), http_headers=http,
                warc_headers_dict={"WARC-Date": "2025-03-06T11:00:00Z"}))
    return path


# -- the CLI on each kind of input (the model) ---------------------------------------------------
@pytest.mark.model
def test_analyze_reads_an_html_page_without_its_chrome(runner, analyzer, tmp_path) -> None:
    page = tmp_path / "saltmere.html"
    page.write_text(news_page(), encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(page), "-f", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)  # one input, one article: one object, as before
    article = record["article"]
    assert article["source"] == str(page) and article["published"] == "2025-03-04"
    assert article["title"] == "Saltmere port reopens after storm"
    assert ARTICLE_PARAGRAPHS[1] in article["text"]
    assert not [b for b in BOILERPLATE if b in article["text"]]
    assert "Ines Halvorsen" in {q["speaker"]["name"] for q in record["quotes"]}


@pytest.mark.model
def test_analyze_jsonl_gives_one_result_a_line_with_the_bad_line_in_place(runner, analyzer, tmp_path) -> None:
    corpus = _jsonl_corpus(tmp_path / "corpus.jsonl")
    result = runner.invoke(app, ["analyze", str(corpus), "-f", "jsonl"])
    assert result.exit_code == EXIT_INPUT  # a line was skipped
    lines = _lines(result.stdout)
    assert [_label(r) for r in lines] == [
        f"{corpus}:1", f"{corpus}:2", f"{corpus}:3"
    ]
    assert [r["schema"] for r in lines] == [ARTICLE, ERROR, ARTICLE]
    assert lines[1]["error"]["reason"] == "malformed"
    first = lines[0]["article"]
    assert first["published"] == "2025-03-01" and first["title"] == "Footbridge rebuilt"

    as_json = runner.invoke(app, ["analyze", str(corpus), "-f", "json"])
    assert as_json.exit_code == EXIT_INPUT and "claimledger: [E017]" in as_json.stderr
    assert json.loads(as_json.stdout) == [lines[0], lines[2]]  # two articles: a list

    as_text = runner.invoke(app, ["analyze", str(corpus)])
    first, second = as_text.stdout.split(f"\n\n{corpus}:3  published 2025-03-04")
    assert first.startswith(f"{corpus}:1  published 2025-03-01") and second.endswith("\n")


@pytest.mark.model
def test_analyze_reads_a_warc_record_by_record(runner, analyzer, tmp_path) -> None:
    crawl = _warc(tmp_path / "crawl.warc.gz")
    result = runner.invoke(app, ["analyze", str(crawl), "-f", "jsonl"])
    assert result.exit_code == EXIT_INPUT  # the warcinfo record is a record_type skip
    lines = _lines(result.stdout)
    assert [r.get("error", {}).get("reason") for r in lines] == ["record_type", None, None]
    labels = [_label(r) for r in lines]
    assert all(label.startswith(f"{crawl}#") for label in labels)
    offsets = [int(label.rsplit("#", 1)[1]) for label in labels]
    assert offsets == sorted(set(offsets))  # in the archive's order
    assert [r["article"]["url"] for r in lines[1:]] == [  # the second page names its canonical URL
        "https://courier.example/bridge",
        "https://www.harbourgazette.example/news/2025/03/04/saltmere-port-reopens",
    ]


def _story() -> Route:
    return Route(body=simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS).encode("utf-8"))


def test_analyze_refuses_a_url_to_127_by_default(runner, tmp_path) -> None:
    with serve({"/story": _story()}) as server:
        result = runner.invoke(app, ["analyze", f"{server.base}/story", "-f", "jsonl"])
        assert server.requests == []  # refused before connecting
    assert result.exit_code == EXIT_INPUT
    [line] = _lines(result.stdout)
    assert line["source"] == f"{server.base}/story" and line["error"]["reason"] == "private_address"
    assert "--allow-private" in line["error"]["message"]


@pytest.mark.model
def test_analyze_allow_private_fetches_from_127(runner, analyzer) -> None:
    with serve({"/story": _story()}) as server:
        url = f"{server.base}/story"
        result = runner.invoke(app, ["analyze", url, "--allow-private", "-f", "json"])
        assert [path for path, _ in server.requests] == ["/story"]
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)["article"]
    assert article["source"] == url and article["url"] == url and SECOND_PARAGRAPHS[0] in article["text"]


@pytest.mark.model
def test_analyze_two_processes_print_the_same_bytes_as_one(runner, analyzer, tmp_path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("Mayor Tom Hale said the bridge would reopen in June.\n", encoding="utf-8")
    _jsonl_corpus(folder / "b.jsonl")
    page = tmp_path / "page.html"
    page.write_text(news_page(), encoding="utf-8")
    inputs = [str(folder), str(page), str(_warc(tmp_path / "crawl.warc")), str(tmp_path / "missing.txt")]
    printed = {}
    for output in ("jsonl", "text"):
        one = runner.invoke(app, ["analyze", *inputs, "-f", output, "--published", "2025-03-05"])
        two = runner.invoke(app, ["analyze", *inputs, "-f", output, "--published", "2025-03-05", "-p", "2"])
        assert one.exit_code == two.exit_code == EXIT_INPUT
        assert two.stdout == one.stdout, output
        assert two.stderr == one.stderr
        printed[output] = one.stdout
    records = _lines(printed["jsonl"])
    sources = [_label(r) for r in records]
    assert sources[:4] == [str(folder / "a.txt"), f"{folder / 'b.jsonl'}:1", f"{folder / 'b.jsonl'}:2",
                           f"{folder / 'b.jsonl'}:3"]
    assert len(sources) == 9 and sources[4] == str(page) and sources[-1] == str(tmp_path / "missing.txt")


def test_analyze_processes_with_the_model_missing_exits_3(tmp_path) -> None:
    # Each worker fails to load the model: the run must stop with exit 3, not start
    # workers forever (run in a subprocess, so that a hang is a failed test).
    text = tmp_path / "a.txt"
    text.write_text("Mayor Tom Hale said the bridge would reopen in June.\n", encoding="utf-8")
    env = {**os.environ, "CLAIMLEDGER_MODEL": "no_such_model_package"}
    done = subprocess.run([sys.executable, "-m", "claimledger.cli.main", "analyze", str(text), "-p", "2"],
                          capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert done.returncode == EXIT_ENV, done.stderr
    assert "claimledger: [E001]" in done.stderr and "Traceback" not in done.stderr


# -- the loop, with a stand-in analyser ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Record:
    article: Article

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.article.source, "published": self.article.published, "pid": os.getpid()}


@dataclass(frozen=True, slots=True)
class FailsOn:
    """Makes an analyser that raises on any batch holding a text with ``word`` (picklable)."""

    word: str

    def __call__(self) -> Any:
        def run(articles: list[Article]) -> list[_Record]:
            if any(self.word in a.text for a in articles):
                raise RuntimeError("the parser tripped")
            return [_Record(a) for a in articles]

        return run


def _articles(texts: list[str]) -> list[tuple[str, Article | InputError]]:
    return [(f"in{n}", Article(text=t, source=f"in{n}")) for n, t in enumerate(texts)]


@pytest.mark.parametrize("processes", [1, 2])
def test_analyse_inputs_an_article_the_pipeline_fails_on_is_its_error(processes) -> None:
    items = _articles([f"Story {n}." for n in range(BATCH + 3)])
    items[5] = ("in5", Article(text="Story BOOM.", source="in5"))
    items[7] = ("in7", MissingInputError("in7: no such file"))
    results = list(analyse_inputs(items, settings=Settings(), processes=processes,
                                  make_analyse=FailsOn("BOOM")))
    assert [label for label, _ in results] == [label for label, _ in items]
    assert isinstance(results[5][1], AnalysisFailedError) and "the parser tripped" in str(results[5][1])
    assert results[7][1] is items[7][1]
    records = [r for _, r in results if not isinstance(r, ClaimledgerError)]
    assert [r["source"] for r in records] == [f"in{n}" for n in range(BATCH + 3) if n not in (5, 7)]
    parsed_in = {r["pid"] for r in records}
    assert (parsed_in == {os.getpid()}) is (processes == 1)


def test_analyse_inputs_the_same_text_under_two_labels_gives_each_its_own_record() -> None:
    text = "Mayor Tom Hale said the bridge would reopen in June."
    items: list[tuple[str, Article | InputError]] = [
        ("a.txt", Article(text=text, source="a.txt")),
        ("b.txt", Article(text=text, source="b.txt", published="2025-03-01")),
        ("a.txt", Article(text=text, source="a.txt")),
    ]
    results = list(analyse_inputs(items, settings=Settings(), make_analyse=FailsOn("never")))
    assert [(label, r["source"], r["published"]) for label, r in results] == [  # type: ignore[index]
        ("a.txt", "a.txt", None), ("b.txt", "b.txt", "2025-03-01"), ("a.txt", "a.txt", None)
    ]


def test_read_inputs_reads_standard_input_as_plain_text(monkeypatch, tmp_path) -> None:
    # '-' stays what it was: plain text, even when it looks like a page or JSON Lines.
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "not read as JSON Lines"}\n')))
    page = tmp_path / "p.html"
    page.write_text(simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS), encoding="utf-8")
    results = list(read_inputs([str(page), "-"], max_bytes=MAX))
    assert [label for label, _ in results] == [str(page), "-"]
    stdin = results[1][1]
    assert isinstance(stdin, Article) and stdin.source == "<stdin>" and stdin.text.startswith('{"text"')
