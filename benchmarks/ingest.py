"""Benchmark of ``parley ingest``: generated reports (half HTML pages, half scraped text) into SQLite.

For each corpus size it measures, in a fresh process so memory figures do not
mix: reports per second end to end (wall clock and per CPU second, since the
machine is shared), peak resident memory, the rate of raw trafilatura
extraction (``trafilatura.extract`` with default settings) over the HTML pages
of the same corpus, in the same run, and the 1-minute load average at the end
of the run (wall rates are only comparable between runs under similar load).
The per-CPU-second rate is given for one worker only: pool workers are
children of the forkserver, so their CPU time is not visible here.

Usage::

    .venv/bin/python benchmarks/ingest.py                      # 1k, 5k and 20k reports
    .venv/bin/python benchmarks/ingest.py --sizes 1000,5000 --workers 1,2

Prints a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the report generator shared with the tests

GOAL_RATE = 300
GOAL_RATIO = 0.5


class PeakRss:
    """Samples this process's resident memory in a thread; ``peak`` is the largest sample in bytes."""

    def __init__(self, interval: float = 0.05) -> None:
        import psutil

        self._process = psutil.Process()
        self._interval = interval
        self._stop = threading.Event()
        self.peak = self._process.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.peak = max(self.peak, self._process.memory_info().rss)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)


def run_one(size: int, workers: int) -> dict:
    """Generate ``size`` reports, ingest them, then extract the HTML pages with raw trafilatura."""
    import psutil
    import trafilatura

    from fixtures_ingest import write_corpus
    from parley.ingest import ingest
    from parley.store.db import Store

    with tempfile.TemporaryDirectory(prefix="parley-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        paths = write_corpus(folder, size, seed=size)
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        base_rss = psutil.Process().memory_info().rss
        wall, cpu = time.perf_counter(), time.process_time()
        with PeakRss() as rss:
            result = ingest(store, [str(folder)], workers=workers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        children_cpu = sum(c.cpu_times().user + c.cpu_times().system for c in psutil.Process().children())
        store.dispose()
        assert result.stored == size, result.to_dict()

        pages = [p for p in paths if p.suffix == ".html"]
        raw_wall = time.perf_counter()
        for page in pages:
            trafilatura.extract(page.read_text(encoding="utf-8"))
        raw_wall = time.perf_counter() - raw_wall
    return {
        "size": size,
        "workers": workers,
        "rate": size / wall,
        "cpu_rate": size / (cpu + children_cpu) if workers == 1 else None,
        "raw_rate": len(pages) / raw_wall,
        "base_mb": base_rss / 2**20,
        "peak_mb": rss.peak / 2**20,
        "load": os.getloadavg()[0],
    }


def main() -> None:
    """Run every size in its own process and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated corpus sizes")
    parser.add_argument("--workers", default="1", help="comma-separated worker counts to try")
    parser.add_argument("--one", nargs=2, type=int, metavar=("SIZE", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return
    print("| reports | workers | reports/s (wall) | reports/s per CPU s | raw trafilatura pages/s | "
          "ratio to raw | RSS before MB | peak RSS MB | load avg |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        for workers in (int(w) for w in args.workers.split(",")):
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(size), str(workers)],
                capture_output=True, text=True, check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            cpu = f"{r['cpu_rate']:.0f}" if r["cpu_rate"] else "-"
            print(
                f"| {r['size']} | {r['workers']} | {r['rate']:.0f} | {cpu} | {r['raw_rate']:.0f} | "
                f"{r['rate'] / r['raw_rate']:.2f} | {r['base_mb']:.0f} | {r['peak_mb']:.0f} | {r['load']:.1f} |",
                flush=True,  # a row as soon as its run ends: the large sizes take minutes
            )
    print(f"\nGoals: >= {GOAL_RATE} reports/s end to end, >= {GOAL_RATIO}x the raw extraction rate, "
          "peak memory flat as the corpus grows.")


if __name__ == "__main__":
    main()
