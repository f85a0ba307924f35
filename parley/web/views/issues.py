"""Issue pages: actor positions on the scale with forecasts and Monte Carlo bands."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.errors import Errors
from parley.report import data
from parley.report.build import issue_sections
from parley.web.common import cached_page, day_param, render, state
from parley.web.errors import WebError

router = APIRouter()


def sections(request: Request) -> tuple[object, list[dict]]:
    """The analysis and its per-issue sections (charts link to ``/claims/<id>``), cached."""
    app_state, as_of = state(request), day_param(request)
    analysis = app_state.analysis(as_of, deals=False)

    def compute() -> list[dict]:
        with app_state.store.session() as session:
            return issue_sections(session, analysis, pack=app_state.pack, link=lambda i: f"/claims/{i}")[0]

    return analysis, app_state.cached(("issue-sections", as_of), compute)


@router.get("/issues", response_class=HTMLResponse, include_in_schema=False)
@cached_page
def issue_list(request: Request) -> HTMLResponse:
    """Every issue with its forecasts."""
    app_state, as_of = state(request), day_param(request)
    analysis, parts = sections(request)

    def overview() -> list[dict]:
        with app_state.store.session() as session:
            return data.issue_overview(session, as_of=as_of)

    counts = {item["id"]: item for item in app_state.cached(("issue-overview", as_of), overview)}
    return render(request, "issues.html", analysis=analysis, sections=parts, counts=counts)


@router.get("/issues/{issue_id}", response_class=HTMLResponse, include_in_schema=False)
@cached_page
def issue_page(request: Request, issue_id: str) -> HTMLResponse:
    """One issue: chart, forecasts and the evidence of every position."""
    analysis, parts = sections(request)
    section = next((s for s in parts if s["issue"].id == issue_id), None)
    if section is None:
        known = ", ".join(s["issue"].id for s in parts) or "none yet"
        raise WebError(Errors.E408.format(name="issue", allowed=f"one of: {known}", got=issue_id), 404, "No such issue")
    return render(request, "issue.html", analysis=analysis, s=section)
