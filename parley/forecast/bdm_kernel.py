"""Compiled rounds of the BDM expected-utility model (numba), one run at a time.

The steps and formulas are those of :mod:`parley.forecast.bdm`. Each round
costs O(actors^2) per run: the win probabilities come from prefix sums of the
sorted voters, with the voters left of each pair's midpoint found by a pointer
that only moves forward, and a pair's expected utilities cost three
``exp``/``log`` calls and a few dozen flops. NumPy, even with the runs
innermost, in single precision and with no temporaries of shape runs x actors
x actors x actors, needed about 50 passes over arrays of shape (runs, actors,
actors) per round and stayed at twice the time goals of issue 5 (see
docs/forecast.md). ``run_batch`` releases the GIL, so threads can run chunks
of Monte Carlo runs on all cores. Functions are compiled on first use and
cached on disk (``cache=True``).
"""

from __future__ import annotations

import numba
import numpy as np

# Flags for the centre rule of ``mu``.
MEDIAN, MEAN = 0, 1


@numba.njit(cache=True)
def stable_order(x: np.ndarray) -> np.ndarray:
    """Indices that sort ``x``, equal values in their original order (insertion sort: rows are short)."""
    order = np.arange(len(x))
    for a in range(1, len(x)):
        k = order[a]
        b = a - 1
        while b >= 0 and x[order[b]] > x[k]:
            order[b + 1] = order[b]
            b -= 1
        order[b + 1] = k
    return order


@numba.njit(cache=True)
def centre(x: np.ndarray, w: np.ndarray, rule: int) -> float:
    """``mu``: the lower weighted median (the smallest x whose cumulative weight reaches half) or the mean."""
    total = weighted = 0.0
    for k in range(len(x)):
        total += w[k]
        weighted += w[k] * x[k]
    if rule == MEAN:
        return weighted / total
    order = stable_order(x)
    half = total / 2 * (1 - 1e-12)
    acc = 0.0
    for k in order:
        acc += w[k]
        if acc >= half:
            return x[k]
    return x[order[-1]]


@numba.njit(cache=True)
def win_probabilities_row(
    x: np.ndarray, w: np.ndarray, s: np.ndarray, pooled: bool, p: np.ndarray, target: np.ndarray
) -> None:
    """Fill ``p[i, j]``, the share of weighted votes for i over j, for one run's positions in [0, 1].

    With ``pooled``, the votes for i over j are divided by the votes cast in
    all contests (every ordered pair of actors) instead of those cast in the
    i-j contest alone: the reading of Scholz et al.'s code (docs/forecast.md).

    Also adds to ``target[j]`` the risk-neutral EU with Q = 1 of every i against
    j, ``2 d (1 - 2 s_j (1 - P_ij))``: step 5's ``S_j``, summed here while the
    pair is at hand.

    For a pair with lower end a, span d and midpoint m, voter k backs the
    lower actor by ``w_k d`` at or left of a and by ``2 w_k (m - x_k)``
    between a and m, so the lower actor's votes are
    ``L = d W(<=a) + 2m (W(<m) - W(<=a)) - 2 (X(<m) - X(<=a))`` (W, X: sums of
    ``w_k`` and ``w_k x_k`` over the sorted voters). The votes for both sum to
    ``T = 2L - (A_upper - A_lower)`` with ``A_i = sum_k w_k |x_k - x_i|``, and
    the lower actor's share is ``1/2 + (A_upper - A_lower) / 2T``.
    """
    n = len(x)
    order = stable_order(x)
    xs = x[order]
    cw = np.zeros(n + 1)
    cx = np.zeros(n + 1)
    for a in range(n):
        cw[a + 1] = cw[a] + w[order[a]]
        cx[a + 1] = cx[a] + w[order[a]] * xs[a]
    # Weight at or left of each sorted actor, ties included, and its A.
    w_at = np.empty(n)
    x_at = np.empty(n)
    spread = np.empty(n)
    end = n
    for a in range(n - 1, -1, -1):
        if a < n - 1 and xs[a + 1] != xs[a]:
            end = a + 1
        w_at[a], x_at[a] = cw[end], cx[end]
        spread[a] = xs[a] * (2 * w_at[a] - cw[n]) + cx[n] - 2 * x_at[a]
    cast = np.zeros((n, n)) if pooled else np.zeros((1, 1))  # votes cast per contest, when pooled
    everything = 0.0
    for a in range(n):
        i = order[a]
        p[i, i] = 0.5
        below = 0  # voters strictly left of the midpoint, which only moves right as b does
        for b in range(a + 1, n):
            j = order[b]
            total = xs[a] + xs[b]
            while below < n and 2 * xs[below] < total:
                below += 1
            d = xs[b] - xs[a]
            votes = d * w_at[a] + total * (cw[below] - w_at[a]) - 2 * (cx[below] - x_at[a])
            votes = 2 * votes - (spread[b] - spread[a])
            if d == 0 or votes <= 1e-15:  # no votes either way: even chances
                p[i, j] = p[j, i] = 0.5
                votes = 0.0
            else:
                share = (spread[b] - spread[a]) / (2 * votes)
                p[i, j], p[j, i] = 0.5 + share, 0.5 - share
            if pooled:
                cast[i, j] = votes
                everything += 2 * votes  # the contest counts once in each order
            else:
                target[j] += 2 * d * (1 - 2 * s[j] * (1 - p[i, j]))
                target[i] += 2 * d * (1 - 2 * s[i] * (1 - p[j, i]))
    if pooled and everything > 1e-15:
        for a in range(n):
            i = order[a]
            for b in range(a + 1, n):
                j = order[b]
                p[i, j] *= cast[i, j] / everything
                p[j, i] *= cast[i, j] / everything
                d = xs[b] - xs[a]
                target[j] += 2 * d * (1 - 2 * s[j] * (1 - p[i, j]))
                target[i] += 2 * d * (1 - 2 * s[i] * (1 - p[j, i]))


@numba.njit(cache=True)
def utility(x: np.ndarray, s: np.ndarray, p: np.ndarray, r: np.ndarray, i: int, j: int) -> float:
    """EU of i challenging j for Q = 1 and risk exponents ``r``, the same bits as ``utilities_row``."""
    d = abs(x[i] - x[j])
    if d == 0:
        return 0.0
    low = np.log(1 - d) if d < 1 else -np.inf  # d = 1 spans the scale: (1 - d)^r = 0
    high = np.log(1 + d)
    lo, hi = np.exp(r[i] * low), np.exp(r[i] * high)
    return 4 * 0.5 ** r[i] * (1 - lo - s[j] * (1 - p[i, j]) * (hi - lo))


@numba.njit(cache=True)
def utilities_row(
    x: np.ndarray, s: np.ndarray, p: np.ndarray, r: np.ndarray, neutral: bool, mu: float, q: float, t: float,
    eu: np.ndarray, offers_only: bool = False,
) -> None:
    """Fill ``eu[i, j]``, the expected utility of i challenging j (0 between equal positions).

    With ``h = s_j (1 - P_ij)``, ``A = (1 - d)^r_i`` and ``B = (1 + d)^r_i`` the
    terms for Q = 1 reduce to ``4 (1/2)^r_i (1 - A - h (B - A))``, or
    ``2 d (1 - 2h)`` when ``neutral`` (every r = 1); the logs of a pair serve
    both of its actors.

    With ``offers_only`` (used by the rounds when Q = 1 and risk is not
    neutral), an EU that cannot be positive is left as NaN, which no offer
    test accepts; :func:`utility` gives its value when it is needed. It cannot
    be positive when ``h > max(1/2, (1/2)^r_i)``: ``(1 - A) / (B - A)`` lies
    between 1/2 and ``(1/2)^r`` (convexity of ``t^r``), and the margins of
    1e-6 on ``h`` and ``d`` put such an EU below -1e-12, a thousand times its
    rounding error, so the offers are the same bit for bit. With pooled win
    probabilities (``h`` close to ``s_j``) this skips about 40% of the ``exp``.
    """
    n = len(x)
    scale = 4 * 0.5**r  # per challenger, outside the pair loop: a power costs more than a pair
    lazy = offers_only and q >= 1 and not neutral
    for i in range(n):
        eu[i, i] = 0.0
        for j in range(i + 1, n):
            d = abs(x[i] - x[j])
            h_ij, h_ji = s[j] * (1 - p[i, j]), s[i] * (1 - p[j, i])
            if d == 0:
                eu[i, j] = eu[j, i] = 0.0
            elif neutral:
                eu[i, j], eu[j, i] = 2 * d * (1 - 2 * h_ij), 2 * d * (1 - 2 * h_ji)
            else:
                skip_ij = lazy and d >= 1e-6 and h_ij > max(0.5, scale[i] / 4) + 1e-6
                skip_ji = lazy and d >= 1e-6 and h_ji > max(0.5, scale[j] / 4) + 1e-6
                eu[i, j] = eu[j, i] = np.nan
                if skip_ij and skip_ji:
                    continue
                low = np.log(1 - d) if d < 1 else -np.inf  # d = 1 spans the scale: (1 - d)^r = 0
                high = np.log(1 + d)
                if not skip_ij:
                    lo, hi = np.exp(r[i] * low), np.exp(r[i] * high)
                    eu[i, j] = scale[i] * (1 - lo - h_ij * (hi - lo))
                if not skip_ji:
                    lo, hi = np.exp(r[j] * low), np.exp(r[j] * high)
                    eu[j, i] = scale[j] * (1 - lo - h_ji * (hi - lo))
    if q < 1:  # the terms for an unchallenged change vanish when Q = 1
        for i in range(n):
            rr = 1.0 if neutral else r[i]
            for j in range(n):
                d = abs(x[i] - x[j])
                if d > 0:
                    near = 0.25 * (abs(x[i] - mu) + d)
                    better, worse = max(0.5 - near, 0.0) ** rr, (0.5 + near) ** rr
                    eu[i, j] += 4 * (1 - q) * (t * better + (1 - t) * worse - 0.5**rr)


@numba.njit(cache=True)
def risk_exponents(target: np.ndarray) -> np.ndarray:
    """``r_i`` from ``S_i = sum_j EU_ji``, how attractive a target each actor is (step 5)."""
    high, low = -np.inf, np.inf
    for i in range(len(target)):
        high, low = max(high, target[i]), min(low, target[i])
    r = np.ones(len(target))
    if high - low > 1e-12:
        for i in range(len(target)):
            big_r = (2 * target[i] - high - low) / (high - low)
            r[i] = (1 - big_r / 3) / (1 + big_r / 3)
    return r


@numba.njit(cache=True)
def round_row(
    x: np.ndarray, s: np.ndarray, w: np.ndarray, q: float, t: float, endogenous: bool, rule: int, pooled: bool
) -> np.ndarray:
    """One round of challenges (steps 1-6) on one run's positions in [0, 1]; returns the new positions."""
    n = len(x)
    mu = centre(x, w, rule) if q < 1 else 0.0
    p = np.empty((n, n))
    target = np.zeros(n)
    win_probabilities_row(x, w, s, pooled, p, target)
    eu = np.empty((n, n))
    r = np.ones(n)
    if endogenous:
        if q < 1:  # the status-quo terms join S_j
            utilities_row(x, s, p, r, True, mu, q, t, eu)
            target[:] = 0.0
            for i in range(n):
                for j in range(n):
                    target[j] += eu[i, j]
        r = risk_exponents(target)
    utilities_row(x, s, p, r, not endogenous, mu, q, t, eu, True)
    # Each target's best offer, scanning rows of eu (contiguous), then the offers within 1e-12 of it.
    best = np.zeros(n)
    chosen = np.full(n, -1)
    for i in range(n):
        for j in range(n):
            if eu[i, j] > best[j]:
                best[j], chosen[j] = eu[i, j], i
    ties = np.zeros(n, dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if eu[i, j] > 0 and eu[i, j] >= best[j] - 1e-12:
                ties[j] += 1
    new = x.copy()
    for j in range(n):
        if best[j] <= 0:
            continue  # no offers
        if ties[j] > 1:  # rare: the nearest, then the lowest position, then the first actor
            nearest = np.inf
            for i in range(n):
                if eu[i, j] > 0 and eu[i, j] >= best[j] - 1e-12:
                    nearest = min(nearest, abs(x[i] - x[j]))
            lowest = np.inf
            for i in range(n):
                tied = eu[i, j] > 0 and eu[i, j] >= best[j] - 1e-12 and abs(x[i] - x[j]) <= nearest + 1e-12
                if tied and x[i] < lowest:
                    lowest, chosen[j] = x[i], i
        mine, theirs = eu[j, chosen[j]], eu[chosen[j], j]
        if np.isnan(mine):  # left out as no offer (see utilities_row); the reply needs its value
            mine = utility(x, s, p, r, j, chosen[j])
        if (0 < mine < theirs) or (mine < 0 and -mine >= theirs):
            new[j] = x[chosen[j]]  # a lost conflict or capitulation
        elif mine < 0:
            new[j] = x[j] + (x[chosen[j]] - x[j]) * abs(mine) / theirs  # compromise
    return new


@numba.njit(cache=True, nogil=True)
def run_batch(
    x: np.ndarray, s: np.ndarray, w: np.ndarray, q: float, t: float, endogenous: bool, rule: int, pooled: bool,
    max_rounds: int, tolerance: float, stop_cycles: bool, history: np.ndarray,
) -> np.ndarray:
    """Rounds until convergence for each run (rows of ``x`` in [0, 1]); fills ``history[b, round]``.

    Returns the number of rounds each run took; ``history[b, k]`` beyond them
    repeats the final positions. See ``ExpectedUtility.run`` for ``stop_cycles``.
    """
    batch, n = x.shape
    rounds = np.zeros(batch, dtype=np.int64)
    for b in range(batch):
        current = x[b].copy()
        previous = current
        history[b, 0, :] = current
        number = 0
        for number in range(1, max_rounds + 1):
            nxt = round_row(current, s[b], w[b], q, t, endogenous, rule, pooled)
            move, repeats = 0.0, True
            for k in range(n):
                move = max(move, abs(nxt[k] - current[k]))
                repeats = repeats and nxt[k] == previous[k]
            settled = move * 100 <= tolerance
            if stop_cycles and number > 1 and not settled and repeats:
                if (max_rounds - number) % 2:
                    nxt = current  # the phase of the 2-cycle at max_rounds
                settled = True
            previous, current = current, nxt
            if settled:
                break
            history[b, number, :] = current
        rounds[b] = number
        history[b, number:, :] = current
    return rounds
