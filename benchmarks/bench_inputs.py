"""Pages per second of reading inputs: HTML extraction, the language check, a WARC archive.

    python benchmarks/bench_inputs.py [--pages 300] [--repeat 3]

Pages are generated news pages: ~1,000 words of article in 12 paragraphs amid what sites put
around it (a cookie banner, navigation with 60 links, inline scripts and styles, ads, a list
of 30 related stories, a newsletter box, a footer): ~60 kB of HTML a page, about the median
of news pages. Each figure is the best of ``--repeat`` runs so a noisy neighbour does not
decide it. No network: the WARC is written to a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claimledger.ingest.html import article_from_html
from claimledger.ingest.language import check_language, identify
from claimledger.ingest.sources import iter_articles
from claimledger.types import Article

SENTENCE = (
    "The council said on {day} that the harbour works at pier {n} would resume after a review "
    "of the contract, and a spokesperson added that the cost had risen by {n} percent. "
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def page(i: int) -> str:
    paragraphs = "".join(
        "<p>" + "".join(SENTENCE.format(day=DAYS[(i + p + s) % 5], n=i + p + s) for s in range(3)) + "</p>\n"
        for p in range(12)
    )
    nav = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(60))
    related = "".join(f'<li><a href="/news/{i}/{k}">Related story number {k} about the port</a></li>'
                      for k in range(30))
    script = "<script>" + "var tracking = {a: 1, b: [1, 2, 3]}; " * 600 + "</script>"
    style = "<style>" + ".c{margin:0;padding:0} " * 800 + "</style>"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Harbour works {i}</title>'
        f'<meta property="article:published_time" content="2025-03-04T08:30:00Z">{style}{script}</head>'
        '<body><div class="cookie-banner"><p>We and our partners use cookies.</p>'
        "<button>Accept</button></div>"
        f'<header><nav><ul>{nav}</ul></nav></header><aside class="ad">Advertisement</aside>'
        f"<main><article><h1>Harbour works {i}</h1>{paragraphs}</article>"
        f'<section class="related"><h2>Related</h2><ul>{related}</ul></section>'
        '<div class="newsletter">Sign up for the morning briefing</div></main>'
        f"<footer>Copyright 2025 Example Media. {script}</footer></body></html>"
    )


def best(repeat: int, run: Callable[[], Any]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pages = [page(i).encode("utf-8") for i in range(args.pages)]
    size = sum(map(len, pages)) / len(pages)

    seconds = best(args.repeat, lambda: [article_from_html(p, label="p", max_bytes=1_000_000) for p in pages])
    print(f"html extraction   {args.pages / seconds:7.1f} pages/s  ({size / 1000:.0f} kB a page, "
          f"{seconds / args.pages * 1000:.1f} ms a page)")

    texts = [article_from_html(p, label="p", max_bytes=1_000_000).text for p in pages]
    started = time.perf_counter()
    identify("warm up: the model loads once")
    print(f"language model    {time.perf_counter() - started:7.2f} s to load")
    chars = sum(map(len, texts))
    seconds = best(args.repeat, lambda: [check_language(Article(text=t, source="p")) for t in texts])
    print(f"language check    {len(texts) / seconds:7.0f} articles/s  ({chars / len(texts):.0f} chars an "
          f"article, {chars / seconds / 1e6:.1f} M chars/s)")

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.warc.gz"
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for i, body in enumerate(pages):
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(
                    f"https://example.org/{i}", "response", payload=io.BytesIO(body), http_headers=http))
        seconds = best(args.repeat,
                       lambda: list(iter_articles([str(path)], max_bytes=1_000_000, fetch=False)))
        print(f"warc.gz to articles {args.pages / seconds:5.1f} pages/s  (read, extract, language check)")


if __name__ == "__main__":
    main()
