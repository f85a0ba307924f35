"""The JSON API under ``/api/``: reports, claims and their reviews, model, forecast, deals, timeline, what-if.

Errors come back as ``{"error": {"status", "title", "message"}}``. Writes
(POST) need the token in the ``X-Parley-Token`` header.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from parley.report import evidence
from parley.report.analysis import Analysis
from parley.web.common import PAGE_SIZE, form, json_bytes, json_response, state
from parley.web.views.claims import claims_with_total, review
from parley.web.views.evidence import claim_detail, report_detail
from parley.web.views.timeline import timeline_items
from parley.web.views.whatif import whatif_result

router = APIRouter(prefix="/api", tags=["api"])
AsOf = Annotated[Optional[dt.date], Query(description="Use only evidence dated on or before this day.")]
Page = Annotated[int, Query(ge=1, le=100_000, description="Page number, 50 items a page.")]


def _analysis_part(request: Request, as_of: Optional[dt.date], part: str) -> Response:
    app_state = state(request)
    analysis = app_state.analysis(as_of, deals=part == "deals")

    def encode() -> bytes:
        value = _part(analysis, part)
        return json_bytes({"as_of": as_of, part: value, "missing": analysis.missing.get(part)})

    # Cached as bytes: the model of a large store lists many claim ids.
    return json_response(app_state.cached(("api", part, as_of), encode))


def _part(analysis: Analysis, part: str) -> Any:
    if part == "model":
        return analysis.model.to_dict() if analysis.model is not None else None
    return getattr(analysis, part)


@router.get("/reports", summary="Stored reports, newest first")
def api_reports(request: Request, page: Page = 1) -> Response:
    """One page of reports (without text) and the total."""
    with state(request).store.session() as session:
        rows, total = evidence.reports_page(session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return json_response({"total": total, "page": page, "reports": rows})


@router.get("/reports/{report_id}", summary="One report with its text")
def api_report(request: Request, report_id: str) -> Response:
    """The report's metadata, text and number of claims."""
    return json_response(report_detail(request, report_id))


@router.get("/claims", summary="Claims, newest first, filtered")
def api_claims(
    request: Request,
    status: Optional[Literal["unreviewed", "accepted", "rejected", "corrected"]] = None,
    actor: Optional[str] = None,
    issue: Optional[str] = None,
    page: Page = 1,
) -> Response:
    """One page of claims with their reports."""
    rows, total = claims_with_total(request, status=status, actor=actor, issue=issue, page=page)
    return json_response({"total": total, "page": page, "claims": rows})


@router.get("/claims/{claim_id}", summary="One claim with its evidence and review trail")
def api_claim(request: Request, claim_id: int) -> Response:
    """The claim, its report, sentence, reviews and effective (corrected) values."""
    return json_response(claim_detail(request, claim_id))


@router.post("/claims/{claim_id}/review", summary="Accept, reject or correct a claim (needs the token)")
async def api_review(request: Request, claim_id: int) -> Response:
    """Body: ``{"action": "accept"|"reject"|"correct", "reviewer", "reason", "actor"?, "act"?, "issue"?, "position"?}``."""
    fields = await form(request)
    return json_response(review(request, claim_id, fields), 201)


@router.get("/model", summary="The stakeholder model")
def api_model(request: Request, as_of: AsOf = None) -> Response:
    """Positions, saliences and capabilities with the claims behind them."""
    return _analysis_part(request, as_of, "model")


@router.get("/forecast", summary="Forecasts per issue with Monte Carlo bands")
def api_forecast(request: Request, as_of: AsOf = None) -> Response:
    """Mean, median, Nash and BDM forecasts of every issue."""
    return _analysis_part(request, as_of, "forecast")


@router.get("/deals", summary="Package deals: ZOPA, Pareto frontier, bargaining solutions")
def api_deals(request: Request, as_of: AsOf = None) -> Response:
    """The deals analysis of the model."""
    return _analysis_part(request, as_of, "deals")


@router.get("/timeline", summary="Events, proposals, reactions, status signals and stance changes")
def api_timeline(
    request: Request, as_of: AsOf = None, actor: Optional[str] = None, issue: Optional[str] = None, page: Page = 1
) -> Response:
    """One page of the timeline, newest first (the page the HTML view shows)."""
    return json_response({"page": page, "items": timeline_items(request)})


@router.get("/whatif", summary="Forecasts and deals with one actor's values changed (nothing is stored)")
def api_whatif(
    request: Request,
    as_of: AsOf = None,
    actor: Optional[str] = None,
    field: Literal["position", "salience", "capability", "drop"] = "position",
    value: Optional[float] = None,
    issue: Optional[str] = None,
    scenario: Optional[int] = None,
    deals: Annotated[bool, Query(description="Also analyse the changed deals (slower).")] = False,
) -> Response:
    """Before and after point forecasts of every issue, and with ``deals=true`` the changed deals."""
    result = whatif_result(request, deals=deals)
    return json_response(
        {
            "as_of": as_of,
            "changes": [change.to_dict() for change in result["changes"]],
            "rows": result["rows"],
            "forecast": result["changed"].forecast,
            "deals": result["changed"].deals,
            "missing": result["changed"].missing,
        }
    )
