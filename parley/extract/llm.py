"""An optional extraction backend: any OpenAI-compatible chat-completions server.

Off by default and never needed offline: ``parley extract --llm-url URL
--llm-model NAME`` turns it on. The prompt carries the annotation guide's
schema and the pack's actors and issues; the answer must be one JSON object in
that schema. It is checked like any record: stances whose quote is not
verbatim in the report are dropped (the claim interface requires verbatim
evidence), actor aliases are folded to the pack's canonical names, and an
answer that is not JSON or does not validate raises :class:`ExtractionError`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Optional

import httpx
from pydantic import ValidationError

from parley.errors import Errors, ExtractionError
from parley.extract.record import Record
from parley.packs.schema import ACTS, SIGNALS, ActorRole, ActorType, Pack

ERROR_BODY_CHARS = 200
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.S)

SYSTEM_PROMPT = """\
You extract the state of a negotiation from one news report. Answer with ONE JSON object and nothing else:
{{"actors": [{{"name", "type", "affiliation", "role"}}],
 "issues": [issue ids],
 "stances": [{{"actor", "act", "issue", "position", "quote"}}],
 "proposals": [{{"name", "proposer": [names], "date", "terms": {{issue id: text}}, "reactions": [{{"actor", "act"}}]}}],
 "status": {{"signal", "evidence", "probability", "confidence"}},
 "events": [{{"date", "what"}}]}}
Rules:
- actor type is one of: {types}; role is one of: {roles}.
- act is one of: {acts}.
- status signal is one of: {signals}; confidence is low, medium or high; probability is an estimate as written
  ("90% agreed", "close to zero") or null. Optimism or pessimism about the talks is status, not a stance.
- quote is copied VERBATIM from the report, at most about 12 words; position is a short free-text summary.
- Media outlets cited as sources are not actors. An unnamed source goes to the side the text attributes it to.
- Use the canonical actor names and the issue ids listed below. Dates are YYYY-MM-DD or YYYY-MM.
- Every issue used in a stance or a proposal term is also listed in "issues".
"""


def _names(literal: Any) -> str:
    return ", ".join(literal.__args__)


def build_messages(text: str, *, report_id: str, report_date: Optional[str], pack: Pack) -> list[dict[str, str]]:
    """The chat messages for one report: the schema, the pack's actors and issues, the text."""
    system = SYSTEM_PROMPT.format(
        types=_names(ActorType), roles=_names(ActorRole), acts=", ".join(ACTS), signals=", ".join(SIGNALS)
    )
    actors = "\n".join(
        f"- {actor.name} ({actor.type}, {actor.role})" + (f"; also: {', '.join(actor.aliases)}" if actor.aliases else "")
        for actor in pack.actors
    )
    issues = "\n".join(
        f"- {issue.id}: {issue.label}" + (f" (part of {issue.parent})" if issue.parent else "") for issue in pack.issues
    )
    user = (
        f"Known actors:\n{actors or '- none'}\n\nIssue ids:\n{issues}\n\n"
        f"Report {report_id}, published {report_date or 'unknown'}:\n<<<\n{text}\n>>>"
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def _squash(text: str) -> str:
    """Whitespace collapsed and curly quotes straightened, for the verbatim check."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


class LlmExtractor:
    """Extract a :class:`Record` from a report with an OpenAI-compatible server.

    Parameters
    ----------
    url : str
        Base URL of the API (``http://host:port/v1``) or the full
        ``.../chat/completions`` endpoint.
    model : str
        The model name the server knows.
    api_key : str, optional
        Sent as a bearer token when given.
    timeout : float
        Seconds allowed for connecting and for the answer.

    Examples
    --------
    >>> extractor = LlmExtractor("http://127.0.0.1:8000/v1", "some-model")
    >>> extractor.endpoint
    'http://127.0.0.1:8000/v1/chat/completions'
    """

    def __init__(self, url: str, model: str, *, api_key: Optional[str] = None, timeout: float = 30) -> None:
        self.url = url
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    @property
    def endpoint(self) -> str:
        """The chat-completions URL requests are posted to."""
        base = self.url.rstrip("/")
        return base if base.endswith("/chat/completions") else f"{base}/chat/completions"

    def extract(self, text: str, *, report_id: str, report_date: dt.date | str | None, pack: Pack) -> Record:
        """Ask the server for the record of one report and validate it.

        Raises
        ------
        ExtractionError
            When the server cannot be reached, answers with an HTTP error, or
            the answer is not a valid record.
        """
        date = report_date.isoformat() if isinstance(report_date, dt.date) else report_date
        answer = self._ask(build_messages(text, report_id=report_id, report_date=date, pack=pack), report_id)
        return self._record(answer, text=text, report_id=report_id, report_date=date, pack=pack)

    def _ask(self, messages: list[dict[str, str]], report_id: str) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "messages": messages,
            "temperature": 0,
            "response_format": {"type": "json_object"},
        }
        try:
            response = httpx.post(self.endpoint, json=body, headers=headers, timeout=httpx.Timeout(self.timeout))
        except httpx.HTTPError as exc:
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            raise ExtractionError(Errors.E270.format(url=self.endpoint, reason=reason)) from exc
        if response.status_code >= 400:
            raise ExtractionError(
                Errors.E271.format(url=self.endpoint, status=response.status_code, body=response.text[:ERROR_BODY_CHARS])
            )
        try:
            return response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ExtractionError(
                Errors.E272.format(report=report_id, problem=f"not a chat-completions response ({type(exc).__name__})")
            ) from exc

    def _record(self, answer: str, *, text: str, report_id: str, report_date: Optional[str], pack: Pack) -> Record:
        fenced = _FENCE.match(answer or "")
        try:
            data = json.loads(fenced.group(1) if fenced else answer)
        except (TypeError, json.JSONDecodeError) as exc:
            raise ExtractionError(Errors.E272.format(report=report_id, problem="the answer is not JSON")) from exc
        if not isinstance(data, dict):
            raise ExtractionError(Errors.E272.format(report=report_id, problem="the answer is not a JSON object"))
        data = {key: value for key, value in data.items() if key in Record.model_fields}
        data["id"] = report_id
        if report_date:
            data["date"], data["date_source"] = report_date, "metadata"
        verbatim = _squash(text)
        stances = data.get("stances") or []
        data["stances"] = [s for s in stances if isinstance(s, dict) and _squash(str(s.get("quote", ""))) in verbatim]
        try:
            record = Record.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            problem = f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            raise ExtractionError(Errors.E272.format(report=report_id, problem=problem)) from exc
        return self._canonical(record, pack)

    @staticmethod
    def _canonical(record: Record, pack: Pack) -> Record:
        """Fold actor aliases to canonical names; list every stance and term issue."""

        def canon(name: str) -> str:
            entry = pack.actor(name)
            return entry.name if entry else name

        first: dict[str, Any] = {}
        for actor in record.actors:
            actor.name = canon(actor.name)
            first.setdefault(actor.name, actor)  # "UN" and "United Nations" are one actor
        record.actors = list(first.values())
        for stance in record.stances:
            stance.actor = canon(stance.actor)
        for proposal in record.proposals:
            proposal.proposer = [canon(name) for name in proposal.proposer]
            for reaction in proposal.reactions:
                reaction.actor = canon(reaction.actor)
        used = [s.issue for s in record.stances] + [issue for p in record.proposals for issue in p.terms]
        record.issues = list(dict.fromkeys([*record.issues, *used]))
        return record
