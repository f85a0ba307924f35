"""Building the stakeholder model from claims, and manual overrides on top."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from parley.errors import ModelInputError, NotFoundError, UsageError
from parley.model.build import FIRM_ACTS, ModelSettings, build_model, claim_weights
from parley.model.overrides import add_override, list_overrides, remove_override
from parley.packs.schema import ActorEntry, IssueEntry, Pack, PackMeta, Scale
from parley.store.claims import claim_table, effective_claims
from tests.fixtures_claims import random_store, reference_weight
from tests.fixtures_model import add_claim, add_report, fresh_store

D = dt.date


@pytest.fixture
def store():
    store = fresh_store()
    add_report(store, "old", D(2024, 5, 1))
    add_report(store, "new", D(2024, 7, 1))
    return store


def _entry(model, actor, issue="i"):
    return next(e for e in model.entries if e.actor == actor and e.issue == issue)


@pytest.mark.parametrize("half_life", [10.0, 60.0, 365.0])
def test_position_is_recency_and_confidence_weighted(store, half_life):
    old = add_claim(store, "old", position=20.0, confidence=0.9)
    new = add_claim(store, "new", position=80.0, confidence=0.6)
    model = build_model(store, as_of=D(2024, 7, 1), half_life_days=half_life)
    w_old = 0.9 * 0.5 ** ((D(2024, 7, 1) - D(2024, 5, 1)).days / half_life)
    w_new = 0.6
    entry = _entry(model, "A")
    assert entry.position == pytest.approx((20 * w_old + 80 * w_new) / (w_old + w_new), abs=1e-3)
    assert entry.claims == (old, new)


def test_as_of_excludes_later_claims(store):
    add_claim(store, "old", position=20.0)
    add_claim(store, "new", position=80.0)
    assert _entry(build_model(store, as_of=D(2024, 6, 1)), "A").position == 20.0


def test_near_duplicates_count_once_but_stay_as_evidence(store):
    first = add_claim(store, "new", position=30.0)
    copy = add_claim(store, "new", position=90.0, independent=False)
    single = add_claim(store, "new", actor="B", position=30.0)
    model = build_model(store)
    a, b = _entry(model, "A"), _entry(model, "B")
    assert a.position == 30.0 and a.claims == (first, copy)
    assert a.confidence == b.confidence and b.claims == (single,)


def test_firm_acts_raise_salience(store):
    add_claim(store, "new", actor="Firm", act="INSIST")
    add_claim(store, "new", actor="Soft", act="CONSIDER")
    model = build_model(store)
    settings = ModelSettings()
    assert _entry(model, "Firm").salience - _entry(model, "Soft").salience == pytest.approx(settings.firm_weight)


def test_salience_follows_attention(store):
    for _ in range(3):
        add_claim(store, "new", issue="main")
    add_claim(store, "new", issue="side")
    model = build_model(store)
    assert _entry(model, "A", "main").salience > _entry(model, "A", "side").salience


@pytest.mark.parametrize("claims, older", [(1, False), (3, False), (1, True)])
def test_confidence_grows_with_fresh_evidence(store, claims, older):
    for _ in range(claims):
        add_claim(store, "old" if older else "new", confidence=0.8)
    entry = _entry(build_model(store, as_of=D(2024, 7, 1)), "A")
    age = 61 if older else 0
    evidence = claims * 0.8 * 0.5 ** (age / 60)
    assert entry.confidence == pytest.approx(1 - math.exp(-evidence), abs=1e-4)


def _pack():
    return Pack(
        meta=PackMeta(name="t"),
        actors=[ActorEntry(name="A", type="state", role="party", capability=0.9)],
        issues=[IssueEntry(id="i", label="I", scale=Scale(low="none", high="all", status_quo=10))],
    )


def test_capability_from_pack_else_default(store):
    add_claim(store, "new", actor="A")
    add_claim(store, "new", actor="B")
    model = build_model(store, pack=_pack())
    assert (_entry(model, "A").capability, _entry(model, "B").capability) == (0.9, ModelSettings().default_capability)
    assert model.issues[0].status_quo == 10


def test_overrides_apply_are_flagged_and_removal_keeps_the_row(store):
    add_claim(store, "new", actor="A", position=30.0)
    row = add_override(store, actor="A", issue="i", field="position", value=70, author="ana", reason="briefing")
    add_override(store, actor="A", field="capability", value=0.2, author="ana")
    entry = _entry(build_model(store), "A")
    assert (entry.position, entry.capability, entry.overridden) == (70, 0.2, ("position", "capability"))
    remove_override(store, row.id)
    assert _entry(build_model(store), "A").position == 30.0
    assert [r.removed_at is not None for r in list_overrides(store, include_removed=True)] == [True, False]
    with pytest.raises(NotFoundError, match="E308"):
        remove_override(store, row.id)


@pytest.mark.parametrize(
    "values, err_msg",
    [
        ({"actor": "Nobody", "issue": "i", "field": "position", "value": 10}, r"E306.*'Nobody'.*Known actors: A"),
        ({"actor": "A", "issue": "nope", "field": "position", "value": 10}, r"E307.*'nope'"),
        ({"actor": "A", "issue": "i", "field": "position", "value": 120}, r"E305.*0 to 100.*120"),
        ({"actor": "A", "issue": "i", "field": "salience", "value": 2}, r"E305.*0 to 1"),
        ({"actor": "A", "issue": "i", "field": "mood", "value": 2}, r"E304"),
        ({"actor": "A", "issue": None, "field": "position", "value": 2}, r"E309"),
    ],
)
def test_bad_overrides_raise(store, values, err_msg):
    add_claim(store, "new", actor="A")
    with pytest.raises(ModelInputError, match=err_msg):
        add_override(store, author="ana", **values)


def test_bad_half_life_raises(store):
    with pytest.raises(UsageError, match="E325"):
        build_model(store, half_life_days=0)


FOLD_PACK = Pack(
    meta=PackMeta(name="fold"),
    actors=[
        ActorEntry(name="Atlantis", type="state", role="party"),
        ActorEntry(name="Atlantis Cabinet Office", type="government_body", role="party", affiliation="Atlantis / cabinet"),
        ActorEntry(name="Hard-liner", type="person", role="faction",
                   offices=[{"title": "Minister", "entity": "Atlantis"}]),
        ActorEntry(name="Minister Vale", type="person", role="party",
                   offices=[{"title": "Defence Minister", "entity": "Atlantis", "end": dt.date(2024, 6, 1)}]),
    ],
    issues=[IssueEntry(id="i", label="I")],
)


@pytest.mark.parametrize(
    "speaker, day, principal",
    [
        ("Atlantis Cabinet Office", dt.date(2024, 3, 1), "Atlantis"),  # a body speaks for its entity
        ("Minister Vale", dt.date(2024, 3, 1), "Atlantis"),  # in office
        ("Minister Vale", dt.date(2024, 7, 1), "Minister Vale"),  # out of office: speaks for himself
        ("Hard-liner", dt.date(2024, 3, 1), "Hard-liner"),  # factions keep their own position
        ("Someone Else", dt.date(2024, 3, 1), "Someone Else"),  # unknown to the pack
    ],
)
def test_speakers_fold_into_the_principal_they_speak_for(store, speaker, day, principal):
    add_report(store, "r", day)
    add_claim(store, "r", actor=speaker, position=20.0)
    folded = build_model(store, pack=FOLD_PACK)
    assert [entry.actor for entry in folded.entries] == [principal]
    unfolded = build_model(store, pack=FOLD_PACK, settings=ModelSettings(fold_speakers=False))
    assert [entry.actor for entry in unfolded.entries] == [speaker]


def _reference_entries(claims, reference, settings):
    """The module docstring's formulas as a plain loop over claims, to check the NumPy version against."""
    by_pair = {}
    for claim in claims:
        by_pair.setdefault((claim.actor, claim.issue), []).append(claim)
    weight = {c.id: reference_weight(c, reference, settings.half_life_days) for c in claims}
    attention = {pair: sum(weight[c.id] for c in group) for pair, group in by_pair.items()}
    top = {}
    for (actor, _issue), amount in attention.items():
        top[actor] = max(top.get(actor, 0.0), amount)
    entries = {}
    for (actor, issue), group in by_pair.items():
        positioned = [c for c in group if c.position is not None]
        if not positioned:
            continue
        weights = [weight[c.id] for c in positioned]
        if sum(weights) == 0:
            weights = [c.confidence for c in positioned]
        position = sum(w * c.position for w, c in zip(weights, positioned)) / (sum(weights) or 1.0)
        firm = sum(weight[c.id] for c in group if c.act in FIRM_ACTS)
        firmness = firm / attention[(actor, issue)] if attention[(actor, issue)] else 0.0
        share = attention[(actor, issue)] / top[actor] if top[actor] else 0.0
        salience = settings.salience_floor + settings.attention_weight * share + settings.firm_weight * firmness
        entries[(actor, issue)] = (position, salience, 1 - math.exp(-attention[(actor, issue)]),
                                   tuple(c.id for c in group))
    return entries


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("reference, half_life", [(D(2024, 6, 15), 60.0), (D(2024, 9, 1), 7.0), (D(2024, 1, 1), 30.0)])
def test_claim_weights_match_the_formula(seed, reference, half_life):
    with random_store(seed, claims=80).session() as session:
        claims, table = effective_claims(session), claim_table(session)
    expected = [reference_weight(claim, reference, half_life) for claim in claims]
    assert any(expected) and not all(expected)  # near-duplicates weigh nothing
    assert claim_weights(table, reference, half_life).tolist() == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("as_of", [None, D(2024, 6, 15)])
def test_model_matches_a_loop_over_the_claims(seed, as_of):
    store = random_store(seed, claims=80)
    model = build_model(store, as_of=as_of)
    with store.session() as session:
        claims = effective_claims(session, as_of=as_of)
    dates = [c.date for c in claims if c.date]
    reference = as_of or max(dates)
    expected = _reference_entries(claims, reference, ModelSettings())
    assert model.as_of == reference
    assert {(e.actor, e.issue) for e in model.entries} == set(expected)
    for entry in model.entries:
        position, salience, confidence, ids = expected[(entry.actor, entry.issue)]
        assert (entry.position, entry.salience, entry.confidence) == pytest.approx(
            (round(position, 4), round(salience, 4), round(confidence, 4)), abs=1e-9)
        assert entry.claims == ids


def test_issue_filter_keeps_the_other_issues_out(store):
    add_claim(store, "new", issue="i", position=20.0)
    add_claim(store, "new", issue="j", position=80.0)
    model = build_model(store, issues=["j"])
    assert [(e.issue, e.position) for e in model.entries] == [("j", 80.0)]


@pytest.mark.parametrize("as_of", [None, D(2024, 6, 15)])
def test_a_claim_table_read_once_gives_the_same_model(as_of):
    store = random_store(3, claims=60)
    with store.session() as session:
        table = claim_table(session, as_of=as_of)
    assert build_model(store, as_of=as_of, claims=table) == build_model(store, as_of=as_of)
    only_a = table.take(np.array([actor == "A" for actor in table.actors]))
    assert {entry.actor for entry in build_model(store, as_of=as_of, claims=only_a).entries} == {"A"}
