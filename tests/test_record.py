"""The annotation guide's record: validation, reading and writing JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.errors import ExtractionError
from parley.extract.record import Record, parse_record, read_records, write_records

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "seeds.jsonl"

MINIMAL = {"id": "r1"}
FULL = {
    "id": "r2",
    "date": "2024-08",
    "date_source": "inferred",
    "actors": [{"name": "Ruritania", "type": "state", "affiliation": "Ruritania", "role": "party"}],
    "issues": ["ceasefire"],
    "stances": [{"actor": "Ruritania", "act": "DEMAND", "issue": "ceasefire", "position": "now", "quote": "a truce now"}],
    "proposals": [
        {
            "name": "Plan A",
            "proposer": ["Ruritania"],
            "date": "2024-08-02",
            "terms": {"ceasefire": "six weeks"},
            "reactions": [{"actor": "Blue Army", "act": "REJECT"}],
        }
    ],
    "status": {"signal": "stalled", "evidence": "talks stalled", "probability": "close to zero", "confidence": "high"},
    "events": [{"date": "2024", "what": "talks began"}],
}


@pytest.fixture
def gold_path() -> Path:
    if not GOLD.is_file():
        pytest.skip("../shared/gold/seeds.jsonl is not present")
    return GOLD


def test_every_gold_line_validates(gold_path):
    records = read_records(gold_path)
    lines = [line for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(records) == len(lines) >= 5
    for record, line in zip(records, lines):
        assert json.loads(record.to_json_line()) == json.loads(line)


@pytest.mark.parametrize("data", [MINIMAL, FULL])
def test_round_trip(tmp_path, data):
    path = tmp_path / "records.jsonl"
    assert write_records([parse_record(data)], path) == 1
    (back,) = read_records(path)
    assert back == Record.model_validate(data)


def test_minimal_record_defaults():
    record = parse_record(MINIMAL)
    assert record.status.signal == "none"
    assert record.actors == [] and record.issues == [] and record.date is None


def _with(path: tuple, value) -> dict:
    data = json.loads(json.dumps(FULL))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


INVALID = [
    (("actors", 0, "type"), "militia", "actors.0.type", "'state', 'armed_group'"),
    (("actors", 0, "role"), "boss", "actors.0.role", "'party', 'mediator'"),
    (("stances", 0, "act"), "GRUMBLE", "stances.0.act", "'DEMAND', 'INSIST'"),
    (("stances", 0, "quote"), "", "stances.0.quote", "at least 1 character"),
    (("proposals", 0, "reactions", 0, "act"), "LIKE", "proposals.0.reactions.0.act", "'DEMAND'"),
    (("status", "signal"), "stuck", "status.signal", "'progress', 'stalled'"),
    (("status", "confidence"), "sure", "status.confidence", "'low', 'medium' or 'high'"),
    (("date",), "August 2024", "date", "should match pattern"),
    (("date_source",), "guess", "date_source", "'text', 'metadata' or 'inferred'"),
    (("events", 0, "date"), "24-1-1", "events.0.date", "should match pattern"),
    (("proposers",), ["X"], "proposers", "Extra inputs are not permitted"),
]


@pytest.mark.parametrize("path,value,field,allowed", INVALID)
def test_invalid_values_name_line_and_field(tmp_path, path, value, field, allowed):
    file = tmp_path / "bad.jsonl"
    file.write_text(json.dumps(MINIMAL) + "\n\n" + json.dumps(_with(path, value)) + "\n", encoding="utf-8")
    err_msg = rf"\[E261\] .*bad\.jsonl, line 3: the field '{field}' is invalid: .*{allowed}"
    with pytest.raises(ExtractionError, match=err_msg):
        read_records(file)


@pytest.mark.parametrize(
    "text,err_msg",
    [
        ('{"id": "a"}\n{"id": \n', r"\[E260\] .*line 2: not a JSON object"),
        ('{"id": "a"}\n{"id": "a"}\n', r"line 2: the field 'id' is invalid: repeats the id of line 1"),
        ('["not", "a", "record"]\n', r"line 1: the field '\(record\)' is invalid"),
    ],
)
def test_bad_lines(tmp_path, text, err_msg):
    file = tmp_path / "bad.jsonl"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ExtractionError, match=err_msg):
        read_records(file)


def test_missing_file(tmp_path):
    with pytest.raises(ExtractionError, match=r"\[E262\] .*does not exist"):
        read_records(tmp_path / "nowhere.jsonl")
