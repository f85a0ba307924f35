"""The exact Pareto frontier of an additive outcome space.

Outcome ``y`` dominates ``x`` when every party values ``y`` at least as much
as ``x`` and one party strictly more; the frontier is the set of undominated
outcomes (outcomes with equal utility vectors are both kept).

Because utilities are sums over issues, an outcome whose partial sum over the
first ``j`` issues is dominated by another partial sum is dominated whatever
the remaining issues are. :func:`frontier` therefore builds the frontier issue
by issue (a Minkowski sum of the partial frontier with the next issue's
table, then a dominance filter), never touching the bulk of the outcome space.
Intermediate filters drop a partial sum only when another is at least as
good for every party and larger in total by more than ``PRUNE_MARGIN``, so
floating-point rounding in later additions cannot turn that strict loss into
a tie; the last filter is exact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from parley.deals.outcomes import check_size

PRUNE_MARGIN = 1e-9
# Bound on the boolean work arrays of one dominance test (rows x columns).
BLOCK_CELLS = 1 << 18
# Far above the rounding error of a sum of a few utilities in [0, 1].
SUM_SLACK = 1e-9
FIRST_COLUMNS = 64


def _dominated_by(x: np.ndarray, y: np.ndarray, margin: float) -> np.ndarray:
    """For each row of ``x``, whether some row of ``y`` dominates it.

    ``y`` dominates ``x`` when ``y >= x`` on every column and, with ``margin``
    0, ``y != x``; with ``margin > 0``, when also ``sum(y) > sum(x) + margin``
    (a stricter, still transitive relation used for safe pruning). Row sums
    in the same column order are monotone under rounding, so with ``y >= x`` a
    larger sum proves ``y != x``; only equal sums need a column-wise look.
    ``y`` is scanned in column blocks (strongest first when sorted by
    decreasing sum) and rows of ``x`` found dominated leave the scan early.
    """
    out = np.zeros(len(x), dtype=bool)
    if len(y) == 0 or len(x) == 0:
        return out
    x_sum, y_sum = x.sum(axis=1), y.sum(axis=1)
    alive = np.arange(len(x))
    # Small first column blocks: most dominated rows fall to the strongest few.
    start, cols = 0, FIRST_COLUMNS
    while start < len(y) and len(alive):
        yb, yb_sum = y[start:start + cols], y_sum[start:start + cols]
        columns = np.ascontiguousarray(yb.T)  # contiguous per party: faster broadcasting
        start, cols = start + cols, min(2 * cols, max(FIRST_COLUMNS, BLOCK_CELLS // len(alive)))
        rows = max(1, BLOCK_CELLS // len(yb))
        hit = np.zeros(len(alive), dtype=bool)
        for r in range(0, len(alive), rows):
            members = alive[r:r + rows]
            xb = x[members]
            geq = columns[0][None, :] >= xb[:, 0, None]
            for c in range(1, x.shape[1]):  # a loop over parties, not outcomes
                geq &= columns[c][None, :] >= xb[:, c, None]
            larger = yb_sum[None, :] > (x_sum[members] + margin)[:, None]
            larger &= geq
            found = larger.any(axis=1)
            if margin == 0.0:
                tied = np.equal(yb_sum[None, :], x_sum[members, None], out=larger)
                tied &= geq
                if tied.any():
                    i, j = np.nonzero(tied)
                    found[i[(yb[j] > xb[i]).any(axis=1)]] = True
            hit[r:r + rows] = found
        out[alive[hit]] = True
        alive = alive[~hit]
    return out


def undominated(points: np.ndarray, margin: float = 0.0, block: int = 1024) -> np.ndarray:
    """Boolean mask of the rows of ``points`` that no other row dominates.

    Parameters
    ----------
    points : ndarray of shape (n, k)
    margin : float
        A row is dropped only if another is >= on every column and greater by
        more than ``margin`` on one; 0 gives exact Pareto dominance.
    block : int
        Rows added to the running frontier at a time.

    Notes
    -----
    Rows are visited by decreasing sum, so strong points enter the running
    frontier early; the result does not depend on the order, since each block
    is also used to clean the running frontier.
    """
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    if n == 0:
        return keep
    totals = points.sum(axis=1)
    order = np.argsort(-totals, kind="stable")
    front = np.empty(0, dtype=np.int64)
    for start in range(0, n, block):
        rows = order[start:start + block]
        rows = rows[~_dominated_by(points[rows], points[front], margin)]
        rows = rows[~_dominated_by(points[rows], points[rows], margin)]
        if len(rows):
            # A dominating row has a larger exact sum; only rounding lets it come later.
            near = np.flatnonzero(totals[front] <= totals[rows].max() + SUM_SLACK)
            beaten = near[_dominated_by(points[front[near]], points[rows], margin)]
            front = np.concatenate([np.delete(front, beaten), rows])
    keep[front] = True
    return keep


def frontier(tables: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The exact Pareto frontier of the outcome space of per-issue utility ``tables``.

    Parameters
    ----------
    tables : list of arrays
        One ``(n_values, n_parties)`` array of weighted value utilities per issue.

    Returns
    -------
    index : ndarray of int64
        Outcome numbers of the frontier, ascending.
    utilities : ndarray of shape (len(index), n_parties)
        Their utilities, identical to those of :func:`parley.deals.outcomes.chunks`.
    """
    check_size([len(t) for t in tables])
    k = tables[0].shape[1]
    values, index = np.zeros((1, k)), np.zeros(1, dtype=np.int64)
    last = len(tables) - 1
    for j, table in enumerate(tables):
        radix = len(table)
        values = (values[:, None, :] + table[None, :, :]).reshape(-1, k)
        index = (index[:, None] * radix + np.arange(radix, dtype=np.int64)[None, :]).reshape(-1)
        keep = undominated(values, margin=0.0 if j == last else PRUNE_MARGIN)
        values, index = values[keep], index[keep]
    order = np.argsort(index, kind="stable")
    return index[order], values[order]
