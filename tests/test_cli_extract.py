"""``parley extract``: summary table, --json object, incremental runs and errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from tests.fixtures_extract import add_report
from tests.fixtures_http import QuietHandler, serve

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


ANSWER = {
    "actors": [{"name": "Borvia", "type": "state", "affiliation": "Borvia", "role": "party"}],
    "issues": ["overall_deal"],
    "stances": [{"actor": "Borvia", "act": "REJECT", "issue": "overall_deal", "position": None, "quote": "Borvia rejected the plan"}],
    "proposals": [],
    "status": {"signal": "stalled", "evidence": "Talks have stalled", "probability": None, "confidence": "medium"},
    "events": [],
}


class ChatHandler(QuietHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_chat(json.dumps(ANSWER))


@pytest.fixture
def llm_server():
    with serve(ChatHandler) as base:
        yield f"{base}/v1"


def test_extract_with_llm_backend_stores_records(db, llm_server):
    from sqlalchemy import select

    from parley.store.db import Store
    from parley.store.models import Claim

    result = CliRunner().invoke(app, ["extract", "--db", db, "--llm-url", llm_server, "--llm-model", "m", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["claims"] == 1 and summary["status"] == 1
    assert [f["report"] for f in summary["failed"]] == ["r2"]  # no text: never sent to the server
    with Store(db).session() as session:
        claim = session.scalars(select(Claim).where(Claim.report_id == "r1")).one()
    assert claim.extractor_version == "llm:m" and TEXT[claim.sent_start : claim.sent_end].startswith("Borvia rejected")
