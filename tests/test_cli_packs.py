"""``parley packs new|list|show``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from parley.cli.main import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_new_then_show(runner, tmp_path):
    result = runner.invoke(app, ["packs", "new", "my-talks", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "my-talks" / "pack.yaml").is_file()
    shown = runner.invoke(app, ["packs", "show", str(tmp_path / "my-talks"), "--json"])
    assert shown.exit_code == 0, shown.output
    summary = json.loads(shown.stdout)
    assert summary["name"] == "my-talks" and summary["extends"] == "generic"
    assert "ceasefire" in {issue["id"] for issue in summary["issues"]}


def test_new_refuses_existing(runner, tmp_path):
    runner.invoke(app, ["packs", "new", "twice", "--dir", str(tmp_path)])
    result = runner.invoke(app, ["packs", "new", "twice", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "[E257]" in result.output and "Traceback" not in result.output


def test_show_generic_text(runner):
    result = runner.invoke(app, ["packs", "show", "generic"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "30 issues" in result.stdout
    assert "ceasefire_permanence" in result.stdout and "right to resume fighting" in result.stdout


def test_show_json_lists_scales(runner):
    result = runner.invoke(app, ["packs", "show", "generic", "--json"])
    issues = {issue["id"]: issue for issue in json.loads(result.stdout)["issues"]}
    assert issues["troop_withdrawal"]["scale"]["low"]
    assert issues["philadelphi_corridor"]["parent"] == "troop_withdrawal"


def test_show_unknown_pack(runner):
    result = runner.invoke(app, ["packs", "show", "no-such-pack"])
    assert result.exit_code == 1
    assert "[E250]" in result.output and "generic" in result.output


def test_list_includes_local_and_invalid_packs(runner, tmp_path, monkeypatch):
    good = tmp_path / "good"
    good.mkdir()
    (good / "pack.yaml").write_text("name: good\ndescription: A test pack\n")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "pack.yaml").write_text("name: bad\ncolour: red\n")
    monkeypatch.setenv("PARLEY_PACKS", str(tmp_path))
    result = runner.invoke(app, ["packs", "list", "--json"])
    assert result.exit_code == 0, result.output
    packs = {row["name"]: row for row in json.loads(result.stdout)["packs"]}
    assert packs["good"]["description"] == "A test pack"
    assert "[E251]" in packs["bad"]["error"]
    assert "generic" in packs
    text = runner.invoke(app, ["packs", "list"], env={"COLUMNS": "200", "PARLEY_PACKS": str(tmp_path)})
    assert "bad: invalid:" in text.stdout
