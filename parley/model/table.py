"""The stakeholder table: the data that flows from the model stage to forecasts, deals and reports.

One :class:`Entry` per actor and issue: a position on the issue's 0-100 scale,
a salience and a capability in [0, 1], a confidence, and the ids of the claims
behind the values. Forecasts and deals read only this table, so a table read
from a file (CSV, JSON, KTAB) and one built from claims are interchangeable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Optional

import numpy as np


@dataclass(frozen=True)
class IssueScale:
    """An issue and what its 0-100 scale means."""

    id: str
    label: str = ""
    low: str = ""
    high: str = ""
    anchors: tuple[tuple[float, str], ...] = ()
    status_quo: Optional[float] = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"id", "scale": {"low", "high", "anchors", "status_quo"}}``."""
        return {
            "id": self.id,
            "label": self.label,
            "scale": {
                "low": self.low,
                "high": self.high,
                "anchors": [{"position": p, "label": l} for p, l in self.anchors],
                "status_quo": self.status_quo,
            },
        }


@dataclass(frozen=True)
class Entry:
    """One actor's stake in one issue."""

    actor: str
    issue: str
    position: float  # 0-100 on the issue's scale
    salience: float  # 0-1
    capability: float  # 0-1
    confidence: float = 1.0  # 0-1; fewer and older claims give less
    claims: tuple[int, ...] = ()
    overridden: tuple[str, ...] = ()  # fields whose value comes from a manual override

    def to_dict(self) -> dict[str, Any]:
        """JSON form as printed by ``parley model --json``."""
        data = asdict(self)
        data["claims"] = list(self.claims)
        data["overridden"] = list(self.overridden)
        return data


@dataclass
class StakeholderModel:
    """Positions, saliences and capabilities of every actor on every issue, as of a date."""

    entries: list[Entry]
    issues: list[IssueScale] = field(default_factory=list)
    as_of: Optional[dt.date] = None

    def __post_init__(self) -> None:
        known = {issue.id for issue in self.issues}
        for entry in self.entries:
            if entry.issue not in known:
                self.issues.append(IssueScale(id=entry.issue))
                known.add(entry.issue)

    @property
    def actors(self) -> list[str]:
        """Actor names in first-seen order."""
        return list(dict.fromkeys(entry.actor for entry in self.entries))

    def issue_ids(self) -> list[str]:
        """Issue ids in the model's order."""
        return [issue.id for issue in self.issues]

    def for_issue(self, issue: str) -> list[Entry]:
        """The entries on ``issue``."""
        return [entry for entry in self.entries if entry.issue == issue]

    def arrays(self, issue: str) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        """Actors, positions, saliences and capabilities on ``issue`` as NumPy arrays."""
        entries = self.for_issue(issue)
        return (
            [entry.actor for entry in entries],
            np.array([entry.position for entry in entries], dtype=float),
            np.array([entry.salience for entry in entries], dtype=float),
            np.array([entry.capability for entry in entries], dtype=float),
        )

    def with_changes(self, actor: str, issue: Optional[str] = None, **values: float) -> "StakeholderModel":
        """A copy with ``actor``'s values changed (on one issue, or on all when ``issue`` is None)."""
        entries = [
            replace(entry, **values)
            if entry.actor == actor and (issue is None or entry.issue == issue)
            else entry
            for entry in self.entries
        ]
        return StakeholderModel(entries=entries, issues=list(self.issues), as_of=self.as_of)

    def without_actor(self, actor: str) -> "StakeholderModel":
        """A copy with ``actor`` dropped."""
        entries = [entry for entry in self.entries if entry.actor != actor]
        return StakeholderModel(entries=entries, issues=list(self.issues), as_of=self.as_of)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"as_of", "issues": [...], "entries": [...]}``."""
        return {
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "issues": [issue.to_dict() for issue in self.issues],
            "entries": [entry.to_dict() for entry in self.entries],
        }
