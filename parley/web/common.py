"""Helpers every view uses: the app state, query parameters, forms, the token and page rendering."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from parley.errors import Errors
from parley.report.build import environment
from parley.store.models import Claim
from parley.web.errors import WebError
from parley.web.state import AppState

PAGE_SIZE = 50
MAX_BODY = 64 * 1024  # forms are a few fields; refuse anything larger


ENV = environment("parley.web", "parley.report")


def state(request: Request) -> AppState:
    """The :class:`AppState` of the app serving ``request``."""
    return request.app.state.parley


def day_param(request: Request, name: str = "as_of") -> Optional[dt.date]:
    """An ISO date query parameter, or None when absent or empty."""
    value = request.query_params.get(name) or None
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise WebError(Errors.E402.format(name=name, got=value), 400, "Bad date") from exc


def int_param(request: Request, name: str, default: int, *, low: int = 0, high: int = 10**9) -> int:
    """An integer query parameter within [low, high]."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise WebError(Errors.E408.format(name=name, allowed=f"an integer from {low} to {high}", got=value)) from exc
    if not low <= number <= high:
        raise WebError(Errors.E408.format(name=name, allowed=f"an integer from {low} to {high}", got=value))
    return number


def text_param(request: Request, name: str) -> Optional[str]:
    """A text query parameter, or None when absent or empty."""
    return request.query_params.get(name) or None


async def form(request: Request) -> dict[str, str]:
    """The fields of an urlencoded form body (first value of each), or of a JSON object body."""
    body = await request.body()
    if len(body) > MAX_BODY:
        raise WebError(Errors.E408.format(name="request body", allowed=f"at most {MAX_BODY} bytes", got=len(body)), 413,
                       "Too large")
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = json.loads(body or b"{}")
        except ValueError as exc:
            raise WebError(Errors.E408.format(name="body", allowed="a JSON object", got=body[:40]), 400) from exc
        if not isinstance(data, dict):
            raise WebError(Errors.E408.format(name="body", allowed="a JSON object", got=type(data).__name__), 400)
        return data
    return {key: values[0] for key, values in parse_qs(body.decode("utf-8", "replace")).items()}


def require_token(request: Request, fields: dict[str, Any]) -> None:
    """Refuse a write without the token (header ``X-Parley-Token`` or form field ``token``)."""
    given = request.headers.get("x-parley-token") or fields.get("token")
    if not state(request).check_token(given if isinstance(given, str) else None):
        raise WebError(Errors.E403, 403, "Token needed")


def filters(session: Any) -> dict[str, list[str]]:
    """Actor names and issue ids for the filter menus (distinct values read from the claim indexes)."""
    actors = list(session.scalars(select(Claim.actor).distinct().order_by(Claim.actor)))
    issues = list(session.scalars(select(Claim.issue).distinct().order_by(Claim.issue)))
    return {"actors": actors, "issues": issues}


def link(request: Request, path: str, **params: Any) -> str:
    """``path`` with the current as-of day and the given non-empty parameters."""
    query = {"as_of": request.query_params.get("as_of")} | params
    query = {key: value for key, value in query.items() if value not in (None, "")}
    return path + ("?" + urlencode(query) if query else "")


def render(request: Request, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the shared page context (as-of slider, filter menus, links)."""
    app_state = state(request)
    as_of = request.query_params.get("as_of") or ""

    def menus() -> dict[str, Any]:
        from parley.report.data import date_range

        with app_state.store.session() as session:
            return {"range": date_range(session), **filters(session)}

    shared = app_state.cached(("menus",), menus)
    html = ENV.get_template(template).render(
        request=request,
        path=request.url.path,
        as_of=as_of,
        menus=shared,
        link=lambda path, **params: link(request, path, **params),
        claim_href=lambda claim_id: f"/claims/{claim_id}",
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def cached_page(view: Callable[..., HTMLResponse]) -> Callable[..., HTMLResponse]:
    """Cache a read-only page's HTML per path, query and store version (pages without forms only)."""

    @functools.wraps(view)
    def wrapper(request: Request, *args: Any, **kwargs: Any) -> HTMLResponse:
        key = ("page", request.url.path, request.url.query)
        return HTMLResponse(state(request).cached(key, lambda: view(request, *args, **kwargs).body))

    return wrapper


def json_bytes(data: Any) -> bytes:
    """``data`` as UTF-8 JSON (dates as ISO strings)."""
    return json.dumps(data, default=_default, ensure_ascii=False).encode("utf-8")


def json_response(data: Any, status: int = 200) -> Response:
    """A JSON response of ``data``, or of bytes already encoded by :func:`json_bytes`."""
    body = data if isinstance(data, bytes) else json_bytes(data)
    return Response(body, status_code=status, media_type="application/json")


def _default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"Cannot write {type(value).__name__} as JSON")
