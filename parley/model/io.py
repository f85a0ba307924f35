"""Stakeholder models in and out of files: the long CSV, the JSON form and KTAB's SMP CSV.

Long CSV, one row per actor and issue::

    actor,capability,issue,position,salience
    Israel,1.0,hostage_release,30,0.9

JSON: the form of :meth:`StakeholderModel.to_dict` (``parley model --json``).

KTAB SMP CSV (the ``smp`` scenarios of KAPSARC's Toolkit for Agent-Based
modeling): a scenario row ``name,description,actors,dimensions``, a header
``Actor,Description,Power,<Position 1>,<Salience 1>,...`` and one row per actor.
KTAB positions are already 0-100; saliences are 0-100 and are divided by 100
(and scaled down so that an actor's saliences sum to at most 1, as KTAB
does); power is divided by the largest power to give capabilities in [0, 1].
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from pathlib import Path
from typing import Any, Optional

from parley.errors import Errors, ModelInputError, UsageError
from parley.model.table import Entry, IssueScale, StakeholderModel

LONG_HEADER = ("actor", "capability", "issue", "position", "salience")
FORMATS = ("csv", "json")
RANGES = {"capability": (0.0, 1.0), "position": (0.0, 100.0), "salience": (0.0, 1.0)}


def to_csv(model: StakeholderModel) -> str:
    """The long CSV text of ``model`` (header ``actor,capability,issue,position,salience``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LONG_HEADER)
    for entry in model.entries:
        writer.writerow([entry.actor, f"{entry.capability:g}", entry.issue, f"{entry.position:g}", f"{entry.salience:g}"])
    return buffer.getvalue()


def dumps(model: StakeholderModel, *, format: str = "json") -> str:
    """``model`` as CSV or JSON text."""
    if format == "csv":
        return to_csv(model)
    if format == "json":
        return json.dumps(model.to_dict(), ensure_ascii=False, indent=2) + "\n"
    raise UsageError(Errors.E317.format(allowed=", ".join(FORMATS), got=format))


def write_model(model: StakeholderModel, path: Path, *, format: Optional[str] = None) -> Path:
    """Write ``model`` to ``path``; the format defaults to the file's suffix (.csv or .json)."""
    path = Path(path)
    path.write_text(dumps(model, format=format or path.suffix.lstrip(".").lower() or "json"), encoding="utf-8")
    return path


def _number(text: str, *, file: str, row: int, column: str) -> float:
    try:
        value = float(text.strip())
    except (ValueError, AttributeError):
        raise ModelInputError(Errors.E312.format(file=file, row=row, column=column, got=text)) from None
    if not math.isfinite(value):
        raise ModelInputError(Errors.E312.format(file=file, row=row, column=column, got=text))
    return value


def _ranged(text: str, *, file: str, row: int, column: str) -> float:
    value = _number(text, file=file, row=row, column=column)
    low, high = RANGES[column]
    if not low <= value <= high:
        raise ModelInputError(Errors.E313.format(file=file, row=row, column=column, got=text.strip(), low=low, high=high))
    return value


def read_long_csv(text: str, *, file: str = "<csv>") -> StakeholderModel:
    """Parse the long CSV; errors name the file, the row (the header is row 1) and the column."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    for column in LONG_HEADER:
        if column not in header:
            raise ModelInputError(Errors.E311.format(file=file, column=column, header=",".join(LONG_HEADER)))
    entries: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for row_number, row in enumerate(reader, start=2):
        if not any((value or "").strip() for value in row.values()):
            continue
        actor, issue = (row["actor"] or "").strip(), (row["issue"] or "").strip()
        if (actor, issue) in seen:
            raise ModelInputError(Errors.E316.format(file=file, row=row_number, actor=actor, issue=issue))
        seen.add((actor, issue))
        values = {column: _ranged(row[column] or "", file=file, row=row_number, column=column) for column in RANGES}
        entries.append(Entry(actor=actor, issue=issue, **values))
    return StakeholderModel(entries=entries)


def _ktab_issue(label: str, index: int) -> str:
    name = re.sub(r"\s*(position|pstn|pos)\s*\d*\s*$", "", label.strip(), flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return slug or f"dim{index + 1}"


def read_ktab_csv(text: str, *, file: str = "<ktab>") -> StakeholderModel:
    """Parse a KTAB SMP scenario CSV (see the module docstring) into a model."""
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    rows = [(number, row) for number, row in enumerate(rows, start=1) if any(row)]
    if len(rows) < 3:
        raise ModelInputError(Errors.E314.format(file=file, row=len(rows) + 1, problem="the file ends before any actor row"))
    (_, scenario), (header_row, header) = rows[0], rows[1]
    header = [cell for cell in header if cell]
    if len(header) < 5 or (len(header) - 3) % 2:
        problem = f"the header has {len(header)} columns; it needs Actor, Description, Power and position/salience pairs"
        raise ModelInputError(Errors.E314.format(file=file, row=header_row, problem=problem))
    dims = [_ktab_issue(header[3 + 2 * d], d) for d in range((len(header) - 3) // 2)]
    parsed = []
    for number, row in rows[2:]:
        cells = row[: len(header)]
        if len(cells) < len(header) or any(cell == "" for cell in cells[2:]):
            problem = f"expected {len(header)} values ({', '.join(header)}), got {len([c for c in row if c])}"
            raise ModelInputError(Errors.E314.format(file=file, row=number, problem=problem))
        power = _number(cells[2], file=file, row=number, column=header[2])
        pairs = []
        for d in range(len(dims)):
            column = header[3 + 2 * d]
            position = _number(cells[3 + 2 * d], file=file, row=number, column=column)
            if not 0 <= position <= 100:
                raise ModelInputError(Errors.E313.format(file=file, row=number, column=column, got=cells[3 + 2 * d], low=0, high=100))
            salience = _number(cells[4 + 2 * d], file=file, row=number, column=header[4 + 2 * d])
            if salience < 0:
                raise ModelInputError(
                    Errors.E313.format(file=file, row=number, column=header[4 + 2 * d], got=cells[4 + 2 * d], low=0, high=100)
                )
            pairs.append((position, salience / 100))
        parsed.append((cells[0], power, pairs))
    top = max(power for _, power, _ in parsed) or 1.0
    entries = []
    for actor, power, pairs in parsed:
        scale = max(1.0, sum(salience for _, salience in pairs))
        for dim, (position, salience) in zip(dims, pairs):
            entries.append(Entry(actor=actor, issue=dim, position=position, salience=salience / scale, capability=power / top))
    label = scenario[0] if scenario else ""
    return StakeholderModel(entries=entries, issues=[IssueScale(id=dim, label=label) for dim in dims])


def model_from_dict(data: dict[str, Any], *, file: str = "<json>") -> StakeholderModel:
    """Rebuild a model from :meth:`StakeholderModel.to_dict` output."""
    try:
        issues = []
        for item in data.get("issues", []):
            scale = item.get("scale", {}) or {}
            anchors = tuple((float(a["position"]), str(a["label"])) for a in scale.get("anchors", []))
            issues.append(
                IssueScale(
                    id=item["id"],
                    label=item.get("label", ""),
                    low=scale.get("low", "") or "",
                    high=scale.get("high", "") or "",
                    anchors=anchors,
                    status_quo=scale.get("status_quo"),
                )
            )
        entries = []
        for row_number, item in enumerate(data["entries"], start=1):
            values = {}
            for column in RANGES:
                value = item[column]
                low, high = RANGES[column]
                if not isinstance(value, (int, float)) or not low <= value <= high:
                    raise ModelInputError(
                        Errors.E313.format(file=file, row=f"entries[{row_number - 1}]", column=column, got=value, low=low, high=high)
                    )
                values[column] = float(value)
            entries.append(
                Entry(
                    actor=item["actor"],
                    issue=item["issue"],
                    confidence=float(item.get("confidence", 1.0)),
                    claims=tuple(item.get("claims", ())),
                    overridden=tuple(item.get("overridden", ())),
                    **values,
                )
            )
        as_of = dt.date.fromisoformat(data["as_of"]) if data.get("as_of") else None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelInputError(Errors.E315.format(file=file, problem=f"{type(exc).__name__}: {exc}")) from None
    return StakeholderModel(entries=entries, issues=issues, as_of=as_of)


def read_model(path: Path) -> StakeholderModel:
    """Read a model file: ``.json``, the long CSV, or a KTAB SMP CSV (detected by its header).

    Raises
    ------
    ModelInputError
        With the file, the row and the column to fix.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelInputError(Errors.E310.format(file=path, reason=exc)) from None
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ModelInputError(Errors.E315.format(file=path, problem=exc)) from None
        return model_from_dict(data, file=str(path))
    lines = text.splitlines()
    first = {cell.strip().lower() for cell in next(csv.reader(lines[:1]), [])}
    second = lines[1].split(",")[0].strip().lower() if len(lines) > 1 else ""
    if "actor" not in first and second == "actor":
        return read_ktab_csv(text, file=str(path))
    return read_long_csv(text, file=str(path))
