"""Requests per second and latency of ``claimledger serve`` under load, over loopback.

    python benchmarks/bench_web.py [--articles 1000] [--seconds 30] [--concurrency 16]

The ledger is the README's story (the bundled example and its follow-ups, through the
model) plus ``--articles`` generated ones (benchmarks/records.py), stored and linked as
ingest stores them. The server is ``claimledger serve`` in its own process (one uvicorn
worker, as a user runs it). The load generator keeps ``--concurrency`` HTTP/1.1 keep-alive
connections busy, each sending its next request when the last answer is read, for
``--seconds`` per target:

* the bundled example's article page (``/articles/<id>``: the text cut into highlighted
  segments, every quote's and claim's details, speakers, timeline);
* ``/api/claims?about=…`` cycling through words of the generated stories and the example.

Both are cached by the server against the ledger's linking version (docs/web.md), so after
the warm-up they measure cached answers; ``--uncached`` gives every claims request its own
query string, so each one runs the query.

The client is raw asyncio sockets, not an HTTP library, so that on a 2-core machine it
takes as little CPU from the server as a load generator can. Reported per target:
requests, requests/s, p50, p95, p99 and the worst latency, and non-200 answers.

Target (issue 6): p95 under 100 ms for both at concurrency 16.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.records import generate  # noqa: E402
from claimledger.api.ingest import ingest  # noqa: E402
from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.linking.linker import Linker  # noqa: E402
from claimledger.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "prisoner-swap.txt"
FOLLOW_UPS = REPO / "examples" / "follow-ups"
ABOUT = ["swap", "prisoners", "ceasefire", "talks", "minister", "agreement", "border", "exchange"]


def build(path: Path, articles: int) -> str:
    """The ledger; returns the example's article id."""
    settings = Settings()
    with open_ledger(path) as ledger:
        ingest(ledger, [str(EXAMPLE)], settings=settings, published="2025-05-23")
        ingest(ledger, [str(FOLLOW_UPS)], settings=settings)
        linker = Linker()
        for analysis in generate(articles, seed=6):
            ledger.store(analysis.to_dict(), within=linker)
        [example] = [a["id"] for a in ledger.articles() if str(a["source"]).endswith("prisoner-swap.txt")]
        print(f"ledger: {ledger.count('articles')} articles, {ledger.count('claims')} claims", flush=True)
        return str(example)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def load(
    port: int, paths: list[str], seconds: float, concurrency: int, unique: bool = False
) -> tuple[list[float], int]:
    latencies: list[float] = []
    failures = 0
    stop = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = n
        while time.perf_counter() < stop:
            started = time.perf_counter()
            path = paths[i % len(paths)]
            status = await fetch(reader, writer, f"{path}&n={i}" if unique else path)
            latencies.append(time.perf_counter() - started)
            failures += status != 200
            i += concurrency
        writer.close()

    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return latencies, failures


def report(name: str, latencies: list[float], failures: int, seconds: float) -> None:
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    print(
        f"{name:<28} {len(ms):>7} req  {len(ms) / seconds:>7.1f} req/s  p50 {q[49]:6.1f} ms  "
        f"p95 {q[94]:6.1f} ms  p99 {q[98]:6.1f} ms  max {ms[-1]:6.1f} ms  non-200 {failures}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="generated articles besides the story")
    parser.add_argument("--seconds", type=float, default=30.0, help="load per target")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="make every /api/claims request a cache miss (a distinct query string each)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "ledger.db"
        example = build(db, args.articles)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "claimledger.cli.main", "serve", "--db", str(db), "--port", str(port)],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.1)
            print(f"{os.cpu_count()} CPUs, concurrency {args.concurrency}, {args.seconds:.0f} s per target")
            targets = {
                "article page": [f"/articles/{example}"],
                "/api/claims?about=…": [f"/api/claims?about={word}" for word in ABOUT],
            }
            for name, paths in targets.items():
                asyncio.run(load(port, paths, 2.0, args.concurrency))  # warm up
                unique = args.uncached and name.startswith("/api/")
                latencies, failures = asyncio.run(load(port, paths, args.seconds, args.concurrency, unique))
                report(name + (" (uncached)" if unique else ""), latencies, failures, args.seconds)
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
