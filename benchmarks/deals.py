"""Benchmark of the deals stage: Pareto frontier + ZOPA + Nash, Kalai, egalitarian and utilitarian points.

Usage: ``python benchmarks/deals.py [--quick]``. Random additive domains with
10 values per issue (10^4, 10^5, 10^6 outcomes) and 2, 3, 5 parties; the same
domains go through NegMAS (``pip install -e '.[negmas]'``) when it is
installed: ``pareto_frontier`` on the enumerated outcomes, then ``nash_points``
and ``kalai_points``. NegMAS runs up to ``NEGMAS_CAP`` outcomes; above it its
time is extrapolated linearly from the 10x smaller domain (a lower bound:
its frontier search is superlinear). A child process measures the peak memory
(max RSS) of the 10^7-outcome, 3-party case. Prints a markdown table.
``--quick`` stops at 10^5 outcomes and skips the memory case.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parley.deals.domain import Domain  # noqa: E402
from parley.deals.solutions import analyse  # noqa: E402
from tests.fixtures_deals import random_domain  # noqa: E402

VALUES = 10
PARTIES = (2, 3, 5)
NEGMAS_CAP = {2: 10**6, 3: 10**6, 5: 10**5}
REPEATS = 3


def time_parley(domain: Domain) -> tuple[float, int]:
    """Best of ``REPEATS`` wall times of :func:`analyse`, and the frontier size."""
    best, size = float("inf"), 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = analyse(domain)
        best = min(best, time.perf_counter() - start)
        size = len(result.pareto)
    return best, size


def time_negmas(domain: Domain) -> tuple[float, int]:
    """Wall time of NegMAS' frontier, Nash and Kalai points on ``domain``, and its frontier size."""
    from negmas import make_issue
    from negmas.outcomes import make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import kalai_points, nash_points, pareto_frontier

    issues = [make_issue(values=list(issue.values), name=issue.name) for issue in domain.issues]
    ufuns = [LinearAdditiveUtilityFunction(values={i.name: dict(p.utilities[i.name]) for i in domain.issues},
                                           weights=dict(p.weights), issues=issues, reserved_value=p.reservation)
             for p in domain.parties]
    space = make_os(issues)
    start = time.perf_counter()
    front, _ = pareto_frontier(ufuns, outcomes=list(space.enumerate_or_sample()))
    nash_points(ufuns, front, outcome_space=space)
    kalai_points(ufuns, front, outcome_space=space)
    return time.perf_counter() - start, len(front)


def peak_rss_kib() -> int:
    """This process' peak resident memory in KiB.

    VmHWM belongs to the process' own memory map; ``ru_maxrss`` would carry
    over the parent's peak across fork and exec on Linux.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(n_issues: int, n_parties: int) -> None:
    """Run one analysis and print its time and the process' peak RSS as JSON."""
    domain = random_domain(0, n_issues, VALUES, n_parties, reservation=0.3)
    before = peak_rss_kib()
    start = time.perf_counter()
    result = analyse(domain)
    seconds = time.perf_counter() - start
    peak = peak_rss_kib()
    print(json.dumps({"seconds": seconds, "peak_mib": peak / 1024, "before_mib": before / 1024,
                      "pareto": len(result.pareto), "zopa": result.zopa_size}))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--memory-child"]:
        memory_child(int(argv[1]), int(argv[2]))
        return 0
    quick = "--quick" in argv
    try:
        import negmas

        version = negmas.__version__
    except ImportError:
        version = None
    sizes = (4, 5) if quick else (4, 5, 6)
    print(f"NegMAS {version or 'not installed'}; best of {REPEATS} runs for Parley, one run for NegMAS.\n")
    print("| outcomes | parties | Pareto points | Parley s | NegMAS s | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|")
    negmas_times: dict[tuple[int, int], float] = {}
    for n_parties in PARTIES:
        for n_issues in sizes:
            domain = random_domain(0, n_issues, VALUES, n_parties, reservation=0.3)
            n = domain.n_outcomes
            ours, size = time_parley(domain)
            theirs, note = None, ""
            if version and n <= NEGMAS_CAP[n_parties]:
                theirs, their_size = time_negmas(domain)
                if their_size != size:
                    note = f" (NegMAS frontier {their_size})"
            elif version and (n_parties, n // 10) in negmas_times:
                theirs, note = negmas_times[(n_parties, n // 10)] * 10, " (extrapolated x10)"
            if theirs is not None:
                negmas_times[(n_parties, n)] = theirs
            their_text = f"{theirs:.3f}{note}" if theirs is not None else "-"
            ratio = f"{theirs / ours:.0f}x" if theirs is not None else "-"
            print(f"| {n:.0e} | {n_parties} | {size} | {ours:.3f} | {their_text} | {ratio} |", flush=True)
    if not quick:
        done = subprocess.run([sys.executable, __file__, "--memory-child", "7", "3"], capture_output=True, text=True)
        if done.returncode:
            print(f"\n10^7 outcomes: failed: {done.stderr.strip()[-500:]}")
            return 1
        peak = json.loads(done.stdout)
        print(f"\n10^7 outcomes, 3 parties: {peak['seconds']:.2f} s, peak RSS {peak['peak_mib']:.0f} MiB "
              f"({peak['before_mib']:.0f} MiB before the analysis), {peak['pareto']} Pareto points, "
              f"ZOPA {peak['zopa']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
