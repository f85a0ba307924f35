"""BDM on the worked example of Scholz, Calbert and Smith (2011): EC emission standards (tests/data/).

No table of the paper's rounds could be retrieved here, so the published numbers checked are those of
an open-source port that follows the authors' code (tests/data/bdm_eu_emissions_log.csv). One plain
Python reference, written from that port, has four switches for the places where the port and
Parley read the paper differently (docs/forecast.md, "BDM: the worked example"):

* set as the port, it must reproduce the port's published log: every offer taken, both expected
  utilities, every new position and the weighted mean, round by round for 10 rounds;
* set as Parley, it must give Parley's compiled rounds, with either way of computing win probabilities;
* the round-1 quantities both readings share (pooled win probabilities, risk exponents) must agree;
* pooled win probabilities, Parley's default since this check, must reach every path that runs BDM.

Positions are in years (4-10) as published; Parley gets them on its 0-100 scale, 4 -> 0 and 10 -> 100.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from parley.errors import UsageError
from parley.forecast import bdm_kernel, forecast, monte_carlo
from parley.forecast.backtest import score
from parley.forecast.bdm import ExpectedUtility, win_probabilities
from parley.model.table import Entry, StakeholderModel
from parley.packs.schema import Outcome

DATA = Path(__file__).parent / "data"
ROUNDS = 10

# How the port reads the paper, and how Parley does (see ``reference_round``).
PORT = {"pooled": True, "voters_risk": True, "receiver_view": True, "offer_rule": "kind"}
PARLEY = {"voters_risk": False, "receiver_view": False, "offer_rule": "largest"}


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


ACTORS = read_rows("bdm_eu_emissions.csv")
NAMES = [row["actor"] for row in ACTORS]
X = [float(row["position"]) for row in ACTORS]
S = [float(row["salience"]) / 100 for row in ACTORS]
C = [float(row["capability"]) for row in ACTORS]
LOW, SPAN = min(X), max(X) - min(X)


def reference_rounds(x, *, rounds=ROUNDS, **switches):
    """Positions after each round and the offers taken in it (see ``reference_round``)."""
    history, taken = [list(x)], []
    for _ in range(rounds):
        x, moves = reference_round(x, **switches)
        history.append(x)
        taken.append(moves)
    return history, taken


def reference_round(x, *, pooled, voters_risk, receiver_view, offer_rule):
    """One round, one pair at a time, as the port reads the paper: (new positions, offers taken).

    Switches: ``pooled`` divides the votes for i over j by the votes of all contests (else of the i-j
    contest); ``voters_risk`` raises the voters' distances to their risk exponents once these are set;
    ``receiver_view`` computes the sender's expected utility with the receiver's risk exponent (else
    the sender's); ``offer_rule="kind"`` takes the nearest conflict offer, else the compromise whose
    EU-weighted point is lowest (the port's rules), ``"largest"`` the offer of largest EU for its sender.
    The port's capitulation test compares EU_ji with its own absolute value and never holds, so no
    actor capitulates under ``"kind"``.
    """
    n = len(x)
    r = [1.0] * n

    def vote(k, xi, xj):
        rk = r[k] if voters_risk else 1.0
        return C[k] * S[k] * ((abs(x[k] - xj) / SPAN) ** rk - (abs(x[k] - xi) / SPAN) ** rk)

    def prob(i, j):
        if x[i] == x[j]:
            return 0.0
        pairs = [(a, b) for a in range(n) for b in range(n)] if pooled else [(i, j)]
        cast = sum(abs(vote(k, x[a], x[b])) for k in range(n) for a, b in pairs)
        return sum(max(0.0, vote(k, x[i], x[j])) for k in range(n)) / cast

    def eu(i, j, risk):
        p, d = prob(i, j), abs(x[i] - x[j]) / SPAN
        us, uf, usq = 2 - 4 * (0.5 - 0.5 * d) ** risk, 2 - 4 * (0.5 + 0.5 * d) ** risk, 2 - 4 * 0.5**risk
        return S[j] * (p * us + (1 - p) * uf) + (1 - S[j]) * us - usq

    danger = [sum(eu(o, a, 1.0) for o in range(n) if o != a) for a in range(n)]
    high, low = max(danger), min(danger)
    # Parley keeps r = 1 when every actor is equally exposed; the port would divide by zero.
    big_r = [(2 * d - high - low) / (high - low) if high - low > 1e-12 else 0.0 for d in danger]
    r[:] = [(1 - b / 3) / (1 + b / 3) for b in big_r]
    new, moves = list(x), {}
    for i in range(n):  # i receives; j sends
        offers = [(j, eu(i, j, r[i]), eu(j, i, r[i] if receiver_view else r[j])) for j in range(n) if x[j] != x[i]]
        if offer_rule == "kind":
            conflicts = [(j, mine, theirs) for j, mine, theirs in offers if theirs > mine > 0]
            compromises = [(j, mine, theirs) for j, mine, theirs in offers if theirs > 0 > mine and theirs > -mine]
            if conflicts:
                j, mine, theirs = min(conflicts, key=lambda o: abs(x[i] - x[o[0]]))
            elif compromises:
                j, mine, theirs = min(compromises, key=lambda o: (-o[1] * x[i] + o[2] * x[o[0]]) / (-o[1] + o[2]))
            else:
                continue
        else:
            sent = [o for o in offers if o[2] > 0]
            if not sent:
                continue
            j, mine, theirs = min(sent, key=lambda o: (-o[2], abs(x[o[0]] - x[i]), x[o[0]]))
        if 0 < mine < theirs or (mine < 0 and -mine >= theirs):
            new[i], kind = x[j], "conflict" if mine > 0 else "capitulation"
        elif mine < 0:
            new[i], kind = x[i] + (x[j] - x[i]) * -mine / theirs, "compromise"
        else:
            continue
        moves[NAMES[i]] = (kind, NAMES[j], mine, theirs, new[i])
    return new, moves


def weighted_mean(x):
    return sum(c * s * v for c, s, v in zip(C, S, x)) / sum(c * s for c, s in zip(C, S))


def test_reference_reproduces_the_published_log():
    history, taken = reference_rounds(X, **PORT)
    log = read_rows("bdm_eu_emissions_log.csv")
    means = {int(row["round"]): float(row["value"]) for row in log if row["kind"] == "mean"}
    assert sorted(means) == list(range(ROUNDS + 1))
    for number, mean in means.items():
        assert weighted_mean(history[number]) == pytest.approx(mean, abs=1e-9)
    for number in range(1, ROUNDS + 1):
        logged = {row["actor"]: row for row in log if row["kind"] != "mean" and int(row["round"]) == number}
        assert sorted(taken[number - 1]) == sorted(logged)  # nobody else moved
        for actor, row in logged.items():
            kind, sender, mine, theirs, position = taken[number - 1][actor]
            assert (kind, sender) == (row["kind"], row["sender"])
            assert (mine, theirs, position) == pytest.approx(
                (float(row["eu_actor"]), float(row["eu_sender"]), float(row["value"])), abs=1e-9
            )


def parley_rounds(probability: str, **params) -> list[list[float]]:
    bdm = ExpectedUtility(probability=probability, max_rounds=ROUNDS, tolerance=1e-9, **params)
    x = (np.array([X]) - LOW) / SPAN * 100
    _, history = bdm.run(x, np.array([S]), np.array([C]))
    return [list(LOW + positions[0] / 100 * SPAN) for positions in history]


@pytest.mark.parametrize("probability", ["pooled", "contest"])
def test_parley_rounds_equal_the_reference_read_as_parley(probability):
    got = parley_rounds(probability)
    expected, _ = reference_rounds(X, pooled=probability == "pooled", **PARLEY)
    assert len(got) > 1
    for round_got, round_expected in zip(got, expected):
        assert round_got == pytest.approx(round_expected, abs=1e-9)
    for later in expected[len(got) :]:  # Parley stops once nothing moves
        assert later == pytest.approx(got[-1], abs=1e-9)


def test_pooled_win_probabilities_and_risk_exponents_match_the_port():
    # Round 1, before any risk exponent is set: here the port's and Parley's readings coincide.
    x = (np.array(X) - LOW) / SPAN
    w, s = np.array(C) * np.array(S), np.array(S)
    p = win_probabilities(x[None], w[None], pooled=True)[0]
    votes = [[C[k] * S[k] * (abs(X[k] - X[j]) - abs(X[k] - X[i])) / SPAN for k in range(len(X))]
             for i in range(len(X)) for j in range(len(X))]
    cast = sum(abs(v) for contest in votes for v in contest)
    for i in range(len(X)):
        for j in range(len(X)):
            if X[i] != X[j]:
                assert p[i, j] == pytest.approx(sum(max(v, 0) for v in votes[i * len(X) + j]) / cast, abs=1e-12)
    target, scratch = np.zeros(len(X)), np.empty((len(X), len(X)))
    bdm_kernel.win_probabilities_row(x, w, s, True, scratch, target)
    danger = [sum(2 * abs(X[o] - X[a]) / SPAN * (1 - 2 * S[a] * (1 - p[o, a])) for o in range(len(X)) if X[o] != X[a])
              for a in range(len(X))]
    big_r = [(2 * d - max(danger) - min(danger)) / (max(danger) - min(danger)) for d in danger]
    expected = [(1 - b / 3) / (1 + b / 3) for b in big_r]
    assert bdm_kernel.risk_exponents(target) == pytest.approx(expected, abs=1e-12)
    assert min(expected) == pytest.approx(0.5) and max(expected) == pytest.approx(2.0)


# Actors the published log never moves: every actor of salience 0.6 or more.
FIRM = [name for name, s in zip(NAMES, S) if s >= 0.6]


def test_pooled_probabilities_keep_the_published_dynamics():
    # As in the log, only the three actors of low salience move; the weighted mean after 10 rounds
    # stays within half a year (1/12 of the scale) of the log's 7.24, though the offer rules differ.
    rounds = parley_rounds("pooled")
    for positions in rounds:
        assert [positions[NAMES.index(a)] for a in FIRM] == pytest.approx([X[NAMES.index(a)] for a in FIRM])
    means = {int(row["round"]): float(row["value"]) for row in read_rows("bdm_eu_emissions_log.csv")
             if row["kind"] == "mean"}
    assert weighted_mean(rounds[-1]) == pytest.approx(means[ROUNDS], abs=0.5)


def test_contest_probabilities_make_every_actor_challenge():
    # The formula as printed gives most contests even odds: firm actors lose conflicts in round 1
    # and every actor ends at one end of the scale.
    rounds = parley_rounds("contest")
    moved = {a for a in FIRM if rounds[1][NAMES.index(a)] != X[NAMES.index(a)]}
    assert {"Netherlands", "Germany", "UK"} <= moved
    assert len(set(rounds[-1])) == 1 and rounds[-1][0] in (LOW, LOW + SPAN)


def example_model() -> StakeholderModel:
    """The example as a stakeholder table, years 4-10 on the 0-100 scale."""
    return StakeholderModel([Entry(a, "emissions", (x - LOW) / SPAN * 100, s, c, confidence=0.5)
                             for a, x, s, c in zip(NAMES, X, S, C)])


def test_fit_reads_the_example_from_a_stakeholder_table():
    bdm = ExpectedUtility(probability="pooled", max_rounds=ROUNDS, tolerance=1e-9).fit(example_model())
    rounds = LOW + np.array(bdm.rounds_["emissions"]) / 100 * SPAN
    assert rounds == pytest.approx(np.array(parley_rounds("pooled")), abs=1e-3)  # rounds_ keeps 4 decimals of 0-100
    assert LOW <= LOW + bdm.positions_["emissions"] / 100 * SPAN <= LOW + SPAN


def test_pooled_monte_carlo_batch_equals_runs_alone():
    rng = np.random.default_rng(3)
    x, s, c = rng.random((6, 7)) * 100, rng.random((6, 7)), rng.random((6, 7))
    x[1] = 55.0  # every actor at one position: no contest to pool
    bdm = ExpectedUtility(probability="pooled")
    batch = bdm.solve(x, s, c)
    for row in range(len(x)):
        assert batch[row] == bdm.run(x[row : row + 1], s[row : row + 1], c[row : row + 1], stop_cycles=True)[0][0]
    assert batch[1] == pytest.approx(55.0)


def bdm_by_path(path: str, probability: str | None) -> object:
    """What one path that runs BDM gives on the example, with the default rule (None) or a given one."""
    model = example_model()
    bdm = ExpectedUtility() if probability is None else ExpectedUtility(probability=probability)
    models = ["bdm"] if probability is None else {"bdm": bdm}
    if path == "fit":
        return bdm.fit(model).rounds_["emissions"]
    if path == "forecast":
        result = forecast(model, models=models, runs=0)
        return result.points["emissions"]["bdm"], result.bdm_rounds["emissions"]
    if path == "monte_carlo":
        return monte_carlo(model, models=models, runs=40, seed=2)["emissions"]["bdm"]
    outcome = [Outcome(issue="emissions", position=50, note="a test value")]
    return score(model, outcome, cutoff=dt.date(2024, 1, 1), models=models).rows[0]["forecasts"]["bdm"]


@pytest.mark.parametrize("path", ["fit", "forecast", "monte_carlo", "backtest"])
def test_every_bdm_path_uses_pooled_probabilities_by_default(path):
    # The report, the dashboard and what-if all call forecast(); the CLI calls forecast() and backtest().
    default = bdm_by_path(path, None)
    assert default == bdm_by_path(path, "pooled")
    assert default != bdm_by_path(path, "contest")  # the example tells the rules apart on every path


@pytest.mark.parametrize("probability", ["shared", 1, None])
def test_unknown_probability_rule_is_refused(probability):
    model = StakeholderModel([Entry("A", "i", 10, 0.5, 1), Entry("B", "i", 90, 0.5, 1)])
    with pytest.raises(UsageError, match="E319.*'probability'.*'contest', 'pooled'"):
        ExpectedUtility(probability=probability).fit(model)
