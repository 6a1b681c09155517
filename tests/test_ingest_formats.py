"""Reading inputs by content: sniffing, HTML pages, WARC archives, the language check (no network)."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.ingest.html import PageHints, article_from_html
from claimledger.ingest.language import check_language
from claimledger.ingest.sniff import Kind, sniff
from claimledger.ingest.sources import iter_articles
from claimledger.types import Article
from tests.news_pages import (
    ARTICLE_PARAGRAPHS,
    BOILERPLATE,
    FRENCH_TEXT,
    SECOND_PARAGRAPHS,
    empty_page,
    news_page,
    rss,
    simple_page,
)

MAX = 1_000_000


def articles(results: list[tuple[str, Article | InputError]]) -> list[Article]:
    return [r for _, r in results if isinstance(r, Article)]


def reasons(results: list[tuple[str, Article | InputError]]) -> list[str]:
    return [r.reason for _, r in results if isinstance(r, InputError)]


# -- sniffing ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<!DOCTYPE html>\n<html><body><p>x</p></body></html>", Kind.HTML),
        (b"\xef\xbb\xbf\n  <html lang='en'><p>x</p></html>", Kind.HTML),
        (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", Kind.HTML),
        (b"<p>A fragment saved from a page.</p>", Kind.HTML),
        (b"<?xml version='1.0'?>\n<!-- generator -->\n<rss version='2.0'><channel>", Kind.FEED),
        (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", Kind.FEED),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", Kind.FEED),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", Kind.WARC),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), Kind.WARC),
        (b'{"text": "One article."}\n{"text": "Two."}\n', Kind.JSONL),
        (gzip.compress(b'{"maintext": "One."}\n'), Kind.JSONL),
        (b"Police said the <html> tag was not the problem.", Kind.TEXT),
        (b"{braces open a text sometimes}", Kind.TEXT),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", Kind.TEXT),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", Kind.BINARY),
        (b"\x1f\x8b\x08\x00not really gzip", Kind.BINARY),
    ],
)
def test_sniff_kinds(data: bytes, kind: Kind) -> None:
    assert sniff(data) is kind


def test_sources_dispatch_by_content_not_extension(tmp_path: Path) -> None:
    (tmp_path / "saved-page.txt").write_text(news_page(), "utf-8")
    (tmp_path / "crawl.dat").write_bytes(_warc([_response("https://courier.example/a", SECOND_PARAGRAPHS)]))
    (tmp_path / "corpus.data").write_text(json.dumps({"text": "One article."}) + "\n", "utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", "utf-8")
    results = list(iter_articles([str(tmp_path)], max_bytes=MAX, fetch=False))
    by_name = {Path(label.split("#")[0].split(":")[0]).name: r for label, r in results}
    page, warc, corpus = by_name["saved-page.txt"], by_name["crawl.dat"], by_name["corpus.data"]
    assert isinstance(page, Article) and page.title == "Saltmere port reopens after storm"
    assert isinstance(warc, Article) and warc.url == "https://courier.example/a"
    assert isinstance(corpus, Article) and corpus.text == "One article."
    assert by_name["notes.csv"].reason == "not_a_file"  # type: ignore[union-attr]


# -- HTML ----------------------------------------------------------------------------------
def test_html_keeps_the_article_and_drops_the_chrome(tmp_path: Path) -> None:
    path = tmp_path / "saltmere.html"
    path.write_text(news_page(), "utf-8")
    [(label, article)] = list(iter_articles([str(path)], max_bytes=MAX, fetch=False))
    assert isinstance(article, Article) and label == str(path)
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in article.text
    for chrome in BOILERPLATE + ["Manage preferences", "Related stories", "Home", "By Mara Quint"]:
        assert chrome not in article.text, chrome
    # Offsets refer to the article's text: every paragraph is found at its own offset.
    start = article.text.index(ARTICLE_PARAGRAPHS[1])
    assert article.text[start:start + 20] == ARTICLE_PARAGRAPHS[1][:20]
    assert (article.title, article.published, article.url, article.source_domain) == (
        "Saltmere port reopens after storm",
        "2025-03-04",
        "https://www.harbourgazette.example/news/2025/03/04/saltmere-port-reopens",
        "harbourgazette.example",
    )


def test_html_hints_fill_what_the_page_lacks() -> None:
    page = simple_page("Footbridge rebuilt", SECOND_PARAGRAPHS)
    article = article_from_html(page, label="p", max_bytes=MAX, hints=PageHints(
        url="https://courier.example/bridge", title="ignored: the page has one", published="2025-03-05"))
    assert (article.url, article.title, article.published, article.source_domain) == (
        "https://courier.example/bridge", "Footbridge rebuilt", "2025-03-05", "courier.example")


def test_html_refuses_a_page_without_article_text(tmp_path: Path) -> None:
    (tmp_path / "video.html").write_text(empty_page(), "utf-8")
    [(_, result)] = list(iter_articles([str(tmp_path / "video.html")], max_bytes=MAX, fetch=False))
    assert isinstance(result, InputError) and result.reason == "no_article"
    assert "no article text" in str(result)


def test_html_refuses_a_page_over_the_limit(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_text(news_page() + "<!--" + "x" * 5000 + "-->", "utf-8")
    [(_, result)] = list(iter_articles([str(tmp_path / "big.html")], max_bytes=1000, fetch=False))
    assert isinstance(result, InputError) and result.reason == "too_large"


# -- language ------------------------------------------------------------------------------
def test_language_skips_an_article_not_in_english(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(FRENCH_TEXT, "utf-8")
    (tmp_path / "fr.html").write_text(simple_page("Le port rouvre", [FRENCH_TEXT], lang="fr"), "utf-8")
    (tmp_path / "en.txt").write_text(" ".join(ARTICLE_PARAGRAPHS), "utf-8")
    (tmp_path / "short.txt").write_text("Merci.", "utf-8")  # too short to judge: kept
    results = list(iter_articles([str(tmp_path)], max_bytes=MAX, fetch=False))
    outcome = {Path(label).name: (r.reason if isinstance(r, InputError) else "ok") for label, r in results}
    assert outcome == {"en.txt": "ok", "fr.html": "language", "fr.txt": "language", "short.txt": "ok"}
    error = next(r for label, r in results if label.endswith("fr.txt"))
    assert "'fr'" in str(error) and str(error).startswith("[E019]")


def test_language_check_keeps_english_and_short_texts() -> None:
    english = Article(text=" ".join(SECOND_PARAGRAPHS), source="a")
    assert check_language(english) is english
    assert isinstance(check_language(Article(text="Guten Tag.", source="b")), Article)


# -- WARC ----------------------------------------------------------------------------------
def _response(url: str, paragraphs: list[str], *, content_type: str = "text/html; charset=utf-8",
              status: str = "200 OK", body: bytes | None = None) -> tuple[str, str, bytes, str, str]:
    page = body if body is not None else simple_page("Report", paragraphs).encode("utf-8")
    return ("response", url, page, content_type, status)


def _warc(records: list[tuple[str, str, bytes, str, str]], *, gz: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "claimledger tests"}))
    for kind, url, body, content_type, status in records:
        date = {"WARC-Date": "2025-03-06T11:00:00Z"}
        if kind == "response":
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict=date)
        elif kind == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
            record = writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http,
                                               warc_headers_dict=date)
        else:
            record = writer.create_warc_record(url, kind, payload=io.BytesIO(body),
                                               warc_content_type=content_type, warc_headers_dict=date)
        writer.write_record(record)
    return out.getvalue()


def _mixed_records() -> list[tuple[str, str, bytes, str, str]]:
    return [
        ("request", "https://courier.example/bridge", b"", "", ""),
        _response("https://courier.example/bridge", SECOND_PARAGRAPHS),
        ("metadata", "https://courier.example/bridge", b"fetchTimeMs: 120\r\n", "application/warc-fields",
         ""),
        _response("https://courier.example/logo.png", [], content_type="image/png",
                  body=b"\x89PNG\r\n\x1a\n"),
        _response("https://courier.example/gone", [], status="404 Not Found", body=b"<html>gone</html>"),
        _response("https://harbourgazette.example/saltmere", [], body=news_page().encode("utf-8")),
        _response("https://courier.example/last", SECOND_PARAGRAPHS[:2] + ARTICLE_PARAGRAPHS[:2]),
    ]


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_reads_html_responses_and_skips_other_records(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc(_mixed_records(), gz=gz))
    results = list(iter_articles([str(path)], max_bytes=MAX, fetch=False))
    labels = [label for label, _ in results]
    assert all(label.startswith(f"{path}#") for label in labels) and len(set(labels)) == 8
    offsets = [int(label.rsplit("#", 1)[1]) for label in labels]
    assert offsets == sorted(offsets)
    assert reasons(results) == ["record_type"] * 5  # warcinfo, request, metadata, image, 404
    bridge, saltmere, last = articles(results)
    assert (bridge.url, bridge.published, bridge.source_domain) == (
        "https://courier.example/bridge", "2025-03-06", "courier.example")  # no date on the page: capture
    assert saltmere.published == "2025-03-04"  # the page's own date wins over the capture day
    assert saltmere.url.endswith("/saltmere-port-reopens")  # type: ignore[union-attr]
    assert all(p in saltmere.text for p in ARTICLE_PARAGRAPHS)
    assert last.url == "https://courier.example/last"


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("cut", [40, 400], ids=["end-of-record", "mid-record"])
def test_warc_truncated_record_is_skipped_and_the_records_before_kept(
    tmp_path: Path, gz: bool, cut: int
) -> None:
    whole = _warc(_mixed_records(), gz=gz)
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(whole[:-cut])
    results = list(iter_articles([str(path)], max_bytes=MAX, fetch=False))
    assert [a.url for a in articles(results)] == [
        "https://courier.example/bridge",
        "https://www.harbourgazette.example/news/2025/03/04/saltmere-port-reopens",
    ]
    assert reasons(results) == ["record_type"] * 5 + ["malformed"]
    label, error = results[-1]
    assert isinstance(error, InputError) and "truncated" in str(error) and label.startswith(f"{path}#")


def test_warc_corrupt_header_keeps_the_records_before(tmp_path: Path) -> None:
    whole = _warc(_mixed_records())
    at = whole.index(b"WARC/1.0", whole.index(b"https://courier.example/gone"))
    path = tmp_path / "corrupt.warc"
    path.write_bytes(whole[:at] + b"GARBAGE/9.9\r\n" + whole[at + 8:])
    results = list(iter_articles([str(path)], max_bytes=MAX, fetch=False))
    assert [a.url for a in articles(results)] == ["https://courier.example/bridge"]
    assert reasons(results)[-1] == "malformed"


# -- feeds without fetching ---------------------------------------------------------------
def test_feed_file_with_fetching_off_records_a_skip_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(rss("https://courier.example", [
        ("Footbridge rebuilt", "/bridge", "Wed, 05 Mar 2025 09:00:00 GMT"),
        ("No link", "", "Wed, 05 Mar 2025 10:00:00 GMT"),
    ]).replace("<link>https://courier.example</link>", "<link></link>"), "utf-8")
    results = list(iter_articles([str(path)], max_bytes=MAX, fetch=False))
    assert [label for label, _ in results] == [f"{path}#https://courier.example/bridge", f"{path}#2"]
    assert reasons(results) == ["fetch", "malformed"]
