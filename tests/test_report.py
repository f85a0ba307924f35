"""The self-contained HTML report: sections, inlined assets, evidence links, escaping, CLI."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from typer.testing import CliRunner

from fixtures_web import HOSTILE, populate
from parley.cli.main import app as cli
from parley.errors import UsageError
from parley.report import build_report, write_report
from parley.report.analysis import Change, analyse
from parley.report.build import safe_url
from parley.report.charts import plotly_js
from parley.store.db import Store
from tests.fixtures_model import add_claim, add_report, fresh_store

SECTIONS = ["summary", "actors", "issues", "timeline", "proposals", "deals", "evidence"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('report') / 'store.db'}")
    populate(store)
    return store


@pytest.fixture(scope="module")
def html(store) -> str:
    return build_report(store, runs=50, seed=0)


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> str:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'store.db'}")
    populate(store, hostile=True)
    return build_report(store, runs=20, seed=0)


@pytest.mark.parametrize("section", SECTIONS)
def test_report_has_section(html, section):
    assert f'<section id="{section}">' in html


def test_plotly_inlined_once_and_nothing_loaded_from_outside(html):
    assert html.count(plotly_js()[:2000]) == 1
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html)


def test_every_evidence_link_has_its_anchor(html):
    links = set(re.findall(r'href="#claim-(\d+)"', html))
    anchors = set(re.findall(r'id="claim-(\d+)"', html))
    assert links, "the report links no claim"
    assert links <= anchors


def test_issue_charts_and_forecasts(html):
    assert html.count('data-chart="chart-issue-') == 4
    assert "Pareto" in html
    for model in ("mean", "median", "nash", "bdm"):
        assert f"<b>{model}</b>" in html


@pytest.mark.parametrize(
    "as_of, present, absent",
    [
        (dt.date(2024, 5, 20), "the army will resume operations", "the group calls the bridging text a trap"),
        (None, "the group calls the bridging text a trap", "not available yet"),
    ],
)
def test_as_of_limits_the_evidence(store, as_of, present, absent):
    html = build_report(store, as_of=as_of, runs=20, seed=0)
    assert present in html
    assert absent not in html


@pytest.mark.parametrize(
    "needle",
    [
        '<script>alert("x")',
        "<img src=x onerror",
        'href="javascript:',
        "</script><img",
    ],
)
def test_hostile_text_is_escaped(hostile_html, needle):
    assert needle not in hostile_html


def test_hostile_text_is_shown_escaped(hostile_html):
    assert "&lt;script&gt;alert(" in hostile_html
    # JSON inside <script type="application/json"> escapes "<" so a quote cannot close the element.
    assert "\\u003cscript\\u003e" in hostile_html
    assert HOSTILE not in hostile_html


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,x", None),
        ("//example.org", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "kwargs, err_msg",
    [
        ({"actor": "Israel", "field": "weight", "value": 1.0}, r"\[E400\].*position, salience, capability, drop"),
        ({"actor": "Israel", "field": "position", "value": 120.0}, r"\[E401\].*0 to 100"),
        ({"actor": "Israel", "field": "salience", "value": 2.0}, r"\[E401\].*0 to 1"),
        ({"actor": "Israel", "field": "capability", "value": None}, r"\[E401\]"),
    ],
)
def test_invalid_change(kwargs, err_msg):
    with pytest.raises(UsageError, match=err_msg):
        Change(**kwargs)


def test_what_if_change_moves_the_forecast_without_storing(store):
    base = analyse(store, runs=20, seed=0)
    moved = analyse(store, runs=20, seed=0, changes=(Change("Hamas", "position", 0.0, "philadelphi_corridor"),))
    before = base.forecast_for("philadelphi_corridor")["mean"]
    after = moved.forecast_for("philadelphi_corridor")["mean"]
    assert after < before
    again = analyse(store, runs=20, seed=0)
    assert again.forecast_for("philadelphi_corridor")["mean"] == before


def test_dropping_an_actor_removes_it(store):
    dropped = analyse(store, runs=20, seed=0, changes=(Change("Hamas", "drop"),))
    assert "Hamas" not in dropped.model.actors


def test_write_report_to_a_missing_folder(store, tmp_path):
    with pytest.raises(UsageError, match=r"\[E407\].*-o"):
        write_report(store, path=tmp_path / "missing" / "r.html", runs=10)


def test_runs_must_be_positive(store):
    with pytest.raises(UsageError, match=r"--runs"):
        build_report(store, runs=0)


def test_cli_report_prints_the_path(store, tmp_path):
    target = tmp_path / "out.html"
    result = CliRunner().invoke(cli, ["--db", store.url, "report", "-o", str(target), "--runs", "20"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(target.resolve())
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_report_bad_date(store, tmp_path):
    result = CliRunner().invoke(cli, ["--db", store.url, "report", "--as-of", "May 5", "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_what_if_forecasts_only_the_changed_issue(store):
    base = analyse(store, runs=20, seed=0)
    change = (Change("Hamas", "position", 0.0, "philadelphi_corridor"),)
    partial = analyse(store, runs=0, seed=0, changes=change, model=base.model, base=base, deals=False)
    full = analyse(store, runs=0, seed=0, changes=change)
    assert partial.deals is None
    for item in base.forecast["issues"]:
        if item["id"] == "philadelphi_corridor":
            assert partial.forecast_for(item["id"])["mean"] == pytest.approx(full.forecast_for(item["id"])["mean"])
            assert partial.forecast_for(item["id"])["mean"] != item["mean"]
        else:
            assert partial.forecast_for(item["id"]) == item


def test_report_with_a_named_pack(store):
    html = build_report(store, pack="gaza-2024", runs=10, seed=0)
    assert "Parley report for gaza-2024" in html
    assert 'id="issue-philadelphi_corridor"' in html


def _issues_store(issues: int, heavy: int = 0) -> Store:
    """Three actors on ``issues`` issues; the first ``heavy`` issues get five claims each, so they weigh most."""
    store = fresh_store()
    add_report(store, "r", dt.date(2024, 7, 1))
    for index in range(issues):
        for actor, position in (("A", 10.0 + index), ("B", 90.0 - index), ("C", 50.0)):
            for _ in range(5 if index < heavy else 1):
                add_claim(store, "r", actor=actor, issue=f"i{index}", position=position)
    return store


def test_deals_keep_the_most_salient_issues_that_fit():
    result = analyse(_issues_store(4, heavy=2), runs=0, seed=0, max_deal_outcomes=25)
    assert result.deals["issues"] == ["i0", "i1"]
    assert result.deals["outcomes"] == 25
    assert "Only the 2 most salient of 4 issues are analysed here (i0, i1)" in result.deals["message"]


def test_deals_errors_are_shown_not_raised():
    result = analyse(_issues_store(2), runs=0, seed=0, max_deal_outcomes=1)
    assert result.deals is None and result.forecast is not None
    assert re.match(r"not available: \[E354\]", result.missing["deals"])


def test_report_on_many_issues_limits_the_deals():
    html = build_report(_issues_store(9), runs=5, seed=0)
    assert html.count('data-chart="chart-issue-') == 9
    assert "Only the 8 most salient of 9 issues are analysed here" in html
    assert "390625 packages" in html
