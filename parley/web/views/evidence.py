"""Evidence pages: one claim with its quote, report and review trail; one report with its text."""

from __future__ import annotations

from typing import Any, Callable, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.errors import Errors
from parley.packs.schema import ACTS
from parley.report import evidence
from parley.web.common import PAGE_SIZE, int_param, render, state
from parley.web.errors import WebError

router = APIRouter()


def _found(request: Request, read: Callable[[Any, Any], Optional[dict]], key: Any, message: str, title: str) -> dict:
    with state(request).store.session() as session:
        detail = read(session, key)
    if detail is None:
        raise WebError(message, 404, title)
    return detail


def claim_detail(request: Request, claim_id: int) -> dict:
    """One claim with its report, sentence and reviews (for the page and the API), or a 404."""
    return _found(request, evidence.claim_detail, claim_id, Errors.E405.format(id=claim_id), "No such claim")


def report_detail(request: Request, report_id: str) -> dict:
    """One report's metadata and text (for the page and the API), or a 404."""
    return _found(request, evidence.report_detail, report_id, Errors.E003.format(id=report_id), "No such report")


@router.get("/claims/{claim_id}", response_class=HTMLResponse, include_in_schema=False)
def claim_page(request: Request, claim_id: int) -> HTMLResponse:
    """The evidence behind one claim, and the form to review it."""
    return render(request, "claim.html", c=claim_detail(request, claim_id), acts=ACTS)


@router.get("/reports", response_class=HTMLResponse, include_in_schema=False)
def report_list(request: Request) -> HTMLResponse:
    """The stored reports, newest first."""
    page = int_param(request, "page", 1, low=1, high=100_000)
    with state(request).store.session() as session:
        rows, total = evidence.reports_page(session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(request, "reports.html", reports=rows, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)))


@router.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, report_id: str) -> HTMLResponse:
    """One report's text and the claims read from it."""
    detail = report_detail(request, report_id)
    with state(request).store.session() as session:
        claims = evidence.claims_page(session, report_id=report_id, limit=200)
    return render(request, "report_page.html", r=detail, claims=claims)
