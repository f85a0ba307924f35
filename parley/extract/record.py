"""One report's extraction as a record of the annotation guide.

A :class:`Record` has exactly the fields of the guide (``id``, ``date``,
``date_source``, ``actors``, ``issues``, ``stances``, ``proposals``,
``status``, ``events``), so that a gold file and a prediction compare line by
line. The guide's vocabularies (actor types and roles, the 15 acts, the status
signals) are checked; unknown fields are refused so that a typo does not
silently drop a value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from parley.errors import Errors, ExtractionError
from parley.packs.schema import Act, ActorRole, ActorType, Signal

# ISO date, or year-month when only the month is known, or a bare year.
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DateSource = Literal["text", "metadata", "inferred"]
Confidence = Literal["low", "medium", "high"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorRecord(_Strict):
    """An actor taking part in the talks, under its canonical name."""

    name: str = Field(min_length=1)
    type: ActorType
    affiliation: Optional[str] = None  # "Entity" or "Entity / office", as of the report's date
    role: ActorRole


class StanceRecord(_Strict):
    """One act of one actor on one issue, with the verbatim quote that carries it."""

    actor: str = Field(min_length=1)
    act: Act
    issue: str = Field(min_length=1)
    position: Optional[str] = None
    quote: str = Field(min_length=1)


class ReactionRecord(_Strict):
    """How one actor received a proposal."""

    actor: str = Field(min_length=1)
    act: Act


class ProposalRecord(_Strict):
    """A named proposal, its proposers, terms per issue and the reactions to it."""

    name: str
    proposer: list[str] = Field(default_factory=list)
    date: Optional[str] = Field(default=None, pattern=DATE_PATTERN)
    terms: dict[str, str] = Field(default_factory=dict)  # issue id -> text
    reactions: list[ReactionRecord] = Field(default_factory=list)


class StatusRecord(_Strict):
    """The state of the talks as the report describes it."""

    signal: Signal = "none"
    evidence: Optional[str] = None
    probability: Optional[str] = None  # the estimate as written: "90% agreed", "close to zero"
    confidence: Optional[Confidence] = None


class EventRecord(_Strict):
    """A dated negotiation event the report mentions."""

    date: Optional[str] = Field(default=None, pattern=DATE_PATTERN)
    what: str


class Record(_Strict):
    """Everything extracted from one report, in the annotation guide's schema."""

    id: str = Field(min_length=1)
    date: Optional[str] = Field(default=None, pattern=DATE_PATTERN)
    date_source: Optional[DateSource] = None
    actors: list[ActorRecord] = Field(default_factory=list)
    issues: list[str] = Field(default_factory=list)
    stances: list[StanceRecord] = Field(default_factory=list)
    proposals: list[ProposalRecord] = Field(default_factory=list)
    status: StatusRecord = Field(default_factory=StatusRecord)
    events: list[EventRecord] = Field(default_factory=list)

    def to_json_line(self) -> str:
        """The record as one line of JSONL, with the guide's field order."""
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False)


def parse_record(data: Any, *, file: str = "<record>", line: int = 1) -> Record:
    """Validate one decoded JSON value as a :class:`Record`.

    Raises
    ------
    ExtractionError
        With the file, line and field of the first invalid value.
    """
    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "(record)"
        got = error.get("input")
        if isinstance(got, (dict, list)):
            got = type(got).__name__
        raise ExtractionError(
            Errors.E261.format(file=file, line=line, field=field, problem=error["msg"], got=got)
        ) from exc


def read_records(path: str | Path) -> list[Record]:
    """Read a JSONL file of records (a gold file or an export), one record a line.

    Blank lines are skipped. Ids must be unique within the file.

    Raises
    ------
    ExtractionError
        When the file is missing, a line is not JSON, a record does not
        validate or an id repeats; the message names the line.
    """
    path = Path(path)
    if not path.is_file():
        raise ExtractionError(Errors.E262.format(file=path))
    records: list[Record] = []
    first_line: dict[str, int] = {}
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ExtractionError(Errors.E260.format(file=path, line=number, problem=exc.msg)) from exc
            record = parse_record(data, file=str(path), line=number)
            if record.id in first_line:
                problem = f"repeats the id of line {first_line[record.id]}"
                raise ExtractionError(
                    Errors.E261.format(file=path, line=number, field="id", problem=problem, got=record.id)
                )
            first_line[record.id] = number
            records.append(record)
    return records


def write_records(records: Iterable[Record], path: str | Path) -> int:
    """Write ``records`` to ``path`` as JSONL; returns how many were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(record.to_json_line() + "\n")
            count += 1
    return count
