"""Benchmark the forecast models: BDM with Monte Carlo, and all four point forecasts on large tables.

Usage: ``python benchmarks/forecast.py [--quick]``. Prints markdown tables on stdout.
Goals (issue 5): BDM, 20 actors x 10 issues x 1,000 Monte Carlo runs under 2 s;
all four models on 200 actors x 50 issues under 10 s.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from parley.forecast import ExpectedUtility, forecast, monte_carlo
from parley.model.table import Entry, StakeholderModel


def random_model(actors: int, issues: int, seed: int = 0) -> StakeholderModel:
    """A table of random positions, saliences, capabilities and confidences."""
    rng = np.random.default_rng(seed)
    entries = [
        Entry(f"a{a}", f"i{i}", float(rng.uniform(0, 100)), float(rng.uniform(0.1, 1)), float(rng.uniform(0.1, 1)),
              confidence=float(rng.uniform(0.2, 1)))
        for i in range(issues)
        for a in range(actors)
    ]
    return StakeholderModel(entries)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    runs = 200 if quick else 1000
    print(f"## BDM with Monte Carlo ({runs} runs)\n")
    print("| actors | issues | runs | seconds | goal |")
    print("|---:|---:|---:|---:|---|")
    for actors, issues in ((10, 5), (15, 10), (20, 10)):
        model = random_model(actors, issues)
        seconds = timed(lambda: monte_carlo(model, models={"bdm": ExpectedUtility()}, runs=runs, seed=1))
        goal = "< 2 s" if (actors, issues, runs) == (20, 10, 1000) else ""
        print(f"| {actors} | {issues} | {runs} | {seconds:.2f} | {goal} |")
    print("\n## All four models, point forecasts (no Monte Carlo)\n")
    print("| actors | issues | seconds | goal |")
    print("|---:|---:|---:|---|")
    sizes = ((25, 10), (50, 25), (100, 25)) if quick else ((50, 10), (100, 25), (200, 50))
    for actors, issues in sizes:
        model = random_model(actors, issues)
        seconds = timed(lambda: forecast(model, models="all", runs=0))
        goal = "< 10 s" if (actors, issues) == (200, 50) else ""
        print(f"| {actors} | {issues} | {seconds:.2f} | {goal} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
