"""Dashboard pages and JSON API on the synthetic negotiation (FastAPI TestClient)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from fixtures_web import populate
from markupsafe import escape
from parley.model.timeline import timeline
from parley.store.db import Store
from parley.store.models import Claim, ClaimReview, Scenario
from parley.web.app import create_app
from parley.web.common import PAGE_SIZE, json_bytes

TOKEN = "test-token"
PAGES = [
    "/",
    "/?as_of=2024-06-15",
    "/issues",
    "/issues/hostage_release",
    "/actors",
    "/timeline",
    "/timeline?actor=Israel&issue=philadelphi_corridor",
    "/timeline?page=2",
    "/proposals",
    "/deals",
    "/claims",
    "/claims?status=unreviewed&actor=Hamas",
    "/claims/1",
    "/reports",
    "/reports/r01",
    "/whatif",
    "/whatif?actor=Israel&issue=ceasefire_permanence&field=position&value=90",
    "/whatif?actor=Hamas&field=drop",
    "/docs",
]
API = ["/api/reports", "/api/reports/r01", "/api/claims", "/api/claims/1", "/api/model", "/api/forecast",
       "/api/deals", "/api/timeline", "/api/whatif?actor=Israel&value=90", "/api/openapi.json"]


def _client(path) -> TestClient:
    store = Store(f"sqlite:///{path / 'store.db'}")
    populate(store)
    return TestClient(create_app(store.url, token=TOKEN, runs=50))


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return _client(tmp_path_factory.mktemp("web"))


@pytest.fixture
def fresh(tmp_path) -> TestClient:
    return _client(tmp_path)


@pytest.mark.parametrize("path", PAGES)
def test_page_renders(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "<nav" in response.text


@pytest.mark.parametrize("path", API)
def test_api_answers_json(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert isinstance(response.json(), dict)


@pytest.mark.parametrize(
    "path, status, err_msg",
    [
        ("/nowhere", 404, "E404"),
        ("/claims/9999", 404, "E405"),
        ("/reports/none", 404, "E003"),
        ("/issues/not_an_issue", 404, "E408"),
        ("/?as_of=yesterday", 400, "E402"),
        ("/claims?status=maybe", 400, "E408"),
        ("/timeline?page=0", 400, "E408"),
    ],
)
def test_page_errors_are_pages(client, path, status, err_msg):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert err_msg in response.text


@pytest.mark.parametrize(
    "path, status, err_msg",
    [
        ("/api/nowhere", 404, "E404"),
        ("/api/claims/9999", 404, "E405"),
        ("/api/reports/none", 404, "E003"),
        ("/api/model?as_of=yesterday", 422, "as_of"),
        ("/api/whatif?actor=Israel&value=300", 400, "E401"),
    ],
)
def test_api_errors_are_json(client, path, status, err_msg):
    response = client.get(path)
    assert response.status_code == status
    body = response.json()
    assert body["error"]["status"] == status
    assert err_msg in body["error"]["message"]


def test_docs_page_lists_the_api_offline(client):
    html = client.get("/docs").text
    for route in ("/api/claims", "/api/model", "/api/forecast", "/api/deals", "/api/timeline", "/api/whatif"):
        assert route in html
    assert "cdn" not in html.lower()


def test_plotly_served_from_the_package(client):
    response = client.get("/static/plotly.min.js")
    assert response.status_code == 200
    assert len(response.content) > 1_000_000
    assert client.get("/static/../app.py").status_code == 404


def test_as_of_hides_later_evidence(client):
    early = client.get("/?as_of=2024-05-20").text
    assert "the army will resume operations" in early
    assert "the group calls the bridging text a trap" not in early
    assert "the group calls the bridging text a trap" in client.get("/").text


def test_timeline_filter_keeps_only_the_actor(client):
    items = client.get("/api/timeline?actor=Hamas").json()["items"]
    assert items
    assert all("Hamas" in item["what"] for item in items)


@pytest.mark.parametrize("query", [{}, {"actor": "Israel"}, {"issue": "philadelphi_corridor", "page": "1"},
                                   {"as_of": "2024-06-01"}, {"page": "2"}])
def test_timeline_api_is_the_model_timeline(client, query):
    store = client.app.state.parley.store
    as_of = dt.date.fromisoformat(query["as_of"]) if "as_of" in query else None
    page = int(query.get("page", 1))
    expected = timeline(store, as_of=as_of, actor=query.get("actor"), issue=query.get("issue"), limit=PAGE_SIZE,
                        offset=(page - 1) * PAGE_SIZE).items
    assert client.get("/api/timeline", params=query).json()["items"] == json.loads(json_bytes(expected))


def test_timeline_page_shows_both_quotes_of_a_change(client):
    items = client.get("/api/timeline?issue=philadelphi_corridor").json()["items"]
    change = next(item for item in items if item["kind"] == "stance")
    html = client.get("/timeline?issue=philadelphi_corridor").text
    assert all(str(escape(quote)) in html for quote in change["quotes"])


def test_rejected_claims_leave_the_timeline(fresh):
    changes = [item for item in fresh.get("/api/timeline").json()["items"] if item["kind"] == "stance"]
    later = changes[0]["claims"][1]
    response = fresh.post(f"/claims/{later}/review", data={"action": "reject", "token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303
    after = [item for item in fresh.get("/api/timeline").json()["items"] if item["kind"] == "stance"]
    assert later not in {claim for item in after for claim in item["claims"]}


def test_claims_pagination(client):
    first = client.get("/api/claims?page=1").json()
    assert first["total"] == 30
    assert len(first["claims"]) == 30
    assert client.get("/api/claims?page=2").json()["claims"] == []


def _forecast(client, issue: str) -> float:
    issues = client.get("/api/forecast").json()["forecast"]["issues"]
    return next(item["mean"] for item in issues if item["id"] == issue)


def test_rejecting_a_claim_changes_the_forecast(fresh):
    claim = next(c for c in fresh.get("/api/claims?actor=Hamas&issue=philadelphi_corridor").json()["claims"])
    before = _forecast(fresh, "philadelphi_corridor")
    others = fresh.get("/api/claims?actor=Hamas&issue=philadelphi_corridor").json()["claims"]
    for item in others:
        response = fresh.post(f"/claims/{item['id']}/review", data={"action": "reject", "token": TOKEN},
                              follow_redirects=False)
        assert response.status_code == 303
    assert fresh.get(f"/api/claims/{claim['id']}").json()["review_status"] == "rejected"
    assert _forecast(fresh, "philadelphi_corridor") != before


def test_correction_is_kept_with_its_audit_trail(fresh):
    claim = fresh.get("/api/claims?actor=Israel&issue=philadelphi_corridor").json()["claims"][0]
    response = fresh.post(
        f"/api/claims/{claim['id']}/review",
        json={"action": "correct", "position": 60, "reviewer": "ana", "reason": "misread"},
        headers={"X-Parley-Token": TOKEN},
    )
    assert response.status_code == 201
    assert response.json()["changes"] == {"position": [claim["position"], 60.0]}
    detail = fresh.get(f"/api/claims/{claim['id']}").json()
    assert detail["position"] == claim["position"]  # the extracted value is untouched
    assert detail["effective"]["position"] == 60.0
    assert [r["reviewer"] for r in detail["reviews"]] == ["ana"]
    assert "ana" in fresh.get(f"/claims/{claim['id']}").text


@pytest.mark.parametrize(
    "fields, err_msg",
    [
        ({"action": "approve"}, "E406"),
        ({"action": "correct", "position": "far"}, "E408"),
        ({"action": "correct", "position": "150"}, "E408"),
        ({"action": "correct", "act": "GLOAT"}, "E408"),
    ],
)
def test_invalid_reviews(fresh, fields, err_msg):
    response = fresh.post("/api/claims/1/review", json=fields, headers={"X-Parley-Token": TOKEN})
    assert response.status_code == 400
    assert err_msg in response.json()["error"]["message"]


def _counts(client) -> tuple[int, int, int]:
    store = client.app.state.parley.store
    with store.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (Claim, ClaimReview, Scenario))


def test_what_if_moves_forecast_and_stores_nothing(fresh):
    counts = _counts(fresh)
    body = fresh.get("/api/whatif?actor=Hamas&issue=philadelphi_corridor&field=position&value=0").json()
    row = next(r for r in body["rows"] if r["issue"] == "philadelphi_corridor" and r["model"] == "mean")
    assert row["after"] < row["before"]
    assert _counts(fresh) == counts


def test_saving_a_scenario(fresh):
    fields = {"actor": "Israel", "issue": "hostage_release", "field": "salience", "value": "0.1",
              "name": "Israel cares less", "token": TOKEN}
    response = fresh.post("/whatif/scenarios", data=fields, follow_redirects=False)
    assert response.status_code == 303
    page = fresh.get(response.headers["location"])
    assert "Israel cares less" in page.text
    duplicate = fresh.post("/whatif/scenarios", data=fields)
    assert duplicate.status_code == 409


@pytest.mark.parametrize(
    "query, has_deals",
    [("", False), ("&deals=false", False), ("&deals=true", True)],
)
def test_what_if_deals_are_opt_in(client, query, has_deals):
    body = client.get("/api/whatif?actor=Hamas&issue=hostage_release&value=10" + query).json()
    assert (body["deals"] is not None) == has_deals
    page = client.get("/whatif?actor=Hamas&issue=hostage_release&value=10" + ("&deals=1" if has_deals else "")).text
    assert ("zone of possible agreement" in page) == has_deals


def test_deals_are_computed_only_for_pages_that_show_them(fresh):
    cached = fresh.app.state.parley._cache
    assert fresh.get("/issues").status_code == 200
    assert not any(key[0] == "analysis+deals" for key, _ in cached)
    assert fresh.get("/deals").status_code == 200
    assert any(key[0] == "analysis+deals" for key, _ in cached)
    assert fresh.get("/api/deals").json()["deals"]["pareto"]
