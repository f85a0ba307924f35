"""Dashboard safety: hostile report text stays inert, writes need the token, no state-changing GET."""

from __future__ import annotations

import inspect

import pytest
from fastapi.testclient import TestClient

from fixtures_web import populate
from parley.store.db import Store
from parley.web.app import create_app

TOKEN = "s3cret-token"
HOSTILE_ACTOR = 'Israel<script>alert("x")</script><img src=x onerror="alert(1)"><a href="javascript:alert(2)">go</a>'
PAGES = ["/", "/issues", "/actors", "/timeline", "/proposals", "/deals", "/claims", "/claims/1", "/reports",
         "/reports/r01", "/whatif", "/docs", "/issues/ceasefire_permanence"]
INERT = ['<script>alert("x")', "<img src=x onerror", 'href="javascript:', "</script><img"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> TestClient:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'store.db'}")
    populate(store, hostile=True)
    return TestClient(create_app(store.url, token=TOKEN, runs=20))


@pytest.fixture
def client(tmp_path) -> TestClient:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    populate(store)
    return TestClient(create_app(store.url, token=TOKEN, runs=20))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("needle", INERT)
def test_hostile_text_is_escaped_on_every_page(hostile, path, needle):
    response = hostile.get(path)
    assert response.status_code == 200
    assert needle not in response.text


@pytest.mark.parametrize("path", PAGES[:4])
def test_hostile_text_is_visible_as_text(hostile, path):
    assert "&lt;script&gt;alert(" in hostile.get(path).text


def test_hostile_filters_and_what_if(hostile):
    for path in (f"/timeline?actor={HOSTILE_ACTOR}", f"/claims?actor={HOSTILE_ACTOR}",
                 f"/whatif?actor={HOSTILE_ACTOR}&field=position&value=10"):
        response = hostile.get(path)
        assert response.status_code == 200
        for needle in INERT:
            assert needle not in response.text


def test_hostile_text_in_a_query_is_escaped_in_errors(hostile):
    response = hostile.get('/?as_of=<script>alert("q")</script>')
    assert response.status_code == 400
    assert '<script>alert("q")' not in response.text


@pytest.mark.parametrize("header", ["Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"])
def test_security_headers(client, header):
    assert header in client.get("/").headers


def test_csp_allows_only_own_scripts(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


@pytest.mark.parametrize(
    "path, data",
    [
        ("/claims/1/review", {"action": "reject"}),
        ("/claims/1/review", {"action": "reject", "token": "wrong"}),
        ("/claims/1/review", {"action": "reject", "token": ""}),
        ("/whatif/scenarios", {"actor": "Israel", "field": "position", "value": "5", "name": "x"}),
        ("/api/claims/1/review", {"action": "reject", "token": TOKEN[:-1]}),
    ],
)
def test_writes_need_the_token(client, path, data):
    response = client.post(path, data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "E403" in response.text
    assert client.get("/api/claims/1").json()["review_status"] == "unreviewed"


def test_token_in_header(client):
    response = client.post("/api/claims/1/review", json={"action": "accept"}, headers={"X-Parley-Token": TOKEN})
    assert response.status_code == 201
    assert client.get("/api/claims/1").json()["review_status"] == "accepted"


@pytest.mark.parametrize("path", ["/claims/1/review", "/api/claims/1/review", "/whatif/scenarios"])
def test_no_state_changing_get(client, path):
    response = client.get(path + "?action=reject&token=" + TOKEN)
    assert response.status_code in (404, 405)
    assert client.get("/api/claims/1").json()["review_status"] == "unreviewed"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_no_open_redirect_after_review(client, target):
    response = client.post("/claims/1/review", data={"action": "accept", "token": TOKEN, "next": target},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/claims/1"


def test_token_compare_is_constant_time_and_strict(client):
    app_state = client.app.state.parley
    assert app_state.check_token(TOKEN)
    assert not app_state.check_token(None)
    assert not app_state.check_token(TOKEN + "x")
    assert "compare_digest" in inspect.getsource(type(app_state).check_token)


def test_large_body_refused(client):
    response = client.post("/api/claims/1/review", content=b"a=" + b"x" * 70_000,
                           headers={"X-Parley-Token": TOKEN, "content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413


def test_serve_binds_loopback_by_default():
    from typer.testing import CliRunner

    from parley.cli.main import app as cli

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output
