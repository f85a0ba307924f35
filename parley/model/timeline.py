"""The negotiation over time: one list of dated items, newest first, paged and filtered, and weekly positions.

The items are events, proposals, reactions to proposals, status signals and
stance changes; the CLI (``parley timeline``), the dashboard (``/timeline``
and ``/api/timeline``) and the HTML report all read them from :func:`timeline`.

A stance change is read from an actor's successive independent claims on one
issue, with reviews applied (:func:`parley.store.claims.claim_table`): a move
of at least ``MIN_SHIFT`` scale points between positioned claims ("softened"
when it goes towards the middle of the scale, "hardened" when away from it),
or, when one of the two has no position, a switch between a firm act (INSIST,
THREATEN, REJECT) and a yielding one (ACCEPT, CONCEDE, CONSIDER, OFFER). The
change is dated by the later claim and keeps both claims and both quotes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from parley.model.build import FIRM_ACTS, claim_weights
from parley.store.claims import ClaimTable, claim_table
from parley.store.db import Store
from parley.store.models import Claim, Event, Proposal, ProposalReaction, Report, StatusSignal

YIELDING_ACTS = frozenset({"ACCEPT", "CONCEDE", "CONSIDER", "OFFER"})
MIN_SHIFT = 10.0
HALF_LIFE_DAYS = 60.0


@dataclass
class Timeline:
    """One page of dated items, newest first, and (when asked for) weekly positions, oldest week first.

    Every item is a dict with ``kind`` (event, proposal, reaction, status or
    stance), ``id``, ``date``, ``what``, ``detail``, ``quote``, ``claim_id``,
    ``report_id``, ``report_title`` and ``outlet``; a stance change adds
    ``actor``, ``issue``, ``change``, ``before``, ``after``, ``acts``,
    ``claims`` and ``quotes`` (both claims, older first).
    """

    items: list[dict[str, Any]] = field(default_factory=list)
    weekly: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"items", "weekly"}`` (dates stay :class:`datetime.date`; the JSON writers turn them into ISO strings)."""
        return {"items": self.items, "weekly": self.weekly}


def _sort_key(item: dict[str, Any]) -> tuple:
    return item["date"] or dt.date.min, item["kind"], item["id"]


def _day(column: Any) -> Any:
    # An undated item takes its report's publication day.
    return func.coalesce(column, Report.published)


def _newest(query: Select, day: Any, ident: Any, as_of: Optional[dt.date], size: Optional[int]) -> Select:
    query = query.order_by(day.desc().nulls_last(), ident.desc())
    if as_of:
        query = query.where(day <= as_of)
    return query.limit(size) if size is not None else query


def _item(kind: str, ident: int, day: Optional[dt.date], what: str, *, report: tuple, detail: Any = None,
          quote: Optional[str] = None, claim_id: Optional[int] = None) -> dict[str, Any]:
    report_id, title, outlet = report
    return {"kind": kind, "id": ident, "date": day, "what": what, "detail": detail, "quote": quote,
            "claim_id": claim_id, "report_id": report_id, "report_title": title, "outlet": outlet}


def _events(session: Session, *, as_of, actor, size) -> list[dict[str, Any]]:
    day = _day(Event.date)
    query = select(Event.id, day, Event.what, Event.quote, Event.report_id, Report.title, Report.outlet).join(
        Report, Report.id == Event.report_id)
    if actor:
        query = query.where(Event.what.contains(actor))
    rows = session.execute(_newest(query, day, Event.id, as_of, size))
    return [_item("event", ident, when, what, quote=quote, report=report) for ident, when, what, quote, *report in rows]


def _signals(session: Session, *, as_of, size) -> list[dict[str, Any]]:
    day = _day(StatusSignal.date)
    query = select(StatusSignal.id, day, StatusSignal.signal, StatusSignal.probability, StatusSignal.evidence,
                   StatusSignal.report_id, Report.title, Report.outlet).join(Report, Report.id == StatusSignal.report_id)
    rows = session.execute(_newest(query, day, StatusSignal.id, as_of, size))
    return [_item("status", ident, when, f"talks reported as {signal}", detail=probability, quote=evidence, report=report)
            for ident, when, signal, probability, evidence, *report in rows]


def _about(terms: Optional[dict], positions: Optional[dict], issue: Optional[str]) -> bool:
    return issue is None or issue in (terms or {}) or issue in (positions or {})


def _proposals(session: Session, *, as_of, actor, issue, size) -> list[dict[str, Any]]:
    """Proposals the actor made (all without an actor) with terms on the issue."""
    day = _day(Proposal.date)
    query = select(Proposal.id, day, Proposal.name, Proposal.proposers, Proposal.terms, Proposal.positions,
                   Proposal.quote, Proposal.report_id, Report.title, Report.outlet).join(
        Report, Report.id == Proposal.report_id)
    # The actor and issue live in JSON columns: filtered here, so the SQL limit holds only without them.
    filtered = actor is not None or issue is not None
    items = []
    for ident, when, name, proposers, terms, positions, quote, *report in session.execute(
            _newest(query, day, Proposal.id, as_of, None if filtered else size)):
        if (actor is None or actor in (proposers or [])) and _about(terms, positions, issue):
            item = _item("proposal", ident, when, f"proposal: {name}", detail=", ".join(proposers or []) or None,
                         quote=quote, report=report)
            items.append(item | {"proposers": list(proposers or []), "terms": dict(terms or {}),
                                 "positions": dict(positions or {})})
            if size is not None and len(items) == size:
                break
    return items


def _reactions(session: Session, *, as_of, actor, issue, size) -> list[dict[str, Any]]:
    """Reactions by the actor (all without one) to proposals with terms on the issue, dated by the proposal."""
    day = _day(Proposal.date)
    query = select(ProposalReaction.id, day, ProposalReaction.actor, ProposalReaction.act, ProposalReaction.quote,
                   ProposalReaction.claim_id, Proposal.name, Proposal.terms, Proposal.positions, Proposal.report_id,
                   Report.title, Report.outlet).join(Proposal, Proposal.id == ProposalReaction.proposal_id).join(
        Report, Report.id == Proposal.report_id)
    if actor:
        query = query.where(ProposalReaction.actor == actor)
    items = []
    for ident, when, who, act, quote, claim_id, name, terms, positions, *report in session.execute(
            _newest(query, day, ProposalReaction.id, as_of, None if issue else size)):
        if _about(terms, positions, issue):
            items.append(_item("reaction", ident, when, f"{who} {act} {name}", quote=quote, claim_id=claim_id,
                               report=report) | {"actor": who, "act": act})
            if size is not None and len(items) == size:
                break
    return items


def _codes(labels: list[str]) -> tuple[np.ndarray, dict[str, int]]:
    """One integer per label, and the label -> integer mapping (labels numbered as they first come)."""
    codes = {label: code for code, label in enumerate(dict.fromkeys(labels))}
    return np.fromiter(map(codes.__getitem__, labels), dtype=np.int64, count=len(labels)), codes


def _change_rows(claims: ClaimTable, pairs: np.ndarray, rows: np.ndarray, *,
                 min_shift: float) -> tuple[np.ndarray, ...]:
    """Rows of the older and the later claim of every stance change among ``rows``, and whether it softened.

    ``pairs`` codes each claim's (actor, issue). ``claims`` is oldest first, so
    a stable sort of ``rows`` by pair leaves each pair's claims in date order
    and successive rows of one pair are compared.
    """
    rows = rows[np.argsort(pairs[rows], kind="stable")]
    pair = pairs[rows]
    older, later = rows[:-1], rows[1:]
    before, after = claims.positions[older], claims.positions[later]
    positioned = ~np.isnan(before) & ~np.isnan(after)
    moved = positioned & (np.abs(np.nan_to_num(after - before)) >= min_shift)
    kinds, acts = _codes(claims.acts)
    kinds = kinds[rows]
    firm = np.isin(kinds, [code for act, code in acts.items() if act in FIRM_ACTS])
    yielding = np.isin(kinds, [code for act, code in acts.items() if act in YIELDING_ACTS])
    gave_way = ~positioned & firm[:-1] & yielding[1:]
    stiffened = ~positioned & yielding[:-1] & firm[1:]
    changed = (pair[:-1] == pair[1:]) & (moved | gave_way | stiffened)
    softened = np.where(positioned, np.abs(after - 50) < np.abs(before - 50), gave_way)
    return older[changed], later[changed], softened[changed]


def _move(before: Optional[float], after: Optional[float], acts: tuple[str, str]) -> str:
    if before is not None and after is not None:
        return f"position {before:g} \u2192 {after:g}"
    return f"{acts[0]} \u2192 {acts[1]}"


def _stance_changes(session: Session, claims: ClaimTable, pairs: np.ndarray, rows: np.ndarray, *, min_shift: float,
                    size: Optional[int]) -> list[dict]:
    """The newest ``size`` stance changes among ``rows`` of ``claims`` (all with None) as items, with both quotes."""
    older, later, softened = _change_rows(claims, pairs, rows, min_shift=min_shift)
    # Newest first by the later claim's day and id, as the other items are ordered.
    order = np.lexsort((claims.ids[later], claims.days[later]))[::-1][:size]
    older, later, softened = older[order].tolist(), later[order].tolist(), softened[order].tolist()
    ids = {row: int(claims.ids[row]) for row in older + later}
    wanted = sorted(set(ids.values()))
    texts = {}
    for start in range(0, len(wanted), 900):  # stay under SQLite's bound-parameter limit
        chunk = wanted[start:start + 900]
        rows = session.execute(select(Claim.id, Claim.quote, Claim.report_id, Report.title, Report.outlet)
                               .join(Report, Report.id == Claim.report_id).where(Claim.id.in_(chunk)))
        texts.update({row[0]: row[1:] for row in rows})
    items = []
    for first, second, soft in zip(older, later, softened):
        actor, issue, kind = claims.actors[second], claims.issues[second], "softened" if soft else "hardened"
        acts = (claims.acts[first], claims.acts[second])
        before, after = (None if np.isnan(claims.positions[row]) else float(claims.positions[row])
                         for row in (first, second))
        day = int(claims.days[second])
        quote, *report = texts[ids[second]]
        item = _item("stance", ids[second], dt.date.fromordinal(day) if day else None, f"{actor} {kind} on {issue}",
                     detail=_move(before, after, acts), quote=quote, claim_id=ids[second], report=tuple(report))
        items.append(item | {"actor": actor, "issue": issue, "change": kind, "before": before, "after": after,
                             "acts": list(acts), "claims": [ids[first], ids[second]],
                             "quotes": [texts[ids[first]][0], quote]})
    return items


def weekly_positions(claims: ClaimTable, *, half_life_days: float = HALF_LIFE_DAYS) -> list[dict[str, Any]]:
    """Per actor and issue, the model position at the end of each week (Sunday) with positioned claims so far.

    Each week weighs every dated, positioned claim made by then with
    :func:`parley.model.build.claim_weights` at the week's end (or, when only
    near-duplicates are left, by its confidence); the per-pair sums run with
    ``np.bincount`` in the claims' (oldest first) order.
    """
    claims = claims.take(~np.isnan(claims.positions) & (claims.days > 0))
    if not len(claims):
        return []
    pairs = sorted(set(zip(claims.actors, claims.issues)))
    code = {pair: index for index, pair in enumerate(pairs)}
    pair = np.array([code[key] for key in zip(claims.actors, claims.issues)], dtype=np.int64)
    fallback = np.where(claims.confidences > 0, claims.confidences, 1.0)
    first, last = dt.date.fromordinal(int(claims.days.min())), dt.date.fromordinal(int(claims.days.max()))
    week_end = first + dt.timedelta(days=6 - first.weekday())
    size, rows = len(pairs), []
    while week_end <= last + dt.timedelta(days=6):
        seen = claims.days <= week_end.toordinal()
        weights = np.where(seen, claim_weights(claims, week_end, half_life_days), 0.0)
        counts = np.bincount(pair, weights=seen, minlength=size)
        total = np.bincount(pair, weights=weights, minlength=size)
        weighted = np.bincount(pair, weights=weights * claims.positions, minlength=size)
        plain = np.where(seen, fallback, 0.0)
        plain_total = np.bincount(pair, weights=plain, minlength=size)
        plain_weighted = np.bincount(pair, weights=plain * claims.positions, minlength=size)
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


def timeline(
    store: Store,
    *,
    as_of: Optional[dt.date] = None,
    actor: Optional[str] = None,
    issue: Optional[str] = None,
    limit: Optional[int] = None,
    offset: int = 0,
    weekly: bool = False,
    min_shift: float = MIN_SHIFT,
    claims: Optional[ClaimTable] = None,
) -> Timeline:
    """Everything dated about the talks, newest first, optionally for one actor and/or one issue.

    Parameters
    ----------
    store : Store
        The store with extracted events, proposals, signals and claims.
    as_of : date, optional
        Keep only items dated on or before this day.
    actor : str, optional
        Keep the actor's stance changes, the proposals it made, its reactions
        and the events whose description names it; status signals drop out.
    issue : str, optional
        Keep stance changes on the issue and proposals (and reactions to
        them) with terms on it; events and status signals drop out.
    limit, offset : int, optional
        The page: ``limit`` items after the newest ``offset`` (all items when
        ``limit`` is None). Each kind is read newest first and only as far as
        the page needs.
    weekly : bool, default False
        Also compute :func:`weekly_positions` of the kept claims.
    min_shift : float, default 10
        The smallest move on the 0-100 scale that counts as a stance change.
    claims : ClaimTable, optional
        The effective claims as :func:`parley.store.claims.claim_table` reads
        them for ``as_of``; read from the store when None (the dashboard
        passes the table it keeps per as-of day).

    Returns
    -------
    Timeline
        Items ordered by date (undated last), kind and id, newest first.

    Examples
    --------
    >>> from parley.store.db import Store
    >>> timeline(Store("sqlite://"), limit=10).items
    []
    """
    size = None if limit is None else offset + limit
    with store.session() as session:
        if claims is None:
            claims = claim_table(session, as_of=as_of)
        (actors, actor_codes), (issues, issue_codes) = _codes(claims.actors), _codes(claims.issues)
        pairs = actors * len(issue_codes) + issues
        kept = np.ones(len(claims), dtype=bool)
        if actor is not None:
            kept &= actors == actor_codes.get(actor, -1)
        if issue is not None:
            kept &= issues == issue_codes.get(issue, -1)
        rows = np.flatnonzero(kept)
        items = _stance_changes(session, claims, pairs, rows[claims.independent[rows]], min_shift=min_shift,
                                size=size)
        if issue is None:
            items += _events(session, as_of=as_of, actor=actor, size=size)
        if issue is None and actor is None:
            items += _signals(session, as_of=as_of, size=size)
        items += _proposals(session, as_of=as_of, actor=actor, issue=issue, size=size)
        items += _reactions(session, as_of=as_of, actor=actor, issue=issue, size=size)
    items.sort(key=_sort_key, reverse=True)
    return Timeline(items=items[offset:size], weekly=weekly_positions(claims.take(rows)) if weekly else [])
