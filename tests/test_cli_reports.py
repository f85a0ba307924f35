"""``parley reports list`` and ``parley reports show``."""

from __future__ import annotations

import json
import random

import pytest
from typer.testing import CliRunner

from fixtures_ingest import article
from parley.cli.main import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path) -> str:
    rng = random.Random(5)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b_later.txt").write_text("Published: 5 June 2024\n\n" + "\n\n".join(article(rng)))
    (folder / "a_earlier.txt").write_text("Published: 1 February 2024\n\n" + "\n\n".join(article(rng)))
    url = f"sqlite:///{tmp_path / 'r.db'}"
    assert runner.invoke(app, ["--db", url, "ingest", str(folder)]).exit_code == 0
    return url


def test_list_json_is_ordered_by_date(db):
    result = runner.invoke(app, ["--db", db, "reports", "list", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)["reports"]
    assert [r["id"] for r in rows] == ["a_earlier", "b_later"]
    assert rows[0]["published"] == "2024-02-01" and rows[0]["date_source"] == "text"
    for key in ("title", "outlet", "chars", "duplicate_of"):
        assert key in rows[0]
    assert "text" not in rows[0]


def test_list_table(db):
    result = runner.invoke(app, ["--db", db, "reports", "list"])
    assert result.exit_code == 0
    assert "2 reports" in result.stdout and "a_earlier" in result.stdout


def test_show_json_has_the_text(db):
    result = runner.invoke(app, ["--db", db, "reports", "show", "b_later", "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["id"] == "b_later" and report["published"] == "2024-06-05"
    assert report["chars"] == len(report["text"]) > 100


def test_show_prints_text(db):
    result = runner.invoke(app, ["--db", db, "reports", "show", "a_earlier"])
    assert result.exit_code == 0
    assert "Published: 1 February 2024" in result.stdout


def test_show_unknown_id_exits_1(db):
    result = runner.invoke(app, ["--db", db, "reports", "show", "nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [E003] No report with id 'nope'")
    assert "Traceback" not in result.stderr
