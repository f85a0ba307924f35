"""Acts read in their context: what a warning, an obligation, a condition or a list makes of an act,
which acts govern others, and the objects and issues the parse gives them."""

from __future__ import annotations

import pytest

from parley.extract.act_issues import object_tokens
from parley.extract.nlp import BLANK, load_nlp, make_doc
from tests.fixtures_extract import PACK, REPORT_DATE, claims_with_actors, nlp_sm, run  # noqa: F401  (fixtures)


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # A verb of going on gives way to the gerund's act.
        ("Norway said it would keep working with both sides to narrow the gaps.", ("MEDIATE", "overall_deal"),
         ("INSIST", "overall_deal")),
        # A warning threatens only a harm the speaker may bring; "without" a thing argues for it.
        ("Borvia warned that without a truce, the region risks a wider war.", ("SUPPORT", "ceasefire"),
         ("THREATEN", "ceasefire")),
        ("Norway warned that the shelling of the port endangered the talks.", ("OPPOSE", "overall_deal"),
         ("THREATEN", "overall_deal")),
        ("Borvia warned that it would walk out of the talks.", ("THREATEN", "overall_deal"), ("OPPOSE", "overall_deal")),
        # A commitment to a step offers it; a commitment to reaching a deal supports it.
        ("Arland committed to restoring aid deliveries.", ("OFFER", "humanitarian_aid"), ("SUPPORT", "humanitarian_aid")),
        ("Arland was committed to reaching a deal.", ("SUPPORT", "overall_deal"), ("OFFER", "overall_deal")),
        # A mediator that meets a side mediates; a party that meets one consults.
        ("Norway met Arlandian officials in Eastport on Monday.", ("MEDIATE", "overall_deal"), ("CONSULT", "negotiation_format")),
        ("Borvia met Arlandian officials in Oslo on Monday.", ("CONSULT", "negotiation_format"), ("MEDIATE", "overall_deal")),
        # Support for sides backs no term; support for a plan does.
        ("Norway reiterated its support for Arland and Borvia, stressing the need for a truce.", ("DEMAND", "ceasefire"),
         ("SUPPORT", "ceasefire")),
        ("Norway voiced support for the Borvian plan.", ("SUPPORT", "overall_deal"), None),
        # A decision is a step in the talks as a whole, whatever the clause goes on to say.
        ("Norway said it deeply regretted the decision and that aid trucks would now wait.", ("OPPOSE", "overall_deal"),
         ("OPPOSE", "humanitarian_aid")),
        # An invitation is to the talks themselves.
        ("Borvia accepted the invitation to the talks in Oslo.", ("ACCEPT", "negotiation_format"), ("ACCEPT", "overall_deal")),
        # A predicate is about what it is said of, not what follows it; said of a text, about the deal.
        ("Vance said a truce is essential to any deal.", ("INSIST", "ceasefire"), ("INSIST", "overall_deal")),
        ("Rinn said a truce deal was the best way to calm the coast.", ("SUPPORT", "overall_deal"), ("SUPPORT", "ceasefire")),
        # What is asked for instead of an issue opposes it.
        ("Arland urged Borvia to consider smaller steps rather than a full withdrawal.", ("OPPOSE", "troop_withdrawal"),
         ("DEMAND", "troop_withdrawal")),
        # "ask" asks for something only with a to-clause; a thing called indispensable is demanded.
        ("Arland asked Borvia to allow more aid trucks.", ("DEMAND", "humanitarian_aid"), None),
        ("Rinn said the withdrawal of Arlandian troops was indispensable.", ("DEMAND", "troop_withdrawal"), None),
    ],
)
def test_act_decided_by_what_follows_it(nlp_sm, text, present, absent):
    found = {(c.act, c.issue) for c in run(nlp_sm, text).claims}
    assert present in found
    assert absent not in found


def test_asking_about_something_asks_for_nothing(nlp_sm):
    assert run(nlp_sm, "Arland asked about the aid trucks.").claims == []


def test_the_formula_of_silence_takes_no_stance(nlp_sm):
    assert run(nlp_sm, "Borvia did not respond to requests for comment.").claims == []
    claims = run(nlp_sm, "Borvia rejected the plan and declined to comment further.").claims
    assert {(c.actor, c.act) for c in claims} == {("Borvia", "REJECT")}


@pytest.mark.parametrize(
    "text, expected",
    [
        # A held position governs the content of its noun, whoever does what it asks ...
        ("Vance held firm on his conditions, particularly the insistence that Arlandian troops stay in the Salt Ridge.",
         {("Peter Vance", "INSIST", "border_delimitation")}),
        # ... but not the work it goes on with.
        ("Norway said it would continue to work with both sides on aid.", {("Norway", "MEDIATE", "humanitarian_aid")}),
        # An obligation after a colon is still the speaker's demand of the one obliged.
        ("Rinn said there was more work to do: Arlandian troops had to leave.", {("Tomas Rinn", "DEMAND", "troop_withdrawal")}),
        # An act deep inside what is demanded is part of the demand ...
        ("Norway stressed the need for Borvia to show goodwill by reconsidering its refusal to accept the plan.",
         {("Norway", "DEMAND", "overall_deal")}),
        # ... but a coordinated act is its own.
        ("Arland demanded a truce and rejected the plan.",
         {("Arland", "DEMAND", "ceasefire"), ("Arland", "REJECT", "overall_deal")}),
    ],
)
def test_acts_governed_by_an_earlier_act(nlp_sm, text, expected):
    assert {(c.actor, c.act, c.issue) for c in run(nlp_sm, text).claims} == expected


def test_the_mediators_in_a_mediators_mouth_are_its_own_side():
    actors = [a.model_copy(update={"role": "mediator"}) if a.name == "United Nations" else a for a in PACK.actors]
    text = "Norway and the UN called for a truce. A Norwegian official said the mediators would keep working."
    claims = claims_with_actors("testland-two-mediators", actors, text)
    assert "Norway" in {c.actor for c in claims if "keep working" in c.quote}
    assert "Mediators" not in {c.actor for c in claims}


@pytest.mark.parametrize(
    "text, trigger, object_word",
    [
        ("Arland called off the visit to Oslo.", (1, 3), "visit"),  # a particle: the object hangs from the verb
        ("Arland called for a truce in the north.", (1, 3), "truce"),  # a preposition: from the preposition
    ],
)
def test_the_object_of_a_phrasal_act(nlp_sm, text, trigger, object_word):
    doc = nlp_sm(text)
    found = {doc[i].text for i in object_tokens(doc[trigger[0] : trigger[1]])}
    assert object_word in found


@pytest.mark.parametrize(
    "text, issue",
    [
        ("They wanted the rest of the agreement carried out at the same pace.", "implementation_compliance"),
        ("Each side would keep its side of the bargain.", "implementation_compliance"),
        ("The envoy called for an end to hostilities.", "ceasefire"),
    ],
)
def test_generic_pack_names_common_phrasings_of_issues(text, issue):
    nlp = load_nlp("generic", BLANK)
    doc = nlp(make_doc(nlp, text, REPORT_DATE))
    assert issue in {span.label_ for span in doc._.parley_issues}
