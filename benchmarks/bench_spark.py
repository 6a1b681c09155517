"""Articles per second of ``ingest`` (1 process, ``--processes 2``) and of the Spark job + ``load``.

    python benchmarks/bench_spark.py [--articles 2000] [--seed 1] [--master local[2]] [--partitions N]

The same corpus for every run: ``--articles`` generated news articles (benchmarks/records.py,
~125 words each, dated over a few months) as one JSON Lines file. Each run is its own
process, so its memory is its own, into a fresh SQLite ledger (or output folder):

- ``ingest``, 1 process: read, analyse with the spaCy pipeline, store and link, in turn;
- ``ingest --processes 2``: two workers parse while the parent stores and links;
- the Spark job on ``--master`` (session start timed apart), then ``load`` of its output
  (store and link only: no model) in another process.

Times are wall clock, model loading included. Peak memory: the run's own process
(``ru_maxrss``), and each worker's and the JVM's ``VmHWM`` (peak resident set, from
/proc/<pid>/status, sampled every 0.2 s while the run goes). Note the load average: another
benchmark on the machine changes every figure here.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.records import generate, write_corpus  # noqa: E402
from claimledger.api.ingest import ingest  # noqa: E402
from claimledger.ledger import open_ledger  # noqa: E402
from claimledger.settings import Settings  # noqa: E402

MODES = ("ingest1", "ingest2", "spark", "load")


class Peaks:
    """Peak resident memory of every process under this one, sampled from /proc."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.kb: dict[int, int] = {}
        self.kind: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Peaks:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def sample(self) -> None:
        parents: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                    parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        mine = {os.getpid()}
        grew = True
        while grew:
            grew = False
            for pid, parent in parents.items():
                if parent in mine and pid not in mine:
                    mine.add(pid)
                    grew = True
        for pid in sorted(mine - {os.getpid()}):  # parents (lower pids, mostly) first
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                raw = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            peak = next((int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmHWM:")), 0)
            self.kb[pid] = max(self.kb.get(pid, 0), peak)
            # A worker forked by PySpark's daemon has the daemon's command line (or none): tell
            # them apart by the parent.
            kind = _kind(raw.replace(b"\0", b" ").decode(errors="replace"))
            if (kind.startswith("other") or kind == "spark python daemon") and self.kind.get(
                parents[pid], ""
            ).startswith("spark python"):
                kind = "spark python worker"
            self.kind[pid] = kind

    def by_kind(self) -> dict[str, dict[str, int]]:
        """For each kind of process: how many, and the largest peak (MB)."""
        out: dict[str, dict[str, int]] = {}
        for pid, kb in self.kb.items():
            entry = out.setdefault(self.kind[pid], {"count": 0, "peak_mb": 0})
            entry["count"] += 1
            entry["peak_mb"] = max(entry["peak_mb"], kb // 1024)
        return out


def _kind(cmdline: str) -> str:
    if "java" in cmdline.split(" ", 1)[0]:
        return "jvm"
    if "pyspark.daemon" in cmdline or "pyspark/daemon" in cmdline:
        return "spark python daemon"
    if "multiprocessing" in cmdline and "resource_tracker" not in cmdline:
        return "ingest worker"
    return "other: " + cmdline[:40]


def own_peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # kB on Linux


def run_mode(mode: str, corpus: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One run, in this process; returns its figures."""
    settings = Settings.from_env()
    out = work / "spark-out"
    with Peaks() as peaks:
        started = time.perf_counter()
        figures: dict[str, Any] = {}
        if mode in ("ingest1", "ingest2"):
            with open_ledger(work / f"{mode}.db") as ledger:
                processes = 1 if mode == "ingest1" else 2
                report = ingest(ledger, [str(corpus)], settings=settings, processes=processes)
            figures["stored"] = report.stored
        elif mode == "spark":
            from claimledger.api.spark import run_job, start_session

            spark = start_session(args.master)
            spark.sparkContext.setLogLevel("ERROR")
            figures["start_s"] = time.perf_counter() - started
            job_started = time.perf_counter()
            job = run_job([str(corpus)], str(out), settings=settings, spark=spark, partitions=args.partitions)
            figures["job_s"] = time.perf_counter() - job_started
            figures.update(analysed=job.analysed, dates=len(job.dates), partitions=job.partitions)
            peaks.sample()
            spark.stop()
        else:
            from claimledger.api.load import load

            with open_ledger(work / "load.db") as ledger:
                report = load(ledger, out, settings=settings)
            figures["stored"] = report.stored
        figures["seconds"] = time.perf_counter() - started
    figures["own_peak_mb"] = own_peak_mb()
    figures["children"] = peaks.by_kind()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # one run, in a child process
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        work = Path(args.work)
        print(json.dumps(run_mode(args.mode, work / "corpus.jsonl", work, args)))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = work / "corpus.jsonl"
        n = write_corpus(generate(args.articles, seed=args.seed), corpus)
        words = sum(len(json.loads(line)["text"].split()) for line in corpus.open(encoding="utf-8"))
        print(f"{n} generated articles, {words:,} words ({words / n:.0f} a article); "
              f"{os.cpu_count()} CPUs; load average before: {_load()}")
        results: dict[str, dict[str, Any]] = {}
        for mode in MODES:
            command = [sys.executable, __file__, "--mode", mode, "--work", tmp, "--master", args.master]
            if args.partitions:
                command += ["--partitions", str(args.partitions)]
            done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
            if done.returncode != 0:
                print(done.stderr[-3000:], file=sys.stderr)
                return 1
            results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"  {mode}: {json.dumps(results[mode])}  (load average now {_load()})", flush=True)
    report(results, n, words, args.master)
    return 0


def report(results: dict[str, dict[str, Any]], n: int, words: int, master: str) -> None:
    one, two, spark, load = (results[m] for m in MODES)
    rows = [
        ("ingest, 1 process", n / one["seconds"], f"{one['seconds']:.1f} s", _memory(one)),
        ("ingest --processes 2", n / two["seconds"], f"{two['seconds']:.1f} s", _memory(two)),
        (f"spark {master}, job only", n / spark["job_s"], f"{spark['job_s']:.1f} s "
         f"(+{spark['start_s']:.1f} s session start)", _memory(spark)),
        ("load (store + link, 1 process)", n / load["seconds"], f"{load['seconds']:.1f} s", _memory(load)),
    ]
    both = spark["start_s"] + spark["job_s"] + load["seconds"]
    rows.append((f"spark {master} + load, end to end", n / both, f"{both:.1f} s", ""))
    print("\n| run | articles/s | wall | peak memory |\n| --- | ---: | --- | --- |")
    for name, rate, wall, memory in rows:
        print(f"| {name} | {rate:.1f} | {wall} | {memory} |")
    cores = _cores(master)
    per_core = words / spark["job_s"] / cores
    print(f"\nSpark job per core: {n / spark['job_s'] / cores:.2f} articles/s, {per_core:,.0f} words/s "
          f"({cores} cores); {spark['dates']} date partitions, {spark['partitions']} analysis partitions")


def _memory(figures: dict[str, Any]) -> str:
    parts = [f"process {figures['own_peak_mb']} MB"]
    for kind, entry in sorted(figures["children"].items()):
        if kind.startswith("other"):
            continue
        parts.append(f"{kind} {entry['peak_mb']} MB (largest of {entry['count']})")
    return "; ".join(parts)


def _cores(master: str) -> int:
    if master.startswith("local[") and master[6:-1].isdigit():
        return int(master[6:-1])
    return os.cpu_count() or 1


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
