"""``parley eval`` and ``parley export reports``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from parley.extract.record import Record, write_records
from parley.store.models import Claim, Mention, Report, StatusSignal

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "seeds.jsonl"
KEYS = {"actors", "issues", "stances", "proposals", "status", "records"}

GOLD_RECORD = {
    "id": "r1",
    "actors": [{"name": "Ruritania", "type": "state", "affiliation": "Ruritania", "role": "party"}],
    "issues": ["ceasefire"],
    "stances": [
        {"actor": "Ruritania", "act": "DEMAND", "issue": "ceasefire", "position": None, "quote": "we want a truce now"}
    ],
    "status": {"signal": "progress", "evidence": None, "probability": None, "confidence": None},
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def gold_file(tmp_path) -> Path:
    path = tmp_path / "gold.jsonl"
    write_records([Record.model_validate(GOLD_RECORD), Record.model_validate({"id": "r2"})], path)
    return path


def test_eval_gold_against_itself_json(runner):
    if not GOLD.is_file():
        pytest.skip("../shared/gold/seeds.jsonl is not present")
    result = runner.invoke(app, ["eval", str(GOLD), "--pred", str(GOLD), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == KEYS
    assert scores["stances"]["f1"] == 1.0 and scores["status"]["accuracy"] == 1.0


def test_eval_half_match_and_details(runner, gold_file, tmp_path):
    pred = dict(GOLD_RECORD, stances=[dict(GOLD_RECORD["stances"][0], act="INSIST")])
    pred_file = tmp_path / "pred.jsonl"
    write_records([Record.model_validate(pred), Record.model_validate({"id": "extra"})], pred_file)
    result = runner.invoke(app, ["eval", str(gold_file), "--pred", str(pred_file), "--json", "--details"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["stances"]["f1"] == 0.5
    assert scores["records"] == 2
    assert scores["status"]["accuracy"] == 0.5  # r2 has no prediction
    assert scores["unscored"] == ["extra"]
    assert scores["details"][0]["partial"][0]["credit"] == 0.5
    text = runner.invoke(app, ["eval", str(gold_file), "--pred", str(pred_file), "--details"], env={"COLUMNS": "200"})
    assert "credit 0.5" in text.stdout and "no predicted record" in text.stdout


def test_eval_bad_gold_file(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "status": {"signal": "stuck"}}\n')
    result = runner.invoke(app, ["eval", str(bad), "--pred", str(bad)])
    assert result.exit_code == 1
    assert "[E261]" in result.output and "status.signal" in result.output


def _fill(url: str) -> None:
    from parley.store.db import Store

    store = Store(url)
    text = "Ruritania said: we want a truce now."
    digest = hashlib.sha256(text.encode()).hexdigest()
    with store.session() as session:
        session.add(Report(id="r1", source="r1.txt", source_kind="file", published=dt.date(2024, 3, 1),
                           date_precision="day", text=text, chars=len(text), raw_sha256=digest, text_sha256=digest))
        session.flush()
        session.add_all([
            Mention(report_id="r1", actor="Ruritania", extractor_version="t", type="state", role="party"),
            Claim(report_id="r1", extractor_version="t", sent_start=0, sent_end=len(text), quote="we want a truce now",
                  actor="Ruritania", act="DEMAND", issue="ceasefire"),
            StatusSignal(report_id="r1", extractor_version="t", signal="progress"),
        ])
    store.dispose()


def test_export_then_eval_from_db(runner, gold_file, tmp_path):
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    _fill(url)
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["--db", url, "export", "reports", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = out.read_text().splitlines()
    assert json.loads(line)["stances"][0]["quote"] == "we want a truce now"
    stdout = runner.invoke(app, ["export", "reports", "--db", url])
    assert json.loads(stdout.stdout.splitlines()[0]) == json.loads(line)
    scores = json.loads(runner.invoke(app, ["eval", str(gold_file), "--db", url, "--json"]).stdout)
    assert scores["stances"]["f1"] == 1.0 and scores["actors"]["recall"] == 1.0


def test_export_rejects_other_formats(runner, tmp_path):
    result = runner.invoke(app, ["export", "reports", "--format", "csv", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "[E263]" in result.output
