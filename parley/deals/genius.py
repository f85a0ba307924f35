"""Read and write GENIUS XML domains and utility profiles.

GENIUS (and the ANAC competitions) keep a scenario as one domain file and one
profile file per party::

    <negotiation_template>                       domain file
      <utility_space number_of_issues="2">
        <objective index="0" etype="objective" type="objective" name="root">
          <issue index="1" name="Food" etype="discrete" type="discrete" vtype="discrete">
            <item index="1" value="Chips"/> ...

    <utility_space number_of_issues="2">         profile file
      <objective index="0" ...>
        <issue index="1" name="Food" ...> <item index="1" value="Chips" evaluation="5"/> ...
        <weight index="1" value="0.4"/> ...
      </objective>
      <reservation value="0.3"/>
      <discount_factor value="1.0"/>
    </utility_space>

Only discrete issues are supported. GENIUS divides each evaluation by the
largest one of its issue; Parley does so when an issue's evaluations exceed 1
(the usual integer evaluations) and reads evaluations within [0, 1] as
utilities, so that its own exports read back unchanged. Weights are divided by
their sum unless they already sum to 1. The discount factor is read past: deals are computed without time.
A party is named after its profile file (without ``.xml``); parties come in
file-name order.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Optional

from parley.deals.domain import WEIGHT_TOLERANCE, Domain, Issue, Party
from parley.errors import Errors, ModelInputError

DOMAIN_FILE = "domain.xml"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _fail(path: Path, problem: str, got: object, fix: str) -> ModelInputError:
    return ModelInputError(Errors.E353.format(path=path, problem=problem, got=got, fix=fix))


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise _fail(path, "cannot be read as XML", str(exc), "Check that the file is a GENIUS XML file.") from exc


def _number(path: Path, element: ET.Element, attribute: str, default: float | None = None) -> float:
    raw = element.get(attribute)
    if raw is None and default is not None:
        return default
    try:
        return float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _fail(path, f"<{element.tag}> needs a numeric {attribute!r} attribute", raw,
                    f'Write {attribute}="0.5".') from None


def _issues(path: Path, root: ET.Element) -> list[ET.Element]:
    issues = root.findall(".//objective/issue") or root.findall(".//issue")
    if not issues:
        raise _fail(path, "has no <issue> element", root.tag, "Put the issues inside <objective>.")
    for issue in issues:
        kind = issue.get("type") or issue.get("etype") or "discrete"
        if kind != "discrete":
            raise _fail(path, f"issue {issue.get('name')!r} is not discrete", kind,
                        "Discretise it into <item> values; only discrete issues are supported.")
    return issues


def read_genius(folder: str | Path) -> Domain:
    """Read a GENIUS scenario folder: one domain file and one profile per party.

    Raises
    ------
    ModelInputError
        E352 when the folder lacks a domain or profiles, E353 for an invalid file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelInputError(Errors.E352.format(path=str(folder), problem="is not a folder"))
    domains, profiles = [], []
    for path in sorted(folder.glob("*.xml")):
        root = _parse(path)
        (domains if root.tag == "negotiation_template" else profiles).append((path, root))
    if len(domains) != 1 or not profiles:
        problem = f"has {len(domains)} domain file(s) and {len(profiles)} profile(s)"
        raise ModelInputError(Errors.E352.format(path=str(folder), problem=problem))
    domain_path, domain_root = domains[0]
    issues = []
    for element in _issues(domain_path, domain_root):
        values = tuple(item.get("value") or "" for item in element.findall("item"))
        if not values or "" in values:
            raise _fail(domain_path, f"issue {element.get('name')!r} needs <item value=...> elements", values,
                        "Give every item a value.")
        issues.append(Issue(name=element.get("name") or "", values=values))
    parties = tuple(_read_profile(path, root, issues) for path, root in profiles)
    return Domain.from_dict(Domain(issues=tuple(issues), parties=parties).to_dict(), source=str(folder))


def _read_profile(path: Path, root: ET.Element, issues: list[Issue]) -> Party:
    if root.tag != "utility_space":
        raise _fail(path, "is neither a domain (<negotiation_template>) nor a profile (<utility_space>)",
                    root.tag, "Remove it from the folder.")
    known = {issue.name: issue for issue in issues}
    weights_by_index = {
        element.get("index"): _number(path, element, "value") for element in root.findall(".//objective/weight")
    }
    weights, utilities = {}, {}
    for element in _issues(path, root):
        name = element.get("name") or ""
        if name not in known:
            raise _fail(path, "names an issue the domain file does not have", name, f"Use one of {list(known)}.")
        evaluations = {item.get("value"): _number(path, item, "evaluation", 0.0) for item in element.findall("item")}
        missing = [value for value in known[name].values if value not in evaluations]
        if missing:
            raise _fail(path, f"issue {name!r} lacks evaluations for some values", missing,
                        "Add an <item value=... evaluation=...> for each value.")
        top = max(evaluations.values())
        scale = top if top > 1 else 1.0
        utilities[name] = {value: evaluations[value] / scale for value in known[name].values}
        weights[name] = weights_by_index.get(element.get("index"), 0.0)
    total = sum(weights.values())
    if total <= 0:
        raise _fail(path, "has no positive <weight>", weights, 'Add <weight index="1" value="0.5"/> per issue.')
    reservation = root.find("reservation")
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        weights = {name: weight / total for name, weight in weights.items()}
    return Party(
        name=path.stem,
        weights={name: weights.get(name, 0.0) for name in known},
        utilities={name: utilities.get(name, {v: 0.0 for v in known[name].values}) for name in known},
        reservation=_number(path, reservation, "value") if reservation is not None else 0.0,
    )


def _objective(space: ET.Element, domain: Domain, party: Optional[Party] = None) -> ET.Element:
    """The root objective of ``space`` with every issue and value (and the party's evaluation of each)."""
    objective = ET.SubElement(space, "objective", index="0", etype="objective", type="objective",
                              description="", name="root")
    for i, issue in enumerate(domain.issues, start=1):
        element = ET.SubElement(objective, "issue", index=str(i), name=issue.name, etype="discrete",
                                type="discrete", vtype="discrete")
        for v, value in enumerate(issue.values, start=1):
            evaluation = {} if party is None else {"evaluation": repr(party.utilities[issue.name][value])}
            ET.SubElement(element, "item", index=str(v), value=value, **evaluation)
    return objective


def write_genius(domain: Domain, folder: str | Path) -> list[Path]:
    """Write ``domain`` as a GENIUS folder: ``domain.xml`` and one ``<party>.xml`` per party.

    Returns the written paths. Characters that file names cannot hold become ``_``.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelInputError(Errors.E358.format(path=str(folder), reason=exc)) from exc
    n = str(len(domain.issues))
    template = ET.Element("negotiation_template")
    _objective(ET.SubElement(template, "utility_space", number_of_issues=n), domain)
    files = [(folder / DOMAIN_FILE, template)]
    for party in domain.parties:
        space = ET.Element("utility_space", type="any", number_of_issues=n)
        objective = _objective(space, domain, party)
        for i, issue in enumerate(domain.issues, start=1):
            ET.SubElement(objective, "weight", index=str(i), value=repr(party.weights[issue.name]))
        ET.SubElement(space, "reservation", value=repr(party.reservation))
        ET.SubElement(space, "discount_factor", value="1.0")
        files.append((folder / f"{_UNSAFE.sub('_', party.name)}.xml", space))
    for path, root in files:
        ET.indent(root)
        try:
            ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
        except OSError as exc:
            raise ModelInputError(Errors.E358.format(path=str(path), reason=exc)) from exc
    return [path for path, _ in files]
