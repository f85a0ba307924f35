"""Negotiation domains: issues with discrete values and parties with additive utilities.

A :class:`Domain` is what every deals computation reads. Each party values an
outcome (one value per issue) as ``sum(weight[issue] * utility[issue][value])``
with weights summing to 1 and value utilities in [0, 1], and walks away below
its reservation value. Domains come from a JSON file (:func:`read_domain`), a
GENIUS folder (:mod:`parley.deals.genius`) or the stakeholder model
(:func:`domain_from_model`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import numpy as np

from parley.errors import Errors, ModelInputError, UsageError

if TYPE_CHECKING:
    from parley.model.table import StakeholderModel
    from parley.packs.schema import Pack

WEIGHT_TOLERANCE = 1e-6
# Share of an issue's weight a party is assumed to keep without a deal when the
# issue's scale has no status quo: halfway between its worst and best value.
DEFAULT_RESERVATION_SHARE = 0.5


@dataclass(frozen=True)
class Issue:
    """One issue and its discrete values, ordered along the issue's scale."""

    name: str
    values: tuple[str, ...]

    def positions(self) -> np.ndarray:
        """Scale positions (0-100) of the values, evenly spaced in their order."""
        if len(self.values) == 1:
            return np.array([50.0])
        return np.linspace(0.0, 100.0, len(self.values))

    def nearest(self, position: float) -> int:
        """Index of the value nearest to ``position`` on the 0-100 scale (the lower one on a tie)."""
        return int(np.argmin(np.abs(self.positions() - position)))


@dataclass(frozen=True)
class Party:
    """One party: issue weights, value utilities and a reservation value."""

    name: str
    weights: Mapping[str, float]
    utilities: Mapping[str, Mapping[str, float]]
    reservation: float = 0.0


@dataclass(frozen=True)
class Domain:
    """Issues and parties of one negotiation.

    Examples
    --------
    >>> d = Domain.from_dict({
    ...     "issues": [{"name": "truce", "values": ["short", "long"]}],
    ...     "parties": [{"name": "A", "weights": {"truce": 1.0},
    ...                  "utilities": {"truce": {"short": 0.2, "long": 1.0}}, "reservation": 0.5}]})
    >>> d.n_outcomes
    2
    """

    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]

    @property
    def n_outcomes(self) -> int:
        """How many outcomes (one value per issue) the domain has."""
        return math.prod(len(issue.values) for issue in self.issues)

    @property
    def radices(self) -> tuple[int, ...]:
        """Number of values per issue, in issue order."""
        return tuple(len(issue.values) for issue in self.issues)

    @property
    def party_names(self) -> list[str]:
        """Party names in domain order."""
        return [party.name for party in self.parties]

    def reservations(self) -> np.ndarray:
        """Reservation values as a ``(n_parties,)`` array."""
        return np.array([party.reservation for party in self.parties], dtype=float)

    def tables(self) -> list[np.ndarray]:
        """Per issue, a ``(n_values, n_parties)`` array of weighted value utilities.

        The utility of an outcome is the sum over issues of one row of each
        table, added in issue order.
        """
        return [
            np.array(
                [[party.weights[issue.name] * party.utilities[issue.name][value] for party in self.parties]
                 for value in issue.values],
                dtype=float,
            )
            for issue in self.issues
        ]

    def outcome(self, digits: Sequence[int]) -> dict[str, str]:
        """The outcome ``{issue: value}`` of per-issue value indices ``digits``."""
        return {issue.name: issue.values[int(d)] for issue, d in zip(self.issues, digits)}

    def digits(self, index: int) -> list[int]:
        """Per-issue value indices of outcome number ``index`` (first issue most significant)."""
        out = []
        for radix in reversed(self.radices):
            index, digit = divmod(int(index), radix)
            out.append(digit)
        return out[::-1]

    def index(self, digits: Sequence[int]) -> int:
        """Outcome number of per-issue value indices ``digits``."""
        index = 0
        for radix, digit in zip(self.radices, digits):
            index = index * radix + int(digit)
        return index

    def permuted(self, order: Sequence[int]) -> "Domain":
        """A copy with the parties in ``order`` (indices into the current parties)."""
        return Domain(issues=self.issues, parties=tuple(self.parties[i] for i in order))

    def to_dict(self) -> dict[str, Any]:
        """The domain JSON form (see :meth:`from_dict`)."""
        return {
            "issues": [{"name": issue.name, "values": list(issue.values)} for issue in self.issues],
            "parties": [
                {
                    "name": party.name,
                    "weights": {issue.name: party.weights[issue.name] for issue in self.issues},
                    "utilities": {
                        issue.name: {value: party.utilities[issue.name][value] for value in issue.values}
                        for issue in self.issues
                    },
                    "reservation": party.reservation,
                }
                for party in self.parties
            ],
        }

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "the domain") -> "Domain":
        """Validate and build a domain from its JSON form.

        Parameters
        ----------
        data : dict
            ``{"issues": [{"name", "values": [...]}], "parties": [{"name",
            "weights": {issue: w}, "utilities": {issue: {value: u}}, "reservation": r}]}``.
            Weights are non-negative and sum to 1; utilities and reservations lie in [0, 1].
        source : str
            Where the data came from (a file name), for error messages.

        Raises
        ------
        ModelInputError
            E351, naming the field, what is wrong and how to fix it.
        """
        check = _Checker(source)
        check.that(isinstance(data, dict), "(top level)", "must be a JSON object", data,
                   'Write {"issues": [...], "parties": [...]}.')
        issues = _read_issues(check, data.get("issues"))
        raw_parties = data.get("parties")
        check.that(isinstance(raw_parties, list) and raw_parties, "parties", "must be a non-empty list",
                   raw_parties, 'Add one {"name", "weights", "utilities", "reservation"} object per party.')
        parties = tuple(_read_party(check, f"parties[{i}]", raw, issues) for i, raw in enumerate(raw_parties))
        names = [party.name for party in parties]
        check.that(len(set(names)) == len(names), "parties[].name", "must be unique", names,
                   "Give every party its own name.")
        return cls(issues=issues, parties=parties)


class _Checker:
    """Raises E351 for the first failed check of one source."""

    def __init__(self, source: str) -> None:
        self.source = source

    def that(self, ok: Any, field: str, problem: str, got: Any, fix: str) -> None:
        if not ok:
            if isinstance(got, (dict, list)) and len(repr(got)) > 120:
                got = repr(got)[:117] + "..."
            raise ModelInputError(Errors.E351.format(source=self.source, field=field, problem=problem,
                                                     got=got, fix=fix))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _read_issues(check: _Checker, raw: Any) -> tuple[Issue, ...]:
    check.that(isinstance(raw, list) and raw, "issues", "must be a non-empty list", raw,
               'Add one {"name": ..., "values": [...]} object per issue.')
    issues = []
    for i, item in enumerate(raw):
        field = f"issues[{i}]"
        check.that(isinstance(item, dict) and set(item) == {"name", "values"}, field,
                   "must be an object with exactly the keys 'name' and 'values'", item,
                   'Write {"name": "ceasefire", "values": ["none", "6 weeks", "permanent"]}.')
        check.that(isinstance(item["name"], str) and item["name"], f"{field}.name",
                   "must be a non-empty string", item["name"], "Name the issue.")
        values = item["values"]
        check.that(isinstance(values, list) and values and all(isinstance(v, str) for v in values),
                   f"{field}.values", "must be a non-empty list of strings", values,
                   "List the issue's options as strings, in their order along the scale.")
        check.that(len(set(values)) == len(values), f"{field}.values", "must not repeat a value", values,
                   "Remove or rename the repeated values.")
        issues.append(Issue(name=item["name"], values=tuple(values)))
    names = [issue.name for issue in issues]
    check.that(len(set(names)) == len(names), "issues[].name", "must be unique", names,
               "Give every issue its own name.")
    return tuple(issues)


def _read_party(check: _Checker, field: str, raw: Any, issues: tuple[Issue, ...]) -> Party:
    keys = {"name", "weights", "utilities", "reservation"}
    check.that(isinstance(raw, dict) and set(raw) == keys, field,
               "must be an object with exactly the keys name, weights, utilities, reservation", raw,
               "Add the missing keys or remove the unknown ones.")
    check.that(isinstance(raw["name"], str) and raw["name"], f"{field}.name", "must be a non-empty string",
               raw["name"], "Name the party.")
    field = f"{field} ({raw['name']})"
    names = [issue.name for issue in issues]
    weights = raw["weights"]
    check.that(isinstance(weights, dict) and set(weights) == set(names), f"{field}.weights",
               f"must have one weight for each issue {names}", weights, "Add or remove issue keys.")
    for name, weight in weights.items():
        check.that(_is_number(weight) and weight >= 0, f"{field}.weights.{name}", "must be a number >= 0",
                   weight, "Use a non-negative number.")
    total = sum(weights.values())
    check.that(abs(total - 1.0) <= WEIGHT_TOLERANCE, f"{field}.weights", "must sum to 1", total,
               "Divide each weight by their sum.")
    utilities = raw["utilities"]
    check.that(isinstance(utilities, dict) and set(utilities) == set(names), f"{field}.utilities",
               f"must have one table for each issue {names}", utilities, "Add or remove issue keys.")
    for issue in issues:
        table = utilities[issue.name]
        check.that(isinstance(table, dict) and set(table) == set(issue.values), f"{field}.utilities.{issue.name}",
                   f"must give a utility to each value {list(issue.values)}", table,
                   "Add the missing values or remove the unknown ones.")
        for value, utility in table.items():
            check.that(_is_number(utility) and 0 <= utility <= 1, f"{field}.utilities.{issue.name}.{value}",
                       "must be a number from 0 to 1", utility, "Rescale the utilities to [0, 1].")
    reservation = raw["reservation"]
    check.that(_is_number(reservation) and 0 <= reservation <= 1, f"{field}.reservation",
               "must be a number from 0 to 1", reservation, "Use 0 for a party that accepts any deal.")
    return Party(
        name=raw["name"],
        weights={name: float(weights[name]) for name in names},
        utilities={issue.name: {v: float(utilities[issue.name][v]) for v in issue.values} for issue in issues},
        reservation=float(reservation),
    )


def read_domain(path: str | Path) -> Domain:
    """Read and validate a domain JSON file.

    Raises
    ------
    ModelInputError
        E350 when the file cannot be read as JSON, E351 when a field is invalid.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelInputError(Errors.E350.format(path=str(path), reason=exc)) from exc
    return Domain.from_dict(data, source=str(path))


def write_domain(domain: Domain, path: str | Path) -> None:
    """Write ``domain`` as JSON to ``path``."""
    try:
        Path(path).write_text(json.dumps(domain.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ModelInputError(Errors.E358.format(path=str(path), reason=exc)) from exc


# Utility shapes: distance in [0, 1] between a value and the party's position -> utility in [0, 1].
Shape = Callable[[np.ndarray], np.ndarray]
SHAPES: dict[str, Shape] = {}


def register_shape(name: str) -> Callable[[Shape], Shape]:
    """Register a utility shape under ``name`` (a decorator).

    A shape maps distances in [0, 1] to utilities in [0, 1], decreasing, with
    ``shape(0) == 1`` and ``shape(1) == 0``.
    """

    def add(func: Shape) -> Shape:
        SHAPES[name] = func
        return func

    return add


@register_shape("linear")
def _linear(distance: np.ndarray) -> np.ndarray:
    return 1.0 - distance


@register_shape("quadratic")
def _quadratic(distance: np.ndarray) -> np.ndarray:
    # Concave: small concessions cost little, large ones a lot.
    return 1.0 - distance**2


@register_shape("exponential")
def _exponential(distance: np.ndarray, rate: float = 3.0) -> np.ndarray:
    # Convex: most of the value is lost with the first steps away from the position.
    return (np.exp(-rate * distance) - math.exp(-rate)) / (1.0 - math.exp(-rate))


def domain_from_model(
    model: "StakeholderModel",
    *,
    pack: Optional["Pack"] = None,
    points: int = 5,
    shape: str = "linear",
    parties: Optional[Sequence[str]] = None,
    issues: Optional[Sequence[str]] = None,
) -> Domain:
    """Build a domain from the stakeholder table.

    Parameters
    ----------
    model : StakeholderModel
        Positions (0-100) and saliences of each actor on each issue; every actor becomes a party.
    pack : Pack, optional
        When an issue of the pack has named ``options``, they become the issue's
        values, spread evenly over the 0-100 scale in their order. The pack's
        scale ``status_quo`` also sets reservations (see below).
    points : int
        Values per issue without named options: ``points`` evenly spaced scale positions.
    shape : str
        Name of a registered utility shape (``linear``, ``quadratic``, ``exponential``).
    parties : list of str, optional
        Actors to treat as parties. By default, with a pack: the actors whose
        pack role is ``party`` and who speak for no other actor (no
        affiliation), if at least two are in the model; else every ``party``
        actor, if at least two; else every actor. Without a pack: every actor.
    issues : list of str, optional
        Issues to keep (default: every issue with an entry of a party).

    Notes
    -----
    A party's weight on an issue is its salience divided by the sum of its
    saliences (equal weights if all are 0); an issue it has no entry on gets
    weight 0. The utility of a value is ``shape(|value position - party
    position| / 100)``. The reservation is what the party gets without a
    deal: the utility of the status quo on each issue whose scale has one,
    and half the issue's weight (``DEFAULT_RESERVATION_SHARE``) otherwise.

    Raises
    ------
    ModelInputError
        E354 when the model has no entries.
    UsageError
        E355 for an unknown shape, E004 for ``points`` below 2.
    """
    if shape not in SHAPES:
        raise UsageError(Errors.E355.format(allowed=sorted(SHAPES), got=shape))
    if not isinstance(points, int) or points < 2:
        raise UsageError(Errors.E004.format(option="points", allowed="an integer >= 2", got=points))
    if not model.entries:
        raise ModelInputError(Errors.E354.format(problem="the model has no entries",
                                                 fix="Extract claims with positions first ('parley extract')."))
    func = SHAPES[shape]
    actors = _parties(model, pack, parties)
    present = [i for i in model.issue_ids() if any(e.actor in actors for e in model.for_issue(i))]
    if issues is not None:
        unknown = [i for i in issues if i not in present]
        if unknown:
            raise ModelInputError(Errors.E354.format(
                problem=f"the parties have no entry on the issue(s) {unknown}",
                fix=f"Choose among {present}."))
    issue_ids = list(issues) if issues is not None else present
    status_quo = {issue.id: issue.status_quo for issue in model.issues}
    columns: list[Issue] = []
    for issue_id in issue_ids:
        entry = pack.issue(issue_id) if pack is not None else None
        if entry is not None and entry.scale is not None and entry.scale.status_quo is not None:
            status_quo[issue_id] = entry.scale.status_quo
        if entry is not None and entry.options:
            values = tuple(entry.options)
        else:
            values = tuple(f"{p:g}" for p in np.linspace(0.0, 100.0, points))
        columns.append(Issue(name=issue_id, values=values))
    members = []
    for actor in actors:
        stakes = {e.issue: e for e in model.entries if e.actor == actor and e.issue in issue_ids}
        if not stakes:
            raise ModelInputError(Errors.E354.format(problem=f"the party {actor!r} has no entry on {issue_ids}",
                                                     fix="Add issues it takes a stand on, or leave it out."))
        saliences = np.array([max(stakes[i].salience, 0.0) if i in stakes else 0.0 for i in issue_ids])
        if saliences.sum() > 0:
            weights = saliences / saliences.sum()
        else:
            weights = np.array([1.0 if i in stakes else 0.0 for i in issue_ids])
            weights /= weights.sum()
        utilities, reservation = {}, 0.0
        for issue, weight in zip(columns, weights):
            if issue.name not in stakes:
                utilities[issue.name] = {value: 1.0 for value in issue.values}  # indifferent
                continue
            position = stakes[issue.name].position
            scores = np.clip(func(np.abs(issue.positions() - position) / 100.0), 0.0, 1.0)
            utilities[issue.name] = dict(zip(issue.values, scores.tolist()))
            sq = status_quo.get(issue.name)
            if sq is None:
                reservation += weight * DEFAULT_RESERVATION_SHARE
            else:
                reservation += weight * float(np.clip(func(np.array(abs(sq - position) / 100.0)), 0.0, 1.0))
        members.append(Party(
            name=actor,
            weights={issue.name: float(w) for issue, w in zip(columns, weights)},
            utilities=utilities,
            reservation=float(min(max(reservation, 0.0), 1.0)),
        ))
    return Domain(issues=tuple(columns), parties=tuple(members))


def _parties(model: "StakeholderModel", pack: Optional["Pack"], chosen: Optional[Sequence[str]]) -> list[str]:
    """The actors of ``model`` that bargain (see :func:`domain_from_model`)."""
    actors = model.actors
    if chosen is not None:
        unknown = [name for name in chosen if name not in actors]
        if unknown or not chosen:
            raise ModelInputError(Errors.E354.format(problem=f"no actor named {unknown or chosen} in the model",
                                                     fix=f"Choose among {actors}."))
        return list(chosen)
    if pack is None:
        return actors
    entries = {name: pack.actor(name) for name in actors}
    principals = [n for n, e in entries.items() if e is not None and e.role == "party" and not e.affiliation]
    if len(principals) >= 2:
        return principals
    members = [n for n, e in entries.items() if e is not None and e.role == "party"]
    return members if len(members) >= 2 else actors
