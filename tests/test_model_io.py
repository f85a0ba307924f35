"""Model files: long CSV and JSON round trips, KTAB SMP CSV, and errors that name the file, row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.errors import ModelInputError, UsageError
from parley.model.io import dumps, read_model, write_model
from parley.model.table import Entry, IssueScale, StakeholderModel

MODEL = StakeholderModel(
    entries=[
        Entry("Israel", "hostages", 30.0, 0.9, 1.0, confidence=0.7, claims=(1, 2)),
        Entry("Hamas", "hostages", 85.5, 0.8, 0.6, confidence=0.4, claims=(3,), overridden=("position",)),
        Entry("Qatar", "withdrawal", 60.0, 0.25, 0.45),
    ],
    issues=[IssueScale("hostages", "Hostages", "none", "all", ((50.0, "half"),), 0.0), IssueScale("withdrawal")],
    as_of=dt.date(2024, 9, 30),
)

# A small scenario in KTAB's SMP layout (made-up actors and numbers).
KTAB = """Test scenario,Two dimensions for the reader,3,2,
Actor,Description,Power,Tax Position,Tax Salience,Trade Position,Trade Salience,
AA, First actor, 200, 10, 60, 90, 20,
BB, Second actor, 100, 50, 30, 40, 30,
CC, Third actor, 50, 95, 80, 20, 70,
"""


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_round_trip(tmp_path, suffix):
    path = write_model(MODEL, tmp_path / f"model.{suffix}")
    back = read_model(path)
    key = lambda m: sorted((e.actor, e.issue, e.position, e.salience, e.capability) for e in m.entries)  # noqa: E731
    assert key(back) == key(MODEL)
    if suffix == "json":
        assert back.to_dict() == MODEL.to_dict()


def test_long_csv_header():
    assert dumps(MODEL, format="csv").splitlines()[0] == "actor,capability,issue,position,salience"


def test_ktab_scenario_is_read(tmp_path):
    path = tmp_path / "scenario.csv"
    path.write_text(KTAB)
    model = read_model(path)
    assert model.issue_ids() == ["tax", "trade"]
    cc = {e.issue: e for e in model.entries if e.actor == "CC"}
    # Saliences 80 and 70 sum past 100, so KTAB scales them to sum to 1; power 50 of a largest 200.
    assert (cc["tax"].salience, cc["trade"].salience) == pytest.approx((80 / 150, 70 / 150))
    assert cc["tax"].capability == pytest.approx(50 / 200)
    assert cc["tax"].position == 95


@pytest.mark.parametrize(
    "text, err_msg",
    [
        ("actor,capability,issue,position\nA,1,i,50\n", r"E311.*model.csv.*'salience'"),
        ("actor,capability,issue,position,salience\nA,1,i,150,0.5\n", r"E313.*model.csv, row 2, column 'position'.*0-100"),
        ("actor,capability,issue,position,salience\nA,1,i,50,0.5\nB,1,i,50,1.5\n", r"E313.*row 3, column 'salience'.*0-1"),
        ("actor,capability,issue,position,salience\nA,high,i,50,0.5\n", r"E312.*row 2, column 'capability'.*'high'"),
        ("actor,capability,issue,position,salience\nA,1,i,50,0.5\nA,1,i,40,0.5\n", r"E316.*row 3.*'A'"),
        ("s,d,2,1,\nActor,Description,Power,P,S,\nAA,x,1,150,50,\n", r"E313.*row 3, column 'P'"),
        ("s,d,2,1,\nActor,Description,Power,P,S,\nAA,x,1,50,\n", r"E314.*row 3"),
    ],
)
def test_bad_files_name_file_row_and_column(tmp_path, text, err_msg):
    path = tmp_path / "model.csv"
    path.write_text(text)
    with pytest.raises(ModelInputError, match=err_msg):
        read_model(path)


@pytest.mark.parametrize(
    "text, err_msg", [("{not json", r"E315"), ('{"entries": [{"actor": "A"}]}', r"E315"), ('{"entries": [{"actor": "A", "issue": "i", "position": -1, "salience": 1, "capability": 1}]}', r"E313")]
)
def test_bad_json(tmp_path, text, err_msg):
    path = tmp_path / "model.json"
    path.write_text(text)
    with pytest.raises(ModelInputError, match=err_msg):
        read_model(path)


def test_missing_file_and_bad_format(tmp_path):
    with pytest.raises(ModelInputError, match="E310"):
        read_model(tmp_path / "missing.csv")
    with pytest.raises(UsageError, match="E317"):
        dumps(MODEL, format="xml")
