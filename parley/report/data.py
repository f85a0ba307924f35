"""What the report and the dashboard show, read from the store with SQL aggregation and limits.

Every function takes a session and keyword-only filters and returns plain
dicts, so the same data feeds the HTML report, the dashboard pages and the
JSON API. No function loads every claim into Python: lists are ordered and
limited in SQL, counts are grouped in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Optional

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from parley.report.evidence import claim_dict
from parley.store.models import (
    Actor,
    Claim,
    Mention,
    Proposal,
    ProposalReaction,
    Report,
    StatusSignal,
)

SIGNAL_SCORE = {"breakthrough": 2, "progress": 1, "none": 0, "stalled": -1, "collapse": -2}
# A conflict act after the last settling act on an issue keeps the issue open.
CONFLICT_ACTS = ("DEMAND", "INSIST", "REJECT", "OPPOSE", "THREATEN", "SUSPEND", "PROPOSE")
SETTLING_ACTS = ("ACCEPT", "IMPLEMENT")


def _signal_day():
    return func.coalesce(StatusSignal.date, Report.published)


def _proposal_day():
    return func.coalesce(Proposal.date, Report.published)


def status_summary(session: Session, *, as_of: Optional[dt.date] = None, window: int = 5) -> dict[str, Any]:
    """State of the talks and its trend from the latest status signals.

    The state is the most frequent signal among the latest ``window`` signals
    (ignoring "none"); the trend compares their mean score with the ``window``
    signals before them (breakthrough 2, progress 1, stalled -1, collapse -2).
    """
    day = _signal_day()
    query = (
        select(StatusSignal, day.label("day"), Report.title, Report.outlet)
        .join(Report, Report.id == StatusSignal.report_id)
        .where(StatusSignal.signal != "none")
        .order_by(day.desc(), StatusSignal.id.desc())
        .limit(2 * window)
    )
    if as_of:
        query = query.where(day <= as_of)
    rows = session.execute(query).all()
    latest = [_signal_dict(row) for row in rows]
    recent, before = latest[:window], latest[window:]
    state = Counter(item["signal"] for item in recent).most_common(1)[0][0] if recent else "unknown"
    trend = "unknown"
    if recent and before:
        delta = _mean_score(recent) - _mean_score(before)
        trend = "improving" if delta > 0.25 else "worsening" if delta < -0.25 else "steady"
    elif recent:
        trend = "steady"
    estimates = [item["estimate"] for item in recent if item["estimate"] is not None]
    return {
        "state": state,
        "trend": trend,
        "estimate": sum(estimates) / len(estimates) if estimates else None,
        "signals": recent,
    }


def _mean_score(items: list[dict[str, Any]]) -> float:
    return sum(SIGNAL_SCORE.get(item["signal"], 0) for item in items) / len(items)


def _signal_dict(row: Any) -> dict[str, Any]:
    signal = row[0]
    return {
        "id": signal.id,
        "signal": signal.signal,
        "evidence": signal.evidence,
        "probability": signal.probability,
        "estimate": signal.estimate,
        "date": row.day,
        "report_id": signal.report_id,
        "report_title": row.title,
        "outlet": row.outlet,
    }


def signal_counts(session: Session, *, as_of: Optional[dt.date] = None) -> list[dict[str, Any]]:
    """Number of status signals of each kind per day, for the trend chart."""
    day = _signal_day()
    query = (
        select(day.label("day"), StatusSignal.signal, func.count())
        .join(Report, Report.id == StatusSignal.report_id)
        .where(day.is_not(None))
        .group_by(day, StatusSignal.signal)
        .order_by(day)
    )
    if as_of:
        query = query.where(day <= as_of)
    return [{"date": row[0], "signal": row[1], "count": row[2]} for row in session.execute(query)]


def issue_overview(session: Session, *, as_of: Optional[dt.date] = None) -> list[dict[str, Any]]:
    """Per issue: claims, actors, last dated claim and whether it is still open."""
    last_conflict = func.max(case((Claim.act.in_(CONFLICT_ACTS), Claim.event_date)))
    last_settled = func.max(case((Claim.act.in_(SETTLING_ACTS), Claim.event_date)))
    query = select(
        Claim.issue,
        func.count(),
        func.count(Claim.actor.distinct()),
        func.max(Claim.event_date),
        last_conflict,
        last_settled,
    ).group_by(Claim.issue)
    if as_of:
        query = query.where(Claim.event_date <= as_of)
    issues = []
    for issue, claims, actors, last, conflict, settled in session.execute(query):
        is_open = conflict is not None and (settled is None or conflict >= settled)
        issues.append({"id": issue, "claims": claims, "actors": actors, "last": last, "open": is_open})
    return sorted(issues, key=lambda item: (-item["claims"], item["id"]))


def recent_claims(session: Session, *, as_of: Optional[dt.date] = None, limit: int = 10) -> list[dict[str, Any]]:
    """The newest dated claims, with their reports."""
    query = (
        select(Claim, Report.title, Report.outlet, Report.url, Report.published)
        .join(Report, Report.id == Claim.report_id)
        .where(Claim.event_date.is_not(None))
        .order_by(Claim.event_date.desc(), Claim.id.desc())
        .limit(limit)
    )
    if as_of:
        query = query.where(Claim.event_date <= as_of)
    return [claim_dict(*row) for row in session.execute(query)]


def actors(session: Session, *, pack: Any = None) -> list[dict[str, Any]]:
    """Every actor with its type, role, faction, offices and how often it is mentioned and quoted."""
    mentions = dict(
        session.execute(select(Mention.actor, func.count(Mention.report_id.distinct())).group_by(Mention.actor)).all()
    )
    claims = dict(session.execute(select(Claim.actor, func.count()).group_by(Claim.actor)).all())
    rows = {actor.name: actor for actor in session.scalars(select(Actor).order_by(Actor.name))}
    names = list(rows) + sorted(set(claims) - set(rows))
    result = []
    for name in names:
        row = rows.get(name)
        entry = pack.actor(name) if pack is not None else None
        role = (row.role if row else None) or (entry.role if entry else None) or "other"
        kind = (row.type if row else None) or (entry.type if entry else None)
        affiliation = (row.affiliation if row else None) or (entry.affiliation if entry else None)
        offices = [
            {"title": o.title, "entity": o.entity, "start": o.start, "end": o.end} for o in (entry.offices if entry else [])
        ]
        result.append(
            {
                "name": name,
                "type": kind,
                "role": role,
                "affiliation": affiliation,
                "faction_of": affiliation.split(" / ")[0] if affiliation and role == "faction" else None,
                "offices": offices,
                "mentions": mentions.get(name, 0),
                "claims": claims.get(name, 0),
                "reviewed": bool(row.reviewed) if row else False,
            }
        )
    return sorted(result, key=lambda item: (-item["claims"], item["name"]))


def actor_roles(session: Session, *, pack: Any = None) -> dict[str, str]:
    """Actor name -> role, from the actors table, then the pack."""
    roles = {name: role for name, role in session.execute(select(Actor.name, Actor.role)) if role}
    for entry in getattr(pack, "actors", []) or []:
        roles.setdefault(entry.name, entry.role)
    return roles


def reaction_matrix(session: Session, *, as_of: Optional[dt.date] = None, limit: int = 30) -> dict[str, Any]:
    """The newest ``limit`` proposals by the actors that reacted to them: ``{"actors", "rows"}``."""
    day = _proposal_day()
    query = (
        select(Proposal, day.label("day"))
        .join(Report, Report.id == Proposal.report_id)
        .order_by(day.desc(), Proposal.id.desc())
        .limit(limit)
    )
    if as_of:
        query = query.where(day <= as_of)
    proposals = session.execute(query).all()
    ids = [row[0].id for row in proposals]
    reactions = session.scalars(select(ProposalReaction).where(ProposalReaction.proposal_id.in_(ids))).all() if ids else []
    by_proposal: dict[int, dict[str, dict[str, Any]]] = {}
    for reaction in reactions:
        by_proposal.setdefault(reaction.proposal_id, {})[reaction.actor] = {
            "act": reaction.act,
            "quote": reaction.quote,
            "claim_id": reaction.claim_id,
        }
    columns = sorted({reaction.actor for reaction in reactions})
    rows = [
        {
            "id": proposal.id,
            "name": proposal.name,
            "proposers": list(proposal.proposers or []),
            "date": day_,
            "terms": dict(proposal.terms or {}),
            "positions": dict(proposal.positions or {}),
            "quote": proposal.quote,
            "report_id": proposal.report_id,
            "reactions": by_proposal.get(proposal.id, {}),
        }
        for proposal, day_ in proposals
    ]
    return {"actors": columns, "rows": rows}


def date_range(session: Session) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """First and last publication day of the stored reports (for the as-of slider)."""
    first, last = session.execute(select(func.min(Report.published), func.max(Report.published))).one()
    return first, last
