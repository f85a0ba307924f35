"""Writing one report's extraction into the store.

:func:`write_result` stores a :class:`~parley.extract.results.DocResult` (from
the rule pipeline); :func:`store_record` stores a guide-schema ``Record``
(from any backend, e.g. an LLM) through the same path, finding each quote's
offsets in the report text. Claims of a near-duplicate report are stored as
evidence with ``independent=False``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

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
    """Delete what ``extractor_version`` extracted from a report (mentions of any version)."""
    for table in DERIVED:
        session.execute(delete(table).where(table.report_id == report_id, table.extractor_version == extractor_version))
    session.execute(delete(Mention).where(Mention.report_id == report_id))
    session.execute(delete(IssueMention).where(IssueMention.report_id == report_id))
    session.execute(
        delete(Extraction).where(Extraction.report_id == report_id, Extraction.extractor_version == extractor_version)
    )


def write_result(
    session: Session, report: Report, result: DocResult, extractor_version: str, pack: Optional[str] = None, *, fresh: bool = False
) -> dict[str, int]:
    """Store ``result`` for ``report`` and mark it extracted; returns counts of claims, proposals, status.

    ``fresh`` says the report has no rows yet, which saves clearing them.
    """
    if not fresh:
        clear_report(session, report.id, extractor_version)
    independent = report.duplicate_of is None
    _actors(session, report.id, result.mentions)
    for mention in result.mentions:
        session.add(Mention(report_id=report.id, actor=mention.actor, extractor_version=extractor_version, type=mention.type,
                            role=mention.role, affiliation=mention.affiliation, count=mention.count))
    for issue, count in result.issues.items():
        session.add(IssueMention(report_id=report.id, issue=issue, extractor_version=extractor_version, count=count))
    claim_rows: list[tuple[ClaimOut, Claim]] = []
    for claim in result.claims:
        row = Claim(
            report_id=report.id, extractor_version=extractor_version, sent_start=claim.sent_start, sent_end=claim.sent_end,
            quote=claim.quote, actor=claim.actor, speaker=claim.speaker, act=claim.act, issue=claim.issue,
            target=claim.target, position_text=claim.position_text, position=claim.position, confidence=claim.confidence,
            event_date=claim.event_date, date_precision=claim.date_precision, independent=independent,
        )
        session.add(row)
        claim_rows.append((claim, row))
    session.flush()
    for proposal in result.proposals:
        row = Proposal(
            report_id=report.id, extractor_version=extractor_version, name=proposal.name[:300], proposers=proposal.proposers,
            date=proposal.date, date_precision=proposal.date_precision, terms=proposal.terms, positions=proposal.positions,
            quote=proposal.quote, independent=independent,
        )
        for reaction in proposal.reactions:
            claim_id = next((r.id for c, r in claim_rows if c.actor == reaction.actor and c.act == reaction.act and c.quote == reaction.quote), None)
            row.reactions.append(ProposalReaction(actor=reaction.actor, act=reaction.act, quote=reaction.quote, claim_id=claim_id))
        session.add(row)
    status = result.status
    session.add(StatusSignal(
        report_id=report.id, extractor_version=extractor_version, signal=status.signal, evidence=status.evidence,
        probability=status.probability, estimate=status.estimate, confidence=status.confidence, date=report.published,
    ))
    for event in result.events:
        session.add(Event(report_id=report.id, extractor_version=extractor_version, date=event.date,
                          date_precision=event.date_precision, what=event.what, quote=event.quote))
    session.add(Extraction(report_id=report.id, extractor_version=extractor_version, status="ok", pack=pack))
    return {"claims": len(result.claims), "proposals": len(result.proposals), "status": 1}


def _actors(session: Session, report_id: str, mentions: list[MentionOut]) -> None:
    """Add actors not seen before: pack actors reviewed, candidates awaiting review."""
    names = [m.actor for m in mentions]
    known = set(session.scalars(select(Actor.name).where(Actor.name.in_(names)))) if names else set()
    for mention in mentions:
        if mention.actor in known:
            continue
        known.add(mention.actor)
        session.add(Actor(name=mention.actor, type=mention.type, role=mention.role, affiliation=mention.affiliation,
                          from_pack=mention.from_pack, reviewed=mention.from_pack, first_seen=report_id))


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
