"""Evidence: claims and reports with their quotes, sentences and review trails, paginated in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parley.store.models import Claim, ClaimReview, Report


def claim_dict(
    claim: Claim,
    title: Optional[str] = None,
    outlet: Optional[str] = None,
    url: Optional[str] = None,
    published: Optional[dt.date] = None,
) -> dict[str, Any]:
    """A claim and the report it came from, as JSON-ready values."""
    return {
        "id": claim.id,
        "report_id": claim.report_id,
        "actor": claim.actor,
        "speaker": claim.speaker,
        "act": claim.act,
        "issue": claim.issue,
        "target": claim.target,
        "position_text": claim.position_text,
        "position": claim.position,
        "confidence": claim.confidence,
        "quote": claim.quote,
        "date": claim.event_date,
        "independent": claim.independent,
        "review_status": claim.review_status,
        "report": {"title": title, "outlet": outlet, "url": url, "published": published},
    }


def claims_evidence(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The claims with ``ids`` and their reports, in id order (one query, chunked for SQL limits)."""
    result = []
    unique = sorted(set(ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        query = (
            select(Claim, Report.title, Report.outlet, Report.url, Report.published)
            .join(Report, Report.id == Claim.report_id)
            .where(Claim.id.in_(chunk))
            .order_by(Claim.id)
        )
        result += [claim_dict(*row) for row in session.execute(query)]
    return result


def _claim_filters(
    status: Optional[str], actor: Optional[str], issue: Optional[str], report_id: Optional[str]
) -> list[Any]:
    conditions = []
    if status:
        conditions.append(Claim.review_status == status)
    if actor:
        conditions.append(Claim.actor == actor)
    if issue:
        conditions.append(Claim.issue == issue)
    if report_id:
        conditions.append(Claim.report_id == report_id)
    return conditions


def count_claims(
    session: Session,
    *,
    status: Optional[str] = None,
    actor: Optional[str] = None,
    issue: Optional[str] = None,
    report_id: Optional[str] = None,
) -> int:
    """How many claims match the filters of :func:`claims_page`."""
    conditions = _claim_filters(status, actor, issue, report_id)
    return int(session.scalar(select(func.count()).select_from(Claim).where(*conditions)) or 0)


def claims_page(
    session: Session,
    *,
    status: Optional[str] = None,
    actor: Optional[str] = None,
    issue: Optional[str] = None,
    report_id: Optional[str] = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """One page of claims (newest id first) matching the filters, with their reports."""
    query = (
        select(Claim, Report.title, Report.outlet, Report.url, Report.published)
        .join(Report, Report.id == Claim.report_id)
        .where(*_claim_filters(status, actor, issue, report_id))
        .order_by(Claim.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [claim_dict(*row) for row in session.execute(query)]


def claim_detail(session: Session, claim_id: int) -> Optional[dict[str, Any]]:
    """A claim, its report, the sentence around its quote and its review trail; None if unknown."""
    row = session.execute(
        select(Claim, Report.title, Report.outlet, Report.url, Report.published, Report.text)
        .join(Report, Report.id == Claim.report_id)
        .where(Claim.id == claim_id)
    ).first()
    if row is None:
        return None
    claim, text = row[0], row[5]
    detail = claim_dict(*row[:5])
    detail["sentence"] = text[max(claim.sent_start, 0) : claim.sent_end] if claim.sent_end > claim.sent_start else None
    reviews = session.scalars(select(ClaimReview).where(ClaimReview.claim_id == claim_id).order_by(ClaimReview.id))
    detail["reviews"] = [
        {
            "id": review.id,
            "action": review.action,
            "changes": review.changes,
            "reviewer": review.reviewer,
            "reason": review.reason,
            "at": review.created_at,
        }
        for review in reviews
    ]
    detail["effective"] = {field: detail[field] for field in ("actor", "act", "issue", "position")}
    for review in detail["reviews"]:
        if review["action"] == "correct" and review["changes"]:
            detail["effective"].update({field: change[1] for field, change in review["changes"].items()})
    return detail


def reports_page(session: Session, *, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of reports (newest first) without their text, and how many there are."""
    total = session.scalar(select(func.count()).select_from(Report))
    query = (
        select(Report.id, Report.title, Report.outlet, Report.url, Report.published, Report.chars, Report.duplicate_of)
        .order_by(Report.published.desc(), Report.id)
        .limit(limit)
        .offset(offset)
    )
    keys = ("id", "title", "outlet", "url", "published", "chars", "duplicate_of")
    return [dict(zip(keys, row)) for row in session.execute(query)], int(total or 0)


def report_detail(session: Session, report_id: str) -> Optional[dict[str, Any]]:
    """A report with its text and the number of claims read from it; None if unknown."""
    report = session.get(Report, report_id)
    if report is None:
        return None
    claims = session.scalar(select(func.count()).select_from(Claim).where(Claim.report_id == report_id))
    return {
        "id": report.id,
        "title": report.title,
        "outlet": report.outlet,
        "url": report.url,
        "published": report.published,
        "date_precision": report.date_precision,
        "source": report.source,
        "language": report.language,
        "duplicate_of": report.duplicate_of,
        "text": report.text,
        "claims": int(claims or 0),
    }
