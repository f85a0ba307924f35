"""The zone of possible agreement and the bargaining solutions of a domain.

Definitions (``u`` utilities, ``r`` reservations, ``g = u - r`` gains):

- **ZOPA**: outcomes with ``u_i >= r_i`` for every party ``i``.
- **Nash**: maximum of the product of gains over the ZOPA.
- **Kalai-Smorodinsky**: maximum over the ZOPA of the smallest normalised gain
  ``g_i / (ideal_i - r_i)``, where ``ideal_i`` is party ``i``'s best utility in
  the ZOPA (a party with ``ideal_i == r_i`` counts as fully served).
- **Egalitarian**: maximum of the smallest gain over the ZOPA.
- **Utilitarian**: maximum of the sum of utilities over the ZOPA.

Every objective is non-decreasing in each utility, so a maximiser always lies
on the Pareto frontier; each solution is picked among the frontier outcomes in
the ZOPA, and ties go to the lowest outcome number (first issue most
significant, values in their listed order). Products and sums are taken over
the gains sorted per outcome, so the choice does not depend on the order of
the parties. An empty ZOPA gives ``None`` solutions and a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from parley.deals.bridging import assess
from parley.deals.domain import Domain
from parley.deals.outcomes import DEFAULT_CHUNK
from parley.deals.pareto import frontier
from parley.deals.zopa import count
from parley.errors import Errors, ModelInputError

EMPTY_ZOPA = (
    "The ZOPA is empty: no outcome gives every party at least its reservation value "
    "({blocking}). No deal is individually rational; see the proposals' bridging "
    "suggestions or revisit the reservation values."
)
SOLUTIONS = ("nash", "kalai", "egalitarian", "utilitarian")
MAX_ANALYSED = 10**9


@dataclass
class Point:
    """One outcome with its number and the parties' utilities."""

    index: int
    outcome: dict[str, str]
    utilities: list[float]

    def to_dict(self) -> dict[str, Any]:
        """``{"index", "outcome", "utilities"}``."""
        return {"index": self.index, "outcome": self.outcome, "utilities": self.utilities}


@dataclass
class DealsResult:
    """Everything :func:`analyse` finds about a domain."""

    parties: list[str]
    issues: list[str]
    reservations: list[float]
    outcomes: int
    zopa_size: int
    pareto: list[Point]
    pareto_in_zopa: list[bool]
    solutions: dict[str, Optional[Point]]
    message: Optional[str] = None
    proposals: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``parley deals --json``."""
        data: dict[str, Any] = {
            "parties": self.parties,
            "issues": self.issues,
            "reservations": self.reservations,
            "outcomes": self.outcomes,
            "zopa_size": self.zopa_size,
            "message": self.message,
            "pareto": [
                {**point.to_dict(), "in_zopa": in_zopa}
                for point, in_zopa in zip(self.pareto, self.pareto_in_zopa)
            ],
        }
        for name in SOLUTIONS:
            point = self.solutions.get(name)
            data[name] = point.to_dict() if point is not None else None
        data["proposals"] = self.proposals
        return data


def zopa_size(domain: Domain, *, chunk: int = DEFAULT_CHUNK) -> int:
    """Number of outcomes that every party values at or above its reservation (see :mod:`parley.deals.zopa`)."""
    return count(domain.tables(), domain.reservations(), chunk=chunk)


def _sorted_gains(utilities: np.ndarray, reservations: np.ndarray) -> np.ndarray:
    return np.sort(utilities - reservations, axis=1)


def objectives(utilities: np.ndarray, reservations: np.ndarray) -> dict[str, np.ndarray]:
    """The value of each solution's objective for each row of ``utilities`` (assumed in the ZOPA).

    ``utilities`` are the candidate outcomes; the Kalai-Smorodinsky ideal point
    is taken over these rows, so pass the whole ZOPA or its Pareto frontier.
    """
    gains = _sorted_gains(utilities, reservations)
    span = utilities.max(axis=0) - reservations if len(utilities) else np.zeros_like(reservations)
    with np.errstate(divide="ignore", invalid="ignore"):
        normalised = np.where(span > 0, (utilities - reservations) / np.where(span > 0, span, 1.0), 1.0)
    return {
        "nash": np.prod(gains, axis=1),
        "kalai": normalised.min(axis=1),
        "egalitarian": gains[:, 0],
        "utilitarian": np.sort(utilities, axis=1).sum(axis=1),
    }


def _argmax_lowest(values: np.ndarray, index: np.ndarray) -> int:
    """Position of the maximum of ``values``, the lowest ``index`` among ties."""
    best = values == values.max()
    return int(np.flatnonzero(best)[np.argmin(index[best])])


def _point(domain: Domain, index: int, utilities: np.ndarray) -> Point:
    return Point(index=int(index), outcome=domain.outcome(domain.digits(index)),
                 utilities=[float(u) for u in utilities])


def analyse(domain: Domain, *, proposals: Sequence[Any] = (), chunk: int = DEFAULT_CHUNK,
            max_outcomes: int = MAX_ANALYSED) -> DealsResult:
    """Count outcomes and the ZOPA, find the Pareto frontier and the bargaining solutions.

    Parameters
    ----------
    domain : Domain
    proposals : sequence of DealProposal
        Named proposals to place against the frontier and bridge
        (see :func:`parley.deals.bridging.assess`).
    chunk : int
        Rows of the largest work array (bounds memory).
    max_outcomes : int
        Refuse larger domains: counting the ZOPA may have to visit most outcomes
        (some 10^7 per second here).

    Raises
    ------
    ModelInputError
        E356 when the domain has more than ``max_outcomes`` outcomes.

    Returns
    -------
    DealsResult

    Examples
    --------
    >>> from parley.deals.domain import Domain
    >>> d = Domain.from_dict({"issues": [{"name": "x", "values": ["a", "b"]}], "parties": [
    ...     {"name": "P", "weights": {"x": 1}, "utilities": {"x": {"a": 1, "b": 0}}, "reservation": 0},
    ...     {"name": "Q", "weights": {"x": 1}, "utilities": {"x": {"a": 0, "b": 1}}, "reservation": 0}]})
    >>> analyse(d).to_dict()["zopa_size"]
    2
    """
    if domain.n_outcomes > max_outcomes:
        raise ModelInputError(Errors.E356.format(n=domain.n_outcomes, limit=max_outcomes))
    reservations = domain.reservations()
    tables = domain.tables()
    index, utilities = frontier(tables)
    in_zopa = (utilities >= reservations).all(axis=1)
    size = zopa_size(domain, chunk=chunk)
    solutions: dict[str, Optional[Point]] = dict.fromkeys(SOLUTIONS)
    message = None
    if in_zopa.any():
        candidates, cand_index = utilities[in_zopa], index[in_zopa]
        for name, values in objectives(candidates, reservations).items():
            best = _argmax_lowest(values, cand_index)
            solutions[name] = _point(domain, cand_index[best], candidates[best])
    else:
        best_each = utilities.max(axis=0)
        short = [f"{name} can get at most {best:.3f} < {res:.3f}"
                 for name, best, res in zip(domain.party_names, best_each, reservations) if best < res]
        message = EMPTY_ZOPA.format(blocking="; ".join(short) or "no outcome satisfies all parties at once")
    pareto = [_point(domain, i, u) for i, u in zip(index.tolist(), utilities)]
    result = DealsResult(
        parties=domain.party_names,
        issues=[issue.name for issue in domain.issues],
        reservations=reservations.tolist(),
        outcomes=domain.n_outcomes,
        zopa_size=size,
        pareto=pareto,
        pareto_in_zopa=in_zopa.tolist(),
        solutions=solutions,
        message=message,
    )
    result.proposals = [assess(domain, proposal, index=index, utilities=utilities, zopa_empty=size == 0,
                               chunk=chunk) for proposal in proposals]
    return result
