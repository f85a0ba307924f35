"""Benchmark the forecast models: BDM with Monte Carlo, and all four point forecasts on large tables.

Usage: ``python benchmarks/forecast.py [--quick] [--repeat N]``. Prints markdown tables on stdout:
the best wall-clock time of N repeats, the spread (slowest minus best) and the CPU time of the
best repeat (all threads), and the load average, since the machine is shared.
Goals (issue 5): BDM, 20 actors x 10 issues x 1,000 Monte Carlo runs under 2 s;
all four models on 200 actors x 50 issues under 10 s. BDM runs with its default win
probabilities ("pooled"); the 20-actor case is also timed with ``probability="contest"``.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable

import numpy as np

from parley.forecast import CompromiseMean, ExpectedUtility, NashBargaining, WeightedMedian, forecast, monte_carlo
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


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(best wall seconds, slowest minus best, CPU seconds of the best repeat)."""
    runs = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
    best = min(runs)
    return best[0], max(runs)[0] - best[0], best[1]


def load() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
    runs = 200 if quick else 1000
    print(f"Load average (1 / 5 / 15 min) at the start: {load()}; {os.cpu_count()} CPUs; best of {repeat}.\n")
    small = random_model(5, 1)
    start = time.perf_counter()
    monte_carlo(small, models={"bdm": ExpectedUtility()}, runs=10, seed=1)
    print(f"First BDM call (loads the compiled kernel, or compiles it once after an edit): "
          f"{time.perf_counter() - start:.2f} s\n")

    print(f"## BDM with Monte Carlo ({runs} runs)\n")
    print("| actors | issues | runs | probability | seconds (best) | spread | CPU seconds | goal |")
    print("|---:|---:|---:|---|---:|---:|---:|---|")
    default = ExpectedUtility().probability
    for actors, issues, rule in ((10, 10, default), (20, 10, default), (20, 10, "contest"), (30, 10, default)):
        model = random_model(actors, issues)
        bdm = ExpectedUtility(probability=rule)
        best, spread, cpu = timed(lambda: monte_carlo(model, models={"bdm": bdm}, runs=runs, seed=1), repeat)
        goal = "< 2 s" if (actors, issues, runs, rule) == (20, 10, 1000, default) else ""
        print(f"| {actors} | {issues} | {runs} | {rule} | {best:.2f} | {spread:.2f} | {cpu:.2f} | {goal} |")

    print("\n## All four models, point forecasts (no Monte Carlo)\n")
    print("| actors | issues | seconds (best) | spread | CPU seconds | goal |")
    print("|---:|---:|---:|---:|---:|---|")
    sizes = ((25, 10), (50, 25), (100, 25)) if quick else ((50, 10), (100, 25), (200, 50))
    for actors, issues in sizes:
        model = random_model(actors, issues)
        best, spread, cpu = timed(lambda: forecast(model, models="all", runs=0), repeat)
        goal = "< 10 s" if (actors, issues) == (200, 50) else ""
        print(f"| {actors} | {issues} | {best:.2f} | {spread:.2f} | {cpu:.2f} | {goal} |")

    actors, issues = sizes[-1]
    model = random_model(actors, issues)
    print(f"\n## Each model alone, {actors} actors x {issues} issues\n")
    print("| model | seconds (best) | CPU seconds |")
    print("|---|---:|---:|")
    for estimator in (CompromiseMean, WeightedMedian, NashBargaining, ExpectedUtility):
        best, _spread, cpu = timed(lambda: estimator().fit(model), repeat)
        print(f"| {estimator.name} | {best:.2f} | {cpu:.2f} |")
    print(f"\nLoad average at the end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
