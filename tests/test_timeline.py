"""The timeline: dated items in order, stance changes with both quotes, weekly positions."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.model.build import claim_weight
from parley.model.timeline import timeline, weekly_positions
from parley.store.claims import effective_claims
from parley.store.models import Event, Proposal, ProposalReaction, StatusSignal
from tests.fixtures_claims import random_store
from tests.fixtures_model import add_claim, add_report, fresh_store

D = dt.date


@pytest.fixture
def store():
    store = fresh_store()
    add_report(store, "r1", D(2024, 7, 1))
    add_report(store, "r2", D(2024, 7, 20))
    with store.session() as session:
        session.add(Event(report_id="r2", extractor_version="t", date=D(2024, 7, 18), what="talks resumed"))
        session.add(Event(report_id="r1", extractor_version="t", date=None, what="delegation sent"))
        session.add(StatusSignal(report_id="r2", extractor_version="t", signal="progress", date=D(2024, 7, 20)))
        proposal = Proposal(report_id="r1", extractor_version="t", name="three-phase plan", proposers=["Qatar"],
                            date=D(2024, 7, 1), terms={"i": "phased"}, positions={"i": 40})
        proposal.reactions.append(ProposalReaction(actor="Hamas", act="CONSIDER", quote="we are studying it"))
        session.add(proposal)
    return store


@pytest.mark.parametrize(
    "before, after, kind",
    [(90.0, 60.0, "softened"), (50.0, 95.0, "hardened"), (20.0, 25.0, None)],
)
def test_position_shifts_become_changes(store, before, after, kind):
    first = add_claim(store, "r1", actor="Hamas", position=before, quote="first words")
    second = add_claim(store, "r2", actor="Hamas", position=after, quote="later words")
    changes = timeline(store).changes
    if kind is None:
        assert changes == []
        return
    (change,) = changes
    assert (change.kind, change.claims, change.quotes) == (kind, (first, second), ("first words", "later words"))
    assert change.summary == f"Hamas {kind} on i on 2024-07-20"


@pytest.mark.parametrize("acts, kind", [(("REJECT", "CONSIDER"), "softened"), (("ACCEPT", "THREATEN"), "hardened")])
def test_act_switches_become_changes(store, acts, kind):
    add_claim(store, "r1", actor="Israel", act=acts[0], position=None)
    add_claim(store, "r2", actor="Israel", act=acts[1], position=None)
    assert [c.kind for c in timeline(store).changes] == [kind]


def test_items_are_dated_and_ordered(store):
    data = timeline(store).to_dict()
    assert [e["date"] for e in data["events"]] == ["2024-07-01", "2024-07-18"]  # undated event takes its report's date
    assert data["proposals"][0]["reactions"] == [{"actor": "Hamas", "act": "CONSIDER", "quote": "we are studying it"}]
    assert data["signals"][0]["signal"] == "progress"


def test_filters_keep_matching_proposals_and_claims(store):
    add_claim(store, "r1", actor="Hamas", issue="i")
    add_claim(store, "r1", actor="Israel", issue="j")
    assert timeline(store, actor="Israel").proposals == []
    assert len(timeline(store, actor="Hamas").proposals) == 1
    weekly = timeline(store, issue="j").weekly
    assert {row["actor"] for row in weekly} == {"Israel"}


def test_weekly_positions_track_the_latest_claims(store):
    add_claim(store, "r1", actor="Hamas", position=80.0)
    add_claim(store, "r2", actor="Hamas", position=40.0)
    weekly = timeline(store).weekly
    weeks = [row["week"] for row in weekly]
    assert weeks == sorted(weeks) and all(D.fromisoformat(w).weekday() == 6 for w in weeks)
    assert weekly[0]["position"] == 80.0 and weekly[-1]["position"] < 80.0


def _reference_weekly(claims, half_life_days):
    """Weekly positions by a plain loop over weeks and claims, to check the NumPy version against."""
    positioned = [c for c in claims if c.position is not None and c.date]
    first, last = min(c.date for c in positioned), max(c.date for c in positioned)
    week_end = first + dt.timedelta(days=6 - first.weekday())
    rows = []
    while week_end <= last + dt.timedelta(days=6):
        for actor, issue in sorted({(c.actor, c.issue) for c in positioned}):
            seen = [c for c in positioned if (c.actor, c.issue) == (actor, issue) and c.date <= week_end]
            if not seen:
                continue
            weights = [claim_weight(c, week_end, half_life_days) for c in seen]
            if sum(weights) == 0:
                weights = [c.confidence or 1.0 for c in seen]
            position = sum(w * c.position for w, c in zip(weights, seen)) / (sum(weights) or 1.0)
            rows.append({"week": week_end.isoformat(), "actor": actor, "issue": issue, "position": round(position, 2)})
        week_end += dt.timedelta(days=7)
    return rows


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("half_life", [7.0, 60.0])
def test_weekly_positions_match_a_loop_over_weeks(seed, half_life):
    with random_store(seed, claims=80).session() as session:
        claims = effective_claims(session)
    expected = _reference_weekly(claims, half_life)
    assert expected
    assert weekly_positions(claims, half_life_days=half_life) == expected
