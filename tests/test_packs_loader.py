"""Loading, merging and validating knowledge packs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from parley.errors import PackError
from parley.packs import available_packs, load_pack, resolve_pack
from parley.packs.skeleton import new_pack

GUIDE = Path(__file__).resolve().parents[1].parent / "shared" / "annotation-guide.md"
PARENTS = {
    "ceasefire_duration": "ceasefire",
    "ceasefire_permanence": "ceasefire",
    "philadelphi_corridor": "troop_withdrawal",
    "netzarim_corridor": "troop_withdrawal",
    "rafah_crossing": "troop_withdrawal",
    "leaders_meeting": "negotiation_format",
}


def write_pack(root: Path, name: str, **files: str) -> Path:
    """A pack folder ``root/name`` with the given YAML files (key ``pack`` -> pack.yaml)."""
    folder = root / name
    folder.mkdir(parents=True)
    files.setdefault("pack", f"name: {name}\n")
    for key, text in files.items():
        (folder / f"{key}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_generic_is_the_default():
    pack = load_pack()
    assert pack.name == "generic"
    assert pack.meta.extends is None
    assert load_pack(None) is load_pack("generic")


def test_generic_has_every_issue_of_the_guide():
    if not GUIDE.is_file():
        pytest.skip("../shared/annotation-guide.md is not present")
    import re

    table = GUIDE.read_text(encoding="utf-8").split("## Issues", 1)[1].split("## ", 1)[0]
    guide_ids = set(re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M))
    assert len(guide_ids) >= 30
    assert {issue.id for issue in load_pack().issues} == guide_ids


@pytest.mark.parametrize("child,parent", sorted(PARENTS.items()))
def test_generic_parent_links(child, parent):
    assert load_pack().issue(child).parent == parent


def test_generic_roots_have_no_parent():
    roots = [issue.id for issue in load_pack().issues if issue.parent is None]
    assert set(roots).isdisjoint(PARENTS)
    assert "ceasefire" in roots


@pytest.mark.parametrize("alias", ["UN", "the United Nations", "united nations"])
def test_generic_actor_aliases(alias):
    assert load_pack().actor(alias).name == "United Nations"


def test_child_pack_merges_with_generic(tmp_path):
    folder = write_pack(
        tmp_path,
        "child",
        actors="""\
            actors:
              - name: United Nations
                type: igo
                role: mediator
                aliases: [UNO]
              - name: Ruritania
                type: state
                role: party
            """,
        issues="""\
            issues:
              - id: ceasefire
                keywords: [armistice, guns fall silent]
              - id: water_rights
                label: Water rights
                keywords: [river]
            """,
        lexicon="""\
            acts:
              DEMAND: [insists on getting]
            outlets: [Ruritanian Herald]
            """,
    )
    pack = load_pack(folder)
    generic = load_pack("generic")
    un = pack.actor("UNO")
    assert un.role == "mediator" and pack.actor("UN") is None  # the child's entry replaces the parent's
    assert pack.actor("Ruritania").type == "state"
    assert len(pack.actors) == len(generic.actors) + 1
    ceasefire = pack.issue("ceasefire")
    assert ceasefire.label == generic.issue("ceasefire").label  # inherited field
    assert "guns fall silent" in ceasefire.keywords and "truce" in ceasefire.keywords
    assert ceasefire.keywords.count("armistice") == 1
    assert ceasefire.scale == generic.issue("ceasefire").scale
    assert pack.issue("water_rights").label == "Water rights"
    assert pack.lexicon.acts["DEMAND"][-1] == "insists on getting"
    assert pack.lexicon.outlets[-1] == "Ruritanian Herald"


def test_lexicon_lists_are_unioned(tmp_path):
    parent = write_pack(tmp_path, "base", pack="name: base\nextends: null\n", lexicon="reporting_verbs: [said, told]\n")
    child = write_pack(tmp_path, "leaf", pack="name: leaf\nextends: ../base\n", lexicon="reporting_verbs: [told, stated]\n")
    assert load_pack(parent).lexicon.reporting_verbs == ["said", "told"]
    assert load_pack(child).lexicon.reporting_verbs == ["said", "told", "stated"]


def test_extends_null_stands_alone(tmp_path):
    folder = write_pack(tmp_path, "alone", pack="name: alone\nextends: null\n")
    pack = load_pack(folder)
    assert pack.actors == [] and pack.issues == []


def test_name_lookup_uses_parley_packs(tmp_path, monkeypatch):
    write_pack(tmp_path / "first", "shared-name", pack="name: first\n")
    write_pack(tmp_path / "second", "shared-name", pack="name: second\n")
    monkeypatch.setenv("PARLEY_PACKS", f"{tmp_path / 'first'}{__import__('os').pathsep}{tmp_path / 'second'}")
    assert load_pack("shared-name").meta.name == "first"
    assert available_packs()["shared-name"] == (tmp_path / "first" / "shared-name").resolve()
    assert "generic" in available_packs()


def test_name_lookup_uses_local_packs_folder(tmp_path, monkeypatch):
    write_pack(tmp_path / "packs", "local", pack="name: local\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARLEY_PACKS", raising=False)
    assert resolve_pack("local") == (tmp_path / "packs" / "local").resolve()


def test_unknown_name_lists_available_packs():
    err_msg = r"\[E250\] No knowledge pack named 'no-such-pack'.*Available packs: .*generic"
    with pytest.raises(PackError, match=err_msg):
        load_pack("no-such-pack")


def test_folder_without_pack_yaml(tmp_path):
    with pytest.raises(PackError, match=r"\[E253\] .*no pack.yaml"):
        load_pack(tmp_path)


def test_extends_cycle(tmp_path):
    write_pack(tmp_path, "a", pack="name: a\nextends: ../b\n")
    write_pack(tmp_path, "b", pack="name: b\nextends: ../a\n")
    with pytest.raises(PackError, match=r"\[E254\] .*a -> b -> a"):
        load_pack(tmp_path / "a")


INVALID = [
    # (file, text, line, field, allowed fragment)
    (
        "actors",
        """\
        actors:
          - name: Ruritania
            type: state
            role: party
          - name: Blue Army
            type: militia
            role: party
        """,
        6,
        "actors.1.type",
        "'state', 'armed_group'",
    ),
    (
        "actors",
        """\
        actors:
          - name: Ruritania
            type: state
            role: party
            capability: 3
        """,
        5,
        "actors.0.capability",
        "less than or equal to 1",
    ),
    (
        "actors",
        """\
        actors:
          - name: Ruritania
            type: state
        """,
        2,
        "actors.0.role",
        "Field required",
    ),
    (
        "issues",
        """\
        issues:
          - id: water_rights
            label: Water
            scale:
              low: none
              high: all
              anchors:
                - {position: 150, label: too far}
        """,
        8,
        "issues.0.scale.anchors.0.position",
        "less than or equal to 100",
    ),
    (
        "issues",
        """\
        issues:
          - id: water_rights
            keywords: [river]
        """,
        2,
        "issues.0.label",
        "Field required",
    ),
    ("lexicon", "acts:\n  GRUMBLE: [moans]\n", 2, "acts.GRUMBLE", "'DEMAND', 'INSIST'"),
    ("outcomes", "outcomes:\n  - issue: ceasefire\n    position: 50\n", 2, "outcomes.0.note", "Field required"),
    ("pack", "name: bad\nextend: generic\n", 2, "extend", "Extra inputs"),
]


@pytest.mark.parametrize("file,text,line,field,allowed", INVALID)
def test_invalid_files_name_file_line_and_field(tmp_path, file, text, line, field, allowed):
    folder = write_pack(tmp_path, "bad", **{file: text})
    err_msg = rf"\[E251\] .*{file}\.yaml, line {line}: the field '{field}' is invalid: .*{allowed}"
    with pytest.raises(PackError, match=err_msg):
        load_pack(folder)


def test_yaml_syntax_error_names_the_line(tmp_path):
    folder = write_pack(tmp_path, "bad", actors="actors:\n  - name: [unclosed\n    type: state\n")
    with pytest.raises(PackError, match=r"\[E252\] .*actors\.yaml, line \d+: not valid YAML"):
        load_pack(folder)


def test_duplicate_actor_names_in_one_file(tmp_path):
    text = "actors:\n  - {name: X, type: state, role: party}\n  - {name: X, type: state, role: other}\n"
    folder = write_pack(tmp_path, "bad", actors=text)
    with pytest.raises(PackError, match=r"\[E255\] .*line 3: the actor 'X' is defined twice"):
        load_pack(folder)


def test_missing_parent_issue(tmp_path):
    folder = write_pack(tmp_path, "bad", issues="issues:\n  - {id: sub, label: Sub, parent: nowhere}\n")
    with pytest.raises(PackError, match=r"\[E256\] .*'sub' has parent 'nowhere'"):
        load_pack(folder)


def test_loaded_packs_are_cached(tmp_path):
    folder = write_pack(tmp_path, "cached")
    assert load_pack(folder) is load_pack(str(folder))


def test_skeleton_validates(tmp_path):
    folder = new_pack("my-talks", tmp_path)
    assert folder == tmp_path / "my-talks"
    pack = load_pack(folder)
    assert pack.name == "my-talks"
    assert pack.issue("ceasefire") is not None  # extends generic
    assert {"actors.yaml", "issues.yaml", "lexicon.yaml", "outcomes.yaml", "pack.yaml"} <= {
        path.name for path in folder.iterdir()
    }


def test_skeleton_refuses_existing_folder(tmp_path):
    new_pack("twice", tmp_path)
    with pytest.raises(PackError, match=r"\[E257\] .*already exists"):
        new_pack("twice", tmp_path)
