"""Backtests: model as of a cutoff, errors per model beside the naive baselines."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.errors import ModelInputError
from parley.forecast.backtest import backtest, read_outcomes
from parley.packs.schema import ActorEntry, IssueEntry, Outcome, Pack, PackMeta, Scale
from tests.fixtures_model import add_claim, add_report, fresh_store

D = dt.date
PACK = Pack(
    meta=PackMeta(name="t"),
    actors=[ActorEntry(name="Strong", type="state", role="party", capability=1.0),
            ActorEntry(name="Weak", type="state", role="party", capability=0.2)],
    issues=[IssueEntry(id="i", label="I", scale=Scale(low="no", high="yes", status_quo=0))],
)


@pytest.fixture
def store():
    store = fresh_store()
    add_report(store, "r1", D(2024, 8, 1))
    add_report(store, "late", D(2024, 12, 1))
    add_claim(store, "r1", actor="Strong", position=30.0, act="INSIST")
    add_claim(store, "r1", actor="Weak", position=90.0)
    add_claim(store, "late", actor="Weak", position=0.0)  # after the cutoff: must not count
    return store


def test_errors_per_model_and_baselines(store):
    outcome = [Outcome(issue="i", position=40, note="recorded")]
    result = backtest(store, cutoff=D(2024, 9, 30), outcome=outcome, pack=PACK, models=["mean", "median"])
    (row,) = result.to_dict()["issues"]
    assert row["forecasts"]["status_quo"] == 0 and row["forecasts"]["strongest"] == 30.0
    assert row["forecasts"]["median"] == 30.0  # Strong holds most of the weight
    assert row["errors"] == {name: pytest.approx(abs(value - 40), abs=1e-4) for name, value in row["forecasts"].items()}
    assert result.mean_error == row["errors"]
    assert 30 < row["forecasts"]["mean"] < 90  # the late claim at 0 is not used


def test_outcome_file(store, tmp_path):
    path = tmp_path / "outcomes.yaml"
    path.write_text("outcomes:\n  - {issue: i, position: 70, date: 2025-01-15, note: agreed}\n")
    assert read_outcomes(path)[0].position == 70
    result = backtest(store, cutoff=D(2024, 9, 30), outcome=path, pack=PACK, models=["mean"])
    assert set(result.mean_error) == {"mean", "status_quo", "strongest"}


@pytest.mark.parametrize(
    "text, err_msg",
    [("nothing: here\n", r"E323.*no 'outcomes:' list"), ("outcomes:\n  - {issue: i, position: 170, note: x}\n", r"E323.*outcomes\[0\]")],
)
def test_bad_outcome_files(tmp_path, text, err_msg):
    path = tmp_path / "outcomes.yaml"
    path.write_text(text)
    with pytest.raises(ModelInputError, match=err_msg):
        read_outcomes(path)


def test_no_overlap_or_no_evidence_raise(store):
    with pytest.raises(ModelInputError, match="E324"):
        backtest(store, cutoff=D(2024, 9, 30), outcome=[Outcome(issue="other", position=1, note="x")], pack=PACK)
    with pytest.raises(ModelInputError, match="E318.*as of 2024-01-01"):
        backtest(store, cutoff=D(2024, 1, 1), outcome=[Outcome(issue="i", position=1, note="x")], pack=PACK)
