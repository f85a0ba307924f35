"""The scorer of ``parley eval``: the annotation guide's rules on hand-made records."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.extract.record import Record, read_records
from parley.extract.scoring import evaluate, quotes_overlap, words
from parley.packs import load_pack

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "seeds.jsonl"


def record(rid: str = "r", **fields) -> Record:
    return Record.model_validate({"id": rid, **fields})


def actor(name: str, kind: str = "state") -> dict:
    return {"name": name, "type": kind, "affiliation": name, "role": "party"}


def stance(who: str, act: str, issue: str, quote: str) -> dict:
    return {"actor": who, "act": act, "issue": issue, "position": None, "quote": quote}


def proposal(proposers: list[str], terms: dict[str, str], name: str = "plan") -> dict:
    return {"name": name, "proposer": proposers, "date": None, "terms": terms, "reactions": []}


QUOTE = "the army will stay in the border strip for now"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """Generic issues plus two actors with aliases."""
    folder = tmp_path_factory.mktemp("packs") / "scoring"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: scoring\n")
    (folder / "actors.yaml").write_text(
        "actors:\n"
        "  - {name: Ruritania, type: state, role: party, aliases: [Ruritanian government, Rurs]}\n"
        "  - {name: Blue Army, type: armed_group, role: party, aliases: [the Blues]}\n"
    )
    return load_pack(folder)


def test_gold_against_itself_is_perfect():
    if not GOLD.is_file():
        pytest.skip("../shared/gold/seeds.jsonl is not present")
    gold = read_records(GOLD)
    scores = evaluate(gold, gold).to_dict()
    for part in ("actors", "issues", "stances", "proposals"):
        assert scores[part] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}, part
    assert scores["status"] == {"accuracy": 1.0}
    assert scores["records"] == len(gold)


def test_perfect_prediction_of_a_full_record(pack):
    gold = record(
        actors=[actor("Ruritania"), actor("Blue Army", "armed_group")],
        issues=["ceasefire", "troop_withdrawal"],
        stances=[stance("Ruritania", "INSIST", "troop_withdrawal", QUOTE)],
        proposals=[proposal(["Blue Army"], {"ceasefire": "six weeks"})],
        status={"signal": "stalled"},
    )
    scores = evaluate([gold], [gold], pack=pack).to_dict()
    assert {scores[part]["f1"] for part in ("actors", "issues", "stances", "proposals")} == {1.0}
    assert scores["status"]["accuracy"] == 1.0


ACTOR_CASES = [
    # gold names, predicted names, (precision, recall)
    (["Ruritania", "Blue Army"], ["Rurs", "the Blues"], (1.0, 1.0)),
    (["Ruritania", "Blue Army"], ["ruritanian GOVERNMENT"], (1.0, 0.5)),
    (["Ruritania"], ["Ruritania", "Rurs", "Green League"], (0.5, 1.0)),
    (["Ruritania"], ["Green League"], (0.0, 0.0)),
    (["Green  League"], ["green league"], (1.0, 1.0)),
]


@pytest.mark.parametrize("gold_names,pred_names,expected", ACTOR_CASES)
def test_actors_fold_aliases(pack, gold_names, pred_names, expected):
    gold = record(actors=[actor(name) for name in gold_names])
    pred = record(actors=[actor(name) for name in pred_names])
    scores = evaluate([gold], [pred], pack=pack).actors
    assert (scores.precision, scores.recall) == pytest.approx(expected)


ISSUE_CASES = [
    (["ceasefire"], ["ceasefire"], 1.0),
    (["ceasefire_duration"], ["ceasefire"], 0.5),  # child predicted as parent
    (["troop_withdrawal"], ["philadelphi_corridor"], 0.5),  # parent predicted as child
    (["ceasefire_duration"], ["ceasefire_permanence"], 0.0),  # siblings earn nothing
    (["ceasefire", "ceasefire_duration"], ["ceasefire_duration"], 2 / 3),  # exact first: P=1, R=1/2
    (["hostage_release"], ["prisoner_release"], 0.0),
]


@pytest.mark.parametrize("gold_issues,pred_issues,f1", ISSUE_CASES)
def test_issue_parent_child_half_credit(pack, gold_issues, pred_issues, f1):
    scores = evaluate([record(issues=gold_issues)], [record(issues=pred_issues)], pack=pack)
    assert scores.issues.f1 == pytest.approx(f1)


def test_issues_include_stance_and_term_issues(pack):
    gold = record(issues=["ceasefire"], stances=[stance("Ruritania", "DEMAND", "hostage_release", QUOTE)])
    pred = record(proposals=[proposal(["Ruritania"], {"ceasefire": "x", "hostage_release": "y"})])
    assert evaluate([gold], [pred], pack=pack).issues.f1 == 1.0


STANCE_CASES = [
    # predicted stance, credit against gold stance("Ruritania", "INSIST", "troop_withdrawal", QUOTE)
    (stance("Ruritania", "INSIST", "troop_withdrawal", QUOTE), 1.0),
    (stance("Rurs", "INSIST", "troop_withdrawal", "army will stay in"), 1.0),  # alias + shorter quote
    (stance("Ruritania", "DEMAND", "troop_withdrawal", QUOTE), 0.5),  # INSIST<->DEMAND
    (stance("Ruritania", "INSIST", "philadelphi_corridor", QUOTE), 0.5),  # child issue
    (stance("Ruritania", "DEMAND", "philadelphi_corridor", QUOTE), 0.25),  # both halves
    (stance("Ruritania", "REJECT", "troop_withdrawal", QUOTE), 0.0),
    (stance("Blue Army", "INSIST", "troop_withdrawal", QUOTE), 0.0),  # wrong actor
    (stance("Ruritania", "INSIST", "ceasefire", QUOTE), 0.0),  # unrelated issue
    (stance("Ruritania", "INSIST", "troop_withdrawal", "border strip was quiet"), 0.0),  # shares 2 words only
]


@pytest.mark.parametrize("pred_stance,credit", STANCE_CASES)
def test_stance_credit(pack, pred_stance, credit):
    gold = record(stances=[stance("Ruritania", "INSIST", "troop_withdrawal", QUOTE)])
    pred = record(stances=[pred_stance])
    scores = evaluate([gold], [pred], pack=pack).stances
    assert (scores.precision, scores.recall) == pytest.approx((credit, credit))


def test_oppose_reject_half_match(pack):
    gold = record(stances=[stance("Blue Army", "OPPOSE", "overall_deal", "we oppose this plan entirely")])
    pred = record(stances=[stance("the Blues", "REJECT", "overall_deal", "oppose this plan")])
    assert evaluate([gold], [pred], pack=pack).stances.f1 == pytest.approx(0.5)


def test_stance_matching_is_one_to_one(pack):
    gold = record(stances=[stance("Ruritania", "INSIST", "troop_withdrawal", QUOTE)])
    pred = record(stances=[stance("Ruritania", "INSIST", "troop_withdrawal", QUOTE)] * 3)
    scores = evaluate([gold], [pred], pack=pack)
    assert scores.stances.precision == pytest.approx(1 / 3)
    assert scores.stances.recall == 1.0
    assert len(scores.details[0].extra["stances"]) == 2


def test_greedy_prefers_the_closer_quote(pack):
    """Two gold stances that differ only in quote go to the predictions that quote them best."""
    first, second = "we will stay in the strip", "we will stay in the strip until the smuggling ends"
    gold = record(stances=[stance("Ruritania", "INSIST", "troop_withdrawal", q) for q in (first, second)])
    pred = record(stances=[stance("Ruritania", "INSIST", "troop_withdrawal", q) for q in (second, first)])
    assert evaluate([gold], [pred], pack=pack).stances.f1 == 1.0


OVERLAP_CASES = [
    ("a new proposal to Hamas", "Egypt presented a new proposal", True),  # shared run of 3
    ("a new plan", "a new proposal", False),  # shared run of 2 only
    ("ceasefire", "a ceasefire now", True),  # one contains the other
    ("Ceasefire!", "CEASEFIRE", True),  # case and punctuation do not count
    ("Blinken\u2019s bridging offer", "Blinken's bridging offer", True),  # curly apostrophe
    ("truce", "a ceasefire now", False),
    ("", "anything at all", False),
    ("one two", "two one", False),
]


@pytest.mark.parametrize("first,second,expected", OVERLAP_CASES)
def test_quote_overlap_boundaries(first, second, expected):
    assert quotes_overlap(first, second) is expected
    assert quotes_overlap(second, first) is expected


def test_words_normalise():
    assert words("Israel\u2019s goal, in FULL.") == ["israel", "s", "goal", "in", "full"]


PROPOSAL_CASES = [
    # gold proposal, predicted proposal, matched
    (proposal(["Ruritania"], {"ceasefire": "a"}), proposal(["Rurs"], {"ceasefire": "b"}), True),
    (proposal(["Ruritania"], {"ceasefire": "a"}), proposal(["Rurs"], {"hostage_release": "b"}), False),
    (proposal(["Ruritania"], {"ceasefire": "a"}), proposal(["Blue Army"], {"ceasefire": "a"}), False),
    (proposal(["Ruritania"], {}), proposal(["Ruritania"], {"ceasefire": "b"}), True),  # no gold terms
    (proposal(["Ruritania"], {"ceasefire": "a"}), proposal(["Ruritania"], {}), False),
    (proposal(["Ruritania", "Blue Army"], {"ceasefire": "a"}), proposal(["the Blues"], {"ceasefire": "a"}), True),
]


@pytest.mark.parametrize("gold_proposal,pred_proposal,matched", PROPOSAL_CASES)
def test_proposal_matching(pack, gold_proposal, pred_proposal, matched):
    scores = evaluate([record(proposals=[gold_proposal])], [record(proposals=[pred_proposal])], pack=pack)
    assert scores.proposals.f1 == (1.0 if matched else 0.0)


def test_status_accuracy_and_missing_records(pack):
    gold = [record("a", status={"signal": "progress"}), record("b", status={"signal": "none"}), record("c")]
    pred = [record("a", status={"signal": "progress"}), record("b", status={"signal": "stalled"}), record("z")]
    scores = evaluate(gold, pred, pack=pack)
    # "c" has no prediction: its status counts as wrong even though both would be "none".
    assert scores.status_accuracy == pytest.approx(1 / 3)
    assert scores.records == 3
    assert scores.unscored == ["z"]
    assert [detail.predicted for detail in scores.details] == [True, True, False]
    assert scores.details[1].status == ("none", "stalled")


def test_missing_record_misses_everything(pack):
    gold = [
        record("a", actors=[actor("Ruritania")], issues=["ceasefire"]),
        record("b", actors=[actor("Blue Army")], issues=["ceasefire"]),
    ]
    scores = evaluate(gold, [gold[0]], pack=pack)
    assert (scores.actors.precision, scores.actors.recall) == (1.0, 0.5)
    assert scores.details[1].missed["actors"] == ["Blue Army"]


def test_micro_average_over_records(pack):
    gold = [record("a", issues=["ceasefire"]), record("b", issues=["hostage_release", "prisoner_release", "aid"])]
    pred = [record("a", issues=["ceasefire"]), record("b", issues=["hostage_release"])]
    scores = evaluate(gold, pred, pack=pack).issues
    # micro: 2 credits / 2 predictions, 2 credits / 4 gold (a macro average would give recall 2/3)
    assert (scores.precision, scores.recall) == (1.0, 0.5)


def test_empty_parts_score_one(pack):
    scores = evaluate([record()], [record()], pack=pack).to_dict()
    assert scores["stances"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_details_list_missed_extra_and_partial(pack):
    gold = record(
        stances=[
            stance("Ruritania", "INSIST", "troop_withdrawal", QUOTE),
            stance("Blue Army", "REJECT", "overall_deal", "we reject the plan"),
        ]
    )
    pred = record(
        stances=[
            stance("Ruritania", "DEMAND", "troop_withdrawal", QUOTE),
            stance("Green League", "SUPPORT", "overall_deal", "we back the plan"),
        ]
    )
    detail = evaluate([gold], [pred], pack=pack).to_dict(details=True)["details"][0]
    assert [s["actor"] for s in detail["missed"]["stances"]] == ["Blue Army"]
    assert [s["actor"] for s in detail["extra"]["stances"]] == ["Green League"]
    assert detail["partial"][0]["credit"] == 0.5
