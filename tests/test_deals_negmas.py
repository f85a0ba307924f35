"""Frontiers and Nash points agree with NegMAS (installed with the ``negmas`` extra) on random domains."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from fixtures_deals import random_domain
from parley.deals.domain import Domain
from parley.deals.outcomes import sums_of
from parley.deals.solutions import analyse

negmas = pytest.importorskip("negmas")
from negmas import make_issue  # noqa: E402
from negmas.outcomes import make_os  # noqa: E402
from negmas.preferences import LinearAdditiveUtilityFunction  # noqa: E402
from negmas.preferences.ops import nash_points, pareto_frontier  # noqa: E402


def negmas_domain(seed: int, n_issues: int, n_values: int, n_parties: int) -> Domain:
    """A random domain whose reservations are each party's worst utility, as NegMAS measures Nash gains."""
    domain = random_domain(seed, n_issues, n_values, n_parties)
    worst = sums_of(np.arange(domain.n_outcomes), domain.tables()).min(axis=0)
    return Domain(domain.issues, tuple(dataclasses.replace(p, reservation=float(w))
                                       for p, w in zip(domain.parties, worst)))


def to_negmas(domain: Domain) -> tuple[list, list, object]:
    issues = [make_issue(values=list(issue.values), name=issue.name) for issue in domain.issues]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values={i.name: dict(party.utilities[i.name]) for i in domain.issues},
            weights={i.name: party.weights[i.name] for i in domain.issues},
            issues=issues,
            reserved_value=party.reservation,
        )
        for party in domain.parties
    ]
    return issues, ufuns, make_os(issues)


@pytest.mark.parametrize(("seed", "n_issues", "n_values", "n_parties"),
                         [(1, 3, 4, 2), (2, 3, 5, 3), (3, 4, 4, 3), (4, 2, 6, 4)])
def test_frontier_and_nash_match_negmas(seed: int, n_issues: int, n_values: int, n_parties: int) -> None:
    domain = negmas_domain(seed, n_issues, n_values, n_parties)
    _, ufuns, space = to_negmas(domain)
    outcomes = list(space.enumerate_or_sample())
    assert [tuple(domain.outcome(domain.digits(i)).values()) for i in range(len(outcomes))] == outcomes
    front, index = pareto_frontier(ufuns, outcomes=outcomes)
    result = analyse(domain)
    assert sorted(int(i) for i in index) == [p.index for p in result.pareto]
    ours = np.array([p.utilities for p in result.pareto])
    theirs = np.array(front)[np.argsort([int(i) for i in index])]
    assert np.allclose(ours, theirs, atol=1e-12)
    nash = nash_points(ufuns, front, outcome_space=space)
    assert nash, "NegMAS found no Nash point"
    assert any(np.allclose(result.solutions["nash"].utilities, point, atol=1e-12) for point, _ in nash)
