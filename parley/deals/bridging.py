"""Named proposals against the frontier, and the trades that would bridge them.

A proposal (from the store or given by hand) becomes an outcome by taking, on
each issue, the domain value nearest to the proposal's scale position (values
are spread evenly over 0-100 in their order), or the value it names. Issues
the proposal does not cover take the middle value and are listed as
``assumed``. For each proposal :func:`assess` reports each party's utility,
whether it is in the ZOPA, its Euclidean distance (in utility space) to the
nearest frontier point, who would reject it (utility below reservation), the
nearest Pareto improvements (frontier outcomes every party likes at least as
much and one more: fewest issues changed, then nearest in utility) and the smallest trades
into the ZOPA (fewest issues changed, then fewest value steps, then lowest
outcome number).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

from parley.deals.domain import Domain
from parley.deals.outcomes import DEFAULT_CHUNK, digits_of

if TYPE_CHECKING:
    from parley.store.db import Store

SUGGESTIONS = 3


@dataclass(frozen=True)
class DealProposal:
    """A named package: scale positions (0-100) or value names per issue."""

    name: str
    positions: Mapping[str, float] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)
    proposers: tuple[str, ...] = ()
    date: Optional[dt.date] = None


def to_digits(domain: Domain, proposal: DealProposal) -> tuple[list[int], list[str], list[str]]:
    """Per-issue value indices of ``proposal``, the issues assumed, and the proposal's issues not in the domain."""
    digits, assumed = [], []
    for issue in domain.issues:
        if issue.name in proposal.values and proposal.values[issue.name] in issue.values:
            digits.append(issue.values.index(proposal.values[issue.name]))
        elif issue.name in proposal.positions and proposal.positions[issue.name] is not None:
            digits.append(issue.nearest(float(proposal.positions[issue.name])))
        else:
            digits.append((len(issue.values) - 1) // 2)
            assumed.append(issue.name)
    known = {issue.name for issue in domain.issues}
    ignored = sorted((set(proposal.positions) | set(proposal.values)) - known)
    return digits, assumed, ignored


def _changes(domain: Domain, base: Sequence[int], other: Sequence[int]) -> dict[str, list[str]]:
    return {
        issue.name: [issue.values[a], issue.values[b]]
        for issue, a, b in zip(domain.issues, base, other)
        if a != b
    }


def _suggestion(domain: Domain, base: Sequence[int], index: int, utilities: np.ndarray) -> dict[str, Any]:
    digits = domain.digits(index)
    return {
        "index": int(index),
        "outcome": domain.outcome(digits),
        "utilities": [float(u) for u in utilities],
        "changes": _changes(domain, base, digits),
    }


def _level(tables: Sequence[np.ndarray], base: np.ndarray, subset: tuple[int, ...], reservations: np.ndarray,
           limit: int, chunk: int) -> list[tuple[int, int, np.ndarray]]:
    """The best ``limit`` ZOPA outcomes (steps, index, utilities) that change exactly the issues ``subset``."""
    radices = [len(t) for t in tables]
    strides = np.array([math.prod(radices[j + 1:]) for j in range(len(radices))], dtype=np.int64)
    options = [np.delete(np.arange(radices[j]), base[j]) for j in subset]
    n = math.prod(len(o) for o in options)
    best: list[tuple[int, int, np.ndarray]] = []
    for start in range(0, n, chunk):
        picks = digits_of(np.arange(start, min(n, start + chunk)), [len(o) for o in options])
        full = np.tile(base, (len(picks), 1))
        for c, j in enumerate(subset):
            full[:, j] = options[c][picks[:, c]]
        utilities = np.zeros((len(full), len(reservations)))
        for j, table in enumerate(tables):  # left to right, as everywhere
            utilities = utilities + table[full[:, j]]
        ok = np.flatnonzero((utilities >= reservations).all(axis=1))
        steps = np.abs(full[ok] - base).sum(axis=1)
        index = full[ok] @ strides
        for i in np.lexsort((index, steps))[:limit]:
            best.append((int(steps[i]), int(index[i]), utilities[ok[i]]))
    return sorted(best, key=lambda t: t[:2])[:limit]


def smallest_trades(domain: Domain, digits: Sequence[int], *, limit: int = SUGGESTIONS,
                    chunk: int = DEFAULT_CHUNK) -> list[dict[str, Any]]:
    """The ZOPA outcomes that change the fewest issues from ``digits``, then the fewest value steps.

    Outcomes are visited by the number of issues changed (0, 1, 2, ...), one
    set of changed issues at a time, and the search stops at the first number
    that completes ``limit`` trades; ties go to the lowest outcome number.
    The cost grows with the distance to the ZOPA, not with the outcome space.
    """
    tables = domain.tables()
    reservations = domain.reservations()
    base = np.asarray(digits, dtype=np.int64)
    trades: list[dict[str, Any]] = []
    for changed in range(len(tables) + 1):
        level = [
            found
            for subset in itertools.combinations(range(len(tables)), changed)
            for found in _level(tables, base, subset, reservations, limit, chunk)
        ]
        for steps, index, utilities in sorted(level, key=lambda t: t[:2])[:limit - len(trades)]:
            trade = _suggestion(domain, digits, index, utilities)
            trade.update(issues_changed=changed, steps=steps)
            trades.append(trade)
        if len(trades) >= limit:
            break
    return trades


def assess(domain: Domain, proposal: DealProposal, *, index: np.ndarray, utilities: np.ndarray,
           zopa_empty: bool = False, chunk: int = DEFAULT_CHUNK) -> dict[str, Any]:
    """Place ``proposal`` against the frontier (``index``, ``utilities`` from :func:`parley.deals.pareto.frontier`).

    With ``zopa_empty`` no trade is searched for (none exists).

    Returns
    -------
    dict
        ``{"name", "proposers", "outcome", "assumed", "ignored", "utilities", "in_zopa",
        "on_frontier", "distance_to_frontier", "rejected_by", "pareto_improvements", "trades"}``.
    """
    digits, assumed, ignored = to_digits(domain, proposal)
    own_index = domain.index(digits)
    tables = domain.tables()
    own = np.zeros(len(domain.parties))
    for table, digit in zip(tables, digits):
        own = own + table[digit]
    reservations = domain.reservations()
    rejected = [name for name, u, r in zip(domain.party_names, own, reservations) if u < r]
    distances = np.sqrt(((utilities - own) ** 2).sum(axis=1))
    better = np.flatnonzero((utilities >= own).all(axis=1) & (utilities > own).any(axis=1))
    improvements = []
    if len(better):
        changed = (digits_of(index[better], domain.radices) != np.asarray(digits)).sum(axis=1)
        order = np.lexsort((index[better], distances[better], changed))[:SUGGESTIONS]
        improvements = [_suggestion(domain, digits, index[better[i]], utilities[better[i]]) for i in order]
    in_zopa = not rejected
    return {
        "name": proposal.name,
        "proposers": list(proposal.proposers),
        "date": proposal.date.isoformat() if proposal.date else None,
        "outcome": domain.outcome(digits),
        "assumed": assumed,
        "ignored": ignored,
        "utilities": [float(u) for u in own],
        "in_zopa": in_zopa,
        "on_frontier": bool(np.isin(own_index, index)),
        "distance_to_frontier": float(distances.min()) if len(distances) else 0.0,
        "rejected_by": rejected,
        "pareto_improvements": improvements,
        "trades": [] if in_zopa or zopa_empty else smallest_trades(domain, digits, chunk=chunk),
    }


def proposals_from_store(store: "Store", domain: Domain) -> list[DealProposal]:
    """Named proposals of the store that touch at least one issue of ``domain``.

    Independent proposals only; when a name recurs, its latest dated version
    wins. Ordered by date, undated first.
    """
    from sqlalchemy import select

    from parley.store.models import Proposal

    issues = {issue.name for issue in domain.issues}
    latest: dict[str, Any] = {}
    with store.session() as session:
        rows = session.scalars(select(Proposal).where(Proposal.independent.is_(True)).order_by(Proposal.id)).all()
        for row in rows:
            if not issues & set(row.positions or {}):
                continue
            seen = latest.get(row.name)
            if seen is None or (row.date or dt.date.min) >= (seen.date or dt.date.min):
                latest[row.name] = DealProposal(
                    name=row.name,
                    positions={k: float(v) for k, v in (row.positions or {}).items() if v is not None},
                    proposers=tuple(row.proposers or ()),
                    date=row.date,
                )
    return sorted(latest.values(), key=lambda p: (p.date or dt.date.min, p.name))
