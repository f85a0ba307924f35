"""Attribution through reporting chains: who takes the stance in many sentence shapes."""

from __future__ import annotations

import pytest

from tests.fixtures_extract import nlp, nlp_sm, run  # noqa: F401  (fixtures)

# (sentence(s), expected actor of the claims; None: no actor may be credited)
SHAPES = [
    ("Arland rejected the proposal on Tuesday.", "Arland"),
    ("Borvia said it would accept the plan.", "Borvia"),
    ("Arland has demanded the release of all prisoners.", "Arland"),
    ("The Free Coast Front rejected the deal.", "Free Coast Front"),
    ("FCF leaders rejected the truce.", "Free Coast Front"),
    ("According to Norway, Borvia is ready to release prisoners.", "Borvia"),
    ("Peter Vance said Arland would never withdraw its troops.", "Peter Vance"),  # reported speech: the speaker's stance
    ("Arlandian Foreign Minister Peter Vance rejected the plan.", "Peter Vance"),
    ("An Arlandian official said the government rejected the truce.", "Arland"),
    ("A Borvian official rejected the proposal.", "Borvia"),
    ("Senior Borvian officials welcomed the agreement.", "Borvia"),
    ("A source close to the Free Coast Front said the group rejected the plan.", "Free Coast Front"),
    ("Sources close to Borvia said it would accept a six-week truce.", "Borvia"),
    ("Norway is mediating the talks between Arland and Borvia.", "Norway"),
    ("Tomas Rinn told reporters that Borvia supports the ceasefire.", "Tomas Rinn"),
    ("Rinn accused Arland of blocking aid trucks.", "Tomas Rinn"),
    ("Reuters reported that Arland rejected the plan.", "Arland"),
    ("The Arlandian government insisted on keeping troops in the Salt Ridge.", "Arland"),
    ("Borvia and the Free Coast Front demanded that Arland withdraw its forces.", "Borvia"),
    ("Borvia and the Free Coast Front demanded that Arland withdraw its forces.", "Free Coast Front"),
    ("Arland threatened to walk out of the talks.", "Arland"),
    ("Borvia suspended the negotiations on Sunday.", "Borvia"),
    ("The Front released six prisoners on Monday.", "Free Coast Front"),
    ("Oslo proposed a new ceasefire plan.", "Norway"),
    ("The United Nations welcomed the truce.", "United Nations"),
    ("Arland is willing to allow more aid trucks.", "Arland"),
    ("Borvia agreed to send a delegation to the talks.", "Borvia"),
    ("Arland said in a statement that it rejected the proposal.", "Arland"),
    ("Borvia, in a statement, welcomed the agreement.", "Borvia"),
    ("Tomas Rinn met Peter Vance in Oslo for talks.", "Tomas Rinn"),
    ("Peter Vance spoke with Tomas Rinn about the truce.", "Peter Vance"),
    ("Arland did not accept the proposal.", "Arland"),
    ("Borvia will study the proposal, a spokesman said.", "Borvia"),
    ("Tomas Rinn arrived in Oslo. He rejected the Arlandian plan.", "Tomas Rinn"),
    ("Peter Vance spoke to the press. He said Arland would keep troops in the Salt Ridge.", "Peter Vance"),
    ("Arland wants a six-week truce, its negotiators said.", "Arland"),
    ("The plan was rejected by Borvia.", "Borvia"),
    ("Borvian negotiators pushed for the release of detainees.", "Borvia"),
    ("Norwegian mediators are trying to bridge the gaps between the sides.", "Norway"),
    ("Mediators proposed a phased truce, Norwegian diplomats said.", "Norway"),
    ("The Arlandian Foreign Minister rejected the truce.", "Peter Vance"),
    ("An Arlandian foreign minister of the past rejected the truce.", "Arland"),  # "a" title: one of several, no holder
    ("The UN condemned the attack on aid trucks.", "United Nations"),
    ("Arland, Borvia and Norway held talks in Oslo.", "Arland"),
    ("Holt had rejected the plan before she left office.", "Maria Holt"),
]

# Sentences whose act must not be credited to anyone named in them.
NO_ACTOR = [
    "Reuters reported that the talks were delayed and a plan was rejected.",
    "It was reported that the proposal was rejected.",
    "The Times of Israel reported a new proposal was rejected.",
]


@pytest.mark.parametrize("text, actor", SHAPES)
def test_attribution_with_parser(nlp_sm, text, actor):
    claims = run(nlp_sm, text).claims
    assert actor in {claim.actor for claim in claims}, [(c.actor, c.act, c.quote) for c in claims]


BLANK_SHAPES = [row for row in SHAPES if row[0].split()[0] not in ("The", "Oslo", "Mediators", "Norway", "Holt")][:25]


@pytest.mark.parametrize("text, actor", BLANK_SHAPES)
def test_attribution_on_any_base(nlp, text, actor):
    claims = run(nlp, text).claims
    assert actor in {claim.actor for claim in claims}, [(c.actor, c.act, c.quote) for c in claims]


@pytest.mark.parametrize("text", NO_ACTOR)
def test_outlets_and_passives_credit_nobody(nlp, text):
    claims = run(nlp, text).claims
    names = {"Reuters", "Times of Israel", "The Times of Israel"}
    assert not names & {claim.actor for claim in claims}
    assert {claim.actor for claim in claims} <= {"Arland", "Borvia"}


def test_a_name_in_a_clause_describing_the_subject_is_not_the_subject(nlp_sm):
    claims = run(nlp_sm, "Relatives of the fishermen detained by Borvia urged Arland to release them.").claims
    assert "Borvia" not in {claim.actor for claim in claims}
    # a name the subject's own phrase holds still is ("officials of X")
    claims = run(nlp_sm, "Officials of the Borvian government urged Arland to withdraw its troops.").claims
    assert "Borvia" in {claim.actor for claim in claims}


def test_pronoun_goes_to_last_named_speaker_of_the_paragraph(nlp_sm):
    text = "Tomas Rinn spoke on Monday.\nPeter Vance arrived later. He rejected the plan."
    claims = run(nlp_sm, text).claims
    assert [c.actor for c in claims if c.act == "REJECT"] == ["Peter Vance"]


@pytest.mark.parametrize(
    "day, holder",
    [("2024-03-01", "Maria Holt"), ("2024-10-23", "Peter Vance")],
)
def test_office_as_of_report_date_decides_the_speaker(nlp_sm, day, holder):
    import datetime as dt

    claims = run(nlp_sm, "The Foreign Minister rejected the truce.", dt.date.fromisoformat(day)).claims
    assert holder in {c.actor for c in claims}


def test_outlet_is_never_an_actor(nlp):
    result = run(nlp, "Axios reported that Borvia rejected the plan, citing two officials.")
    assert "Axios" not in {m.actor for m in result.mentions}


@pytest.mark.parametrize(
    "text, expected",
    [
        # An unnamed source reports what a named actor does: the named actor holds the stance ...
        ("The Front accepted the plan, an Arlandian official said.", {("Free Coast Front", "ACCEPT")}),
        # ... but one party reporting another's refusal accuses it.
        ("The Front rejected the plan, an Arlandian official said.", {("Arland", "OPPOSE")}),
        # A mediator reporting a refusal only reports it.
        ("The Front rejected the plan, a Norwegian official said.", {("Free Coast Front", "REJECT")}),
        # A named speaker holds what they say their side does.
        ("Rinn said Arland would never withdraw its troops.", {("Tomas Rinn", "INSIST")}),
        # "States" in a name is no reporting verb.
        ("The Front welcomed the plan after the United States abstained.", {("Free Coast Front", "SUPPORT")}),
        # Speakers are resolved in order: "the group" is the one named before, "told Norway" names no speaker.
        ("Borvia met the mediators on Monday. The group told Norway it stood by its demand for a truce.",
         {("Borvia", "CONSULT"), ("Borvia", "INSIST")}),
        # Who must do something is asked; the speaker asks it, named or not.
        ("An Arlandian official said Borvia must pull its troops out of the Salt Ridge.", {("Arland", "DEMAND")}),
        # Coordinated adjectives name every actor they stand for.
        ("Arlandian and Norwegian officials welcomed the plan.", {("Arland", "SUPPORT"), ("Norway", "SUPPORT")}),
    ],
)
def test_who_holds_a_reported_stance(nlp, text, expected):
    assert {(c.actor, c.act) for c in run(nlp, text).claims} == expected


def test_its_delegation_is_the_side_named_before_whoever_it_met(nlp_sm):
    text = ("Borvia rejected the plan on Friday. Its delegation, which met the mediators in Oslo on Saturday, "
            "said it would not accept any new conditions.")
    assert {c.actor for c in run(nlp_sm, text).claims} == {"Borvia"}


def test_a_clause_before_and_a_later_speaker_is_its_subjects_own(nlp_sm):
    claims = run(nlp_sm, "Arland rejected the plan on Monday, and Rinn said on Tuesday that Borvia would study it.").claims
    assert {(c.actor, c.act) for c in claims} == {("Arland", "REJECT"), ("Tomas Rinn", "CONSIDER")}


def test_a_stance_noun_with_its_owner_is_the_owners_whoever_reports_it(nlp_sm):
    claims = run(nlp_sm, "Rinn explained that Borvia's goal is to keep troops in the Salt Ridge.").claims
    assert {c.actor for c in claims} == {"Borvia"}


def test_adjective_with_its_head_noun_is_coordinated(nlp_sm):
    # Needs the parse: without one the nearest name left of the act is taken.
    claims = run(nlp_sm, "Arlandian officials and Borvia welcomed the plan.").claims
    assert {(c.actor, c.act) for c in claims} == {("Arland", "SUPPORT"), ("Borvia", "SUPPORT")}
