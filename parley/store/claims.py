"""Claims as the model sees them: extracted values with people's reviews applied.

A review never overwrites what the extractor wrote. :func:`review_claim` adds a
:class:`~parley.store.models.ClaimReview` row (the audit trail) and sets the
claim's ``review_status``; :func:`effective_claims` reads the claims back with
rejected ones dropped and the latest correction applied on top, and
:func:`claim_table` gives the same claims as NumPy columns for the model.
Both select plain columns (no ORM objects) and read reviews only for claims
that have one, so 100,000 claims load in about a second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, Optional

import numpy as np
from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class ClaimTable:
    """The effective claims as columns, oldest first: what the model aggregates with NumPy.

    Row ``k`` of every column is one claim. ``days`` holds proleptic ordinals
    (:meth:`datetime.date.toordinal`) with 0 for an undated claim, and
    ``positions`` NaN for a claim without a position.
    """

    ids: np.ndarray
    actors: list[str]
    acts: list[str]
    issues: list[str]
    positions: np.ndarray
    confidences: np.ndarray
    days: np.ndarray
    independent: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: np.ndarray) -> "ClaimTable":
        """The claims at ``rows`` (an index or boolean mask), in that order."""
        index = np.flatnonzero(rows) if rows.dtype == bool else rows
        picked = index.tolist()
        return ClaimTable(
            ids=self.ids[index],
            actors=[self.actors[k] for k in picked],
            acts=[self.acts[k] for k in picked],
            issues=[self.issues[k] for k in picked],
            positions=self.positions[index],
            confidences=self.confidences[index],
            days=self.days[index],
            independent=self.independent[index],
        )


def _dated_query(query: Select, as_of: Optional[dt.date]) -> Select:
    """``query`` restricted to claims dated on or before ``as_of`` (see :func:`effective_claims`)."""
    if as_of is None:
        return query
    # The claim's date is the earlier of its event date and its report's date, so it is on or
    # before as_of exactly when one of the two is; file modification times do not count.
    reported = and_(Report.published <= as_of, or_(Report.date_source.is_(None), Report.date_source != "file"))
    return query.where(or_(Claim.event_date <= as_of, reported))


def _corrections(session: Session) -> dict[int, dict[str, Any]]:
    """Claim id -> the changes of its latest ``correct`` review, read only for reviewed claims."""
    rows = session.execute(
        select(ClaimReview.claim_id, ClaimReview.changes)
        .join(Claim, Claim.id == ClaimReview.claim_id)
        .where(Claim.review_status.not_in(("unreviewed", "rejected")), ClaimReview.action == "correct")
        .order_by(ClaimReview.created_at, ClaimReview.id)
    )
    latest: dict[int, dict[str, Any]] = {}
    for claim_id, changes in rows:
        if changes:
            latest[claim_id] = {name: change[1] for name, change in changes.items() if name in CORRECTABLE}
    return latest


def _effective_rows(session: Session, as_of: Optional[dt.date], *, text: bool) -> list[tuple]:
    """Unsorted ``(id, actor, act, issue, position, confidence, date, independent, status, corrected,
    [report_id, quote])`` of the claims kept, with the latest correction applied."""
    columns = [Claim.id, Claim.actor, Claim.act, Claim.issue, Claim.position, Claim.confidence, Claim.event_date,
               Claim.independent, Claim.review_status, Report.published, Report.date_source]
    if text:
        columns += [Claim.report_id, Claim.quote]
    query = select(*columns).join(Report, Report.id == Claim.report_id).where(Claim.review_status != "rejected")
    corrections = _corrections(session)
    rows = []
    for row in session.execute(_dated_query(query, as_of)):
        claim_id, actor, act, issue, position, confidence, event_date, independent, status, published, source = row[:11]
        # A file's modification time says nothing about when the words were said.
        reported = published if source != "file" else None
        date = event_date or reported
        if date and reported and date > reported:
            date = reported  # a stance cannot be reported before it was taken
        if as_of is not None and (date is None or date > as_of):
            continue
        corrected: tuple[str, ...] = ()
        values = corrections.get(claim_id)
        if values:
            actor, act = values.get("actor", actor), values.get("act", act)
            issue, position = values.get("issue", issue), values.get("position", position)
            corrected = tuple(sorted(values))
        confidence = confidence if confidence is not None else 0.5
        rows.append((claim_id, actor, act, issue, position, confidence, date, bool(independent), status, corrected,
                     *row[11:]))
    return rows


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
    views = [
        ClaimView(id=claim_id, report_id=report_id, actor=actor, act=act, issue=issue, position=position,
                  confidence=confidence, date=date, independent=independent, quote=quote, review_status=status,
                  corrected=corrected)
        for claim_id, actor, act, issue, position, confidence, date, independent, status, corrected, report_id, quote
        in _effective_rows(session, as_of, text=True)
    ]
    views.sort(key=lambda view: (view.date or dt.date.min, view.id))
    return views


def claim_table(session: Session, *, as_of: Optional[dt.date] = None) -> ClaimTable:
    """The claims of :func:`effective_claims` as columns, without quotes, in the same order.

    Parameters
    ----------
    session : Session
        An open store session.
    as_of : date, optional
        Keep only claims dated on or before this day (as in :func:`effective_claims`).

    Returns
    -------
    ClaimTable
    """
    rows = _effective_rows(session, as_of, text=False)
    if not rows:
        empty = np.zeros(0)
        return ClaimTable(ids=empty.astype(np.int64), actors=[], acts=[], issues=[], positions=empty,
                          confidences=empty, days=empty.astype(np.int64), independent=empty.astype(bool))
    ids, actors, acts, issues, positions, confidences, dates, independent = list(zip(*rows))[:8]
    days = np.array([date.toordinal() if date else 0 for date in dates], dtype=np.int64)
    table = ClaimTable(
        ids=np.array(ids, dtype=np.int64),
        actors=list(actors),
        acts=list(acts),
        issues=list(issues),
        positions=np.array([np.nan if p is None else p for p in positions], dtype=float),
        confidences=np.array(confidences, dtype=float),
        days=days,
        independent=np.array(independent, dtype=bool),
    )
    return table.take(np.lexsort((table.ids, table.days)))


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
