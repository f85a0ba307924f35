"""Shared helpers of the deals tests and benchmark: random domains and a brute-force reference."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import strategies as st

from parley.deals.domain import Domain, Issue, Party

# Coarse grids make ties likely; free floats find rounding corner cases.
coarse = st.integers(0, 8).map(lambda i: i / 8)
fine = st.floats(0, 1, allow_nan=False, allow_subnormal=True)
utility = st.one_of(coarse, fine)


@st.composite
def domains(draw, max_issues: int = 3, max_values: int = 4, max_parties: int = 4) -> Domain:
    n_issues = draw(st.integers(1, max_issues))
    issues = tuple(
        Issue(f"i{j}", tuple(f"v{v}" for v in range(draw(st.integers(1, max_values))))) for j in range(n_issues)
    )
    parties = []
    for p in range(draw(st.integers(1, max_parties))):
        raw = [draw(st.integers(0, 4)) for _ in issues]
        raw[draw(st.integers(0, n_issues - 1))] += 1  # at least one positive weight
        weights = {issue.name: w / sum(raw) for issue, w in zip(issues, raw)}
        utilities = {issue.name: {v: draw(utility) for v in issue.values} for issue in issues}
        parties.append(Party(f"p{p}", weights, utilities, draw(st.one_of(coarse, fine))))
    return Domain(issues, tuple(parties))


def random_domain(seed: int, n_issues: int, n_values: int, n_parties: int, reservation: float = 0.0) -> Domain:
    """Uniform random issue weights and value utilities drawn with NumPy (sizes hypothesis would not reach)."""
    rng = np.random.default_rng(seed)
    issues = tuple(Issue(f"i{j}", tuple(f"v{v}" for v in range(n_values))) for j in range(n_issues))
    parties = []
    for p in range(n_parties):
        weights = rng.random(n_issues)
        weights /= weights.sum()
        parties.append(Party(f"p{p}", {i.name: float(w) for i, w in zip(issues, weights)},
                             {i.name: {v: float(rng.random()) for v in i.values} for i in issues}, reservation))
    return Domain(issues, tuple(parties))


def brute(domain: Domain) -> tuple[np.ndarray, np.ndarray]:
    """Every outcome's utilities (summed left to right like the library) and the frontier mask, by O(n^2) checks."""
    tables = domain.tables()
    rows = []
    for digits in itertools.product(*(range(len(t)) for t in tables)):
        total = np.zeros(len(domain.parties))
        for table, d in zip(tables, digits):
            total = total + table[d]
        rows.append(total)
    u = np.array(rows)
    dominated = [any((u[j] >= u[i]).all() and (u[j] > u[i]).any() for j in range(len(u))) for i in range(len(u))]
    return u, ~np.array(dominated)
