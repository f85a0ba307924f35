"""The shape of a knowledge pack, validated with pydantic.

A pack is a folder ``<name>/`` of YAML files:

``pack.yaml``      name, description, the base pack it extends (usually ``generic``)
``actors.yaml``    actors with type, role, affiliation, aliases, offices, capability
``issues.yaml``    issues (ids from the annotation guide) with a 0-100 scale and anchors
``lexicon.yaml``   phrases of the 15 stance acts, status signals and reporting verbs
``outcomes.yaml``  optional: recorded outcomes per issue, for backtests
``options.yaml``   optional: named options per issue for package deals

Everything negotiation-specific lives here, never in code.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ActorType = Literal["state", "armed_group", "government_body", "igo", "person", "faction"]
ActorRole = Literal["party", "mediator", "guarantor", "third_party", "faction", "other"]
Act = Literal[
    "DEMAND", "INSIST", "PROPOSE", "OFFER", "ACCEPT", "REJECT", "SUPPORT", "OPPOSE",
    "CONCEDE", "CONSIDER", "CONSULT", "MEDIATE", "THREATEN", "SUSPEND", "IMPLEMENT",
]
ACTS: tuple[str, ...] = Act.__args__  # type: ignore[attr-defined]
Signal = Literal["progress", "stalled", "breakthrough", "collapse", "none"]
SIGNALS: tuple[str, ...] = Signal.__args__  # type: ignore[attr-defined]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Office(_Strict):
    """An office an actor held: while it lasts, the actor speaks for ``entity``."""

    title: str
    entity: str  # canonical name of the actor spoken for, e.g. "Israel"
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None  # exclusive: from this day on the office is no longer held

    def held_on(self, day: Optional[dt.date]) -> bool:
        """Whether the office was held on ``day`` (True when ``day`` is unknown)."""
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


class ActorEntry(_Strict):
    """One actor the pack knows, under its canonical name."""

    name: str
    type: ActorType
    role: ActorRole
    affiliation: Optional[str] = None  # "Entity" or "Entity / office"; for persons see offices
    aliases: list[str] = Field(default_factory=list)
    # Words that refer to the actor as a group or by demonym: "Israeli officials", "Qatari".
    adjectives: list[str] = Field(default_factory=list)
    offices: list[Office] = Field(default_factory=list)
    capability: Optional[float] = Field(default=None, ge=0, le=1)

    def office_on(self, day: Optional[dt.date]) -> Optional[Office]:
        """The office held on ``day``: the latest one that started on or before it."""
        held = [office for office in self.offices if office.held_on(day)]
        return max(held, key=lambda o: o.start or dt.date.min) if held else None


class Anchor(_Strict):
    """A named point on an issue's 0-100 scale and the phrases that indicate it."""

    position: float = Field(ge=0, le=100)
    label: str
    phrases: list[str] = Field(default_factory=list)


class Scale(_Strict):
    """What 0 and 100 mean on an issue, and the anchors in between."""

    low: str  # meaning of 0
    high: str  # meaning of 100
    anchors: list[Anchor] = Field(default_factory=list)
    status_quo: Optional[float] = Field(default=None, ge=0, le=100)


class IssueEntry(_Strict):
    """One issue of the annotation guide, optionally scaled."""

    id: str
    label: str
    parent: Optional[str] = None
    keywords: list[str] = Field(default_factory=list)  # phrases that show the issue is discussed
    scale: Optional[Scale] = None
    options: list[str] = Field(default_factory=list)  # named options for package deals


class Lexicon(_Strict):
    """Phrases of the stance acts and status signals, and the verbs that report speech."""

    acts: dict[Act, list[str]] = Field(default_factory=dict)
    signals: dict[Signal, list[str]] = Field(default_factory=dict)
    reporting_verbs: list[str] = Field(default_factory=list)
    outlets: list[str] = Field(default_factory=list)  # cited as sources, never actors


class Outcome(_Strict):
    """The recorded outcome of one issue, for backtests."""

    issue: str
    position: float = Field(ge=0, le=100)
    date: Optional[dt.date] = None
    note: str  # what happened and where that is recorded


class PackMeta(_Strict):
    """The ``pack.yaml`` of a pack."""

    name: str
    description: str = ""
    extends: Optional[str] = "generic"


class Pack(BaseModel):
    """A loaded and merged knowledge pack."""

    model_config = ConfigDict(extra="forbid")

    meta: PackMeta
    actors: list[ActorEntry] = Field(default_factory=list)
    issues: list[IssueEntry] = Field(default_factory=list)
    lexicon: Lexicon = Field(default_factory=Lexicon)
    outcomes: list[Outcome] = Field(default_factory=list)

    @field_validator("actors")
    @classmethod
    def _unique_actor_names(cls, actors: list[ActorEntry]) -> list[ActorEntry]:
        names = [actor.name for actor in actors]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"actor names must be unique; repeated: {', '.join(duplicates)}")
        return actors

    @model_validator(mode="after")
    def _parents_exist(self) -> "Pack":
        ids = {issue.id for issue in self.issues}
        for issue in self.issues:
            if issue.parent and issue.parent not in ids:
                raise ValueError(f"issue {issue.id!r} has parent {issue.parent!r}, which is not an issue of the pack")
        return self

    @property
    def name(self) -> str:
        """The pack's name."""
        return self.meta.name

    def actor(self, name: str) -> Optional[ActorEntry]:
        """The actor with canonical name or alias ``name`` (case-insensitive), if any."""
        key = name.casefold()
        for actor in self.actors:
            if actor.name.casefold() == key or key in (alias.casefold() for alias in actor.aliases):
                return actor
        return None

    def issue(self, issue_id: str) -> Optional[IssueEntry]:
        """The issue with id ``issue_id``, if any."""
        return next((issue for issue in self.issues if issue.id == issue_id), None)
