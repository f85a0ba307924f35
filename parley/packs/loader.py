"""Finding, validating and merging knowledge packs.

A pack is looked up by name in the folders of ``$PARLEY_PACKS`` (separated by
``os.pathsep``), then in ``./packs``, then among the packs bundled with Parley;
a path to a pack folder works too. A pack extends another one (``extends`` in
``pack.yaml``, default ``generic``): the child's actors replace the parent's
of the same name, the child's issue fields override the parent's field by
field while keyword lists are unioned, lexicon phrase lists are unioned and
outcomes are appended.

Validation errors name the file, the line (taken from the YAML node marks) and
the field, so that a pack author can go straight to the problem.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parley.errors import Errors, PackError
from parley.packs.schema import ActorEntry, IssueEntry, Lexicon, Outcome, Pack, PackMeta

BUNDLED = Path(__file__).parent
DEFAULT_PACK = "generic"
PACK_FILE = "pack.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses about 7x faster


class _ActorsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actors: list[ActorEntry] = Field(default_factory=list)


class _IssuesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    issues: list[dict[str, Any]] = Field(default_factory=list)  # validated one by one after merging


class _OutcomesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outcomes: list[Outcome] = Field(default_factory=list)


def search_path() -> list[Path]:
    """The folders searched for packs by name, in order of precedence."""
    folders = [Path(part) for part in os.environ.get("PARLEY_PACKS", "").split(os.pathsep) if part]
    return [*folders, Path.cwd() / "packs", BUNDLED]


def available_packs() -> dict[str, Path]:
    """Every pack that can be loaded by name, mapped to its folder (earlier folders win)."""
    found: dict[str, Path] = {}
    for folder in search_path():
        if not folder.is_dir():
            continue
        for candidate in sorted(folder.iterdir()):
            if (candidate / PACK_FILE).is_file():
                found.setdefault(candidate.name, candidate.resolve())
    return found


def resolve_pack(name_or_path: str | Path | None = None, *, base: Optional[Path] = None) -> Path:
    """The folder of a pack given by name or path; ``None`` means the generic pack.

    A relative path is taken relative to ``base`` (the folder of the pack that
    extends it) or else to the working directory.
    """
    if name_or_path is None:
        name_or_path = DEFAULT_PACK
    text = str(name_or_path)
    looks_like_path = isinstance(name_or_path, Path) or os.sep in text or "/" in text or text.startswith(".")
    if not looks_like_path:
        for folder in search_path():
            if (folder / text / PACK_FILE).is_file():
                return (folder / text).resolve()
    path = Path(text).expanduser()
    if not path.is_absolute() and base is not None:
        path = base / path
    if path.is_dir():
        if not (path / PACK_FILE).is_file():
            raise PackError(Errors.E253.format(path=path))
        return path.resolve()
    places = ", ".join(str(folder) for folder in search_path())
    available = ", ".join(sorted(available_packs())) or "none"
    raise PackError(Errors.E250.format(name=text, places=places, available=available))


def load_pack(name_or_path: str | Path | None = None) -> Pack:
    """Load, validate and merge a knowledge pack.

    Parameters
    ----------
    name_or_path : str, Path or None
        A pack name (see :func:`search_path`), a pack folder, or None for ``generic``.

    Returns
    -------
    Pack
        The pack merged with the packs it extends. Loaded packs are cached per
        process by folder, so treat the result as read-only.

    Raises
    ------
    PackError
        When the pack cannot be found or a file does not validate; the message
        names the file, line and field.

    Examples
    --------
    >>> load_pack().name
    'generic'
    """
    return _load_folder(resolve_pack(name_or_path))


_loading: list[Path] = []  # the packs being loaded, child first: a repeat is a cycle of 'extends'


@functools.lru_cache(maxsize=64)
def _load_folder(folder: Path) -> Pack:
    if folder in _loading:
        names = " -> ".join(path.name for path in (*_loading, folder))
        raise PackError(Errors.E254.format(pack=folder.name, chain=names))
    _loading.append(folder)
    try:
        meta_data, meta_nodes = _read_yaml(folder / PACK_FILE)
        meta = _validate(PackMeta, meta_data, meta_nodes, folder / PACK_FILE, folder.name)
        parent = _load_folder(resolve_pack(meta.extends, base=folder)) if meta.extends else None
        return _merge(folder, meta, parent)
    finally:
        _loading.pop()


def _merge(folder: Path, meta: PackMeta, parent: Optional[Pack]) -> Pack:
    base = parent or Pack(meta=meta)
    actors = _merge_actors(base.actors, _load_list(folder, "actors", _ActorsFile, meta.name))
    issues = _merge_issues(folder, meta.name, base.issues)
    lexicon = merge_lexicon(base.lexicon, _load_lexicon(folder, meta.name))
    outcomes = [*base.outcomes, *_load_list(folder, "outcomes", _OutcomesFile, meta.name)]
    try:
        return Pack(meta=meta, actors=actors, issues=issues, lexicon=lexicon, outcomes=outcomes)
    except ValidationError as exc:
        reason = "; ".join(error["msg"].removeprefix("Value error, ") for error in exc.errors())
        raise PackError(Errors.E256.format(pack=meta.name, reason=reason)) from exc


def _load_list(folder: Path, key: str, model: type[BaseModel], pack: str) -> list[Any]:
    path = folder / f"{key}.yaml"
    if not path.is_file():
        return []
    data, nodes = _read_yaml(path)
    items = getattr(_validate(model, data or {}, nodes, path, pack), key)
    if key == "actors":
        _check_unique([item.name for item in items], nodes, path, key, "actor")
    return items


def _load_lexicon(folder: Path, pack: str) -> Lexicon:
    path = folder / "lexicon.yaml"
    if not path.is_file():
        return Lexicon()
    data, nodes = _read_yaml(path)
    return _validate(Lexicon, data or {}, nodes, path, pack)


def _merge_actors(parent: list[ActorEntry], child: list[ActorEntry]) -> list[ActorEntry]:
    by_name = {actor.name: actor for actor in child}
    merged = [by_name.pop(actor.name, actor) for actor in parent]
    return merged + [actor for actor in child if actor.name in by_name]


def _merge_issues(folder: Path, pack: str, parent: list[IssueEntry]) -> list[IssueEntry]:
    path = folder / "issues.yaml"
    if not path.is_file():
        return list(parent)
    data, nodes = _read_yaml(path)
    raw = _validate(_IssuesFile, data or {}, nodes, path, pack).issues
    _check_unique([item.get("id") for item in raw], nodes, path, "issues", "issue")
    inherited = {issue.id: issue for issue in parent}
    merged: dict[str, IssueEntry] = dict(inherited)
    for index, item in enumerate(raw):
        base = inherited.get(item.get("id"))
        fields = dict(item)
        if base is not None:
            # The child sets only what it changes; keyword lists grow rather than replace.
            fields = {**base.model_dump(exclude_unset=True), **item}
            fields["keywords"] = _union(base.keywords, item.get("keywords") or [])
        try:
            issue = IssueEntry.model_validate(fields)
        except ValidationError as exc:
            raise _located(exc, nodes, path, pack, prefix=("issues", index)) from exc
        merged[issue.id] = issue
    return list(merged.values())


def merge_lexicon(parent: Lexicon, child: Lexicon) -> Lexicon:
    """``parent``'s phrases with ``child``'s added after them (lists are unioned, never replaced)."""
    acts = {act: _union(parent.acts.get(act, []), child.acts.get(act, [])) for act in {**parent.acts, **child.acts}}
    signals = {
        signal: _union(parent.signals.get(signal, []), child.signals.get(signal, []))
        for signal in {**parent.signals, **child.signals}
    }
    return Lexicon(
        acts=acts,
        signals=signals,
        reporting_verbs=_union(parent.reporting_verbs, child.reporting_verbs),
        outlets=_union(parent.outlets, child.outlets),
    )


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _read_yaml(path: Path) -> tuple[Any, Optional[yaml.Node]]:
    """The data of a YAML file and its node tree (for line numbers), from one parse."""
    loader = _Loader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc)
        raise PackError(Errors.E252.format(file=path, line=line, problem=problem)) from exc
    finally:
        loader.dispose()


def _validate(model: type[BaseModel], data: Any, nodes: Optional[yaml.Node], path: Path, pack: str) -> Any:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        raise _located(exc, nodes, path, pack) from exc


def _located(
    exc: ValidationError, nodes: Optional[yaml.Node], path: Path, pack: str, prefix: tuple[Any, ...] = ()
) -> PackError:
    """A PackError for the first validation error, with the line of the failing YAML node."""
    error = exc.errors()[0]
    loc = tuple(part for part in (*prefix, *error["loc"]) if part != "[key]")  # pydantic marks bad dict keys
    node = _node_at(nodes, loc)
    line = node.start_mark.line + 1 if node is not None else 1
    field = ".".join(str(part) for part in loc) or "(file)"
    got = error.get("input")
    if isinstance(got, (dict, list)):
        got = type(got).__name__
    return PackError(Errors.E251.format(file=path, line=line, field=field, problem=error["msg"], got=got, pack=pack))


def _node_at(node: Optional[yaml.Node], loc: Iterable[Any]) -> Optional[yaml.Node]:
    """The deepest YAML node along ``loc`` (a pydantic error location)."""
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if key.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node


def _check_unique(keys: list[Any], nodes: Optional[yaml.Node], path: Path, key: str, kind: str) -> None:
    seen: set[Any] = set()
    for index, value in enumerate(keys):
        if value in seen:
            node = _node_at(nodes, (key, index))
            line = node.start_mark.line + 1 if node is not None else 1
            raise PackError(Errors.E255.format(file=path, line=line, kind=kind, key=value))
        seen.add(value)


def describe_pack(pack: Pack) -> dict[str, Any]:
    """A JSON-ready summary of a pack: its meta, actors and issues with their scales."""
    return {
        "name": pack.name,
        "description": pack.meta.description,
        "extends": pack.meta.extends,
        "actors": [actor.model_dump(mode="json", exclude_defaults=True) for actor in pack.actors],
        "issues": [issue.model_dump(mode="json", exclude_defaults=True) for issue in pack.issues],
        "outcomes": len(pack.outcomes),
    }


def list_packs() -> list[dict[str, Any]]:
    """Every pack found by name, with its folder and description, or the error that stops it loading."""
    rows = []
    for name, folder in sorted(available_packs().items()):
        row: dict[str, Any] = {"name": name, "path": str(folder)}
        try:
            pack = load_pack(folder)
        except PackError as exc:
            row["error"] = str(exc)
        else:
            row.update(description=pack.meta.description, extends=pack.meta.extends, issues=len(pack.issues),
                       actors=len(pack.actors))
        rows.append(row)
    return rows
