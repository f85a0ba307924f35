"""Bueno de Mesquita's expected-utility model, as reconstructed by Scholz, Calbert and Smith (2011).

Each round, on positions normalised to [0, 1]:

1. ``mu``: the weighted median (or mean) of the current positions, weights c x s;
2. basic utilities of actor i facing j, with risk exponent r_i::

       Us  = 2 - 4 (0.5 - 0.5 |x_i - x_j|) ** r_i          (i wins)
       Uf  = 2 - 4 (0.5 + 0.5 |x_i - x_j|) ** r_i          (i loses)
       Ub  = 2 - 4 (0.5 - 0.25 (|x_i - mu| + |x_i - x_j|)) ** r_i
       Uw  = 2 - 4 (0.5 + 0.25 (|x_i - mu| + |x_i - x_j|)) ** r_i
       Usq = 2 - 4 (0.5) ** r_i

3. probability that i beats j: the share of the votes
   ``v_k = c_k s_k (|x_k - x_j| - |x_k - x_i|)`` that favour i,
   ``P_ij = sum(v_k > 0) / sum(|v_k|)``;
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
"""

from __future__ import annotations

import numpy as np

from parley.forecast.base import Estimator, Interval, Options
from parley.forecast.spatial import weighted_median

# Pairs (runs x actors x actors) per chunk of Monte Carlo runs: about 20 arrays of this size live at once.
CHUNK_PAIRS = 2_000_000


def win_probabilities(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``P[b, i, j]``: the share of weighted votes for i over j, for positions ``x`` in [0, 1].

    Computed in O(actors^2 log actors) per row from sorted prefix sums instead
    of summing over every voter for every pair: a voter k left of the pair's
    midpoint backs the left actor with ``min(2 (m - x_k), |x_i - x_j|)``.
    """
    batch, n = x.shape
    order = np.argsort(x, axis=1)
    xs = np.take_along_axis(x, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    # All rows in one sorted array, each row shifted by 4 so that rows stay apart; per-row prefix
    # sums are then read with flat indices instead of take_along_axis.
    offset = 4.0 * np.arange(batch)[:, None]
    flat = (xs + offset).ravel()
    zeros = np.zeros((batch, 1))
    cw = np.concatenate([zeros, np.cumsum(ws, axis=1)], axis=1).ravel()
    cx = np.concatenate([zeros, np.cumsum(ws * xs, axis=1)], axis=1).ravel()
    rows = np.arange(batch)

    def sums_below(t: np.ndarray, side: str) -> tuple[np.ndarray, np.ndarray]:
        shape = (batch,) + (1,) * (t.ndim - 1)
        count = np.searchsorted(flat, (t + offset.reshape(shape)).ravel(), side=side).reshape(t.shape)
        index = (count + rows.reshape(shape)).ravel()  # row b starts at b * n in flat and b * (n + 1) in cw
        return cw[index].reshape(t.shape), cx[index].reshape(t.shape)

    # Voters at or left of each actor; a pair's lower end is one of its two actors.
    w_at, x_at = sums_below(x, "right")
    i_lower = x[:, :, None] <= x[:, None, :]
    w_lo = np.where(i_lower, w_at[:, :, None], w_at[:, None, :])
    x_lo = np.where(i_lower, x_at[:, :, None], x_at[:, None, :])
    span = np.abs(x[:, :, None] - x[:, None, :])
    mid = (x[:, :, None] + x[:, None, :]) / 2
    w_mid, x_mid = sums_below(mid, "left")
    left_side = span * w_lo + 2 * (mid * (w_mid - w_lo) - (x_mid - x_lo))
    distance = (w[:, None, :] * np.abs(x[:, :, None] - x[:, None, :])).sum(axis=2)  # A_j = sum_k w_k |x_k - x_j|
    net = distance[:, None, :] - distance[:, :, None]  # sum_k v_k for i over j
    sign = np.sign(x[:, None, :] - x[:, :, None])
    right_side = left_side - sign * net
    total = left_side + right_side
    favour = np.where(sign > 0, left_side, right_side)
    return np.where(total > 1e-15, favour / np.where(total > 1e-15, total, 1.0), 0.5)


def _centre(x: np.ndarray, w: np.ndarray, rule: str) -> np.ndarray:
    if rule == "median":
        return weighted_median(x, w)
    return (w * x).sum(axis=1) / w.sum(axis=1)


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
    ) -> None:
        self.q = q
        self.t = t
        self.max_rounds = max_rounds
        self.tolerance = tolerance
        self.centre = centre
        self.risk = risk

    def expected_utilities(
        self, x: np.ndarray, s: np.ndarray, w: np.ndarray, r: np.ndarray, p: np.ndarray
    ) -> np.ndarray:
        """``EU[b, i, j]`` of i challenging j (0 on the diagonal and between equal positions)."""
        mu = _centre(x, w, self.centre)
        dx = np.abs(x[:, :, None] - x[:, None, :])
        near = 0.25 * (np.abs(x - mu[:, None])[:, :, None] + dx)
        neutral = bool(np.all(r == 1))  # r = 1 makes every power the identity: skip them
        rr = r[:, :, None]

        def power(base: np.ndarray) -> np.ndarray:
            return base if neutral else np.exp(rr * np.log(np.maximum(base, 1e-300)))

        us = 2 - 4 * power(0.5 - 0.5 * dx)
        uf = 2 - 4 * power(0.5 + 0.5 * dx)
        usq = (2 - 4 * 0.5**r)[:, :, None]
        sj = s[:, None, :]
        eu = sj * p * (us - uf) + (1 - sj) * (us - uf) + uf - self.q * usq
        if self.q < 1:  # the terms for an unchallenged change vanish when Q = 1
            ub = 2 - 4 * power(np.maximum(0.5 - near, 0))
            uw = 2 - 4 * power(0.5 + near)
            eu = eu - (1 - self.q) * (self.t * ub + (1 - self.t) * uw)
        return np.where(dx > 0, eu, 0.0)

    @staticmethod
    def risk_exponents(eu: np.ndarray) -> np.ndarray:
        """``r_i`` from how attractive a target each actor is (step 5)."""
        target = eu.sum(axis=1)  # S_k = sum_j EU_jk
        high, low = target.max(axis=1, keepdims=True), target.min(axis=1, keepdims=True)
        spread = high - low
        big_r = np.where(spread > 1e-12, (2 * target - high - low) / np.where(spread > 1e-12, spread, 1.0), 0.0)
        return (1 - big_r / 3) / (1 + big_r / 3)

    def step(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """One round of challenges on positions ``x`` in [0, 1]; returns the new positions."""
        w = c * s
        w = np.where(w.sum(axis=1, keepdims=True) > 0, w, 1.0)
        p = win_probabilities(x, w)
        r = np.ones_like(x)
        if self.risk == "endogenous":
            r = self.risk_exponents(self.expected_utilities(x, s, w, r, p))
        eu = self.expected_utilities(x, s, w, r, p)
        valid = eu > 0
        best = np.where(valid, eu, -np.inf).max(axis=1, keepdims=True)
        tied = valid & (eu >= best - 1e-12)
        gap = np.where(tied, np.abs(x[:, :, None] - x[:, None, :]), np.inf)
        tied &= gap <= gap.min(axis=1, keepdims=True) + 1e-12
        target = np.where(tied, x[:, :, None], np.inf).min(axis=1)  # x of the chosen challenger, per j
        chosen = np.argmax(tied & (x[:, :, None] == target[:, None, :]), axis=1)
        has_offer = valid.any(axis=1)
        batch = np.arange(x.shape[0])[:, None]
        cols = np.arange(x.shape[1])[None, :]
        eu_ij = eu[batch, chosen, cols]
        eu_ji = eu[batch, cols, chosen]
        xi = x[batch, chosen]
        moved = np.where(
            (eu_ji > 0) & (eu_ji < eu_ij), xi,
            np.where(
                (eu_ji < 0) & (-eu_ji < eu_ij),
                x + (xi - x) * np.abs(eu_ji) / np.where(eu_ij > 0, eu_ij, 1.0),
                np.where((eu_ji < 0) & (-eu_ji >= eu_ij), xi, x),
            ),
        )
        return np.where(has_offer, moved, x)

    def run(
        self, x: np.ndarray, s: np.ndarray, c: np.ndarray, *, stop_cycles: bool = False
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Rounds until convergence for a batch on the 0-100 scale: (forecasts, positions per round).

        With ``stop_cycles``, a run whose positions repeat those of two rounds
        before stops at once: a round depends only on the positions, so the
        run would alternate until ``max_rounds``, and it is given the state it
        would have then. The forecasts are the same; the history is shorter.
        """
        current = np.clip(np.asarray(x, dtype=float) / 100.0, 0.0, 1.0)
        s, c = np.asarray(s, dtype=float), np.asarray(c, dtype=float)
        history = [current * 100]
        active = np.ones(current.shape[0], dtype=bool)
        previous = None
        for number in range(1, self.max_rounds + 1):
            if not active.any():
                break
            nxt = current.copy()
            nxt[active] = self.step(current[active], s[active], c[active])
            moves = np.abs(nxt - current).max(axis=1) * 100
            settled = moves <= self.tolerance
            if stop_cycles and previous is not None:
                cycling = active & ~settled & (nxt == previous).all(axis=1)
                if (self.max_rounds - number) % 2:
                    nxt[cycling] = current[cycling]
                settled |= cycling
            active &= ~settled
            previous, current = current, nxt
            history.append(current * 100)
        w = c * s
        w = np.where(w.sum(axis=1, keepdims=True) > 0, w, 1.0)
        return _centre(current, w, self.centre) * 100, history

    def solve(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """The forecast of each row after the rounds, in chunks of rows that keep memory bounded."""
        rows = max(1, CHUNK_PAIRS // max(1, x.shape[1] ** 2))
        return np.concatenate(
            [
                self.run(x[i : i + rows], s[i : i + rows], c[i : i + rows], stop_cycles=True)[0]
                for i in range(0, x.shape[0], rows)
            ]
        )

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
