"""The whole pipeline on the bundled Gaza corpus, through the CLI, as `make demo` runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli.main import app
from parley.store.db import Store
from parley.store.models import Claim, Report

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "gaza-2024"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    """Ingest and extract the example corpus once; return the store URL and a runner."""
    db = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    runner = CliRunner()

    def run(*args: str) -> dict | str:
        result = runner.invoke(app, ["--db", db, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout) if "--json" in args else result.stdout

    ingested = run("ingest", str(CORPUS), "--json")
    extracted = run("extract", "--pack", "gaza-2024", "--json")
    return {"db": db, "run": run, "ingested": ingested, "extracted": extracted}


def test_ingest_keeps_every_report_and_links_wire_copies(demo):
    ingested = demo["ingested"]
    files = [p for p in CORPUS.iterdir() if p.suffix in {".txt", ".html"}]
    assert ingested["rejected"] == []
    assert ingested["stored"] >= len(files) + 6  # plus 3 JSONL records and 3 feed items
    assert ingested["near_duplicates"] == 2


def test_every_claim_quote_is_verbatim_in_its_report(demo):
    assert demo["extracted"]["claims"] > 0 and demo["extracted"]["failed"] == []
    store = Store(demo["db"])
    with store.session() as session:
        texts = dict(session.query(Report.id, Report.text))
        for claim in session.query(Claim):
            text = texts[claim.report_id]
            assert claim.quote in text
            assert text[claim.sent_start : claim.sent_end].find(claim.quote) >= 0


def test_model_forecast_deals_timeline_backtest(demo):
    run = demo["run"]
    model = run("model", "--pack", "gaza-2024", "--json")
    assert model["entries"], "the corpus yields a stakeholder table"
    for entry in model["entries"]:
        assert 0 <= entry["position"] <= 100 and 0 <= entry["salience"] <= 1 and entry["claims"]
    forecast = run("forecast", "--pack", "gaza-2024", "--model", "all", "--runs", "100", "--seed", "1", "--json")
    for issue in forecast["issues"]:
        for name in ("mean", "median", "nash", "bdm"):
            lo, hi = issue["bands"][name]
            assert 0 <= lo <= hi <= 100 and 0 <= issue[name] <= 100
    deals = run("deals", "--pack", "gaza-2024", "--json")
    assert deals["outcomes"] >= deals["zopa_size"] >= 0 and deals["pareto"]
    timeline = run("timeline", "--json")
    assert timeline
    backtest = run("backtest", "--cutoff", "2024-09-30", "--pack", "gaza-2024", "--json")
    assert backtest


def test_report_is_self_contained(demo, tmp_path):
    out = tmp_path / "report.html"
    printed = demo["run"]("report", "--pack", "gaza-2024", "-o", str(out))
    assert str(out) in printed
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?:", html), "scripts must be inlined"
    assert not re.search(r"<link[^>]+href=[\"']https?:", html), "styles must be inlined"
    assert "claim-" in html  # numbers link to their evidence
