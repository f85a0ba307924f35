"""The domain content of the case packs: valid, consistent, and in step with the gold files."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from parley.packs.loader import load_pack
from parley.packs.schema import ActorEntry, IssueEntry, Lexicon, Outcome, Pack, PackMeta

ROOT = Path(__file__).parents[1]
PACKS = ROOT / "parley" / "packs"
GUIDE = ROOT.parent / "shared" / "annotation-guide.md"
# pack name -> example corpus annotated with its actors
CASES = {"gaza-2024": "gaza-2024", "black-sea-grain": "black-sea-grain", "sudan-jeddah-2023": "sudan-jeddah-2023", "iran-nuclear-vienna-2021": "iran-nuclear-vienna-2021", "ethiopia-tigray-2022": "ethiopia-tigray-2022"}


def read(pack: str, name: str) -> dict:
    return yaml.safe_load((PACKS / pack / f"{name}.yaml").read_text(encoding="utf-8")) or {}


def own_pack(pack: str) -> Pack:
    """The pack built from its own files only, without the generic pack it extends."""
    return Pack(
        meta=PackMeta(**read(pack, "pack")),
        actors=[ActorEntry(**actor) for actor in read(pack, "actors")["actors"]],
        issues=[IssueEntry(**issue) for issue in read(pack, "issues")["issues"]],
        lexicon=Lexicon(**read(pack, "lexicon")),
        outcomes=[Outcome(**outcome) for outcome in read(pack, "outcomes")["outcomes"]],
    )


def guide_issue_ids() -> set[str]:
    """The issue ids of the guide's table (the generic pack's copy when the guide is absent)."""
    if GUIDE.is_file():
        section = GUIDE.read_text(encoding="utf-8").split("## Issues", 1)[1].split("\n## ", 1)[0]
        return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
    return {issue["id"] for issue in read("generic", "issues")["issues"]}


def gold_records(pack: str) -> list[dict]:
    path = ROOT / "examples" / "gold" / f"{CASES[pack]}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module", params=sorted(CASES))
def pack(request: pytest.FixtureRequest) -> Pack:
    return own_pack(request.param)


def test_pack_meta_names_its_folder(pack: Pack) -> None:
    assert pack.name in CASES
    assert pack.meta.extends == "generic"
    assert pack.meta.description


def test_issue_ids_are_the_guides(pack: Pack) -> None:
    unknown = {issue.id for issue in pack.issues} - guide_issue_ids()
    assert not unknown, f"{pack.name}: issues not in the annotation guide: {unknown}"


def test_every_actor_has_a_capability_and_an_affiliation(pack: Pack) -> None:
    for actor in pack.actors:
        assert actor.capability is not None, f"{pack.name}: {actor.name} has no capability"
        assert actor.affiliation or actor.offices, f"{pack.name}: {actor.name} has neither affiliation nor offices"


def test_office_entities_are_actors_and_ranges_are_ordered(pack: Pack) -> None:
    names = {actor.name for actor in pack.actors}
    for actor in pack.actors:
        for office in actor.offices:
            assert office.entity in names, f"{pack.name}: {actor.name} speaks for unknown {office.entity!r}"
            if office.start and office.end:
                assert office.start < office.end, f"{pack.name}: {actor.name} office {office.title} ends before it starts"


def test_names_and_aliases_point_to_one_actor(pack: Pack) -> None:
    owner: dict[str, str] = {}
    for actor in pack.actors:
        for key in {actor.name.casefold(), *(alias.casefold() for alias in actor.aliases)}:
            assert owner.setdefault(key, actor.name) == actor.name, f"{pack.name}: {key!r} names {owner[key]} and {actor.name}"


def test_scales_anchors_and_options_line_up(pack: Pack) -> None:
    for issue in pack.issues:
        if issue.scale is None:
            assert not issue.options, f"{pack.name}: {issue.id} has options but no scale"
            continue
        positions = [anchor.position for anchor in issue.scale.anchors]
        assert positions == sorted(set(positions)), f"{pack.name}: {issue.id} anchors must be unique and ordered"
        assert all(0 <= position <= 100 for position in positions)
        assert all(anchor.phrases for anchor in issue.scale.anchors), f"{pack.name}: {issue.id} anchor without phrases"
        assert issue.scale.status_quo is not None, f"{pack.name}: {issue.id} has no status quo"
        assert 3 <= len(issue.options) <= 5, f"{pack.name}: {issue.id} needs 3-5 options"
        # Package deals spread named options evenly over the scale: they must sit on the anchors.
        evenly = [100 * i / (len(issue.options) - 1) for i in range(len(issue.options))]
        by_position = {anchor.position: anchor.label for anchor in issue.scale.anchors}
        assert [by_position.get(position) for position in evenly] == issue.options, f"{pack.name}: {issue.id}"


def test_every_scaled_issue_has_one_outcome(pack: Pack) -> None:
    scaled = {issue.id for issue in pack.issues if issue.scale}
    outcomes = [outcome.issue for outcome in pack.outcomes]
    assert len(outcomes) == len(set(outcomes)), f"{pack.name}: repeated outcomes"
    assert scaled <= set(outcomes), f"{pack.name}: scaled issues without an outcome: {scaled - set(outcomes)}"
    merged = load_pack(pack.name)
    for outcome in pack.outcomes:
        assert merged.issue(outcome.issue) is not None and merged.issue(outcome.issue).scale is not None
        assert outcome.date is not None and outcome.note.strip()


@pytest.mark.parametrize("name", sorted(CASES))
def test_loader_merges_the_pack_over_generic(name: str) -> None:
    merged, own = load_pack(name), own_pack(name)
    assert merged.name == name
    assert {actor.name for actor in own.actors} <= {actor.name for actor in merged.actors}
    assert {issue.id for issue in merged.issues} == guide_issue_ids()
    assert len(merged.outcomes) == len(own.outcomes)
    for issue in own.issues:
        assert set(issue.keywords) <= set(merged.issue(issue.id).keywords)
        if issue.scale is not None:
            assert merged.issue(issue.id).scale == issue.scale


@pytest.mark.parametrize("name", sorted(CASES))
def test_gold_actors_are_known_with_their_office_of_the_day(name: str) -> None:
    merged = load_pack(name)
    for record in gold_records(name):
        day = dt.date.fromisoformat(record["date"]) if len(record["date"]) == 10 else None
        for actor in record["actors"]:
            entry = merged.actor(actor["name"])
            assert entry is not None and entry.name == actor["name"], f"{record['id']}: {actor['name']} not in {name}"
            assert entry.type == actor["type"], f"{record['id']}: {actor['name']} type"
            office = entry.office_on(day)
            if office is not None:
                assert actor["affiliation"] == f"{office.entity} / {office.title}", f"{record['id']}: {actor['name']}"
            elif entry.offices:
                assert "former" in actor["affiliation"], f"{record['id']}: {actor['name']} holds no office on {day}"
