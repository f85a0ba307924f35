"""Domains: JSON form and its validation errors, and domains built from the stakeholder model."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from parley.deals.domain import SHAPES, Domain, domain_from_model, read_domain, register_shape, write_domain
from parley.errors import ModelInputError, UsageError
from parley.model.table import Entry, IssueScale, StakeholderModel
from parley.packs.schema import ActorEntry, IssueEntry, Pack, PackMeta, Scale

VALID = {
    "issues": [{"name": "truce", "values": ["none", "weeks", "permanent"]}, {"name": "aid", "values": ["low", "high"]}],
    "parties": [
        {"name": "A", "weights": {"truce": 0.25, "aid": 0.75},
         "utilities": {"truce": {"none": 1, "weeks": 0.5, "permanent": 0}, "aid": {"low": 0, "high": 1}},
         "reservation": 0.3},
        {"name": "B", "weights": {"truce": 1.0, "aid": 0.0},
         "utilities": {"truce": {"none": 0, "weeks": 0.5, "permanent": 1}, "aid": {"low": 1, "high": 1}},
         "reservation": 0.0},
    ],
}


def _broken(path: str, value: object) -> dict:
    data = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is KeyError:
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("data", "err_msg"),
    [
        ([], r"E351.*\(top level\) must be a JSON object"),
        (_broken("issues", []), r"E351.*issues must be a non-empty list"),
        (_broken("issues.0.values", ["a", "a"]), r"issues\[0\]\.values must not repeat a value"),
        (_broken("issues.0.values", [1, 2]), r"issues\[0\]\.values must be a non-empty list of strings"),
        (_broken("issues.1.name", "truce"), r"issues\[\]\.name must be unique"),
        (_broken("issues.0.extra", 1), r"issues\[0\] must be an object with exactly the keys"),
        (_broken("parties", []), r"parties must be a non-empty list"),
        (_broken("parties.0.reservation", KeyError), r"parties\[0\] must be an object with exactly the keys"),
        (_broken("parties.0.weights.aid", 0.5), r"parties\[0\] \(A\)\.weights must sum to 1. Got 0.75"),
        (_broken("parties.0.weights.truce", -0.25), r"weights.truce must be a number >= 0"),
        (_broken("parties.0.weights", {"truce": 1.0}), r"weights must have one weight for each issue"),
        (_broken("parties.1.utilities.truce.weeks", 1.5),
         r"\(B\)\.utilities\.truce\.weeks must be a number from 0 to 1"),
        (_broken("parties.1.utilities.aid", {"low": 1}), r"utilities\.aid must give a utility to each value"),
        (_broken("parties.1.reservation", "high"), r"\(B\)\.reservation must be a number from 0 to 1"),
        (_broken("parties.1.name", "A"), r"parties\[\]\.name must be unique"),
    ],
)
def test_invalid_domains_name_the_field_and_the_fix(data: object, err_msg: str) -> None:
    with pytest.raises(ModelInputError, match=err_msg):
        Domain.from_dict(data, source="d.json")


def test_json_round_trip(tmp_path: Path) -> None:
    domain = Domain.from_dict(VALID)
    write_domain(domain, tmp_path / "d.json")
    assert read_domain(tmp_path / "d.json") == domain
    assert json.loads((tmp_path / "d.json").read_text()) == Domain.from_dict(VALID).to_dict()
    assert domain.to_dict()["parties"][0]["utilities"]["truce"]["weeks"] == 0.5


@pytest.mark.parametrize(("content", "err_msg"), [("{not json", r"E350.*Cannot read the domain file"),
                                                   ('{"issues": 3}', r"E351.*issues must be a non-empty list")])
def test_unreadable_domain_file(tmp_path: Path, content: str, err_msg: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ModelInputError, match=err_msg):
        read_domain(path)


def _model(status_quo: float | None = None) -> StakeholderModel:
    return StakeholderModel(
        entries=[
            Entry("Israel", "ceasefire", position=20, salience=0.9, capability=0.9),
            Entry("Israel", "hostages", position=100, salience=0.3, capability=0.9),
            Entry("Hamas", "ceasefire", position=100, salience=0.6, capability=0.4),
            Entry("Hamas", "hostages", position=40, salience=0.6, capability=0.4),
            Entry("Qatar", "ceasefire", position=75, salience=0.5, capability=0.3),
        ],
        issues=[IssueScale("ceasefire", status_quo=status_quo), IssueScale("hostages")],
    )


@pytest.mark.parametrize(
    ("shape", "party", "issue", "expected"),
    [
        # points=5 -> values at 0, 25, 50, 75, 100; Israel sits at 20 on the ceasefire scale.
        ("linear", 0, "ceasefire", [0.8, 0.95, 0.7, 0.45, 0.2]),
        ("quadratic", 0, "ceasefire", [1 - 0.2**2, 1 - 0.05**2, 1 - 0.3**2, 1 - 0.55**2, 1 - 0.8**2]),
        ("linear", 1, "hostages", [0.6, 0.85, 0.9, 0.65, 0.4]),
        ("linear", 2, "hostages", [1.0] * 5),  # Qatar has no stake: indifferent, weight 0
    ],
)
def test_domain_from_model_utilities(shape: str, party: int, issue: str, expected: list) -> None:
    domain = domain_from_model(_model(), shape=shape)
    assert domain.issues[0].values == ("0", "25", "50", "75", "100")
    assert list(domain.parties[party].utilities[issue].values()) == pytest.approx(expected)


def test_domain_from_model_weights_and_reservations() -> None:
    domain = domain_from_model(_model(status_quo=0.0))
    israel, hamas, qatar = domain.parties
    assert israel.weights == pytest.approx({"ceasefire": 0.75, "hostages": 0.25})
    assert qatar.weights == {"ceasefire": 1.0, "hostages": 0.0}
    # Ceasefire status quo 0: Israel (at 20) keeps 0.8 of it; hostages has none: half its weight.
    assert israel.reservation == pytest.approx(0.75 * 0.8 + 0.25 * 0.5)
    assert hamas.reservation == pytest.approx(0.5 * 0.0 + 0.5 * 0.5)
    assert domain_from_model(_model()).parties[0].reservation == pytest.approx(0.5)


def test_exponential_shape_is_convex_and_bounded() -> None:
    domain = domain_from_model(_model(), shape="exponential", points=3)
    values = list(domain.parties[1].utilities["ceasefire"].values())  # Hamas at 100
    assert values[-1] == pytest.approx(1.0) and values[0] == pytest.approx(0.0)
    assert values[1] < 0.5  # convex: half way loses more than half


def test_pack_options_and_status_quo_are_used() -> None:
    pack = Pack(meta=PackMeta(name="t"), issues=[
        IssueEntry(id="ceasefire", label="Ceasefire", options=["none", "phase 1", "permanent"],
                   scale=Scale(low="none", high="permanent", status_quo=100)),
    ])
    domain = domain_from_model(_model(), pack=pack)
    assert domain.issues[0].values == ("none", "phase 1", "permanent")
    assert domain.issues[1].values == ("0", "25", "50", "75", "100")
    # Hamas (at 100) gets its best ceasefire value from the status quo 100.
    assert domain.parties[1].reservation == pytest.approx(0.5 * 1.0 + 0.5 * 0.5)


def test_registered_shape_is_available() -> None:
    register_shape("step")(lambda d: (d < 0.3).astype(float))
    try:
        domain = domain_from_model(_model(), shape="step", points=5)
        assert list(domain.parties[0].utilities["ceasefire"].values()) == [1, 1, 0, 0, 0]  # distances .2 .05 .3 .55 .8
    finally:
        del SHAPES["step"]


@pytest.mark.parametrize(
    ("kwargs", "error", "err_msg"),
    [
        ({"shape": "cubic"}, UsageError, r"E355.*must be one of \['exponential', 'linear', 'quadratic'\]"),
        ({"points": 1}, UsageError, r"points must be an integer >= 2. Got 1"),
    ],
)
def test_domain_from_model_bad_arguments(kwargs: dict, error: type, err_msg: str) -> None:
    with pytest.raises(error, match=err_msg):
        domain_from_model(_model(), **kwargs)


def test_empty_model_is_an_error() -> None:
    with pytest.raises(ModelInputError, match=r"E354.*the model has no entries"):
        domain_from_model(StakeholderModel(entries=[]))


def _pack_with_roles() -> Pack:
    return Pack(meta=PackMeta(name="t"), actors=[
        ActorEntry(name="Israel", type="state", role="party"),
        ActorEntry(name="Hamas", type="armed_group", role="party"),
        ActorEntry(name="Qatar", type="state", role="mediator"),
        ActorEntry(name="Mossad", type="government_body", role="party", affiliation="Israel / Mossad"),
    ])


@pytest.mark.parametrize(
    ("actors", "expected"),
    [
        (["Israel", "Hamas", "Qatar", "Mossad"], ["Israel", "Hamas"]),  # principals only
        (["Israel", "Qatar", "Mossad"], ["Israel", "Mossad"]),  # one principal: every 'party' actor
        (["Israel", "Qatar"], ["Israel", "Qatar"]),  # one 'party' actor: everyone
    ],
)
def test_parties_default_to_the_packs_principals(actors: list, expected: list) -> None:
    entries = [Entry(actor, issue, position=50, salience=0.5, capability=0.5)
               for actor in actors for issue in ("ceasefire", "hostages")]
    domain = domain_from_model(StakeholderModel(entries=entries), pack=_pack_with_roles())
    assert domain.party_names == expected


def test_chosen_parties_and_issues() -> None:
    domain = domain_from_model(_model(), parties=["Hamas", "Qatar"], issues=["ceasefire"])
    assert domain.party_names == ["Hamas", "Qatar"]
    assert [issue.name for issue in domain.issues] == ["ceasefire"]
    assert domain.parties[0].weights == {"ceasefire": 1.0}


@pytest.mark.parametrize(
    ("kwargs", "err_msg"),
    [
        ({"parties": ["Egypt"]}, r"E354.*no actor named \['Egypt'\] in the model"),
        ({"issues": ["aid"]}, r"E354.*no entry on the issue\(s\) \['aid'\]. Choose among"),
        ({"parties": ["Qatar", "Israel"], "issues": ["hostages"]},
         r"E354.*the party 'Qatar' has no entry on \['hostages'\]"),
    ],
)
def test_bad_parties_or_issues(kwargs: dict, err_msg: str) -> None:
    with pytest.raises(ModelInputError, match=err_msg):
        domain_from_model(_model(), **kwargs)
