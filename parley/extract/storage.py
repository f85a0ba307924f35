"""Writing reports' extractions into the store.

:func:`write_results` stores a batch of :class:`~parley.extract.results.DocResult`
(from the rule pipeline) in the caller's transaction, each table in one bulk
insert; :func:`write_result` is the same for one report. :func:`store_record`
stores a guide-schema ``Record`` (from any backend, e.g. an LLM) through the
same path, finding each quote's offsets in the report text. Claims of a
near-duplicate report are stored as evidence with ``independent=False``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from typing import Any, Optional

from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.orm import Session

from parley.extract import RULES_PREFIX
from parley.extract.results import (
    ClaimOut,
    DocResult,
    EventOut,
    MentionOut,
    ProposalOut,
    ReactionOut,
    StatusOut,
)
from parley.store.models import (
    Actor,
    Claim,
    Event,
    Extraction,
    IssueMention,
    Mention,
    Proposal,
    ProposalReaction,
    Report,
    StatusSignal,
)

DERIVED = (Claim, Proposal, StatusSignal, Event)


def clear_report(session: Session, report_id: str, extractor_version: str) -> None:
    """Delete what ``extractor_version``, and any earlier version it replaces, extracted from a report
    (mentions of any version)."""
    for table in (*DERIVED, Extraction):
        session.execute(delete(table).where(table.report_id == report_id, _replaced_by(table, extractor_version)))
    session.execute(delete(Mention).where(Mention.report_id == report_id))
    session.execute(delete(IssueMention).where(IssueMention.report_id == report_id))


def _replaced_by(table: Any, extractor_version: str) -> ColumnElement[bool]:
    """Rows that a run of ``extractor_version`` replaces: its own, and those of any rules version before it."""
    if extractor_version.startswith(RULES_PREFIX):
        return table.extractor_version.startswith(RULES_PREFIX)
    return table.extractor_version == extractor_version


def write_result(
    session: Session, report: Report, result: DocResult, extractor_version: str, pack: Optional[str] = None, *, fresh: bool = False
) -> dict[str, int]:
    """Store ``result`` for ``report`` and mark it extracted; returns counts of claims, proposals, status.

    ``fresh`` says the report has no rows yet, which saves clearing them.
    """
    fresh_ids = {report.id} if fresh else set()
    return write_results(session, [(report, result)], extractor_version, pack, fresh=fresh_ids)[0]


def write_results(
    session: Session,
    items: Sequence[tuple[Report, DocResult]],
    extractor_version: str,
    pack: Optional[str] = None,
    *,
    fresh: Collection[str] = (),
) -> list[dict[str, int]]:
    """Store each report's result and mark it extracted, one bulk insert per table.

    Rows go in in report order, so ids are what writing the reports one by one
    would give. Reports whose id is in ``fresh`` have no rows yet, which saves
    clearing them. Returns, per report, counts of claims, proposals and status.
    """
    for report, _ in items:
        if report.id not in fresh:
            clear_report(session, report.id, extractor_version)
    _actors(session, [(report.id, mention) for report, result in items for mention in result.mentions])
    common = {"extractor_version": extractor_version}
    _insert(session, Mention, [
        dict(common, report_id=report.id, actor=m.actor, type=m.type, role=m.role, affiliation=m.affiliation, count=m.count)
        for report, result in items
        for m in result.mentions
    ])
    _insert(session, IssueMention, [
        dict(common, report_id=report.id, issue=issue, count=count) for report, result in items for issue, count in result.issues.items()
    ])
    _insert(session, Claim, [
        dict(common, report_id=report.id, sent_start=c.sent_start, sent_end=c.sent_end, quote=c.quote, actor=c.actor,
             speaker=c.speaker, act=c.act, issue=c.issue, target=c.target, position_text=c.position_text, position=c.position,
             confidence=c.confidence, event_date=c.event_date, date_precision=c.date_precision,
             independent=report.duplicate_of is None)
        for report, result in items
        for c in result.claims
    ])
    _proposals(session, items, extractor_version)
    _insert(session, StatusSignal, [
        dict(common, report_id=report.id, signal=result.status.signal, evidence=result.status.evidence,
             probability=result.status.probability, estimate=result.status.estimate, confidence=result.status.confidence,
             date=report.published)
        for report, result in items
    ])
    _insert(session, Event, [
        dict(common, report_id=report.id, date=e.date, date_precision=e.date_precision, what=e.what, quote=e.quote)
        for report, result in items
        for e in result.events
    ])
    _insert(session, Extraction, [dict(common, report_id=report.id, status="ok", pack=pack) for report, _ in items])
    return [{"claims": len(result.claims), "proposals": len(result.proposals), "status": 1} for _, result in items]


def _insert(session: Session, table: type, rows: list[dict[str, Any]]) -> None:
    """One executemany INSERT of ``rows`` (none at all for an empty list: that would insert one row of defaults)."""
    if rows:
        session.execute(insert(table), rows)


def _proposals(session: Session, items: Sequence[tuple[Report, DocResult]], extractor_version: str) -> None:
    """Proposals one by one (they are few and their ids are needed), then their reactions in one insert.

    A reaction is tied to the report's first claim with the same actor, act and quote.
    """
    proposals = [(report, proposal) for report, result in items for proposal in result.proposals]
    claim_ids: dict[tuple[str, str, str, Optional[str]], int] = {}
    if any(proposal.reactions for _, proposal in proposals):
        query = (
            select(Claim.id, Claim.report_id, Claim.actor, Claim.act, Claim.quote)
            .where(Claim.report_id.in_({report.id for report, _ in items}), Claim.extractor_version == extractor_version)
            .order_by(Claim.id.desc())  # the first claim of a report wins
        )
        claim_ids = {(r.report_id, r.actor, r.act, r.quote): r.id for r in session.execute(query)}
    reactions = []
    for report, p in proposals:
        row = dict(report_id=report.id, extractor_version=extractor_version, name=p.name[:300], proposers=p.proposers, date=p.date,
                   date_precision=p.date_precision, terms=p.terms, positions=p.positions, quote=p.quote,
                   independent=report.duplicate_of is None)
        proposal_id = session.scalar(insert(Proposal).returning(Proposal.id), row)
        reactions += [
            {"proposal_id": proposal_id, "actor": r.actor, "act": r.act, "quote": r.quote,
             "claim_id": claim_ids.get((report.id, r.actor, r.act, r.quote))}
            for r in p.reactions
        ]
    _insert(session, ProposalReaction, reactions)


def _actors(session: Session, mentions: list[tuple[str, MentionOut]]) -> None:
    """Add actors not seen before, first seen in the given report: pack actors reviewed, candidates awaiting review."""
    names = list({m.actor for _, m in mentions})
    known = set(session.scalars(select(Actor.name).where(Actor.name.in_(names)))) if names else set()
    rows = []
    for report_id, mention in mentions:
        if mention.actor in known:
            continue
        known.add(mention.actor)
        rows.append({"name": mention.actor, "type": mention.type, "role": mention.role, "affiliation": mention.affiliation,
                     "from_pack": mention.from_pack, "reviewed": mention.from_pack, "first_seen": report_id})
    _insert(session, Actor, rows)


def mark_failed(session: Session, report_id: str, extractor_version: str, reason: str, pack: Optional[str] = None) -> None:
    """Record that a report could not be extracted, and why."""
    clear_report(session, report_id, extractor_version)
    session.add(Extraction(report_id=report_id, extractor_version=extractor_version, status="failed", reason=reason, pack=pack))


def store_record(session: Session, report: Report, record: Any, extractor_version: str, pack: Optional[str] = None) -> dict[str, int]:
    """Store a guide-schema record (``parley.extract.record.Record``) for ``report``.

    Each stance's quote is looked up in the report text (exactly, then ignoring
    case and spacing) for its sentence offsets; a quote that is not in the text
    is kept with offsets 0..0 and confidence 0.3, as unverified evidence.
    """
    result = record_to_result(report, record)
    return write_result(session, report, result, extractor_version, pack)


def record_to_result(report: Report, record: Any) -> DocResult:
    """A :class:`DocResult` from a guide-schema record, with quote offsets found in ``report.text``."""
    text = report.text
    claims = []
    for stance in record.stances:
        found = find_quote(text, stance.quote)
        start, end = found if found else (0, 0)
        sent_start, sent_end = sentence_bounds(text, start, end) if found else (0, 0)
        claims.append(ClaimOut(
            actor=stance.actor, act=stance.act, issue=stance.issue, quote=text[start:end] if found else stance.quote,
            quote_start=start, sent_start=sent_start, sent_end=sent_end, position_text=stance.position,
            confidence=0.6 if found else 0.3,
        ))
    proposals = [
        ProposalOut(
            name=p.name, proposers=list(p.proposer), date=_parse_date(p.date), date_precision=_precision(p.date),
            terms=dict(p.terms), reactions=[ReactionOut(r.actor, r.act) for r in p.reactions],
        )
        for p in record.proposals
    ]
    status = StatusOut(record.status.signal, record.status.evidence, record.status.probability, None, record.status.confidence)
    events = [EventOut(what=e.what, date=_parse_date(e.date), date_precision=_precision(e.date)) for e in record.events]
    mentions = [MentionOut(a.name, a.type, a.role, a.affiliation) for a in record.actors]
    issues = {issue: 1 for issue in record.issues}
    return DocResult(mentions, issues, claims, proposals, status, events)


def find_quote(text: str, quote: str) -> Optional[tuple[int, int]]:
    """Character offsets of ``quote`` in ``text``: exact, else case- and space-insensitive."""
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    words = [re.escape(w) for w in quote.split()]
    if not words:
        return None
    match = re.search(r"\s+".join(words), text, re.IGNORECASE)
    return match.span() if match else None


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``[start, end)``: from after the previous stop or newline to the next one."""
    left = max(text.rfind(stop, 0, start) for stop in (". ", "! ", "? ", "\n"))
    right_candidates = [i for i in (text.find(stop, end) for stop in (". ", "! ", "? ", "\n")) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return (left + 1 if left >= 0 else 0), right


def _parse_date(value: Optional[str]) -> Optional[dt.date]:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _precision(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    return {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]
