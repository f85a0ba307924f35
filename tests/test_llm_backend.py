"""The OpenAI-compatible backend, against a loopback server this test starts."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator

import pytest

from parley.errors import ExtractionError
from parley.extract.llm import LlmExtractor, build_messages
from parley.packs import load_pack
from tests.fixtures_http import QuietHandler, serve

TEXT = (
    "Ruritania's foreign minister said on Monday that his country wants a truce now. "
    "The UN said talks had made progress, with 90% agreed."
)
GOOD = {
    "actors": [
        {"name": "Ruritania", "type": "state", "affiliation": "Ruritania", "role": "party"},
        {"name": "UN", "type": "igo", "affiliation": "United Nations", "role": "mediator"},
        {"name": "United Nations", "type": "igo", "affiliation": "United Nations", "role": "mediator"},
    ],
    "issues": ["ceasefire"],
    "stances": [
        {"actor": "Ruritania", "act": "DEMAND", "issue": "ceasefire", "position": "truce", "quote": "wants a truce now"},
        {"actor": "UN", "act": "MEDIATE", "issue": "negotiation_format", "position": None,
         "quote": "talks had made  progress"},  # whitespace differs: still verbatim
        {"actor": "Ruritania", "act": "OFFER", "issue": "hostage_release", "position": None,
         "quote": "Ruritania will free everyone"},  # not in the text: dropped
    ],
    "proposals": [],
    "status": {"signal": "progress", "evidence": "talks had made progress", "probability": "90% agreed",
               "confidence": "medium"},
    "events": [],
    "reasoning": "extra keys from chatty models are ignored",
}
# model name -> (HTTP status, message content or raw body, delay in seconds)
ANSWERS = {
    "good": (200, json.dumps(GOOD), 0),
    "fenced": (200, "```json\n" + json.dumps(GOOD) + "\n```", 0),
    "malformed": (200, '{"actors": [', 0),
    "list": (200, "[1, 2]", 0),
    "bad-act": (200, json.dumps({**GOOD, "stances": [dict(GOOD["stances"][0], act="GRUMBLE")]}), 0),
    "bad-signal": (200, json.dumps({**GOOD, "status": {"signal": "stuck"}}), 0),
    "error": (500, "internal failure", 0),
    "not-chat": (200, None, 0),
    "slow": (200, json.dumps(GOOD), 2.0),
}


class _Handler(QuietHandler):
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body["_path"] = self.path
        body["_auth"] = self.headers.get("Authorization")
        _Handler.requests.append(body)
        status, content, delay = ANSWERS[body["model"]]
        time.sleep(delay)
        if status != 200:
            self.send(status, content.encode(), "application/json")
        elif content is None:
            self.send(status, b'{"object": "something else"}', "application/json")
        else:
            self.send_chat(content)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as base:
        yield f"{base}/v1"


@pytest.fixture(scope="module")
def pack():
    return load_pack("generic")


def extract(url: str, model: str, pack, **kwargs):
    extractor = LlmExtractor(url, model, **kwargs)
    return extractor.extract(TEXT, report_id="r1", report_date=dt.date(2024, 8, 2), pack=pack)


@pytest.mark.parametrize("model", ["good", "fenced"])
def test_valid_answer_becomes_a_record(server, pack, model):
    record = extract(server, model, pack)
    assert record.id == "r1" and record.date == "2024-08-02" and record.date_source == "metadata"
    assert [s.quote for s in record.stances] == ["wants a truce now", "talks had made  progress"]
    assert [a.name for a in record.actors] == ["Ruritania", "United Nations"]  # alias folded, then deduplicated
    assert record.stances[1].actor == "United Nations"
    assert record.issues == ["ceasefire", "negotiation_format"]  # stance issues are listed
    assert record.status.signal == "progress" and record.status.probability == "90% agreed"


def test_request_carries_schema_pack_and_text(server, pack):
    extract(server, "good", pack, api_key="secret")
    request = _Handler.requests[-1]
    assert request["_path"] == "/v1/chat/completions"
    assert request["_auth"] == "Bearer secret"
    assert request["temperature"] == 0
    system, user = (message["content"] for message in request["messages"])
    assert "DEMAND" in system and "breakthrough" in system and "armed_group" in system
    assert "United Nations (igo, third_party)" in user and "ceasefire_duration: " in user
    assert TEXT in user and "2024-08-02" in user


@pytest.mark.parametrize(
    "model,err_msg",
    [
        ("malformed", r"\[E272\] .*'r1'.*not JSON"),
        ("list", r"\[E272\] .*not a JSON object"),
        ("bad-act", r"\[E272\] .*stances\.0\.act"),
        ("bad-signal", r"\[E272\] .*status\.signal"),
        ("not-chat", r"\[E272\] .*not a chat-completions response"),
        ("error", r"\[E271\] .*HTTP 500: internal failure"),
    ],
)
def test_bad_answers_raise(server, pack, model, err_msg):
    with pytest.raises(ExtractionError, match=err_msg):
        extract(server, model, pack)


def test_timeout(server, pack):
    with pytest.raises(ExtractionError, match=r"\[E270\] .*ReadTimeout"):
        extract(server, "slow", pack, timeout=0.3)


def test_unreachable_server(pack):
    import socket

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ExtractionError, match=r"\[E270\] .*could not be reached"):
        extract(f"http://127.0.0.1:{port}/v1", "good", pack, timeout=2)


@pytest.mark.parametrize(
    "url,endpoint",
    [
        ("http://h:1/v1", "http://h:1/v1/chat/completions"),
        ("http://h:1/v1/", "http://h:1/v1/chat/completions"),
        ("http://h:1/v1/chat/completions", "http://h:1/v1/chat/completions"),
    ],
)
def test_endpoint(url, endpoint):
    assert LlmExtractor(url, "m").endpoint == endpoint


def test_messages_without_date(pack):
    _, user = build_messages("text", report_id="x", report_date=None, pack=pack)
    assert "published unknown" in user["content"]
