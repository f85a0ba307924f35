"""``parley forecast`` (from the store or a file) and ``parley backtest``."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from parley.store.db import Store
from tests.fixtures_model import add_claim, add_report

runner = CliRunner()
CSV = "actor,capability,issue,position,salience\nA,1,i,20,0.9\nB,0.5,i,70,0.6\nC,0.3,i,95,0.8\nA,1,j,50,0.2\nB,0.5,j,10,0.9\n"


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "model.csv"
    path.write_text(CSV)
    return path


@pytest.mark.parametrize(
    "model, keys",
    [("all", {"mean", "median", "nash", "bdm"}), ("median", {"median"}), ("bdm", {"bdm"}), ("mean,nash", {"mean", "nash"})],
)
def test_forecast_from_file_needs_no_database(tmp_path, model_file, model, keys):
    result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path}/none/x.db", "forecast", "--input", str(model_file),
                                 "--model", model, "--runs", "50", "--seed", "1", "--json"])
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)["issues"][0]
    expected = {"id", "bands", *keys} | ({"bdm_rounds"} if "bdm" in keys else set())
    assert set(first) == expected and set(first["bands"]) == keys
    assert not (tmp_path / "none").exists()


def test_same_seed_same_output(model_file):
    args = ["forecast", "--input", str(model_file), "--runs", "100", "--seed", "5", "--json"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


@pytest.mark.parametrize(
    "args, code, err_msg",
    [
        (["--model", "vote"], 2, "E321"),
        (["--runs", "-3"], 2, "E322"),
        (["--as-of", "2024-01-01"], 2, "E004"),
    ],
)
def test_forecast_errors(model_file, args, code, err_msg):
    result = runner.invoke(app, ["forecast", "--input", str(model_file), *args])
    assert result.exit_code == code and err_msg in result.output


def test_bad_model_file_names_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("actor,capability,issue,position,salience\nA,1,i,200,0.5\n")
    result = runner.invoke(app, ["forecast", "--input", str(path)])
    assert result.exit_code == 1 and "row 2" in result.output and "position" in result.output


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    store = Store(url)
    add_report(store, "r1", dt.date(2024, 8, 1))
    add_claim(store, "r1", actor="Israel", position=30.0)
    add_claim(store, "r1", actor="Hamas", position=90.0)
    store.dispose()
    return url


def test_forecast_from_store_and_table(db):
    result = runner.invoke(app, ["--db", db, "forecast", "--model", "mean", "--runs", "0", "--json"])
    assert result.exit_code == 0, result.output
    assert 30 < json.loads(result.stdout)["issues"][0]["mean"] < 90
    assert "Forecasts" in runner.invoke(app, ["--db", db, "forecast", "--runs", "20"]).stdout


def test_backtest(db, tmp_path):
    outcomes = tmp_path / "outcomes.yaml"
    outcomes.write_text("outcomes:\n  - {issue: i, position: 60, date: 2025-01-15, note: agreed}\n")
    result = runner.invoke(app, ["--db", db, "backtest", "--cutoff", "2024-09-30", "--outcome", str(outcomes), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cutoff"] == "2024-09-30" and {"mean", "bdm", "strongest"} <= set(data["mean_error"])
    table = runner.invoke(app, ["--db", db, "backtest", "--cutoff", "2024-09-30", "--outcome", str(outcomes)])
    assert "mean error" in table.stdout
