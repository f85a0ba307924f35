"""``parley export reports``: one annotation-guide record per stored report.

The record is rebuilt from the store's tables so that a prediction and a gold
file compare line by line with ``parley eval``:

* ``actors`` from :class:`Mention` rows, plus every actor that takes a stance
  or proposes something; type, role and affiliation fall back to the
  :class:`Actor` table, then the pack (affiliation from the office held on the
  report's date), then ``faction``/``other`` for unknown candidates;
* ``issues`` from :class:`IssueMention` rows (most mentioned first), plus every
  issue used in a stance or a proposal term;
* ``stances`` from claims that review did not reject;
* ``status`` from the report's status signal (a signal other than ``none``
  wins when there are several).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from parley.extract.record import (
    ActorRecord,
    EventRecord,
    ProposalRecord,
    ReactionRecord,
    Record,
    StanceRecord,
    StatusRecord,
)
from parley.packs import Pack, load_pack
from parley.packs.schema import ACTS, SIGNALS, ActorRole, ActorType
from parley.store.db import Store
from parley.store.models import (
    Actor,
    Claim,
    Event,
    IssueMention,
    Mention,
    Proposal,
    Report,
    StatusSignal,
)

# The store knows more date sources than the guide; these are the guide's names for them.
DATE_SOURCES = {"text": "text", "metadata": "metadata", "inferred": "inferred", "url": "metadata", "file": "inferred"}
UNKNOWN_TYPE, UNKNOWN_ROLE = "faction", "other"
TYPES: tuple[str, ...] = ActorType.__args__  # type: ignore[attr-defined]
ROLES: tuple[str, ...] = ActorRole.__args__  # type: ignore[attr-defined]


def format_date(day: Optional[dt.date], precision: Optional[str]) -> Optional[str]:
    """A date as the guide writes it: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` by precision."""
    if day is None:
        return None
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "year":
        return f"{day.year:04d}"
    return day.isoformat()


def export_records(
    store: Store, *, pack: Pack | str | None = None, extractor_version: Optional[str] = None
) -> Iterator[Record]:
    """Yield one :class:`Record` per stored report, ordered by report id.

    Parameters
    ----------
    store : Store
        The store to read.
    pack : Pack, str or None
        Pack used to fill actor types, roles and affiliations (default ``generic``).
    extractor_version : str, optional
        Only rows written by this extractor version; all rows when None.
    """
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    with store.session() as session:
        rows = _load(session, extractor_version)
        known = {actor.name: actor for actor in session.scalars(select(Actor))}
        for report in session.scalars(select(Report).order_by(Report.id)):
            yield _record(report, rows, known, pack)


def _load(session: Session, version: Optional[str]) -> dict[str, dict[str, list[Any]]]:
    """Every extracted row, grouped by table and report id (one query per table)."""
    grouped: dict[str, dict[str, list[Any]]] = {}
    queries = {
        "mentions": select(Mention).order_by(Mention.count.desc(), Mention.actor),
        "issues": select(IssueMention).order_by(IssueMention.count.desc(), IssueMention.issue),
        "claims": select(Claim).where(Claim.review_status != "rejected").order_by(Claim.sent_start, Claim.id),
        "proposals": select(Proposal).options(selectinload(Proposal.reactions)).order_by(Proposal.id),
        "status": select(StatusSignal).order_by(StatusSignal.id),
        "events": select(Event).order_by(Event.date, Event.id),
    }
    for name, query in queries.items():
        entity = query.column_descriptions[0]["entity"]
        if version is not None:
            query = query.where(entity.extractor_version == version)
        by_report: dict[str, list[Any]] = defaultdict(list)
        for row in session.scalars(query):
            by_report[row.report_id].append(row)
        grouped[name] = by_report
    return grouped


def _record(report: Report, rows: dict[str, dict[str, list[Any]]], known: dict[str, Actor], pack: Pack) -> Record:
    claims = [claim for claim in rows["claims"][report.id] if claim.act in ACTS]
    proposals = rows["proposals"][report.id]
    stances = [
        StanceRecord(actor=c.actor, act=c.act, issue=c.issue, position=c.position_text, quote=c.quote) for c in claims
    ]
    proposal_records = [_proposal(proposal) for proposal in proposals]
    issues = [row.issue for row in rows["issues"][report.id]]
    issues += [stance.issue for stance in stances]
    issues += [issue for proposal in proposal_records for issue in proposal.terms]

    mentions = {row.actor: row for row in rows["mentions"][report.id]}
    names = list(mentions)
    names += [stance.actor for stance in stances]
    names += [name for proposal in proposal_records for name in proposal.proposer]
    actors = [_actor(name, mentions.get(name), known.get(name), pack, report.published) for name in dict.fromkeys(names)]

    return Record(
        id=report.id,
        date=format_date(report.published, report.date_precision),
        date_source=DATE_SOURCES.get(report.date_source or ""),
        actors=actors,
        issues=list(dict.fromkeys(issues)),
        stances=stances,
        proposals=proposal_records,
        status=_status(rows["status"][report.id]),
        events=[
            EventRecord(date=format_date(event.date, event.date_precision), what=event.what)
            for event in rows["events"][report.id]
        ],
    )


def _actor(
    name: str, mention: Optional[Mention], stored: Optional[Actor], pack: Pack, day: Optional[dt.date]
) -> ActorRecord:
    entry = pack.actor(name)
    office = entry.office_on(day) if entry else None
    pack_affiliation = f"{office.entity} / {office.title}" if office else entry.affiliation if entry else None
    sources = [mention, stored]
    return ActorRecord(
        name=name,
        type=_first([s.type for s in sources if s and s.type in TYPES], entry.type if entry else None)
        or UNKNOWN_TYPE,
        role=_first([s.role for s in sources if s and s.role in ROLES], entry.role if entry else None)
        or UNKNOWN_ROLE,
        affiliation=_first([s.affiliation for s in sources if s], pack_affiliation),
    )


def _first(values: list[Optional[str]], fallback: Optional[str]) -> Optional[str]:
    return next((value for value in values if value), fallback)


def _proposal(row: Proposal) -> ProposalRecord:
    return ProposalRecord(
        name=row.name,
        proposer=list(row.proposers or []),
        date=format_date(row.date, row.date_precision),
        terms=dict(row.terms or {}),
        reactions=[ReactionRecord(actor=r.actor, act=r.act) for r in row.reactions if r.act in ACTS],
    )


def _status(rows: list[StatusSignal]) -> StatusRecord:
    rows = [row for row in rows if row.signal in SIGNALS]
    if not rows:
        return StatusRecord()
    row = next((row for row in rows if row.signal != "none"), rows[0])
    confidence = row.confidence if row.confidence in ("low", "medium", "high") else None
    return StatusRecord(signal=row.signal, evidence=row.evidence, probability=row.probability, confidence=confidence)
