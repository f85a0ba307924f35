"""``parley extract``: summary table, --json object, incremental runs and errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from tests.fixtures_extract import add_report

TEXT = "Borvia rejected the plan on Sunday, officials said. Talks have stalled."


@pytest.fixture
def db(tmp_path):
    from parley.store.db import Store

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = Store(url)
    add_report(store, "r1", TEXT)
    add_report(store, "r2", "  ")
    store.dispose()
    return url


def test_extract_json_prints_one_object(db):
    result = CliRunner().invoke(app, ["--db", db, "extract", "--model", "blank", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert set(summary) == {"reports", "claims", "proposals", "status", "failed"}
    assert summary["reports"] == 2 and summary["status"] == 1
    assert [f["report"] for f in summary["failed"]] == ["r2"]


def test_extract_table_then_nothing_left(db):
    first = CliRunner().invoke(app, ["extract", "--db", db, "--model", "blank"])
    assert first.exit_code == 0 and "Extraction" in first.stdout and "Failed reports" in first.stdout
    second = CliRunner().invoke(app, ["extract", "--db", db, "--model", "blank", "--json"])
    assert json.loads(second.stdout)["reports"] == 0
    redo = CliRunner().invoke(app, ["extract", "--db", db, "--model", "blank", "--redo", "--json"])
    assert json.loads(redo.stdout)["reports"] == 2


@pytest.mark.parametrize(
    "args, err_msg",
    [
        (["--pack", "no-such-pack"], "E250"),
        (["--model", " "], "E203"),
    ],
)
def test_extract_errors_are_one_line(db, args, err_msg):
    result = CliRunner().invoke(app, ["extract", "--db", db, *args])
    assert result.exit_code in (1, 2)
    assert err_msg in result.stderr and "Traceback" not in result.stderr


def test_extract_help_has_example():
    result = CliRunner().invoke(app, ["extract", "--help"])
    assert result.exit_code == 0 and "Example: parley extract" in result.stdout
