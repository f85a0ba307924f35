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
    Event,
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


def timeline(
    session: Session,
    *,
    as_of: Optional[dt.date] = None,
    actor: Optional[str] = None,
    issue: Optional[str] = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Events, proposals, reactions, status signals and stance changes, newest first.

    A stance change is a claim whose position differs from the same actor's
    previous claim on the same issue (or its first claim there). With an
    ``actor`` or ``issue`` filter only the items about them are kept.
    """
    size = offset + limit
    items: list[dict[str, Any]] = []
    items += _stance_changes(session, as_of=as_of, actor=actor, issue=issue, limit=size)
    if issue is None:
        items += _events(session, as_of=as_of, actor=actor, limit=size)
        items += _signals(session, as_of=as_of, limit=size) if actor is None else []
    items += _proposals(session, as_of=as_of, actor=actor, issue=issue, limit=size)
    items.sort(key=lambda item: (item["date"] or dt.date.min, item["kind"], item["id"]), reverse=True)
    return items[offset:size]


def _stance_changes(session: Session, *, as_of, actor, issue, limit: int) -> list[dict[str, Any]]:
    ids = changed_claims(session, as_of=as_of, actor=actor, issue=issue, limit=limit)
    if not ids:
        return []
    query = (
        select(Claim, Report.title, Report.outlet)
        .join(Report, Report.id == Claim.report_id)
        .where(Claim.id.in_(list(ids)))
        .order_by(Claim.event_date.desc(), Claim.id.desc())
    )
    return [
        {
            "kind": "stance",
            "id": claim.id,
            "date": claim.event_date,
            "actor": claim.actor,
            "issue": claim.issue,
            "what": f"{claim.actor} {claim.act} on {claim.issue}",
            "detail": _move(ids[claim.id], claim.position),
            "quote": claim.quote,
            "claim_id": claim.id,
            "report_id": claim.report_id,
            "report_title": title,
            "outlet": outlet,
        }
        for claim, title, outlet in session.execute(query)
    ]


def changed_claims(
    session: Session,
    *,
    as_of: Optional[dt.date] = None,
    actor: Optional[str] = None,
    issue: Optional[str] = None,
    limit: int = 100,
) -> dict[int, Optional[float]]:
    """The newest ``limit`` dated, positioned claims whose position differs from the previous one of their actor
    on their issue (or that are its first), as claim id -> previous position, newest first.

    Claims are read newest first in batches and the scan stops once the
    newest ``limit`` changes are known, so the cost follows ``limit`` rather
    than the number of claims. A claim's previous position is that of the next
    older claim of its pair, so a claim waits in ``pending`` until that one is read.
    """
    query = select(Claim.id, Claim.actor, Claim.issue, Claim.position).where(
        Claim.position.is_not(None), Claim.event_date.is_not(None)
    )
    if as_of:
        query = query.where(Claim.event_date <= as_of)
    if actor:
        query = query.where(Claim.actor == actor)
    if issue:
        query = query.where(Claim.issue == issue)
    query = query.order_by(Claim.event_date.desc(), Claim.id.desc()).execution_options(yield_per=max(limit, 500))
    seen: list[list[Any]] = []  # [id, position, previous, resolved], newest first
    pending: dict[tuple[str, str], list[Any]] = {}
    changes: dict[int, Optional[float]] = {}
    done = 0  # seen[:done] are resolved and their changes recorded
    result = session.execute(query)
    try:
        for claim_id, who, what, position in result:
            older = pending.get((who, what))
            if older is not None:
                older[2], older[3] = position, True
            item = [claim_id, position, None, False]
            pending[(who, what)] = item
            seen.append(item)
            while done < len(seen) and seen[done][3] and len(changes) < limit:
                if seen[done][2] != seen[done][1]:
                    changes[seen[done][0]] = seen[done][2]
                done += 1
            if len(changes) >= limit:
                return changes
    finally:
        result.close()
    # Every claim is read: those still pending have no older claim, so they state a first position.
    for claim_id, position, previous, _resolved in seen[done:]:
        if len(changes) >= limit:
            break
        if previous != position:
            changes[claim_id] = previous
    return changes


def _move(before: Optional[float], after: float) -> str:
    if before is None:
        return f"first stated position {after:g}"
    return f"position {before:g} \u2192 {after:g}"


def _events(session: Session, *, as_of, actor, limit: int) -> list[dict[str, Any]]:
    query = select(Event, Report.title, Report.outlet).join(Report, Report.id == Event.report_id)
    if as_of:
        query = query.where(Event.date <= as_of)
    if actor:
        query = query.where(Event.what.contains(actor))
    query = query.order_by(Event.date.desc(), Event.id.desc()).limit(limit)
    return [
        {
            "kind": "event",
            "id": event.id,
            "date": event.date,
            "what": event.what,
            "detail": None,
            "quote": event.quote,
            "claim_id": None,
            "report_id": event.report_id,
            "report_title": title,
            "outlet": outlet,
        }
        for event, title, outlet in session.execute(query)
    ]


def _signals(session: Session, *, as_of, limit: int) -> list[dict[str, Any]]:
    day = _signal_day()
    query = (
        select(StatusSignal, day.label("day"), Report.title, Report.outlet)
        .join(Report, Report.id == StatusSignal.report_id)
        .order_by(day.desc(), StatusSignal.id.desc())
        .limit(limit)
    )
    if as_of:
        query = query.where(day <= as_of)
    return [
        {
            "kind": "status",
            "id": signal.id,
            "date": day_,
            "what": f"talks reported as {signal.signal}",
            "detail": signal.probability,
            "quote": signal.evidence,
            "claim_id": None,
            "report_id": signal.report_id,
            "report_title": title,
            "outlet": outlet,
        }
        for signal, day_, title, outlet in session.execute(query)
    ]


def _proposals(session: Session, *, as_of, actor, issue, limit: int) -> list[dict[str, Any]]:
    matrix = reaction_matrix(session, as_of=as_of, limit=limit)
    items = []
    for row in matrix["rows"]:
        if issue and issue not in row["terms"] and issue not in row["positions"]:
            continue
        if not actor or actor in row["proposers"]:
            items.append(
                {
                    "kind": "proposal",
                    "id": row["id"],
                    "date": row["date"],
                    "what": f"proposal: {row['name']}",
                    "detail": ", ".join(row["proposers"]) or None,
                    "quote": row["quote"],
                    "claim_id": None,
                    "report_id": row["report_id"],
                    "report_title": None,
                    "outlet": None,
                }
            )
        for name, reaction in row["reactions"].items():
            if actor and name != actor:
                continue
            items.append(
                {
                    "kind": "reaction",
                    "id": row["id"],
                    "date": row["date"],
                    "what": f"{name} {reaction['act']} {row['name']}",
                    "detail": None,
                    "quote": reaction["quote"],
                    "claim_id": reaction["claim_id"],
                    "report_id": row["report_id"],
                    "report_title": None,
                    "outlet": None,
                }
            )
    return items


def date_range(session: Session) -> tuple[Optional[dt.date], Optional[dt.date]]:
    """First and last publication day of the stored reports (for the as-of slider)."""
    first, last = session.execute(select(func.min(Report.published), func.max(Report.published))).one()
    return first, last
