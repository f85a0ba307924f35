"""Claims as the model sees them: extracted values with people's reviews applied.

A review never overwrites what the extractor wrote. :func:`review_claim` adds a
:class:`~parley.store.models.ClaimReview` row (the audit trail) and sets the
claim's ``review_status``; :func:`effective_claims` reads the claims back with
rejected ones dropped and the latest correction applied on top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from parley.errors import Errors, NotFoundError, UsageError
from parley.store.db import Store
from parley.store.models import Claim, ClaimReview, Report

ReviewAction = Literal["accept", "reject", "correct"]
ACTIONS: tuple[str, ...] = ("accept", "reject", "correct")
CORRECTABLE: tuple[str, ...] = ("actor", "act", "issue", "position")
STATUS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}


@dataclass(frozen=True)
class ClaimView:
    """One claim with reviews applied, dated by its event or else by its report."""

    id: int
    report_id: str
    actor: str
    act: str
    issue: str
    position: Optional[float]
    confidence: float
    date: Optional[dt.date]
    independent: bool
    quote: str
    review_status: str
    corrected: tuple[str, ...] = ()  # fields whose value comes from a correction


def _apply_reviews(view: ClaimView, reviews: list[ClaimReview]) -> ClaimView:
    corrections = [review for review in reviews if review.action == "correct" and review.changes]
    if not corrections:
        return view
    latest = max(corrections, key=lambda review: (review.created_at, review.id))
    values = {field: change[1] for field, change in latest.changes.items() if field in CORRECTABLE}
    return replace(view, **values, corrected=tuple(sorted(values)))


def effective_claims(session: Session, *, as_of: Optional[dt.date] = None) -> list[ClaimView]:
    """Claims with reviews applied, oldest first.

    Parameters
    ----------
    session : Session
        An open store session.
    as_of : date, optional
        Keep only claims dated on or before this day. A claim is dated by its
        ``event_date``, else by its report's ``published`` date; undated claims
        are kept only when ``as_of`` is None.

    Returns
    -------
    list of ClaimView
        Rejected claims are dropped; the latest ``correct`` review's changes
        replace the extracted actor, act, issue or position.
    """
    rows = session.execute(
        select(Claim, Report.published, Report.date_source)
        .join(Report, Report.id == Claim.report_id)
        .options(selectinload(Claim.reviews))
        .order_by(Claim.id)
    ).all()
    views = []
    for claim, published, date_source in rows:
        if claim.review_status == "rejected":
            continue
        # A file's modification time says nothing about when the words were said.
        reported = published if date_source != "file" else None
        date = claim.event_date or reported
        if date and reported and date > reported:
            date = reported  # a stance cannot be reported before it was taken
        if as_of is not None and (date is None or date > as_of):
            continue
        view = ClaimView(
            id=claim.id,
            report_id=claim.report_id,
            actor=claim.actor,
            act=claim.act,
            issue=claim.issue,
            position=claim.position,
            confidence=claim.confidence if claim.confidence is not None else 0.5,
            date=date,
            independent=bool(claim.independent),
            quote=claim.quote,
            review_status=claim.review_status,
        )
        views.append(_apply_reviews(view, list(claim.reviews)))
    views.sort(key=lambda view: (view.date or dt.date.min, view.id))
    return views


def _check_changes(action: str, changes: Optional[dict[str, Any]]) -> Optional[dict[str, list[Any]]]:
    if action not in ACTIONS:
        raise UsageError(Errors.E301.format(allowed=", ".join(ACTIONS), got=action))
    if action != "correct":
        return changes or None
    if not changes or not isinstance(changes, dict):
        raise UsageError(Errors.E303.format(got=changes))
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise UsageError(Errors.E302.format(allowed=", ".join(CORRECTABLE), got=", ".join(unknown)))
    checked = {}
    for field, change in changes.items():
        if not isinstance(change, (list, tuple)) or len(change) != 2:
            raise UsageError(Errors.E303.format(got=changes))
        checked[field] = [change[0], change[1]]
    return checked


def review_claim(
    store: Store,
    claim_id: int,
    *,
    action: ReviewAction,
    changes: Optional[dict[str, Any]] = None,
    reviewer: str,
    reason: Optional[str] = None,
) -> ClaimReview:
    """Record a person's review of a claim without touching its extracted values.

    Parameters
    ----------
    store : Store
        The store holding the claim.
    claim_id : int
        Id of the claim.
    action : {"accept", "reject", "correct"}
        What the reviewer decided; it becomes the claim's ``review_status``
        (``accepted``, ``rejected``, ``corrected``).
    changes : dict, optional
        For ``correct``: ``{field: [before, after]}`` with fields among actor,
        act, issue and position.
    reviewer : str
        Who reviewed.
    reason : str, optional
        Why.

    Returns
    -------
    ClaimReview
        The stored audit-trail row.

    Raises
    ------
    NotFoundError
        When no claim has ``claim_id``.
    UsageError
        When the action or the changes are invalid.
    """
    checked = _check_changes(action, changes)
    with store.session() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFoundError(Errors.E300.format(id=claim_id))
        review = ClaimReview(claim_id=claim_id, action=action, changes=checked, reviewer=reviewer, reason=reason)
        session.add(review)
        claim.review_status = STATUS[action]
        session.flush()
        session.refresh(review)
    return review
