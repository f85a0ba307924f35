"""The negotiation over time: events, proposals and reactions, status signals, stance changes, weekly positions.

A stance change is read from an actor's successive claims on one issue: a
move of at least ``min_shift`` scale points between positioned claims
("softened" when it goes towards the middle of the scale, "hardened" when
away from it), or a switch between a firm act (INSIST, THREATEN, REJECT) and
a yielding one (ACCEPT, CONCEDE, CONSIDER, OFFER). Both quotes are kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Optional

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from parley.store.claims import ClaimView, effective_claims
from parley.store.db import Store
from parley.store.models import Event, Proposal, Report, StatusSignal

FIRM = frozenset({"INSIST", "THREATEN", "REJECT"})
YIELDING = frozenset({"ACCEPT", "CONCEDE", "CONSIDER", "OFFER"})


@dataclass(frozen=True)
class StanceChange:
    """One actor's shift on one issue between two claims."""

    actor: str
    issue: str
    date: Optional[dt.date]
    kind: str  # softened or hardened
    before: Optional[float]
    after: Optional[float]
    claims: tuple[int, int]
    quotes: tuple[str, str]

    @property
    def summary(self) -> str:
        """``"Hamas softened on hostage_release on 2024-07-06"``."""
        when = self.date.isoformat() if self.date else "an unknown date"
        return f"{self.actor} {self.kind} on {self.issue} on {when}"

    def to_dict(self) -> dict[str, Any]:
        """JSON form with the summary sentence."""
        data = asdict(self)
        data["summary"] = self.summary
        data["claims"], data["quotes"] = list(self.claims), list(self.quotes)
        return data


@dataclass
class Timeline:
    """Dated items of the talks, oldest first."""

    events: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    signals: list[dict[str, Any]] = field(default_factory=list)
    changes: list[StanceChange] = field(default_factory=list)
    weekly: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"events", "proposals", "signals", "changes", "weekly"}``."""
        return {
            "events": self.events,
            "proposals": self.proposals,
            "signals": self.signals,
            "changes": [change.to_dict() for change in self.changes],
            "weekly": self.weekly,
        }


def _iso(day: Optional[dt.date]) -> Optional[str]:
    return day.isoformat() if day else None


def _shift_kind(before: float, after: float) -> str:
    return "softened" if abs(after - 50) < abs(before - 50) else "hardened"


def stance_changes(claims: list[ClaimView], *, min_shift: float = 10.0) -> list[StanceChange]:
    """Shifts between successive claims of each actor on each issue (see the module docstring)."""
    by_pair: dict[tuple[str, str], list[ClaimView]] = defaultdict(list)
    for claim in claims:
        if claim.independent:
            by_pair[(claim.actor, claim.issue)].append(claim)
    changes = []
    for (actor, issue), group in by_pair.items():
        group.sort(key=lambda claim: (claim.date or dt.date.min, claim.id))
        for before, after in zip(group, group[1:]):
            kind = None
            if before.position is not None and after.position is not None:
                if abs(after.position - before.position) >= min_shift:
                    kind = _shift_kind(before.position, after.position)
            elif before.act in FIRM and after.act in YIELDING:
                kind = "softened"
            elif before.act in YIELDING and after.act in FIRM:
                kind = "hardened"
            if kind:
                changes.append(
                    StanceChange(
                        actor=actor,
                        issue=issue,
                        date=after.date,
                        kind=kind,
                        before=before.position,
                        after=after.position,
                        claims=(before.id, after.id),
                        quotes=(before.quote, after.quote),
                    )
                )
    changes.sort(key=lambda change: (change.date or dt.date.min, change.actor, change.issue))
    return changes


def weekly_positions(claims: list[ClaimView], *, half_life_days: float = 60.0) -> list[dict[str, Any]]:
    """Per actor and issue, the model position at the end of each week (Sunday) with positioned claims so far.

    Each week weighs every claim made by then with :func:`parley.model.build.claim_weight` at
    the week's end (or, when only near-duplicates are left, by its confidence);
    the per-pair sums run with ``np.bincount`` in the claims' order.
    """
    positioned = sorted((claim for claim in claims if claim.position is not None and claim.date),
                        key=lambda claim: (claim.date, claim.id))
    if not positioned:
        return []
    pairs = sorted({(claim.actor, claim.issue) for claim in positioned})
    code = {pair: index for index, pair in enumerate(pairs)}
    pair = np.array([code[(claim.actor, claim.issue)] for claim in positioned], dtype=np.int64)
    days = np.array([claim.date.toordinal() for claim in positioned], dtype=np.int64)
    where = np.array([claim.position for claim in positioned], dtype=float)
    confidence = np.array([claim.confidence for claim in positioned], dtype=float)
    fallback = np.array([claim.confidence or 1.0 for claim in positioned], dtype=float)
    independent = np.array([claim.independent for claim in positioned], dtype=bool)
    first, last = positioned[0].date, positioned[-1].date
    week_end = first + dt.timedelta(days=6 - first.weekday())
    size, rows = len(pairs), []
    while week_end <= last + dt.timedelta(days=6):
        seen = days <= week_end.toordinal()
        ages = np.maximum(week_end.toordinal() - days, 0)
        weights = np.where(seen & independent, confidence * 0.5 ** (ages / half_life_days), 0.0)
        counts = np.bincount(pair, weights=seen, minlength=size)
        total = np.bincount(pair, weights=weights, minlength=size)
        weighted = np.bincount(pair, weights=weights * where, minlength=size)
        plain = np.where(seen, fallback, 0.0)
        plain_total = np.bincount(pair, weights=plain, minlength=size)
        plain_weighted = np.bincount(pair, weights=plain * where, minlength=size)
        for index, (actor, issue) in enumerate(pairs):
            if not counts[index]:
                continue
            if total[index] == 0:
                position = plain_weighted[index] / (plain_total[index] or 1.0)
            else:
                position = weighted[index] / total[index]
            rows.append({"week": week_end.isoformat(), "actor": actor, "issue": issue,
                         "position": round(float(position), 2)})
        week_end += dt.timedelta(days=7)
    return rows


def timeline(store: Store, *, actor: Optional[str] = None, issue: Optional[str] = None) -> Timeline:
    """Everything dated about the talks, optionally for one actor and/or one issue.

    Parameters
    ----------
    store : Store
        The store with extracted events, proposals, signals and claims.
    actor : str, optional
        Keep proposals the actor made or reacted to, and its claims only.
    issue : str, optional
        Keep proposals with terms on the issue, and claims on it only.

    Returns
    -------
    Timeline
        Events and signals are not tied to actors or issues, so they are kept
        unless a filter is given.
    """
    with store.session() as session:
        claims = effective_claims(session)
        published = dict(session.execute(select(Report.id, Report.published)).all())
        events = list(session.scalars(select(Event).order_by(Event.date, Event.id)))
        proposals = list(
            session.scalars(select(Proposal).options(selectinload(Proposal.reactions)).order_by(Proposal.date, Proposal.id))
        )
        signals = list(session.scalars(select(StatusSignal).order_by(StatusSignal.date, StatusSignal.id)))
    claims = [c for c in claims if (actor is None or c.actor == actor) and (issue is None or c.issue == issue)]
    result = Timeline(changes=stance_changes(claims), weekly=weekly_positions(claims))
    unfiltered = actor is None and issue is None
    if unfiltered:
        result.events = [
            {"date": _iso(e.date or published.get(e.report_id)), "what": e.what, "quote": e.quote, "report": e.report_id}
            for e in events
        ]
        result.signals = [
            {"date": _iso(s.date or published.get(s.report_id)), "signal": s.signal, "evidence": s.evidence,
             "estimate": s.estimate, "report": s.report_id}
            for s in signals
        ]
    for proposal in proposals:
        actors = set(proposal.proposers) | {reaction.actor for reaction in proposal.reactions}
        if (actor is not None and actor not in actors) or (issue is not None and issue not in (proposal.terms or {})):
            continue
        result.proposals.append(
            {
                "date": _iso(proposal.date or published.get(proposal.report_id)),
                "name": proposal.name,
                "proposers": list(proposal.proposers),
                "terms": dict(proposal.terms or {}),
                "positions": dict(proposal.positions or {}),
                "quote": proposal.quote,
                "reactions": [{"actor": r.actor, "act": r.act, "quote": r.quote} for r in proposal.reactions],
            }
        )
    for items in (result.events, result.signals, result.proposals):
        items.sort(key=lambda item: item["date"] or "")
    return result
