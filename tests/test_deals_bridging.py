"""Named proposals: utilities, ZOPA, distance to the frontier, rejecters and bridging suggestions."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.deals.bridging import DealProposal, proposals_from_store, smallest_trades, to_digits
from parley.deals.domain import Domain
from parley.deals.solutions import analyse
from parley.store.models import Proposal, Report

from fixtures_deals import brute, domains

# Two issues with 3 values; A wants "none"/"all", B the opposite, each needs 0.5.
DOMAIN = Domain.from_dict({
    "issues": [{"name": "truce", "values": ["none", "weeks", "permanent"]},
               {"name": "release", "values": ["few", "half", "all"]}],
    "parties": [
        {"name": "A", "weights": {"truce": 0.5, "release": 0.5},
         "utilities": {"truce": {"none": 1, "weeks": 0.5, "permanent": 0},
                       "release": {"few": 0, "half": 0.5, "all": 1}},
         "reservation": 0.5},
        {"name": "B", "weights": {"truce": 0.75, "release": 0.25},
         "utilities": {"truce": {"none": 0, "weeks": 0.5, "permanent": 1},
                       "release": {"few": 1, "half": 0.5, "all": 0}},
         "reservation": 0.5},
    ],
})


@pytest.mark.parametrize(
    ("proposal", "digits", "assumed", "ignored"),
    [
        (DealProposal("p", positions={"truce": 0, "release": 100}), [0, 2], [], []),
        (DealProposal("p", positions={"truce": 74, "release": 26}), [1, 1], [], []),
        (DealProposal("p", positions={"truce": 25}), [0, 1], ["release"], []),  # a tie goes to the lower value
        (DealProposal("p", values={"truce": "permanent"}, positions={"truce": 0, "aid": 3}), [2, 1], ["release"],
         ["aid"]),
    ],
)
def test_proposal_to_outcome(proposal: DealProposal, digits: list, assumed: list, ignored: list) -> None:
    assert to_digits(DOMAIN, proposal) == (digits, assumed, ignored)


def test_assess_hand_checked() -> None:
    # (none, all): A gets 1.0, B gets 0.0 -> B rejects; it is on the frontier.
    result = analyse(DOMAIN, proposals=[DealProposal("hard line", positions={"truce": 0, "release": 100},
                                                     proposers=("A",))])
    (report,) = result.to_dict()["proposals"]
    assert report["utilities"] == [1.0, 0.0]
    assert report["in_zopa"] is False and report["rejected_by"] == ["B"]
    assert report["on_frontier"] is True and report["distance_to_frontier"] == 0.0
    assert report["pareto_improvements"] == []
    # One change brings both to 0.5 or more: truce none -> weeks gives A 0.75, B 0.375: not enough;
    # truce none -> permanent gives A 0.5, B 0.75: in the ZOPA with one issue changed (2 steps).
    first = report["trades"][0]
    assert first["issues_changed"] == 1
    assert first["changes"] == {"truce": ["none", "permanent"]}
    assert all(u >= r for u, r in zip(first["utilities"], DOMAIN.reservations()))


def test_dominated_proposal_gets_pareto_improvements() -> None:
    # (weeks, few) gives (0.25, 0.625); (permanent, half) = (0.25, 0.875) and (permanent, all) = (0.5, 0.75)
    # dominate it, both with two issues changed, the first nearer in utility.
    result = analyse(DOMAIN, proposals=[DealProposal("p", values={"truce": "weeks", "release": "few"})])
    (report,) = result.to_dict()["proposals"]
    assert report["on_frontier"] is False and report["rejected_by"] == ["A"]
    assert [i["outcome"] for i in report["pareto_improvements"]] == [
        {"truce": "permanent", "release": "half"}, {"truce": "permanent", "release": "all"}]
    assert report["distance_to_frontier"] == pytest.approx(0.25)
    # (weeks, half) = (0.5, 0.5) reaches both reservations with one step on one issue.
    assert report["trades"][0]["changes"] == {"release": ["few", "half"]}
    assert (report["trades"][0]["issues_changed"], report["trades"][0]["steps"]) == (1, 1)


@settings(max_examples=60, deadline=None)
@given(domains(max_issues=3, max_values=4), st.data())
def test_smallest_trades_match_brute_force(domain: Domain, data) -> None:
    digits = [data.draw(st.integers(0, len(issue.values) - 1)) for issue in domain.issues]
    u, _ = brute(domain)
    zopa = (u >= domain.reservations()).all(axis=1)
    keys = []
    for index, other in enumerate(itertools.product(*(range(len(i.values)) for i in domain.issues))):
        if zopa[index]:
            changed = sum(a != b for a, b in zip(digits, other))
            steps = sum(abs(a - b) for a, b in zip(digits, other))
            keys.append((changed, steps, index))
    expected = sorted(keys)[:3]
    trades = smallest_trades(domain, digits, chunk=data.draw(st.integers(1, 50)))
    assert [(t["issues_changed"], t["steps"], t["index"]) for t in trades] == expected


def test_proposals_from_store(store) -> None:
    with store.session() as session:
        session.add(Report(id="r1", source="x", source_kind="file", text="t", chars=1, raw_sha256="a",
                           text_sha256="a"))
        session.flush()
        rows = [
            ("Plan", dt.date(2024, 5, 1), {"truce": 50}, True),
            ("Plan", dt.date(2024, 6, 1), {"truce": 100}, True),  # the later version wins
            ("Old", None, {"release": 0}, True),
            ("Copy", dt.date(2024, 7, 1), {"truce": 0}, False),  # not independent: skipped
            ("Other", dt.date(2024, 7, 1), {"aid": 10}, True),  # no domain issue: skipped
        ]
        for name, date, positions, independent in rows:
            session.add(Proposal(report_id="r1", extractor_version="v", name=name, date=date, positions=positions,
                                 proposers=["US"], independent=independent))
    found = proposals_from_store(store, DOMAIN)
    assert [(p.name, dict(p.positions)) for p in found] == [("Old", {"release": 0.0}), ("Plan", {"truce": 100.0})]
    assert found[1].proposers == ("US",) and found[1].date == dt.date(2024, 6, 1)


@settings(max_examples=60, deadline=None)
@given(domains(max_issues=3, max_values=4), st.data())
def test_pareto_improvements_dominate_and_exist_off_the_frontier(domain: Domain, data) -> None:
    values = {issue.name: data.draw(st.sampled_from(issue.values)) for issue in domain.issues}
    (report,) = analyse(domain, proposals=[DealProposal("p", values=values)]).to_dict()["proposals"]
    own = report["utilities"]
    for improvement in report["pareto_improvements"]:
        assert all(a >= b for a, b in zip(improvement["utilities"], own))
        assert any(a > b for a, b in zip(improvement["utilities"], own))
    assert bool(report["pareto_improvements"]) == (not report["on_frontier"])
    # An outcome with the utilities of a frontier point is itself undominated.
    assert (report["distance_to_frontier"] == 0) == report["on_frontier"]
