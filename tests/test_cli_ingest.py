"""``parley ingest`` through the CLI runner and as a real subprocess: output, JSON and exit codes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures_ingest import article
from parley.cli.main import app

runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    rng = random.Random(11)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(3):
        (folder / f"r{i}.txt").write_text("\n\n".join(article(rng)))
    return folder


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_json_prints_one_object_and_exit_0(tmp_path, corpus):
    result = runner.invoke(app, ["--db", _db(tmp_path), "ingest", str(corpus), "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"stored": 3, "duplicates": 0, "near_duplicates": 0, "rejected": []}


def test_rerun_counts_duplicates_and_exits_0(tmp_path, corpus):
    runner.invoke(app, ["--db", _db(tmp_path), "ingest", str(corpus)])
    result = runner.invoke(app, ["ingest", str(corpus), "--db", _db(tmp_path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["duplicates"] == 3


def test_summary_table_without_json(tmp_path, corpus):
    result = runner.invoke(app, ["--db", _db(tmp_path), "ingest", str(corpus)])
    assert result.exit_code == 0
    assert "stored" in result.stdout and "3" in result.stdout
    assert "Rejected" not in result.stdout


def test_rejections_exit_1_and_are_listed(tmp_path, corpus):
    (corpus / "empty.txt").write_text("Advertisement\n")
    result = runner.invoke(app, ["--db", _db(tmp_path), "ingest", str(corpus), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["stored"] == 3
    assert [r["input"] for r in data["rejected"]] == [str(corpus / "empty.txt")]
    assert data["rejected"][0]["reason"].startswith("[E104]")


@pytest.mark.parametrize(
    "args, err_msg",
    [
        (["https://example.org/a.html"], "[E107]"),
        (["{corpus}", "--near-threshold", "2"], "[E004] The option --near-threshold"),
        (["{corpus}", "--workers", "0"], "[E004] The option --workers"),
    ],
)
def test_usage_errors_exit_2_without_traceback(tmp_path, corpus, args, err_msg):
    args = [a.format(corpus=corpus) for a in args]
    result = runner.invoke(app, ["--db", _db(tmp_path), "ingest", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and err_msg in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_argument_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["--db", _db(tmp_path), "ingest"])
    assert result.exit_code == 2


def test_subprocess_json_and_exit_codes(tmp_path, corpus):
    parley = [str(Path(sys.executable).parent / "parley")]
    base = [*parley, "--db", _db(tmp_path), "ingest", "--json"]
    first = subprocess.run([*base, str(corpus)], capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["stored"] == 3
    assert first.stderr == ""  # no progress bar when stderr is not a terminal
    bad = subprocess.run([*base, str(corpus), str(tmp_path / "nope.txt")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["rejected"][0]["reason"].startswith("[E005]")
    usage = subprocess.run([*base, "ftp://example.org/x"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
