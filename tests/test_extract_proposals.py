"""Proposals (proposers, terms, reactions) and the issues a record lists."""

from __future__ import annotations

import pytest

from tests.fixtures_x2 import nlp_x2, nlp_x2_sm, run_x2  # noqa: F401  (fixtures)


@pytest.mark.parametrize(
    "text, proposers",
    [
        # The subject of the proposing verb the noun is the object of.
        ("Norway has suggested a small deal to both sides.", ["Norway"]),
        # The agent of a passive; a person proposes for the entity of the office held that day.
        ("A second plan has been put forward by Peter Vance.", ["Arland"]),
        # The head of the agent phrase: the body in the title is not a proposer.
        ("A broader plan was put forward by Arlandian Intelligence Director Ivo Sarn.", ["Arland"]),
        # The agent of the noun's own participle.
        ("Borvia welcomed the truce framework announced by Tomas Rinn.", ["Borvia"]),
        # Object control: the one urged to present the plan proposes it.
        ("The Front urged Borvia to present a plan for the release of prisoners.", ["Borvia"]),
        # A government body proposes for the state it serves.
        ("Arlandian Intelligence presented a proposal on prisoners.", ["Arland"]),
    ],
)
def test_proposer_from_the_proposing_verb(nlp_x2_sm, text, proposers):
    proposals = run_x2(nlp_x2_sm, text).proposals
    assert [p.proposers for p in proposals] == [proposers], [(p.name, p.proposers) for p in proposals]


@pytest.mark.parametrize(
    "text",
    [
        "Protesters urged Arland to put a deal ahead of the offensive.",  # "put ... ahead": no proposing
        "Norway is planning new talks between Arland and Borvia.",  # a verb form of "plan"
        "Norway will offer Arland a seat at the table.",  # "offer" as a verb
    ],
)
def test_no_proposal(nlp_x2_sm, text):
    assert run_x2(nlp_x2_sm, text).proposals == []


@pytest.mark.parametrize(
    "text, issue",
    [
        # A sentence that spells out the plan ("It would ...") adds its terms.
        ("Norway presented a new Norwegian plan on Monday. It would see all detainees freed within a week.", "prisoner_release"),
        ("Norway presented a new Norwegian plan on Monday. In a first stage it would bring aid trucks to the coast.", "humanitarian_aid"),
        # A later reference to the plan adds the terms of its own sentence.
        ("Norway presented a new Norwegian plan on Monday. Borvia said the plan must include the withdrawal of Arlandian troops.",
         "troop_withdrawal"),
    ],
)
def test_terms_from_following_sentences(nlp_x2, text, issue):
    proposals = run_x2(nlp_x2, text).proposals
    assert len(proposals) == 1
    assert issue in proposals[0].terms, proposals[0].terms
    assert "overall_deal" not in proposals[0].terms  # the placeholder gives way to real terms


def test_unrelated_next_sentence_adds_no_terms(nlp_x2):
    proposals = run_x2(nlp_x2, "Norway presented a new Norwegian plan on Monday. Aid trucks reached the coast.").proposals
    assert list(proposals[0].terms) == ["overall_deal"]


@pytest.mark.parametrize(
    "text, listed, unlisted",
    [
        # A concrete issue named once is part of the report.
        ("Reporters gathered in Oslo. The fate of detainees came up.", {"prisoner_release"}, set()),
        # Talks and the truce named once in passing are background.
        ("Reporters gathered in Oslo. The talks lasted all day and the truce held.", set(), {"negotiation_format", "ceasefire"}),
        ("The talks resumed on Monday. Delegates said the talks would go on and the truce was holding, with the truce in its third week.",
         {"negotiation_format", "ceasefire"}, set()),
        # The truce in general gives way to its more specific child named beside it.
        ("The six-week truce held through Sunday. The truce was fragile. Few expected the truce to outlast the six-week truce timetable.",
         {"ceasefire_duration"}, {"ceasefire"}),
        ("The truce held through Sunday. The truce was fragile.", {"ceasefire"}, set()),
    ],
)
def test_issues_the_record_lists(nlp_x2, text, listed, unlisted):
    issues = set(run_x2(nlp_x2, text).issues)
    assert listed <= issues, issues
    assert not unlisted & issues, issues


def test_headline_clause_is_not_the_name(nlp_x2_sm):
    proposals = run_x2(nlp_x2_sm, "Arland and Borvia sign Norwegian deal to end the fighting").proposals
    assert [(p.name, p.proposers) for p in proposals] == [("Norwegian deal", ["Norway"])]


def test_definite_reference_is_no_new_proposal(nlp_x2_sm):
    # "the deal" was named before: proposing to extend it puts forward no new proposal.
    assert run_x2(nlp_x2_sm, "Borvia proposed that the deal be extended for sixty days.").proposals == []


@pytest.mark.parametrize(
    "text, issues",
    [
        ("Reporters said aid reached the coast.", {"humanitarian_aid"}),
        # A keyword that is part of a longer name (the NER's entity) is no issue.
        ("Reporters spoke to the Global Aid Agency in Oslo.", set()),
    ],
)
def test_keyword_inside_a_name(nlp_x2_sm, text, issues):
    assert set(run_x2(nlp_x2_sm, text).issues) == issues


@pytest.mark.parametrize(
    "text, noun, proposers",
    [
        # Nouns and verbs that only rules.yaml's proposal_extras list.
        ("Norway circulated a memorandum on prisoners.", "memorandum", ["Norway"]),
        ("Borvia has brokered a counter-offer on prisoners.", "counter-offer", ["Borvia"]),
    ],
)
def test_proposal_extras_from_the_rules(nlp_x2_sm, text, noun, proposers):
    (proposal,) = run_x2(nlp_x2_sm, text).proposals
    assert proposal.name.endswith(noun) and proposal.proposers == proposers, (proposal.name, proposal.proposers)


@pytest.mark.parametrize(
    "text, proposers",
    [
        # An alias that holds its article ("the Front") still owns the noun after it.
        ("Arland turned down the Front's plan on prisoners.", [["Free Coast Front"]]),
        # Before a pact a bare name is a party or the subject, not the author...
        ("Arland wants to revive the 2015 Borvia deal on prisoners.", []),
        # ... but an adjective or a possessive still owns it.
        ("Arland turned down Borvia's deal on prisoners.", [["Borvia"]]),
        ("Arland turned down the Norwegian deal on prisoners.", [["Norway"]]),
    ],
)
def test_owner_before_the_noun(nlp_x2_sm, text, proposers):
    assert [p.proposers for p in run_x2(nlp_x2_sm, text).proposals] == proposers


def test_the_deal_is_not_the_latest_offer(nlp_x2_sm):
    # "the deal" is the pact being negotiated: its sentence adds no terms to the plan named before.
    text = "Norway presented a new Norwegian plan on Monday. Borvia said the deal must include the withdrawal of Arlandian troops."
    (proposal,) = run_x2(nlp_x2_sm, text).proposals
    assert "troop_withdrawal" not in proposal.terms, proposal.terms


def test_same_proposers_name_the_same_proposal(nlp_x2_sm):
    # A second noun with the same owner is the proposal named before, and adds the terms of its sentence.
    text = "Borvia presented a plan on prisoners on Monday. Arland dismissed the Borvian proposal on aid trucks."
    (proposal,) = run_x2(nlp_x2_sm, text).proposals
    assert proposal.proposers == ["Borvia"]
    assert {"prisoner_release", "humanitarian_aid"} <= set(proposal.terms), proposal.terms


@pytest.mark.parametrize(
    "text, issue",
    [
        # "In it, ..." spells out the text named just before.
        ("Borvia sent its reply on Monday. In it, the government asks for the release of all detainees.", "prisoner_release"),
        # A reported "it sought ..." does too, and so after a later reference to the proposal.
        ("Norway presented a new Norwegian plan on Monday. Borvia studied the plan. Officials said it sought a halt to aid trucks.",
         "humanitarian_aid"),
    ],
)
def test_terms_spelled_out_after_a_reference(nlp_x2_sm, text, issue):
    (proposal,) = run_x2(nlp_x2_sm, text).proposals
    assert issue in proposal.terms, proposal.terms


@pytest.mark.parametrize(
    "text, proposers",
    [
        # A side's reply or response to a text is its counter-proposal.
        ("Arland rejected Borvia's reply on prisoners.", [["Borvia"]]),
        ("The Front delivered its response on prisoners to Norway.", [["Free Coast Front"]]),
    ],
)
def test_replies_are_proposals(nlp_x2_sm, text, proposers):
    assert [p.proposers for p in run_x2(nlp_x2_sm, text).proposals] == proposers


@pytest.mark.parametrize(
    "text, proposers",
    [
        # "the offer" names what the subject of "offered" did before.
        ("Arland offered a pause in the fighting. The Front rejected the offer.", [["Arland"]]),
        ("Norway invited Arland and Borvia to talks in Oslo. Both accepted the invitation.", [["Norway"]]),
        # Nobody answers their own proposal: Borvia's "proposed" is not what Borvia rejects.
        ("Borvia proposed new steps on Monday. Later Borvia rejected the proposal.", []),
        # "to deal with" names no deal.
        ("Arland refused to deal with the Front. Borvia studied the deal.", []),
    ],
)
def test_proposer_from_the_verb_the_noun_names(nlp_x2_sm, text, proposers):
    assert [p.proposers for p in run_x2(nlp_x2_sm, text).proposals] == proposers


def test_invitation_has_the_talks_as_terms(nlp_x2_sm):
    # An invitation is a proposal about the talks: their format and mediation are its terms.
    text = "Norway invited Arland and Borvia to talks in Oslo. The invitation offers mediation by Norway."
    (proposal,) = run_x2(nlp_x2_sm, text).proposals
    assert {"negotiation_format", "mediation"} <= set(proposal.terms), proposal.terms


def test_a_draft_handed_over(nlp_x2_sm):
    # "hand over" puts a text forward (only with "over"); "draft text" is one noun, not a modifier.
    (proposal,) = run_x2(nlp_x2_sm, "Borvia handed over a draft text on prisoners.").proposals
    assert proposal.proposers == ["Borvia"] and proposal.name.endswith("draft text"), (proposal.name, proposal.proposers)


@pytest.mark.parametrize(
    "text, proposers",
    [
        # Two sides conclude a pact and a mediator announces it: the pact is the mediator's proposal.
        ("Arland and Borvia have agreed to a truce on prisoners, Norway announced on Monday.", [["Norway"]]),
        ("The accord was signed by Arland and Borvia before the Norwegian envoy.", [["Norway"]]),
        # One side agreeing to do something concedes; it concludes nothing.
        ("Arland agreed to send a team to Oslo, Norway said.", []),
        # Actors inside the subject phrase are no sides.
        ("Norway said Arlandian and Borvian grain reached the markets.", []),
    ],
)
def test_pact_brokered_by_a_mediator(nlp_x2_sm, text, proposers):
    proposals = run_x2(nlp_x2_sm, text).proposals
    assert [p.proposers for p in proposals] == proposers, [(p.name, p.proposers) for p in proposals]
    assert all("overall_deal" in p.terms for p in proposals)  # a concluded pact is the deal as a whole


def test_what_was_agreed_is_the_pact_itself(nlp_x2_sm):
    # "agreed on a truce" names the pact (the deal as a whole), not a term; what else it holds is a term.
    text = "Arland and Borvia agreed on a truce and the release of detainees, Norway announced on Monday."
    (proposal,) = run_x2(nlp_x2_sm, text).proposals
    assert "ceasefire" not in proposal.terms and {"overall_deal", "prisoner_release"} <= set(proposal.terms), proposal.terms


@pytest.mark.parametrize(
    "text, proposers",
    [
        # Terms put forward with no proposal noun are a proposal of their author.
        ("Borvia proposed an exchange of prisoners on Monday.", [["Borvia"]]),
        # Not when the author has a named proposal already, nor for a mere offer.
        ("Borvia presented a Borvian plan on aid trucks. Borvia also proposed an exchange of prisoners.", [["Borvia"]]),
        ("Borvia offered to release some prisoners.", []),
    ],
)
def test_terms_proposed_without_a_noun(nlp_x2_sm, text, proposers):
    proposals = run_x2(nlp_x2_sm, text).proposals
    assert [p.proposers for p in proposals] == proposers, [(p.name, p.proposers, p.terms) for p in proposals]
    assert all("overall_deal" not in p.terms for p in proposals)


@pytest.mark.parametrize(
    "text, proposers",
    [
        # A new pact "between" two sides is theirs.
        ("A separate memorandum between Arland and Borvia commits Arland to release detainees.", [["Arland", "Borvia"]]),
        # "the memorandum between ..." is one named before, no new proposal.
        ("Talks on the memorandum between Arland and Borvia went on.", []),
    ],
)
def test_pact_between_two_sides(nlp_x2_sm, text, proposers):
    assert [p.proposers for p in run_x2(nlp_x2_sm, text).proposals] == proposers


@pytest.mark.parametrize(
    "text, proposers",
    [
        # "The mediators" are the pack's mediators that the report names...
        ("Mediators floated a plan on prisoners. Oslo hosted the talks.", [["Norway"]]),
        # ... or that the phrase itself names ...
        ("A plan on prisoners was put to Arland by the Norwegian mediators.", [["Norway"]]),
        # ... and no one when the report names none.
        ("Mediators floated a plan on prisoners.", []),
    ],
)
def test_the_mediators_propose(nlp_x2_sm, text, proposers):
    assert [p.proposers for p in run_x2(nlp_x2_sm, text).proposals] == proposers
