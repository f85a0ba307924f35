"""The status signal of a report: phrases that read as a state of the talks and those that do not."""

from __future__ import annotations

import pytest

from tests.fixtures_x2 import nlp_x2, nlp_x2_sm, run_x2  # noqa: F401  (fixtures)


@pytest.mark.parametrize(
    "text, signal",
    [
        ("The talks between Arland and Borvia stalled on Monday.", "stalled"),
        # "with or without a deal" names both outcomes and reports neither.
        ("Arland said it would push on with or without a deal.", "none"),
        # Obstacles someone works to remove are no stall.
        ("Norway said it was working on removing the remaining obstacles to grain exports.", "none"),
        ("Norway said it would try to overcome the impasse.", "none"),
        # ... but obstacles that stand are.
        ("Officials said serious obstacles remained in the talks.", "stalled"),
        ("The talks ended on Thursday without an agreement.", "stalled"),
        # Phrase families of progress: on course, a step on the way, a deal settling in or taking form.
        ("The envoy said the talks were on track.", "progress"),
        ("The envoy called the prisoner exchange a milestone.", "progress"),
        ("The envoy called the handover a step toward peace.", "progress"),
        ("The envoy said the truce was taking hold.", "progress"),
        ("A deal was taking shape, the envoy said.", "progress"),
        ("The visit revived hopes of a deal.", "progress"),
        ("Arland opened the door to direct talks.", "progress"),
        ("The negotiators have begun drafting a joint text.", "progress"),
        # ... of a stall: talks put on hold, halted or broken off.
        ("The talks have been on hold since June.", "stalled"),
        ("The talks came to a halt on Friday.", "stalled"),
        ("The talks broke off on Friday after three days.", "stalled"),
        # ... and of a collapse: a truce shattered.
        ("Shelling on Monday shattered the truce in the north.", "collapse"),
    ],
)
def test_status_signal(nlp_x2, text, signal):
    assert run_x2(nlp_x2, text).status.signal == signal


@pytest.mark.parametrize(
    "text, signal",
    [
        # The lead is the headline and the first sentence of the body, not a date line: the stall it
        # reports outweighs two later mentions of progress (a tie goes to the graver signal).
        ("Arland and Borvia hold talks\nPublished: 2024-05-01\n\nCAPITAL - The talks between Arland and Borvia "
         "have stalled over the border question.\n\nOne official said progress had been made. Another said "
         "there was progress on prisoners.", "stalled"),
        # A stall told in the sentence of a collapse is part of the collapse.
        ("Arland and Borvia trade fire\n\nFighting shattered the truce on Monday, dimming hopes of talks and "
         "leaving the process stalled.", "collapse"),
    ],
)
def test_status_lead_and_collapse(nlp_x2, text, signal):
    assert run_x2(nlp_x2, text).status.signal == signal


@pytest.mark.parametrize(
    "text, signal",
    [
        # Status frames: a verb of the past with its noun some words on, or the noun as its subject.
        ("Arland and Borvia signed a permanent cessation of hostilities agreement on Friday.", "breakthrough"),
        ("The agreement was signed by both foreign ministers on Friday.", "breakthrough"),
        ("Arland and Borvia began the first formal peace talks in Geneva on Monday.", "progress"),
        ("Borvia accepted the Arlandian proposal on Tuesday.", "progress"),
        ("Arland dropped its demand for a buffer zone.", "progress"),
        ("The talks were paused on Friday.", "stalled"),
        ("Borvia rejected the proposal on Friday.", "stalled"),
        # A headline tells the past in the present.
        ("Arland and Borvia sign permanent cessation of hostilities in Geneva", "breakthrough"),
        # Frames denied, conditioned or still to come report nothing.
        ("Arland said the talks would go on until an agreement is signed.", "none"),
        ("The mediator said a deal would not be reached this month.", "none"),
        ("The envoy said that if a deal was agreed, the crossings would open.", "none"),
        ("Shelling resumed the day after the deal was signed.", "none"),
        # The words between the verb and its noun are the noun's own: a missile strike is no deal struck.
        ("Missiles struck the port a day after the deal.", "none"),
        # Agreeing to a proposal for a ceasefire is not a ceasefire agreed.
        ("Arland agreed to the ceasefire proposal.", "none"),
        # A signal denied by its subject, a stall undone by its verb.
        ("Nobody expected an early breakthrough, the envoy said.", "none"),
        ("The stalled negotiations had been unblocked, the envoy said.", "progress"),
    ],
)
def test_status_frames_and_parse(nlp_x2_sm, text, signal):
    assert run_x2(nlp_x2_sm, text).status.signal == signal


def test_status_evidence_stops_at_line_break(nlp_x2_sm):
    """A headline run into the first sentence of the body: the evidence is the headline's line."""
    text = "Arland and Borvia begin formal peace talks in Geneva\nDelegations of both sides met at a hotel on Monday."
    status = run_x2(nlp_x2_sm, text).status
    assert (status.signal, status.evidence) == ("progress", "Arland and Borvia begin formal peace talks in Geneva")
