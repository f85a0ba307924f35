"""The timeline: one paged, filtered list of dated items, stance changes with both quotes, weekly positions."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from parley.model.timeline import timeline, weekly_positions
from parley.store.claims import claim_table, effective_claims, review_claim
from parley.store.models import Event, Proposal, ProposalReaction, StatusSignal
from tests.fixtures_claims import random_store, reference_weight
from tests.fixtures_model import add_claim, add_report, fresh_store

D = dt.date


@pytest.fixture
def store():
    store = fresh_store()
    add_report(store, "r1", D(2024, 7, 1))
    add_report(store, "r2", D(2024, 7, 20))
    with store.session() as session:
        session.add(Event(report_id="r2", extractor_version="t", date=D(2024, 7, 18), what="talks resumed"))
        session.add(Event(report_id="r1", extractor_version="t", date=None, what="Hamas delegation sent"))
        session.add(StatusSignal(report_id="r2", extractor_version="t", signal="progress", date=D(2024, 7, 20)))
        proposal = Proposal(report_id="r1", extractor_version="t", name="three-phase plan", proposers=["Qatar"],
                            date=D(2024, 7, 1), terms={"i": "phased"}, positions={"i": 40})
        proposal.reactions.append(ProposalReaction(actor="Hamas", act="CONSIDER", quote="we are studying it"))
        session.add(proposal)
    return store


def _stances(result):
    return [item for item in result.items if item["kind"] == "stance"]


@pytest.mark.parametrize(
    "before, after, kind",
    [(90.0, 60.0, "softened"), (50.0, 95.0, "hardened"), (20.0, 25.0, None)],
)
def test_position_shifts_become_changes(store, before, after, kind):
    first = add_claim(store, "r1", actor="Hamas", position=before, quote="first words")
    second = add_claim(store, "r2", actor="Hamas", position=after, quote="later words")
    changes = _stances(timeline(store))
    if kind is None:
        assert changes == []
        return
    (change,) = changes
    assert (change["change"], change["claims"], change["quotes"]) == (kind, [first, second], ["first words", "later words"])
    assert (change["what"], change["date"], change["detail"]) == (f"Hamas {kind} on i", D(2024, 7, 20),
                                                                  f"position {before:g} \u2192 {after:g}")


@pytest.mark.parametrize("acts, kind", [(("REJECT", "CONSIDER"), "softened"), (("ACCEPT", "THREATEN"), "hardened"),
                                        (("REJECT", "THREATEN"), None)])
def test_act_switches_become_changes(store, acts, kind):
    add_claim(store, "r1", actor="Israel", act=acts[0], position=None)
    add_claim(store, "r2", actor="Israel", act=acts[1], position=None)
    assert [c["change"] for c in _stances(timeline(store))] == ([kind] if kind else [])


def test_reviews_apply_to_changes(store):
    add_claim(store, "r1", actor="Hamas", position=90.0)
    later = add_claim(store, "r2", actor="Hamas", position=60.0)
    assert len(_stances(timeline(store))) == 1
    review_claim(store, later, action="correct", changes={"position": [60.0, 85.0]}, reviewer="ana")
    assert _stances(timeline(store)) == []  # a 5-point move is no change
    review_claim(store, later, action="correct", changes={"position": [85.0, 5.0]}, reviewer="ana")
    assert [c["change"] for c in _stances(timeline(store))] == ["hardened"]
    review_claim(store, later, action="reject", reviewer="ana")
    assert _stances(timeline(store)) == []


def test_items_are_dated_and_newest_first(store):
    items = timeline(store).items
    assert [(item["kind"], item["date"]) for item in items] == [
        ("status", D(2024, 7, 20)), ("event", D(2024, 7, 18)),
        ("reaction", D(2024, 7, 1)), ("proposal", D(2024, 7, 1)),
        ("event", D(2024, 7, 1)),  # an undated event takes its report's date
    ]
    reaction = items[2]
    assert (reaction["what"], reaction["quote"], reaction["actor"]) == ("Hamas CONSIDER three-phase plan",
                                                                         "we are studying it", "Hamas")
    assert items[3]["proposers"] == ["Qatar"] and items[3]["terms"] == {"i": "phased"}


@pytest.mark.parametrize(
    "filters, kinds",
    [
        ({"actor": "Hamas"}, ["reaction", "event"]),  # its reaction and the event naming it; no signal
        ({"actor": "Qatar"}, ["proposal"]),
        ({"actor": "Israel"}, []),
        ({"issue": "i"}, ["reaction", "proposal"]),  # events and signals are not about an issue
        ({"issue": "j"}, []),
        ({"as_of": D(2024, 7, 10)}, ["reaction", "proposal", "event"]),
    ],
)
def test_filters(store, filters, kinds):
    assert [item["kind"] for item in timeline(store, **filters).items] == kinds


def test_filters_keep_matching_claims_for_weekly_positions(store):
    add_claim(store, "r1", actor="Hamas", issue="i")
    add_claim(store, "r1", actor="Israel", issue="j")
    assert timeline(store, issue="j").weekly == []  # only when asked for
    assert {row["actor"] for row in timeline(store, issue="j", weekly=True).weekly} == {"Israel"}


def test_weekly_positions_track_the_latest_claims(store):
    add_claim(store, "r1", actor="Hamas", position=80.0)
    add_claim(store, "r2", actor="Hamas", position=40.0)
    weekly = timeline(store, weekly=True).weekly
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
            weights = [reference_weight(c, week_end, half_life_days) for c in seen]
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
        expected = _reference_weekly(effective_claims(session), half_life)
        found = weekly_positions(claim_table(session), half_life_days=half_life)
    assert expected
    assert found == expected


def _reference_changes(claims, min_shift=10.0):
    """Stance changes as the module docstring defines them, by a plain loop: (claim ids, kind), newest first."""
    firm, yielding = {"INSIST", "THREATEN", "REJECT"}, {"ACCEPT", "CONCEDE", "CONSIDER", "OFFER"}
    by_pair = {}
    for claim in claims:  # oldest first
        if claim.independent:
            by_pair.setdefault((claim.actor, claim.issue), []).append(claim)
    changes = []
    for group in by_pair.values():
        for before, after in zip(group, group[1:]):
            kind = None
            if before.position is not None and after.position is not None:
                if abs(after.position - before.position) >= min_shift:
                    kind = "softened" if abs(after.position - 50) < abs(before.position - 50) else "hardened"
            elif before.act in firm and after.act in yielding:
                kind = "softened"
            elif before.act in yielding and after.act in firm:
                kind = "hardened"
            if kind:
                changes.append((after.date or D.min, after.id, [before.id, after.id], kind, [before.quote, after.quote]))
    return [(ids, kind, quotes) for _day, _id, ids, kind, quotes in sorted(changes, reverse=True)]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("filters", [{}, {"actor": "C"}, {"actor": "A", "issue": "x"}, {"as_of": D(2024, 6, 15)},
                                     {"min_shift": 30.0}])
def test_stance_changes_match_a_loop_over_the_claims(seed, filters):
    store = random_store(seed, claims=80)
    as_of, min_shift = filters.get("as_of"), filters.get("min_shift", 10.0)
    with store.session() as session:
        claims = [c for c in effective_claims(session, as_of=as_of)
                  if filters.get("actor") in (None, c.actor) and filters.get("issue") in (None, c.issue)]
    expected = _reference_changes(claims, min_shift)
    assert expected
    found = [(c["claims"], c["change"], c["quotes"]) for c in _stances(timeline(store, **filters))]
    assert found == expected


@pytest.fixture(scope="module", params=[1, 2])
def busy_store(request):
    """A random store with events, signals, proposals and reactions on its reports as well."""
    rng = random.Random(request.param)
    store = random_store(request.param, claims=80)
    with store.session() as session:
        for n in range(12):
            report, day = rng.choice(["r0", "r1", "r2", "undated"]), rng.choice([None, D(2024, 5, 1 + n)])
            session.add(Event(report_id=report, extractor_version="t", date=day, what=f"meeting {n} with A"))
            session.add(StatusSignal(report_id=report, extractor_version="t", signal="stalled", date=day))
            proposal = Proposal(report_id=report, extractor_version="t", name=f"plan {n}", date=day,
                                proposers=[rng.choice("AB")], terms={rng.choice("xy"): "terms"})
            proposal.reactions = [ProposalReaction(actor=actor, act="REJECT") for actor in rng.sample("ABC", 2)]
            session.add(proposal)
    return store


@pytest.mark.parametrize("filters", [{}, {"actor": "A"}, {"issue": "y"}, {"as_of": D(2024, 6, 20)}])
@pytest.mark.parametrize("limit", [5, 12])
def test_pages_are_slices_of_the_whole_timeline(busy_store, filters, limit):
    whole = timeline(busy_store, **filters).items
    assert len(whole) > 2 * limit
    assert {item["kind"] for item in whole} >= {"stance", "proposal", "reaction"}
    pages = [timeline(busy_store, limit=limit, offset=offset, **filters).items
             for offset in range(0, len(whole) + 1, limit)]
    assert [item for page in pages for item in page] == whole
