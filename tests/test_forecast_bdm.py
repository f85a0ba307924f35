"""The BDM expected-utility model against a plain-loop reading of Scholz, Calbert and Smith (2011) and hand values."""

from __future__ import annotations

import numpy as np
import pytest

from parley.forecast import bdm_kernel
from parley.forecast.bdm import ExpectedUtility, win_probabilities
from parley.model.table import Entry, StakeholderModel


def reference_round(x, s, c, q=1.0, t=1.0, pooled=True):
    """One round written as the paper's appendix lists the steps, one pair at a time (no NumPy).

    ``pooled`` divides the votes for i over j by the votes cast in the contests of every ordered
    pair of actors (Scholz et al.'s code), else by those cast in the i-j contest (the printed formula).
    """
    n = len(x)
    w = [c[k] * s[k] for k in range(n)]
    order = sorted(range(n), key=lambda k: x[k])
    total, acc, mu = sum(w), 0.0, None
    for k in order:  # the lower weighted median
        acc += w[k]
        if acc >= total / 2 * (1 - 1e-12):
            mu = x[k]
            break

    def votes(i, j):
        return [w[k] * (abs(x[k] - x[j]) - abs(x[k] - x[i])) for k in range(n)]

    everything = sum(abs(v) for a in range(n) for b in range(n) for v in votes(a, b))

    def prob(i, j):
        denominator = everything if pooled else sum(abs(v) for v in votes(i, j))
        return sum(v for v in votes(i, j) if v > 0) / denominator if denominator > 1e-15 else 0.5

    def eu(i, j, r):
        d = abs(x[i] - x[j])
        if i == j or d == 0:
            return 0.0
        near = 0.25 * (abs(x[i] - mu) + d)
        us, uf = 2 - 4 * (0.5 - 0.5 * d) ** r[i], 2 - 4 * (0.5 + 0.5 * d) ** r[i]
        ub, uw = 2 - 4 * max(0.5 - near, 0) ** r[i], 2 - 4 * (0.5 + near) ** r[i]
        usq = 2 - 4 * 0.5 ** r[i]
        p = prob(i, j)
        return s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - q * usq - (1 - q) * (t * ub + (1 - t) * uw)

    ones = [1.0] * n
    target = [sum(eu(j, k, ones) for j in range(n)) for k in range(n)]
    high, low = max(target), min(target)
    big_r = [(2 * target[i] - high - low) / (high - low) if high - low > 1e-12 else 0.0 for i in range(n)]
    r = [(1 - b / 3) / (1 + b / 3) for b in big_r]
    table = [[eu(i, j, r) for j in range(n)] for i in range(n)]
    new = list(x)
    for j in range(n):
        offers = [i for i in range(n) if table[i][j] > 0]
        if not offers:
            continue
        i = min(offers, key=lambda i: (-table[i][j], abs(x[i] - x[j]), x[i]))
        mine, theirs = table[j][i], table[i][j]
        if 0 < mine < theirs or (mine < 0 and -mine >= theirs):
            new[j] = x[i]
        elif mine < 0 and -mine < theirs:
            new[j] = x[j] + (x[i] - x[j]) * abs(mine / theirs)
    return new


CASES = [
    ([0.10, 0.55, 0.90, 0.30, 0.70], [0.9, 0.5, 0.7, 0.3, 0.6], [1.0, 0.6, 0.4, 0.8, 0.5]),
    ([0.0, 1.0, 0.4, 0.45], [0.2, 0.9, 0.5, 1.0], [0.3, 0.3, 1.0, 0.7]),
    ([0.2, 0.2, 0.8, 0.6, 0.1, 0.95], [0.6, 0.6, 0.4, 0.9, 0.8, 0.2], [0.5, 0.5, 0.9, 0.2, 0.4, 1.0]),
]


@pytest.mark.parametrize("x, s, c", CASES)
@pytest.mark.parametrize("q", [1.0, 0.5])
@pytest.mark.parametrize("probability", ["pooled", "contest"])
def test_rounds_match_the_plain_reading(x, s, c, q, probability):
    bdm = ExpectedUtility(q=q, t=0.5, max_rounds=6, tolerance=1e-9, probability=probability)
    _, history = bdm.run(np.array([x]) * 100, np.array([s]), np.array([c]))
    assert len(history) > 2  # the cases move for several rounds under either rule
    expected = list(x)
    for got in history[1:]:
        expected = reference_round(expected, s, c, q=q, t=0.5, pooled=probability == "pooled")
        assert got[0] / 100 == pytest.approx(expected, abs=1e-9)


def test_default_rule_is_the_pooled_one():
    x, s, c = (np.array([v]) for v in CASES[0])
    pooled, contest = (ExpectedUtility(probability=rule).run(x * 100, s, c)[1] for rule in ("pooled", "contest"))
    default = ExpectedUtility().run(x * 100, s, c)[1]
    assert np.array_equal(np.array(default), np.array(pooled))
    assert not np.allclose(np.array(pooled[1]), np.array(contest[1]))  # the rules differ on this case


@pytest.mark.parametrize("pooled", [True, False])
def test_two_actor_expected_utility_by_hand(pooled):
    # Positions 0 and 1: A's voters give A w_A votes and B's give B w_B, in each of the two
    # contests (A over B, B over A), so P_AB = w_A / (w_A + w_B) in its contest and
    # w_A / (2 (w_A + w_B)) pooled over both. Risk neutral: Us = 2, Uf = -2, Usq = 0,
    # so EU_AB = s_B (4 P_AB - 2) + 2 (1 - s_B).
    s, c = np.array([[0.8, 0.5]]), np.array([[1.0, 0.6]])
    x = np.array([[0.0, 1.0]])
    w = c * s
    p = win_probabilities(x, w, pooled=pooled)
    cast = 2 * w.sum() if pooled else w.sum()
    p_ab, p_ba = w[0, 0] / cast, w[0, 1] / cast
    assert p[0, 0, 1] == pytest.approx(p_ab) and p[0, 1, 0] == pytest.approx(p_ba)
    eu = ExpectedUtility(risk="neutral").expected_utilities(x, s, w, np.ones_like(x), p)
    assert eu[0, 0, 1] == pytest.approx(s[0, 1] * (4 * p_ab - 2) + 2 * (1 - s[0, 1]))
    assert eu[0, 1, 0] == pytest.approx(s[0, 0] * (4 * p_ba - 2) + 2 * (1 - s[0, 0]))


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("pooled", [True, False])
def test_win_probabilities_equal_the_sum_over_voters(seed, pooled):
    rng = np.random.default_rng(seed)
    x, w = rng.random((20, 6)), rng.random((20, 6))
    x[:, 2] = x[:, 4]  # shared positions are the delicate case
    votes = w[:, :, None, None] * (np.abs(x[:, :, None, None] - x[:, None, None, :]) - np.abs(x[:, :, None, None] - x[:, None, :, None]))
    total = np.abs(votes).sum(axis=1)  # votes cast per contest (run, i, j)
    won = np.where(votes > 0, votes, 0).sum(axis=1)
    got = win_probabilities(x, w, pooled=pooled)
    if pooled:
        brute = won / total.sum(axis=(1, 2), keepdims=True)
        # The diagonal is left at 1/2: a "contest" with oneself has EU 0 whatever its odds.
        off = ~np.eye(6, dtype=bool)
        assert got[:, off] == pytest.approx(brute[:, off], abs=1e-12)
        assert got[:, off].sum(axis=1) == pytest.approx(0.5, abs=1e-12)  # half of all votes are won
    else:
        brute = np.where(total > 1e-15, won / np.where(total > 0, total, 1), 0.5)
        assert got == pytest.approx(brute, abs=1e-12)


def test_rounds_are_kept_per_issue_and_stay_on_the_scale():
    model = StakeholderModel([Entry(a, "i", 100 * x, s, c) for a, x, s, c in zip("ABCDE", *CASES[0])])
    bdm = ExpectedUtility().fit(model)
    rounds = bdm.rounds_["i"]
    assert rounds[0] == pytest.approx([100 * x for x in CASES[0][0]])
    assert all(0 <= v <= 100 for positions in rounds for v in positions)
    assert bdm.n_rounds_["i"] == len(rounds) - 1


def test_chunked_solve_equals_one_batch(monkeypatch):
    rng = np.random.default_rng(4)
    x, s, c = rng.random((9, 5)) * 100, rng.random((9, 5)), rng.random((9, 5))
    whole = ExpectedUtility().run(x, s, c)[0]
    monkeypatch.setattr("parley.forecast.bdm.CHUNK_PAIRS", 2 * 25)  # two runs per chunk
    assert ExpectedUtility().solve(x, s, c) == pytest.approx(whole, abs=1e-12)


@pytest.mark.parametrize("max_rounds", [7, 8])
def test_stopping_cycles_keeps_the_forecast(max_rounds):
    rng = np.random.default_rng(max_rounds)
    x, s, c = rng.random((300, 8)) * 100, rng.random((300, 8)), rng.random((300, 8))
    bdm = ExpectedUtility(max_rounds=max_rounds)
    full, history = bdm.run(x, s, c)
    short, short_history = bdm.run(x, s, c, stop_cycles=True)
    assert short == pytest.approx(full, abs=1e-12)
    assert len(short_history) <= len(history)


def paper_utilities(x, s, p, r, mu, q, t):
    """``EU[i, j]`` term by term as step 4 of the module docstring writes it (no algebra)."""
    n = len(x)
    eu = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            d = abs(x[i] - x[j])
            if d == 0:
                continue
            near = 0.25 * (abs(x[i] - mu) + d)
            us, uf = 2 - 4 * (0.5 - 0.5 * d) ** r[i], 2 - 4 * (0.5 + 0.5 * d) ** r[i]
            ub, uw = 2 - 4 * max(0.5 - near, 0) ** r[i], 2 - 4 * (0.5 + near) ** r[i]
            usq = 2 - 4 * 0.5 ** r[i]
            eu[i, j] = (s[j] * (p[i, j] * us + (1 - p[i, j]) * uf) + (1 - s[j]) * us - q * usq
                        - (1 - q) * (t * ub + (1 - t) * uw))
    return eu


@pytest.mark.parametrize("q, t", [(1.0, 1.0), (0.5, 0.3), (0.0, 1.0)])
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("pooled", [True, False])
def test_expected_utilities_equal_the_paper_terms(q, t, seed, pooled):
    # The kernel reduces the terms to 4 (1/2)^r (1 - A - h (B - A)); here they are summed as written.
    rng = np.random.default_rng(seed)
    x, s, c = rng.random((1, 7)), rng.random((1, 7)), rng.random((1, 7))
    x[0, 3], x[0, 5], x[0, 6] = x[0, 1], 0.0, 1.0  # a shared position and a pair spanning the scale
    r = rng.uniform(0.5, 2, (1, 7))
    w = c * s
    p = win_probabilities(x, w, pooled=pooled)
    bdm = ExpectedUtility(q=q, t=t)
    mu = reference_median(x[0], w[0])
    expected = paper_utilities(x[0], s[0], p[0], r[0], mu, q, t)
    assert bdm.expected_utilities(x, s, w, r, p)[0] == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("pooled", [True, False])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_offers_only_leaves_out_no_positive_utility(pooled, seed):
    # The rounds skip utilities that a bound shows cannot be positive; the others must be exact.
    rng = np.random.default_rng(seed)
    x, s, w = rng.random((400, 9)), rng.uniform(0.01, 1, (400, 9)), rng.uniform(0.01, 1, (400, 9))
    x[:50, 1] = x[:50, 0] + rng.choice([1e-9, 1e-7, 1e-5], 50)  # pairs within the margins
    x[50:100, 0], x[50:100, 1] = 0.0, 1.0  # pairs spanning the scale
    r = rng.uniform(0.5, 2.0, (400, 9))
    p = win_probabilities(x, w, pooled=pooled)
    skipped = 0
    for row in range(len(x)):
        full, lazy = np.empty((9, 9)), np.empty((9, 9))
        args = (x[row], s[row], p[row], r[row], False, 0.0, 1.0, 1.0)
        bdm_kernel.utilities_row(*args, full)
        bdm_kernel.utilities_row(*args, lazy, True)
        left_out = np.isnan(lazy)
        skipped += left_out.sum()
        assert np.array_equal(lazy[~left_out], full[~left_out])
        assert np.all(full[left_out] < 0)
        for i, j in zip(*np.nonzero(left_out)):
            assert bdm_kernel.utility(x[row], s[row], p[row], r[row], i, j) == full[i, j]
    assert skipped > (0.1 if pooled else 0.0) * x.size * 9  # the bound does leave some out


def reference_median(x, w):
    """The lower weighted median, one value at a time."""
    acc = 0.0
    for k in np.argsort(x, kind="stable"):
        acc += w[k]
        if acc >= w.sum() / 2 * (1 - 1e-12):
            return x[k]


@pytest.mark.parametrize("max_rounds, tolerance", [(20, 0.01), (5, 1e-9), (1, 0.01)])
def test_batch_equals_runs_one_at_a_time(max_rounds, tolerance):
    # Runs settle at different rounds: in a batch, a settled run's later rounds repeat its positions.
    rng = np.random.default_rng(max_rounds)
    x, s, c = rng.random((12, 6)) * 100, rng.random((12, 6)), rng.random((12, 6))
    x[0] = 40.0  # a run that never moves
    bdm = ExpectedUtility(max_rounds=max_rounds, tolerance=tolerance)
    forecasts, history = bdm.run(x, s, c)
    assert len(history) <= max_rounds + 1
    for row in range(len(x)):
        alone, rounds = bdm.run(x[row : row + 1], s[row : row + 1], c[row : row + 1])
        assert forecasts[row] == alone[0]
        own = [positions[row] for positions in history]
        assert np.array_equal(np.array(own[: len(rounds)]), np.array(rounds)[:, 0])
        assert all(np.array_equal(later, rounds[-1][0]) for later in own[len(rounds) :])


@pytest.mark.parametrize("chunks_per_core", [1, 8])
@pytest.mark.parametrize("cores", [1, 2, 3])
def test_solve_is_the_same_on_any_number_of_cores(monkeypatch, cores, chunks_per_core):
    rng = np.random.default_rng(cores)
    x, s, c = rng.random((37, 5)) * 100, rng.random((37, 5)), rng.random((37, 5))
    expected = ExpectedUtility().run(x, s, c, stop_cycles=True)[0]
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    monkeypatch.setattr("parley.forecast.bdm.CHUNKS_PER_CORE", chunks_per_core)
    assert np.array_equal(ExpectedUtility().solve(x, s, c), expected)
