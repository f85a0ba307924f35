"""Bueno de Mesquita's expected-utility model, as reconstructed by Scholz, Calbert and Smith (2011).

Each round, on positions normalised to [0, 1]:

1. ``mu``: the weighted median (or mean) of the current positions, weights c x s;
2. basic utilities of actor i facing j, with risk exponent r_i::

       Us  = 2 - 4 (0.5 - 0.5 |x_i - x_j|) ** r_i          (i wins)
       Uf  = 2 - 4 (0.5 + 0.5 |x_i - x_j|) ** r_i          (i loses)
       Ub  = 2 - 4 (0.5 - 0.25 (|x_i - mu| + |x_i - x_j|)) ** r_i
       Uw  = 2 - 4 (0.5 + 0.25 (|x_i - mu| + |x_i - x_j|)) ** r_i
       Usq = 2 - 4 (0.5) ** r_i

3. probability that i beats j: the votes ``v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|)``
   that favour i divided by the votes cast in the contests of every ordered
   pair of actors (``probability="pooled"``, the default: the reading of
   Scholz et al.'s code, which keeps the behaviour of their worked example),
   or by those cast in the i-j contest alone, ``P_ij = sum(v_k > 0) / sum(|v_k|)``
   (``probability="contest"``, the formula as printed, which makes most
   contests near-even and the group collapse to one position on that
   example; see docs/forecast.md);
4. expected utility of i challenging j::

       EU_ij = s_j (P_ij Us + (1 - P_ij) Uf) + (1 - s_j) Us - Q Usq - (1 - Q) (T Ub + (1 - T) Uw)

5. risk: with ``S_k = sum_j EU_jk`` (how attractive k is as a target),
   ``R_i = (2 S_i - max S - min S) / (max S - min S)`` and
   ``r_i = (1 - R_i / 3) / (1 + R_i / 3)`` in [0.5, 2]; steps 2-4 are redone with it;
6. offers: i challenges j when ``EU_ij > 0``. Each actor j takes the offer
   with the largest EU (ties: the nearest position, then the lower one) and
   moves: to x_i when it expects a lost conflict (``0 < EU_ji < EU_ij``) or
   capitulates (``EU_ji < 0``, ``|EU_ji| >= EU_ij``); by ``|EU_ji / EU_ij|`` of
   the way towards x_i as a compromise (``EU_ji < 0``, ``|EU_ji| < EU_ij``).

Rounds repeat until no position moves more than ``tolerance`` scale points or
``max_rounds`` is reached; the forecast is ``mu`` of the last round.

The rounds run in compiled code, one run at a time (:mod:`parley.forecast.bdm_kernel`).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from parley.forecast import bdm_kernel as kernel
from parley.forecast.base import Estimator, Interval, Options
from parley.forecast.spatial import weighted_median

# Runs per chunk of Monte Carlo: at most this many actor pairs, which bounds the memory of the
# per-round positions kept for a chunk.
CHUNK_PAIRS = 2_000_000
# Chunks of Monte Carlo runs per CPU core: enough to balance the threads, few enough that the
# Python work per chunk (clipping, weights, the history array) stays negligible.
CHUNKS_PER_CORE = 8


def win_probabilities(x: np.ndarray, w: np.ndarray, *, pooled: bool) -> np.ndarray:
    """``P[b, i, j]``: the share of weighted votes for i over j, for positions ``x`` in [0, 1].

    With ``pooled`` (``probability="pooled"``, the model's default), the votes
    for i over j are divided by the votes cast in all contests; without it, by
    those cast in the i-j contest (``probability="contest"``). Computed in O(actors^2) per row from sorted prefix sums instead of summing
    over every voter for every pair (see :func:`bdm_kernel.win_probabilities_row`).
    """
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    p = np.empty(x.shape + x.shape[-1:])
    for row in range(x.shape[0]):
        kernel.win_probabilities_row(x[row], w[row], np.ones_like(x[row]), pooled, p[row], np.zeros_like(x[row]))
    return p


def _centre(x: np.ndarray, w: np.ndarray, rule: str) -> np.ndarray:
    if rule == "median":
        return weighted_median(x, w)
    return (w * x).sum(axis=1) / w.sum(axis=1)


def _weights(s: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Voting weights c x s per run; a run whose weights are all 0 weighs everyone 1."""
    w = c * s
    return np.where(w.sum(axis=1, keepdims=True) > 0, w, 1.0)


class ExpectedUtility(Estimator):
    """Bueno de Mesquita's expected-utility (challenge) model; see the module docstring.

    Parameters
    ----------
    q : float
        Probability Q that an actor expects the status quo to hold when not
        challenged (1.0, Scholz et al.'s setting).
    t : float
        Probability T that an unchallenged change improves things for it (1.0).
    max_rounds : int
        Most rounds of challenges (20).
    tolerance : float
        Convergence: the largest move of a round, in scale points (0.01).
    centre : {"median", "mean"}
        How ``mu`` and the forecast are read from positions (weighted median).
    risk : {"endogenous", "neutral"}
        Compute risk exponents each round (step 5) or keep every r_i = 1.
    probability : {"pooled", "contest"}
        Divide the votes for i over j by the votes cast in all contests
        (Scholz et al.'s code; the default) or in their own contest (the
        formula as printed).

    Attributes
    ----------
    positions_ : dict
        Forecast per issue: ``mu`` after the last round.
    rounds_ : dict
        Per issue, the actors' positions (0-100) at the start and after each round.
    n_rounds_ : dict
        Rounds run per issue.

    Examples
    --------
    >>> from parley.model.table import Entry, StakeholderModel
    >>> model = StakeholderModel([Entry("A", "i", 30, 0.5, 1), Entry("B", "i", 30, 0.5, 1)])
    >>> ExpectedUtility().fit(model).rounds_["i"]
    [[30.0, 30.0]]
    """

    name = "bdm"
    _parameter_constraints = {
        "q": [Interval(float, 0, 1)],
        "t": [Interval(float, 0, 1)],
        "max_rounds": [Interval(int, 1, 10_000)],
        "tolerance": [Interval(float, 0, 100, closed="right")],
        "centre": [Options("median", "mean")],
        "risk": [Options("endogenous", "neutral")],
        "probability": [Options("contest", "pooled")],
    }

    def __init__(
        self,
        *,
        q: float = 1.0,
        t: float = 1.0,
        max_rounds: int = 20,
        tolerance: float = 0.01,
        centre: str = "median",
        risk: str = "endogenous",
        probability: str = "pooled",
    ) -> None:
        self.q = q
        self.t = t
        self.max_rounds = max_rounds
        self.tolerance = tolerance
        self.centre = centre
        self.risk = risk
        self.probability = probability

    def expected_utilities(
        self, x: np.ndarray, s: np.ndarray, w: np.ndarray, r: np.ndarray, p: np.ndarray
    ) -> np.ndarray:
        """``EU[b, i, j]`` of i challenging j (0 on the diagonal and between equal positions).

        ``x``, ``s``, ``w`` and the risk exponents ``r`` have shape (runs, actors);
        ``p[b, i, j]`` is the probability that i beats j (:func:`win_probabilities`).
        """
        x, s, r, p = (np.asarray(a, dtype=float) for a in (x, s, r, p))
        mu = _centre(x, w, self.centre)
        eu = np.empty_like(p)
        for row in range(x.shape[0]):
            neutral = bool(np.all(r[row] == 1))
            kernel.utilities_row(x[row], s[row], p[row], r[row], neutral, mu[row], self.q, self.t, eu[row])
        return eu

    def run(
        self, x: np.ndarray, s: np.ndarray, c: np.ndarray, *, stop_cycles: bool = False
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Rounds until convergence for a batch on the 0-100 scale: (forecasts, positions per round).

        ``x``, ``s`` and ``c`` have shape (runs, actors). With ``stop_cycles``,
        a run whose positions repeat those of two rounds before stops at once:
        a round depends only on the positions, so the run would alternate
        until ``max_rounds``, and it is given the state it would have then.
        The forecasts are the same; the history is shorter.
        """
        current = np.clip(np.asarray(x, dtype=float) / 100.0, 0.0, 1.0)
        s = np.ascontiguousarray(s, dtype=float)
        w = _weights(s, np.asarray(c, dtype=float))
        history = np.empty((current.shape[0], self.max_rounds + 1, current.shape[1]))
        rule = kernel.MEDIAN if self.centre == "median" else kernel.MEAN
        rounds = kernel.run_batch(
            current, s, w, float(self.q), float(self.t), self.risk == "endogenous", rule,
            self.probability == "pooled", self.max_rounds, float(self.tolerance), stop_cycles, history,
        )
        # Rounds after a run settled repeat its positions, as if it stayed in the batch.
        history = history[:, : rounds.max(initial=0) + 1]
        return _centre(history[:, -1], w, self.centre) * 100, list(history.transpose(1, 0, 2) * 100)

    def solve(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """The forecast of each row after the rounds, in chunks of rows solved on all CPU cores.

        The compiled rounds release the GIL, so threads run the chunks in
        parallel. There are ``CHUNKS_PER_CORE`` chunks per core, taken in turn
        by whichever thread is free, so a thread that gets less of a shared
        machine, or runs that take more rounds, do not leave the other cores
        waiting at the end; chunks hold at most ``CHUNK_PAIRS`` actor pairs,
        which bounds the memory of the positions kept per round. Runs are
        independent, so the forecasts do not depend on the chunks.
        """
        cores = os.cpu_count() or 1
        per_chunk = -(-x.shape[0] // (cores * CHUNKS_PER_CORE))
        rows = max(1, min(CHUNK_PAIRS // max(1, x.shape[1] ** 2), per_chunk))

        def chunk(i: int) -> np.ndarray:
            return self.run(x[i : i + rows], s[i : i + rows], c[i : i + rows], stop_cycles=True)[0]

        with ThreadPoolExecutor(max_workers=cores) as pool:  # one thread per core: more would only swap
            return np.concatenate(list(pool.map(chunk, range(0, x.shape[0], rows))))

    def _start_fit(self) -> None:
        self._rounds: dict[str, list[list[float]]] = {}

    def _fit_issue(self, issue: str, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> float:
        forecast, history = self.run(x[None, :], s[None, :], c[None, :])
        rounds = [[round(float(v), 4) for v in positions[0]] for positions in history]
        while len(rounds) > 1 and rounds[-1] == rounds[-2]:
            rounds.pop()  # the round that only confirmed convergence
        self._rounds[issue] = rounds
        return float(forecast[0])

    def fit(self, model) -> "ExpectedUtility":  # noqa: D102 - documented on Estimator.fit
        super().fit(model)
        self.rounds_ = self._rounds
        self.n_rounds_ = {issue: len(rounds) - 1 for issue, rounds in self._rounds.items()}
        return self
