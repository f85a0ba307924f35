"""``parley model``, ``parley model export``, ``parley model override`` and ``parley timeline``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from parley.model.io import read_model
from parley.store.db import Store
from tests.fixtures_model import add_claim, add_report

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    store = Store(url)
    add_report(store, "r1", dt.date(2024, 7, 1))
    add_report(store, "r2", dt.date(2024, 8, 1))
    add_claim(store, "r1", actor="Hamas", issue="hostage_release", position=80.0, quote="early words")
    add_claim(store, "r2", actor="Hamas", issue="hostage_release", position=50.0, quote="later words")
    add_claim(store, "r2", actor="Israel", issue="hostage_release", position=20.0, act="INSIST")
    store.dispose()
    return url


def invoke(db, *args):
    return runner.invoke(app, ["--db", db, *args])


@pytest.mark.parametrize("as_of, claims", [(None, 3), ("2024-07-15", 1)])
def test_model_json(db, as_of, claims):
    result = invoke(db, "model", "--json", *(["--as-of", as_of] if as_of else []))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"as_of", "issues", "entries"}
    assert sum(len(e["claims"]) for e in data["entries"]) == claims
    assert {"actor", "issue", "position", "salience", "capability", "confidence", "claims"} <= set(data["entries"][0])


def test_model_table_and_bad_date(db):
    assert "Hamas" in invoke(db, "model").stdout
    result = invoke(db, "model", "--as-of", "July")
    assert result.exit_code == 2 and "E004" in result.output


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_reads_back(db, tmp_path, fmt):
    path = tmp_path / f"model.{fmt}"
    result = invoke(db, "model", "export", "--format", fmt, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert {e.actor for e in read_model(path).entries} == {"Hamas", "Israel"}


def test_override_add_list_remove(db):
    added = invoke(db, "model", "override", "add", "--actor", "Hamas", "--issue", "hostage_release",
                   "--field", "position", "--value", "35", "--author", "ana", "--json")
    assert added.exit_code == 0, added.output
    override_id = json.loads(added.stdout)["id"]
    entry = next(e for e in json.loads(invoke(db, "model", "--json").stdout)["entries"] if e["actor"] == "Hamas")
    assert (entry["position"], entry["overridden"]) == (35.0, ["position"])
    assert invoke(db, "model", "override", "remove", str(override_id)).exit_code == 0
    listed = json.loads(invoke(db, "model", "override", "list", "--all", "--json").stdout)["overrides"]
    assert listed[0]["removed_at"] is not None


def test_override_unknown_actor_is_a_clear_error(db):
    result = invoke(db, "model", "override", "add", "--actor", "Nobody", "--issue", "hostage_release",
                    "--field", "position", "--value", "35", "--author", "ana")
    assert result.exit_code == 1 and "E306" in result.output and "Traceback" not in result.output


def test_timeline_json(db):
    result = invoke(db, "timeline", "--actor", "Hamas", "--json")
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.stdout)["items"]
    assert change["change"] == "softened" and change["quotes"] == ["early words", "later words"]
    assert "softened" in invoke(db, "timeline").stdout


@pytest.mark.parametrize("args, stances", [([], 1), (["--as-of", "2024-07-15"], 0), (["--limit", "1"], 1)])
def test_timeline_as_of_and_limit(db, args, stances):
    result = invoke(db, "timeline", "--json", *args)
    assert result.exit_code == 0, result.output
    assert len([item for item in json.loads(result.stdout)["items"] if item["kind"] == "stance"]) == stances


def test_timeline_of_one_issue_prints_positions_by_week(db):
    result = invoke(db, "timeline", "--issue", "hostage_release")
    assert result.exit_code == 0, result.output
    assert "Positions by week" in result.stdout and "Hamas" in result.stdout


@pytest.mark.parametrize("args", [["timeline"], ["model"], ["model", "export"], ["report", "-o", "unused.html"],
                                  ["backtest", "--cutoff"]])
def test_bad_dates_are_usage_errors(db, args):
    option = [] if args[-1] == "--cutoff" else ["--as-of"]
    result = invoke(db, *args, *option, "July")
    assert result.exit_code == 2, result.output
    assert "E004" in result.output and "ISO date (YYYY-MM-DD)" in result.output
