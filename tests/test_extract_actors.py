"""The record's actors: name variants of the gazetteer, who counts as taking part, titles, candidates."""

from __future__ import annotations

import pytest

from parley.extract.actors import ActorIndex, actor_patterns
from parley.extract.collect import _countable
from tests.fixtures_x2 import PACK_X2, nlp_x2, nlp_x2_sm, run_x2  # noqa: F401  (fixtures)


def _patterns(actor: str) -> set[str]:
    return {p["pattern"] for p in actor_patterns(PACK_X2) if p.get("id") == actor and p["label"] == "ACTOR"}


@pytest.mark.parametrize(
    "actor, written",
    [
        ("Arlandian Intelligence Service", "Arland\u2019s Intelligence Service"),  # possessive of the adjective's owner
        ("Arlandian Intelligence Service", "Arland's Intelligence Service"),
        ("Arlandian Intelligence", "Arland's Intelligence"),
        ("Mediators", "Mediators"),  # a lower-case alias at the start of a sentence
        ("Lena Dask", "Coast Minister"),  # a title alias written as part of a name: "Coast Minister Lena Dask"
    ],
)
def test_name_variants_in_the_gazetteer(actor, written):
    assert written in _patterns(ActorIndex(PACK_X2).get(actor).name)


def test_of_the_variants():
    pack = PACK_X2.model_copy(update={"actors": [*PACK_X2.actors[:1], PACK_X2.actors[0].model_copy(
        update={"name": "Coast families", "type": "faction", "role": "faction", "aliases": ["relatives of captives"], "adjectives": []})]})
    patterns = {p["pattern"] for p in actor_patterns(pack) if p.get("id") == "Coast families"}
    assert {"relatives of captives", "relatives of the captives", "Relatives of the captives"} <= patterns


@pytest.mark.parametrize(
    "text, present, absent",
    [
        # A pack person counts when merely named, whatever the role.
        ("The truce was opposed by hard-line ministers such as Lena Dask.", {"Lena Dask"}, set()),
        # "the mediators" name nobody in particular.
        ("The mediators said Arland and Borvia would meet again on Friday.", {"Arland", "Borvia"}, {"Mediators"}),
        # The possessive form finds the body.
        ("Arland's Intelligence Service said it had sent a delegation to Oslo.", {"Arlandian Intelligence Service"}, set()),
    ],
)
def test_who_counts_as_taking_part(nlp_x2, text, present, absent):
    actors = {m.actor for m in run_x2(nlp_x2, text).mentions}
    assert present <= actors, actors
    assert not absent & actors, actors


@pytest.mark.parametrize(
    "actor, label, countable",
    [
        ("Rafah", "PERSON", False),  # one word, never named in full: a place or a ship as often as a person
        ("Ana Kerr", "PERSON", True),
        ("Palestinian", "NORP", False),  # an adjective of a group
        ("Palestinians", "NORP", True),
        ("Fatah", "ORG", True),
        ("Mediators", "", False),
        ("Arland", "", True),
    ],
)
def test_countable_candidates(actor, label, countable):
    assert _countable(ActorIndex(PACK_X2), actor, label) is countable
