"""Benchmark the forecast models: BDM with Monte Carlo, and all four point forecasts on large tables.

Usage: ``python benchmarks/forecast.py [--quick] [--repeat N] [--rounds]``. Prints markdown tables on stdout:
the best wall-clock time of N repeats, the spread (slowest minus best) and the CPU time of the
best repeat (all threads), and the load average, since the machine is shared.
Goals (issue 5): BDM, 20 actors x 10 issues x 1,000 Monte Carlo runs under 2 s;
all four models on 200 actors x 50 issues under 10 s. BDM runs with its default win
probabilities ("pooled"); the 20-actor case is also timed with ``probability="contest"``.
``--rounds`` prints instead how often BDM's forecasts after 20 rounds (the default ``max_rounds``)
differ from those after 40 by more than 5 points, on the same tables.
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


def rounds_check() -> None:
    """Issues, Monte Carlo runs and summaries whose BDM forecast moves by > 5 points from 20 to 40 rounds."""
    print("| probability | actors x issues | issues > 5 (max) | runs > 5 | medians > 5 (max) | band ends (max) |")
    print("|---|---|---:|---:|---:|---:|")
    for rule in ("pooled", "contest"):
        short, long = ExpectedUtility(probability=rule), ExpectedUtility(probability=rule, max_rounds=40)
        for actors, issues in ((10, 10), (20, 10), (30, 10), (200, 50)):
            model = random_model(actors, issues)
            a, b = short.fit(model).positions_, long.fit(model).positions_
            points = np.array([abs(a[issue] - b[issue]) for issue in a])
            cells = f"{np.sum(points > 5)}/{len(points)} ({points.max():.1f})"
            if actors > 30:  # Monte Carlo on 200 actors would take minutes
                print(f"| {rule} | {actors} x {issues} | {cells} | | | |")
                continue
            summaries = [monte_carlo(model, models={"bdm": bdm}, runs=1000, seed=1) for bdm in (short, long)]
            medians = np.array([abs(summaries[0][i]["bdm"]["median"] - summaries[1][i]["bdm"]["median"]) for i in a])
            ends = max(abs(u - v) for i in a for u, v in zip(summaries[0][i]["bdm"]["band"], summaries[1][i]["bdm"]["band"]))
            rng, moved = np.random.default_rng(1), []
            for issue in model.issue_ids():  # the draws of monte_carlo, run by run
                entries = model.for_issue(issue)
                q = np.array([entry.confidence for entry in entries])
                _actors, x, s, c = model.arrays(issue)
                shape = (1000, len(entries))
                px = np.clip(x + rng.standard_normal(shape) * (2 + 18 * (1 - q)), 0, 100)
                ps = np.clip(s + rng.standard_normal(shape) * (0.02 + 0.18 * (1 - q)), 0.01, 1.0)
                pc = np.clip(c + rng.standard_normal(shape) * (0.02 + 0.18 * (1 - q)), 0.01, 1.0)
                moved.append(np.abs(short.solve(px, ps, pc) - long.solve(px, ps, pc)) > 5)
            print(f"| {rule} | {actors} x {issues} | {cells} | {np.mean(np.concatenate(moved)):.1%} | "
                  f"{np.sum(medians > 5)}/{len(medians)} ({medians.max():.1f}) | {ends:.1f} |")


def main(argv: list[str]) -> int:
    if "--rounds" in argv:
        rounds_check()
        return 0
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
