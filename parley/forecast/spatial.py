"""The three closed-form forecasts: compromise mean, weighted median and Nash bargaining.

All work on one issue's 0-100 scale with per-actor weights, by default
capability x salience (the "compromise model" of the EU decision-making
literature weighs positions that way).
"""

from __future__ import annotations

import math

import numpy as np

from parley.forecast.base import WEIGHTS, Estimator, Interval, Options, stake_weights


def weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The lower weighted median of each row: the smallest ``x`` whose cumulative weight reaches half.

    Any weighted median minimises ``sum(w * |x - m|)``; the lower one is
    unique, which keeps the forecast independent of the actors' order.
    """
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(w, order, axis=-1), axis=-1)
    half = cum[..., -1:] / 2
    index = np.argmax(cum >= half * (1 - 1e-12), axis=-1)
    return np.take_along_axis(xs, index[..., None], axis=-1)[..., 0]


class CompromiseMean(Estimator):
    """The compromise model: the weighted mean of positions.

    Parameters
    ----------
    weights : {"capability_salience", "capability", "salience", "equal"}
        Each actor's weight; capability x salience by default.

    Examples
    --------
    >>> from parley.model.table import Entry, StakeholderModel
    >>> model = StakeholderModel([Entry("A", "i", 0, 1, 1), Entry("B", "i", 100, 1, 3)])
    >>> CompromiseMean().fit(model).positions_
    {'i': 75.0}
    """

    name = "mean"
    _parameter_constraints = {"weights": [Options(*WEIGHTS)]}

    def __init__(self, *, weights: str = "capability_salience") -> None:
        self.weights = weights

    def solve(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Weighted mean per row."""
        w = stake_weights(s, c, self.weights)
        return (w * x).sum(axis=-1) / w.sum(axis=-1)


class WeightedMedian(Estimator):
    """The weighted median position (the median voter weighted by capability x salience).

    Parameters
    ----------
    weights : {"capability_salience", "capability", "salience", "equal"}
        Each actor's weight.

    Examples
    --------
    >>> from parley.model.table import Entry, StakeholderModel
    >>> model = StakeholderModel([Entry("A", "i", 10, 1, 1), Entry("B", "i", 40, 1, 1), Entry("C", "i", 90, 1, 3)])
    >>> WeightedMedian().fit(model).positions_
    {'i': 90.0}
    """

    name = "median"
    _parameter_constraints = {"weights": [Options(*WEIGHTS)]}

    def __init__(self, *, weights: str = "capability_salience") -> None:
        self.weights = weights

    def solve(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Lower weighted median per row."""
        return weighted_median(x, stake_weights(s, c, self.weights))


class NashBargaining(Estimator):
    """The asymmetric Nash bargaining solution on one issue.

    Utility: actor ``i`` at position ``x_i`` values an outcome ``y`` at
    ``u_i(y) = -|y - x_i|`` (linear loss in distance). Disagreement point: each
    actor's worst outcome on the 0-100 scale, ``d_i = -max(x_i, 100 - x_i)``, so
    every outcome on the scale is individually rational. Bargaining power:
    capability x salience. The forecast maximises
    ``sum_i w_i * log(u_i(y) - d_i)``, a concave function of ``y``; it is found
    by golden-section search to ``resolution`` scale points and compared with
    the nearest actor position on each side (where the maximum often sits).

    Parameters
    ----------
    weights : {"capability_salience", "capability", "salience", "equal"}
        Bargaining powers.
    resolution : float
        Precision of the search on the 0-100 scale (0.01).

    Examples
    --------
    >>> from parley.model.table import Entry, StakeholderModel
    >>> model = StakeholderModel([Entry("A", "i", 20, 1, 1), Entry("B", "i", 20, 1, 1), Entry("C", "i", 80, 1, 1)])
    >>> round(NashBargaining().fit(model).positions_["i"], 1)  # max 2 log(100 - y) + log(y): y = 100/3
    33.3
    """

    name = "nash"
    _parameter_constraints = {
        "weights": [Options(*WEIGHTS)],
        "resolution": [Interval(float, 0, 10, closed="right")],
    }

    def __init__(self, *, weights: str = "capability_salience", resolution: float = 0.01) -> None:
        self.weights = weights
        self.resolution = resolution

    @staticmethod
    def objective(y: np.ndarray, x: np.ndarray, w: np.ndarray) -> np.ndarray:
        """The log Nash product at outcomes ``y`` (shape (runs, k)) for positions and weights (runs, actors)."""
        reach = np.maximum(x, 100 - x)[..., None, :]
        gain = reach - np.abs(y[..., :, None] - x[..., None, :])
        return (w[..., None, :] * np.log(np.maximum(gain, 0) + 1e-9)).sum(axis=-1)

    def solve(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Golden-section maximum of the log Nash product per row."""
        w = stake_weights(s, c, self.weights)
        w = w / w.sum(axis=-1, keepdims=True)
        ratio = (math.sqrt(5) - 1) / 2
        low = x.min(axis=-1)  # the product falls outside the actors' range, so search only inside it
        high = x.max(axis=-1)
        steps = max(1, math.ceil(math.log(self.resolution / 100) / math.log(ratio)))
        for _ in range(steps):
            a = high - ratio * (high - low)
            b = low + ratio * (high - low)
            f = self.objective(np.stack([a, b], axis=-1), x, w)
            left = f[..., 0] >= f[..., 1]
            high = np.where(left, b, high)
            low = np.where(left, low, a)
        found = (low + high) / 2
        # The maximum often sits on a kink, at an actor's position: compare the nearest on each side.
        below = np.where(x <= found[..., None], x, -np.inf).max(axis=-1)
        above = np.where(x >= found[..., None], x, np.inf).min(axis=-1)
        candidates = np.stack(
            [found, np.where(np.isfinite(below), below, found), np.where(np.isfinite(above), above, found)], axis=-1
        )
        values = self.objective(candidates, x, w)
        # The smallest of the (numerically) tied maxima, so that the actors' order does not matter.
        top = values >= values.max(axis=-1, keepdims=True) - 1e-9
        return np.where(top, candidates, np.inf).min(axis=-1)
