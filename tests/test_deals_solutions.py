"""Pareto frontier, ZOPA and bargaining solutions against a brute-force reference."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.deals.domain import Domain, Issue, Party
from parley.deals.outcomes import chunks, digits_of, sums_of
from parley.deals.pareto import frontier, undominated
from parley.deals.zopa import count
from parley.deals.solutions import SOLUTIONS, analyse, objectives
from parley.errors import ModelInputError

from fixtures_deals import brute, domains


@settings(max_examples=150, deadline=None)
@given(domains())
def test_frontier_is_exactly_the_undominated_outcomes(domain: Domain) -> None:
    u, on_front = brute(domain)
    index, utilities = frontier(domain.tables())
    assert index.tolist() == np.flatnonzero(on_front).tolist()
    assert np.array_equal(utilities, u[index])


@settings(max_examples=150, deadline=None)
@given(domains())
def test_solutions_maximise_their_objective_over_the_zopa(domain: Domain) -> None:
    u, on_front = brute(domain)
    r = domain.reservations()
    zopa = (u >= r).all(axis=1)
    result = analyse(domain)
    assert result.outcomes == len(u)
    assert result.zopa_size == int(zopa.sum())
    if not zopa.any():
        assert all(result.solutions[name] is None for name in SOLUTIONS)
        assert "ZOPA is empty" in result.message
        return
    # The Kalai ideal point is each party's best utility over the whole ZOPA.
    reference = objectives(u[zopa], r)
    eligible = np.flatnonzero(zopa & on_front)
    for name in SOLUTIONS:
        point = result.solutions[name]
        assert zopa[point.index] and on_front[point.index]
        full = np.full(len(u), -np.inf)
        full[zopa] = reference[name]
        assert full[point.index] == reference[name].max()
        # Ties go to the lowest outcome number among frontier outcomes in the ZOPA.
        values = full[eligible]
        assert point.index == eligible[values == values.max()].min()
        assert point.utilities == u[point.index].tolist()


@settings(max_examples=80, deadline=None)
@given(domains(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_parties(domain: Domain, rnd) -> None:
    order = list(range(len(domain.parties)))
    rnd.shuffle(order)
    first, second = analyse(domain), analyse(domain.permuted(order))
    assert [p.index for p in first.pareto] == [p.index for p in second.pareto]
    assert first.zopa_size == second.zopa_size
    for name in SOLUTIONS:
        a, b = first.solutions[name], second.solutions[name]
        assert (a is None and b is None) or (a.index == b.index and b.utilities == [a.utilities[i] for i in order])


@settings(max_examples=60, deadline=None)
@given(domains(max_issues=4, max_values=5), st.integers(1, 40))
def test_chunks_cover_every_outcome_once_with_the_same_sums(domain: Domain, size: int) -> None:
    tables = domain.tables()
    starts, parts = zip(*chunks(tables, size))
    sums = np.vstack(parts)
    assert len(sums) == domain.n_outcomes
    assert list(starts) == sorted(starts) and starts[0] == 0
    assert np.array_equal(sums, sums_of(np.arange(domain.n_outcomes), tables))
    assert np.array_equal(sums, brute(domain)[0])


@pytest.mark.parametrize(
    ("points", "margin", "expected"),
    [
        ([[1, 0], [0, 1], [0.5, 0.5]], 0.0, [True, True, True]),
        ([[1, 1], [1, 1], [0, 0]], 0.0, [True, True, False]),  # equal vectors do not dominate each other
        ([[1, 1], [1, 0.5], [0.5, 1]], 0.0, [True, False, False]),
        ([[1, 1], [1, 1 - 1e-12]], 0.0, [True, False]),
        ([[1, 0], [1, 1e-17]], 0.0, [False, True]),  # equal sums after rounding, still dominated
        ([[1, 1], [1, 1 - 1e-12]], 1e-9, [True, True]),  # within the pruning margin: kept
        ([[0.2, 0.3, 0.9], [0.2, 0.3, 0.8], [0.9, 0.0, 0.0]], 0.0, [True, False, True]),
    ],
)
def test_undominated_hand_checked(points: list, margin: float, expected: list) -> None:
    assert undominated(np.array(points, dtype=float), margin=margin, block=2).tolist() == expected


def _two_party(utilities_a: dict, utilities_b: dict, reservations: tuple[float, float]) -> Domain:
    issue = Issue("x", tuple(utilities_a))
    return Domain((issue,), (
        Party("A", {"x": 1.0}, {"x": utilities_a}, reservations[0]),
        Party("B", {"x": 1.0}, {"x": utilities_b}, reservations[1]),
    ))


def test_ties_go_to_the_lowest_outcome_number() -> None:
    # "mid" and "mid2" have the same utilities: both are on the frontier, the first one wins.
    domain = _two_party({"lo": 0.0, "mid": 0.5, "mid2": 0.5, "hi": 1.0},
                        {"lo": 1.0, "mid": 0.5, "mid2": 0.5, "hi": 0.0}, (0.0, 0.0))
    result = analyse(domain).to_dict()
    assert [p["outcome"]["x"] for p in result["pareto"]] == ["lo", "mid", "mid2", "hi"]
    assert result["nash"]["outcome"] == {"x": "mid"}
    assert result["kalai"]["outcome"] == {"x": "mid"}
    assert result["egalitarian"]["outcome"] == {"x": "mid"}
    assert result["utilitarian"]["outcome"] == {"x": "lo"}  # all four sum to 1


def test_empty_zopa_is_reported_not_raised() -> None:
    domain = _two_party({"a": 1.0, "b": 0.0}, {"a": 0.0, "b": 1.0}, (0.6, 0.6))
    result = analyse(domain).to_dict()
    assert result["zopa_size"] == 0
    assert all(result[name] is None for name in SOLUTIONS)
    assert result["message"].startswith("The ZOPA is empty")
    assert len(result["pareto"]) == 2 and not any(p["in_zopa"] for p in result["pareto"])


def test_hand_checked_nash_and_kalai() -> None:
    # Gains over reservations (0.2, 0.1): a=(0.6, 0.1) -> product .06; b=(0.4, 0.4) -> .16; c=(0.1, 0.8) -> .08.
    domain = _two_party({"a": 0.8, "b": 0.6, "c": 0.3}, {"a": 0.2, "b": 0.5, "c": 0.9}, (0.2, 0.1))
    result = analyse(domain).to_dict()
    assert result["zopa_size"] == 3
    assert result["nash"]["outcome"] == {"x": "b"}
    # Ideal point (0.8, 0.9): normalised gains a=(1, 1/8), b=(2/3, 1/2), c=(1/6, 1) -> b.
    assert result["kalai"]["outcome"] == {"x": "b"}
    assert result["egalitarian"]["outcome"] == {"x": "b"}
    assert result["utilitarian"]["outcome"] == {"x": "c"}  # sums 1.0, 1.1, 1.2
    assert result["utilitarian"]["utilities"] == [0.3, 0.9]


def test_digits_round_trip() -> None:
    radices = [3, 1, 4, 2]
    index = np.arange(24)
    digits = digits_of(index, radices)
    domain = Domain(tuple(Issue(f"i{j}", tuple(map(str, range(r)))) for j, r in enumerate(radices)), (
        Party("A", {f"i{j}": 0.25 for j in range(4)}, {f"i{j}": {str(v): 0.0 for v in range(r)}
                                                      for j, r in enumerate(radices)}, 0.0),))
    assert [domain.index(d) for d in digits] == index.tolist()
    assert [domain.digits(i) for i in index] == digits.tolist()
    assert len({tuple(d) for d in digits.tolist()}) == 24


def test_too_many_outcomes_is_refused() -> None:
    domain = _two_party({"a": 1.0, "b": 0.0, "c": 0.5}, {"a": 0.0, "b": 1.0, "c": 0.5}, (0.0, 0.0))
    with pytest.raises(ModelInputError, match=r"E356.*has 3 outcomes, over the limit of 2"):
        analyse(domain, max_outcomes=2)


@settings(max_examples=100, deadline=None)
@given(domains(max_issues=4, max_values=4), st.integers(1, 20))
def test_zopa_count_by_bounds_equals_a_full_scan(domain: Domain, size: int) -> None:
    u, _ = brute(domain)
    assert count(domain.tables(), domain.reservations(), chunk=size) == int((u >= domain.reservations()).all(1).sum())
