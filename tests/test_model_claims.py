"""Reviews applied to claims: rejected ones dropped, corrections on top, the extracted values kept."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from parley.errors import NotFoundError, UsageError
from parley.store.claims import claim_table, effective_claims, review_claim
from parley.store.models import Claim, ClaimReview
from tests.fixtures_claims import random_store
from tests.fixtures_model import add_claim, add_report, fresh_store

D = dt.date


@pytest.fixture
def store():
    store = fresh_store()
    add_report(store, "r1", D(2024, 7, 1))
    add_report(store, "r2", None)
    return store


def test_reject_drops_the_claim_and_keeps_the_audit_trail(store):
    kept = add_claim(store, "r1", actor="Hamas")
    dropped = add_claim(store, "r1", actor="Israel")
    review_claim(store, dropped, action="reject", reviewer="ana", reason="wrong speaker")
    with store.session() as session:
        assert [c.id for c in effective_claims(session)] == [kept]
        assert session.get(Claim, dropped).review_status == "rejected"
        assert session.query(ClaimReview).filter_by(claim_id=dropped).one().reason == "wrong speaker"


def test_latest_correction_applies_without_overwriting(store):
    claim_id = add_claim(store, "r1", actor="Hamas", position=20.0)
    review_claim(store, claim_id, action="correct", changes={"position": [20.0, 35.0]}, reviewer="ana")
    review_claim(store, claim_id, action="correct", changes={"position": [35.0, 60.0], "act": ["DEMAND", "OFFER"]}, reviewer="bo")
    with store.session() as session:
        (view,) = effective_claims(session)
        stored = session.get(Claim, claim_id)
        assert (view.position, view.act, view.corrected) == (60.0, "OFFER", ("act", "position"))
        assert (stored.position, stored.act, stored.review_status) == (20.0, "DEMAND", "corrected")


@pytest.mark.parametrize(
    "as_of, event_date, expected",
    [
        (None, None, 2),  # undated claims are kept when no date is asked for
        (D(2024, 7, 1), None, 1),  # the claim from r1 is dated by its report; the one from r2 has no date
        (D(2024, 6, 30), None, 0),
        (D(2024, 6, 30), D(2024, 6, 1), 1),  # an event date wins over the report's date
        (D(2024, 7, 1), D(2024, 9, 1), 1),  # but is never later than the report
    ],
)
def test_as_of_uses_event_date_else_report_date(store, as_of, event_date, expected):
    add_claim(store, "r1", event_date=event_date)
    add_claim(store, "r2")
    with store.session() as session:
        assert len(effective_claims(session, as_of=as_of)) == expected


@pytest.mark.parametrize(
    "action, changes, error, err_msg",
    [
        ("approve", None, UsageError, r"E301.*accept, reject, correct.*'approve'"),
        ("correct", None, UsageError, r"E303"),
        ("correct", {"quote": ["a", "b"]}, UsageError, r"E302.*actor, act, issue, position.*quote"),
        ("correct", {"position": 40}, UsageError, r"E303"),
    ],
)
def test_invalid_reviews_raise(store, action, changes, error, err_msg):
    claim_id = add_claim(store, "r1")
    with pytest.raises(error, match=err_msg):
        review_claim(store, claim_id, action=action, changes=changes, reviewer="ana")


def test_file_dates_do_not_date_claims(store):
    add_report(store, "mtime", D(2026, 1, 1), date_source="file")
    add_claim(store, "mtime")
    with store.session() as session:
        (view,) = effective_claims(session)
        assert view.date is None
        assert effective_claims(session, as_of=D(2026, 12, 31)) == []


def test_unknown_claim_raises(store):
    with pytest.raises(NotFoundError, match=r"E300.*999"):
        review_claim(store, 999, action="accept", reviewer="ana")


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("as_of", [None, D(2024, 6, 15), D(2024, 9, 1)])
def test_claim_table_holds_the_effective_claims_in_order(seed, as_of):
    store = random_store(seed)
    with store.session() as session:
        views = effective_claims(session, as_of=as_of)
        table = claim_table(session, as_of=as_of)
    assert table.ids.tolist() == [view.id for view in views]
    assert (table.actors, table.acts, table.issues) == ([v.actor for v in views], [v.act for v in views],
                                                        [v.issue for v in views])
    assert [None if math.isnan(p) else p for p in table.positions.tolist()] == [v.position for v in views]
    assert table.days.tolist() == [v.date.toordinal() if v.date else 0 for v in views]
    assert table.confidences.tolist() == [v.confidence for v in views]
    assert table.independent.tolist() == [v.independent for v in views]


def test_a_correction_stays_applied_after_a_later_accept(store):
    claim_id = add_claim(store, "r1", actor="Hamas", position=20.0)
    review_claim(store, claim_id, action="correct", changes={"position": [20.0, 70.0]}, reviewer="ana")
    review_claim(store, claim_id, action="accept", reviewer="bo")
    with store.session() as session:
        (view,) = effective_claims(session)
        assert (view.position, view.review_status) == (70.0, "accepted")
        assert claim_table(session).positions.tolist() == [70.0]
