"""Outcome enumeration by mixed-radix index arithmetic, in chunks of bounded size.

Outcome number ``i`` picks value ``d_j`` on issue ``j`` where ``d`` are the
digits of ``i`` in the mixed radix of the issues' value counts, first issue
most significant (C order). :func:`chunks` gives any sum over issues of
per-issue tables (utilities, say) for the whole outcome space, a chunk at a
time, for plots, exports and reference checks; the analysis itself never walks
the whole space. The leading issues' rows are gathered for a batch of
prefixes, then each trailing issue is added by broadcasting. Sums are always
taken left to right in issue order, so every function of this package sees
bit-identical utilities for the same outcome.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np

from parley.errors import Errors, ModelInputError

DEFAULT_CHUNK = 1 << 20
MAX_OUTCOMES = 1 << 62  # outcome numbers must fit in int64


def check_size(radices: Sequence[int]) -> int:
    """The number of outcomes; raises E356 when it does not fit an int64 index."""
    n = math.prod(radices)
    if n > MAX_OUTCOMES:
        raise ModelInputError(Errors.E356.format(n=n, limit=MAX_OUTCOMES))
    return n


def digits_of(index: np.ndarray, radices: Sequence[int]) -> np.ndarray:
    """Per-issue value indices of outcome numbers ``index``: an ``(len(index), n_issues)`` int64 array."""
    index = np.asarray(index, dtype=np.int64).copy()
    out = np.empty((index.size, len(radices)), dtype=np.int64)
    for j in range(len(radices) - 1, -1, -1):
        index, out[:, j] = np.divmod(index, radices[j])
    return out


def sums_of(index: np.ndarray, tables: Sequence[np.ndarray]) -> np.ndarray:
    """Sums of the per-issue ``tables`` rows for outcome numbers ``index``, left to right."""
    radices = [len(t) for t in tables]
    digits = digits_of(index, radices)
    total = np.zeros((digits.shape[0], tables[0].shape[1]))
    for j, table in enumerate(tables):
        total = total + table[digits[:, j]]
    return total


def chunks(tables: Sequence[np.ndarray], chunk: int = DEFAULT_CHUNK) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(first outcome number, sums)`` for consecutive chunks of the outcome space.

    Parameters
    ----------
    tables : list of arrays
        One ``(n_values, m)`` array per issue.
    chunk : int
        Upper bound on the rows of one chunk, unless a single issue has more values.

    Yields
    ------
    start, sums : int, ndarray of shape (rows, m)
        ``sums[r]`` is the sum over issues of the table rows of outcome ``start + r``.
    """
    radices = [len(t) for t in tables]
    n = check_size(radices)
    m = tables[0].shape[1]
    # Trailing issues whose product fits in a chunk are added by broadcasting.
    split, tail = len(radices), 1
    while split > 0 and tail * radices[split - 1] <= chunk:
        split -= 1
        tail *= radices[split]
    head_radices, heads = radices[:split], n // tail
    batch = max(1, chunk // tail)
    for first in range(0, heads, batch):
        prefixes = np.arange(first, min(first + batch, heads), dtype=np.int64)
        total = np.zeros((prefixes.size, m))
        if split:
            digits = digits_of(prefixes, head_radices)
            for j in range(split):
                total = total + tables[j][digits[:, j]]
        for table in tables[split:]:
            total = (total[:, None, :] + table[None, :, :]).reshape(-1, m)
        yield first * tail, total
