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
import math
from collections.abc import Sequence
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


def _ordinals(dates: Sequence[Optional[dt.date]]) -> np.ndarray:
    return np.array([day.toordinal() if day else 0 for day in dates], dtype=np.int64)


def _load(session: Session, as_of: Optional[dt.date], *, text: bool) -> tuple[ClaimTable, dict[str, list[Any]]]:
    """The effective claims as a table, oldest first, and with ``text`` their
    ``report_id``, ``quote``, ``review_status`` and ``corrected`` lists in the same order."""
    columns = [Claim.id, Claim.actor, Claim.act, Claim.issue, Claim.position, Claim.confidence, Claim.event_date,
               Claim.independent, Report.published, Report.date_source]
    if text:
        columns += [Claim.report_id, Claim.quote, Claim.review_status]
    query = select(*columns).join(Report, Report.id == Claim.report_id).where(Claim.review_status != "rejected")
    # Core rows: the ORM's per-row loading machinery would double the cost here.
    rows = session.connection().execute(_dated_query(query, as_of)).all()
    values = list(zip(*rows)) if rows else [()] * len(columns)
    event, published = _ordinals(values[6]), _ordinals(values[8])
    # A file's modification time says nothing about when the words were said.
    reported = np.where(np.array(values[9], dtype=object) == "file", 0, published)
    # A stance cannot be reported before it was taken: the earlier of the two dates wins.
    days = np.where(event == 0, reported, np.where(reported == 0, event, np.minimum(event, reported)))
    confidences = np.array(values[5], dtype=float)
    table = ClaimTable(
        ids=np.array(values[0], dtype=np.int64),
        actors=list(values[1]),
        acts=list(values[2]),
        issues=list(values[3]),
        positions=np.array(values[4], dtype=float),
        confidences=np.where(np.isnan(confidences), 0.5, confidences),
        days=days.astype(np.int64),
        independent=np.array(values[7], dtype=bool),
    )
    corrected: list[tuple[str, ...]] = [()] * len(table)
    corrections = _corrections(session)
    labels = {"actor": table.actors, "act": table.acts, "issue": table.issues}
    for row in np.flatnonzero(np.isin(table.ids, list(corrections))).tolist():
        changes = corrections[int(table.ids[row])]
        for name, value in changes.items():
            if name == "position":
                table.positions[row] = np.nan if value is None else value
            else:
                labels[name][row] = value
        corrected[row] = tuple(sorted(changes))
    # The SQL filter is exact, so every row left is dated on or before as_of.
    order = np.lexsort((table.ids, table.days))
    if not text:
        return table.take(order), {}
    extra = {"report_id": values[10], "quote": values[11], "review_status": values[12], "corrected": corrected}
    picked = order.tolist()
    return table.take(order), {name: [items[k] for k in picked] for name, items in extra.items()}


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
    table, extra = _load(session, as_of, text=True)
    positions = [None if math.isnan(p) else p for p in table.positions.tolist()]
    dates = [dt.date.fromordinal(day) if day else None for day in table.days.tolist()]
    return [
        ClaimView(id=claim_id, report_id=report_id, actor=actor, act=act, issue=issue, position=position,
                  confidence=confidence, date=date, independent=independent, quote=quote, review_status=status,
                  corrected=corrected)
        for claim_id, report_id, actor, act, issue, position, confidence, date, independent, quote, status, corrected
        in zip(table.ids.tolist(), extra["report_id"], table.actors, table.acts, table.issues, positions,
               table.confidences.tolist(), dates, table.independent.tolist(), extra["quote"], extra["review_status"],
               extra["corrected"])
    ]


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
    return _load(session, as_of, text=False)[0]


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
