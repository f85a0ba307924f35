"""What extraction finds in one report, before it is stored: plain dataclasses.

Both the rule pipeline (from a Doc) and a guide-schema ``Record`` (from an
LLM backend) become a :class:`DocResult`, which :mod:`parley.extract.storage`
writes to the store. Character offsets are into the report's text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class ClaimOut:
    """One stance: actor, act, issue and the verbatim quote that carries it."""

    actor: str
    act: str
    issue: str
    quote: str
    quote_start: int
    sent_start: int
    sent_end: int
    speaker: Optional[str] = None
    target: Optional[str] = None
    position_text: Optional[str] = None
    position: Optional[float] = None
    confidence: float = 0.5
    event_date: Optional[dt.date] = None
    date_precision: Optional[str] = None
    negated: bool = False


@dataclass
class ReactionOut:
    """How one actor received a proposal."""

    actor: str
    act: str
    quote: Optional[str] = None


@dataclass
class ProposalOut:
    """A named proposal with its proposers, terms per issue and reactions."""

    name: str
    proposers: list[str]
    quote: Optional[str] = None
    date: Optional[dt.date] = None
    date_precision: Optional[str] = None
    terms: dict[str, str] = field(default_factory=dict)
    positions: dict[str, float] = field(default_factory=dict)
    reactions: list[ReactionOut] = field(default_factory=list)


@dataclass
class StatusOut:
    """The state of the talks as the report describes it."""

    signal: str = "none"
    evidence: Optional[str] = None
    probability: Optional[str] = None
    estimate: Optional[float] = None
    confidence: Optional[str] = None


@dataclass
class EventOut:
    """A dated negotiation event."""

    what: str
    date: Optional[dt.date] = None
    date_precision: Optional[str] = None
    quote: Optional[str] = None


@dataclass
class MentionOut:
    """An actor taking part in the talks, as of the report's date."""

    actor: str
    type: Optional[str] = None
    role: Optional[str] = None
    affiliation: Optional[str] = None
    count: int = 1
    from_pack: bool = False


@dataclass
class DocResult:
    """Everything extracted from one report."""

    mentions: list[MentionOut] = field(default_factory=list)
    issues: dict[str, int] = field(default_factory=dict)
    claims: list[ClaimOut] = field(default_factory=list)
    proposals: list[ProposalOut] = field(default_factory=list)
    status: StatusOut = field(default_factory=StatusOut)
    events: list[EventOut] = field(default_factory=list)
