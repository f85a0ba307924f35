"""Benchmark of the dashboard and the report on synthetic stores (not a test: numbers only).

Builds SQLite stores of 1,000 / 3,000 / 10,000 reports with ten claims per
report (bulk inserts), times ``build_report`` on each, and on the largest
serves the dashboard with uvicorn in a thread and times every page and API
route with httpx: one cold request (first computation), then ``--requests``
timed ones (p50 / p95). The what-if route changes its value on every request,
so each of its answers is a fresh forecast. Prints markdown tables.

Run: .venv/bin/python benchmarks/web.py [--requests 50] [--sizes 1000,3000,10000] [--only timeline]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import insert

from parley.report import build_report
from parley.store.db import Store
from parley.store.models import Actor, Claim, Event, Mention, Proposal, ProposalReaction, Report, StatusSignal
from parley.web.app import create_app

ACTORS = [("Israel", "party"), ("Hamas", "party"), ("Qatar", "mediator"), ("Egypt", "mediator"),
          ("United States", "mediator"), ("Coalition hard-liners", "faction"), ("Hostage families forum", "faction"),
          ("Jordan", "third_party"), ("Turkey", "third_party"), ("United Nations", "third_party")]
ISSUES = ["ceasefire_permanence", "hostage_release", "prisoner_release", "philadelphi_corridor", "humanitarian_aid",
          "troop_withdrawal", "civilian_return", "postwar_governance"]
ACTS = ["DEMAND", "INSIST", "PROPOSE", "OFFER", "ACCEPT", "REJECT", "SUPPORT", "OPPOSE", "CONCEDE", "CONSIDER"]
SIGNALS = ["progress", "stalled", "breakthrough", "collapse"]
START = dt.date(2024, 1, 1)
CLAIMS_PER_REPORT = 10


def populate(store: Store, reports: int, seed: int = 0) -> None:
    """Bulk-insert ``reports`` synthetic reports with ten claims each, plus signals, events and proposals."""
    rng = random.Random(seed)
    leaning = {(a, i): rng.uniform(0, 100) for a, _ in ACTORS for i in ISSUES}
    days = [START + dt.timedelta(days=rng.randrange(365)) for _ in range(reports)]
    with store.session() as session:
        session.execute(insert(Actor), [{"name": a, "role": r, "type": "state", "from_pack": True} for a, r in ACTORS])
        session.execute(insert(Report), [
            {"id": f"r{n:06d}", "source": f"synthetic/{n}", "source_kind": "file", "url": f"https://news.example.org/{n}",
             "title": f"Synthetic report {n}", "outlet": "Example News", "published": days[n], "date_precision": "day",
             "date_source": "text", "language": "en", "text": f"Synthetic report {n}. " * 40, "chars": 800,
             "raw_sha256": f"{n:064d}", "text_sha256": f"{n:064d}", "ingested_at": dt.datetime(2025, 1, 1)}
            for n in range(reports)
        ])
        claims = []
        for n in range(reports):
            for _ in range(CLAIMS_PER_REPORT):
                actor, _ = rng.choice(ACTORS)
                issue = rng.choice(ISSUES)
                claims.append({
                    "report_id": f"r{n:06d}", "extractor_version": "synthetic", "sent_start": 0, "sent_end": 40,
                    "quote": f"synthetic quote {rng.randrange(10**6)}", "actor": actor, "act": rng.choice(ACTS),
                    "issue": issue, "position": round(min(100, max(0, rng.gauss(leaning[actor, issue], 10)))),
                    "confidence": rng.uniform(0.3, 0.9), "event_date": days[n], "date_precision": "day",
                    "independent": True, "review_status": "unreviewed", "created_at": dt.datetime(2025, 1, 1),
                })
        for start in range(0, len(claims), 20_000):
            session.execute(insert(Claim), claims[start:start + 20_000])
        session.execute(insert(Mention), [
            {"report_id": f"r{n:06d}", "actor": actor, "extractor_version": "synthetic", "count": 1}
            for n in range(reports) for actor in {rng.choice(ACTORS)[0] for _ in range(3)}
        ])
        session.execute(insert(StatusSignal), [
            {"report_id": f"r{n:06d}", "extractor_version": "synthetic", "signal": rng.choice(SIGNALS),
             "evidence": "synthetic evidence", "date": days[n]} for n in range(0, reports, 5)
        ])
        session.execute(insert(Event), [
            {"report_id": f"r{n:06d}", "extractor_version": "synthetic", "date": days[n], "what": "synthetic meeting"}
            for n in range(0, reports, 10)
        ])
        for n in range(0, reports, 20):
            proposal = Proposal(report_id=f"r{n:06d}", extractor_version="synthetic", name=f"Plan {n % 40}",
                                proposers=[rng.choice(ACTORS)[0]], date=days[n],
                                terms={ISSUES[0]: "synthetic terms"}, positions={ISSUES[0]: rng.uniform(0, 100)})
            proposal.reactions = [ProposalReaction(actor=a, act=rng.choice(["ACCEPT", "REJECT", "CONSIDER"]))
                                  for a, _ in rng.sample(ACTORS, 3)]
            session.add(proposal)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str):
    """Start the dashboard on a free loopback port in a thread; return (base URL, server)."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url, token="bench"), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


ROUTES = ["/", "/issues", "/issues/hostage_release", "/actors", "/timeline", "/timeline?actor=Hamas",
          "/timeline?issue=hostage_release&page=20", "/proposals", "/deals", "/claims",
          "/claims?status=unreviewed&actor=Hamas&page=20", "/claims/777", "/reports", "/reports/r000123",
          "/whatif?actor=Hamas&issue=hostage_release&value={v}", "/api/reports", "/api/claims?issue=hostage_release",
          "/api/model", "/api/forecast", "/api/deals", "/api/timeline", "/api/timeline?actor=Israel&page=3",
          "/api/whatif?actor=Israel&issue=hostage_release&value={v}"]


def time_routes(base: str, requests: int, routes: list[str]) -> list[tuple[str, float, float, float]]:
    """(route, cold ms, p50 ms, p95 ms) for each of ``routes``."""
    rows = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for route in routes:
            start = time.perf_counter()
            response = client.get(route.format(v=0))
            cold = (time.perf_counter() - start) * 1000
            response.raise_for_status()
            times = []
            for n in range(requests):
                start = time.perf_counter()
                client.get(route.format(v=1 + n % 99)).raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            rows.append((route.replace("{v}", "N"), cold, statistics.median(times), times[int(0.95 * len(times)) - 1]))
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--only", default="", help="Time only the routes that contain this text (e.g. timeline).")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        report_rows, largest = [], None
        for size in sizes:
            url = f"sqlite:///{Path(folder) / f'bench-{size}.db'}"
            store = Store(url)
            start = time.perf_counter()
            populate(store, size)
            filled = time.perf_counter() - start
            start = time.perf_counter()
            html = build_report(store)
            report_rows.append((size, size * CLAIMS_PER_REPORT, filled, time.perf_counter() - start, len(html) / 1e6))
            largest = url
        print("## Report generation (`build_report`, 500 Monte Carlo runs)\n")
        print("| reports | claims | bulk insert s | report s | HTML MB |")
        print("|---:|---:|---:|---:|---:|")
        for size, claims, filled, seconds, megabytes in report_rows:
            print(f"| {size:,} | {claims:,} | {filled:.1f} | {seconds:.2f} | {megabytes:.1f} |")
        base, server = serve(largest)
        rows = time_routes(base, args.requests, [route for route in ROUTES if args.only in route])
        server.should_exit = True
        print(f"\n## Dashboard routes at {sizes[-1]:,} reports / {sizes[-1] * CLAIMS_PER_REPORT:,} claims "
              f"({args.requests} requests each after one cold request)\n")
        print("| route | cold ms | p50 ms | p95 ms |")
        print("|---|---:|---:|---:|")
        for route, cold, p50, p95 in rows:
            print(f"| `{route}` | {cold:.0f} | {p50:.1f} | {p95:.1f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
