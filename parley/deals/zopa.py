"""Counting the ZOPA without visiting every outcome.

The ZOPA holds the outcomes that every party values at or above its
reservation. Outcomes are grown issue by issue from their prefixes (the first
issues' values). Each party's best and worst possible completion of a prefix
bound the utilities of all outcomes that share it: when even the best
completion leaves a party short, the whole block is outside; when even the
worst completion satisfies everyone, the whole block is inside and is counted
at once. Only the prefixes in between are extended, in batches of bounded
size, depth first. Bounds are applied with a margin far above float rounding
and the last issue is compared with the exact left-to-right sums, so the count
equals that of a full scan.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from parley.deals.outcomes import DEFAULT_CHUNK, check_size

BOUND_MARGIN = 1e-9


def count(tables: Sequence[np.ndarray], reservations: np.ndarray, *, chunk: int = DEFAULT_CHUNK) -> int:
    """Number of outcomes whose summed ``tables`` rows are >= ``reservations`` in every column.

    Parameters
    ----------
    tables : list of arrays
        One ``(n_values, n_parties)`` array of weighted value utilities per issue.
    reservations : ndarray of shape (n_parties,)
    chunk : int
        Upper bound on the prefixes extended at once (bounds memory).
    """
    radices = [len(table) for table in tables]
    check_size(radices)
    n_issues, k = len(tables), len(reservations)
    # best[j], worst[j]: each party's best and worst utility from issues j, j+1, ...
    best, worst = np.zeros((n_issues + 1, k)), np.zeros((n_issues + 1, k))
    for j in range(n_issues - 1, -1, -1):
        best[j] = best[j + 1] + tables[j].max(axis=0)
        worst[j] = worst[j + 1] + tables[j].min(axis=0)
    block = [math.prod(radices[j:]) for j in range(n_issues + 1)]
    total = 0
    stack = [(0, np.zeros((1, k)))]  # (issues already summed, partial sums)
    while stack:
        level, prefix = stack.pop()
        table = tables[level]
        sums = (prefix[:, None, :] + table[None, :, :]).reshape(-1, k)
        level += 1
        if level == n_issues:
            total += int((sums >= reservations).all(axis=1).sum())
            continue
        outside = (sums + best[level] < reservations - BOUND_MARGIN).any(axis=1)
        inside = (sums + worst[level] >= reservations + BOUND_MARGIN).all(axis=1)
        total += int(inside.sum()) * block[level]
        open_ = sums[~outside & ~inside]
        rows = max(1, chunk // radices[level])
        stack.extend((level, open_[start:start + rows]) for start in range(0, len(open_), rows))
    return total
