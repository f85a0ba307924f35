"""``parley deals``: domain files, GENIUS folders, the stored model, exports and errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from parley.deals.domain import Domain, read_domain
from parley.deals.genius import read_genius, write_genius
from parley.store.db import Store
from parley.store.models import Claim, Proposal, Report

from test_deals_domain import VALID

runner = CliRunner()


@pytest.fixture
def domain_file(tmp_path: Path) -> Path:
    path = tmp_path / "domain.json"
    path.write_text(json.dumps(VALID))
    return path


@pytest.fixture
def model_db(tmp_path: Path) -> str:
    """A store with claims of two actors on two gaza-2024 issues, and one proposal."""
    url = f"sqlite:///{tmp_path / 'parley.db'}"
    store = Store(url)
    day = dt.date(2024, 5, 6)
    with store.session() as session:
        session.add(Report(id="r1", source="r1.txt", source_kind="file", published=day, text="t", chars=1,
                           raw_sha256="0", text_sha256="0"))
        session.flush()
        for actor, issue, position in [("Israel", "ceasefire_permanence", 10), ("Hamas", "ceasefire_permanence", 95),
                                       ("Israel", "hostage_release", 100), ("Hamas", "hostage_release", 30)]:
            session.add(Claim(report_id="r1", extractor_version="test", sent_start=0, sent_end=1, quote="t",
                              actor=actor, act="DEMAND", issue=issue, position=float(position), confidence=1.0,
                              event_date=day))
        session.add(Proposal(report_id="r1", extractor_version="test", name="May framework", proposers=["Qatar"],
                             date=day, positions={"ceasefire_permanence": 60, "hostage_release": 50}))
    store.dispose()
    return url


def test_json_from_domain_file(domain_file: Path) -> None:
    result = runner.invoke(app, ["deals", "--domain", str(domain_file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["outcomes"] == 6
    assert {"outcomes", "zopa_size", "pareto", "nash", "kalai", "egalitarian", "utilitarian", "proposals"} <= set(data)
    assert data["parties"] == ["A", "B"] and data["proposals"] == []
    assert all(len(point["utilities"]) == 2 for point in data["pareto"])


def test_table_output_and_exports(domain_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["deals", "--domain", str(domain_file), "--export-domain", str(tmp_path / "out.json"),
                                 "--export-genius", str(tmp_path / "genius")])
    assert result.exit_code == 0, result.output
    assert "6 outcomes" in result.stdout and "nash" in result.stdout
    assert read_domain(tmp_path / "out.json") == Domain.from_dict(VALID)
    assert read_genius(tmp_path / "genius") == Domain.from_dict(VALID)


def test_genius_folder(tmp_path: Path) -> None:
    write_genius(Domain.from_dict(VALID), tmp_path / "g")
    result = runner.invoke(app, ["deals", "--genius", str(tmp_path / "g"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcomes"] == 6


def test_domain_from_the_stored_model(model_db: str) -> None:
    result = runner.invoke(app, ["deals", "--db", model_db, "--pack", "gaza-2024", "--as-of", "2024-06-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(data["parties"]) == ["Hamas", "Israel"]
    assert sorted(data["issues"]) == ["ceasefire_permanence", "hostage_release"]
    assert data["outcomes"] == 25  # five named options on each issue
    (proposal,) = data["proposals"]
    assert proposal["name"] == "May framework" and proposal["proposers"] == ["Qatar"]
    assert len(proposal["utilities"]) == 2


@pytest.mark.parametrize(
    ("args", "code", "err_msg"),
    [
        (["--domain", "d.json", "--genius", "g"], 2, "E357"),
        (["--domain", "missing.json"], 1, "E350"),
        (["--genius", "missing-folder"], 1, "E352"),
        (["--as-of", "June", "--db", "sqlite://"], 2, "--as-of must be an ISO date"),
    ],
)
def test_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list, code: int,
                             err_msg: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["deals", *args])
    assert result.exit_code == code
    assert result.stderr.startswith("Error: ") and err_msg in result.stderr
    assert "Traceback" not in result.stderr


def test_chosen_parties_and_issues(model_db: str) -> None:
    result = runner.invoke(app, ["deals", "--db", model_db, "--pack", "gaza-2024", "--party", "Hamas",
                                 "--party", "Israel", "--issue", "hostage_release", "--points", "3", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["parties"] == ["Hamas", "Israel"] and data["issues"] == ["hostage_release"]
    assert data["outcomes"] == 5  # the pack names five options, so --points does not apply
