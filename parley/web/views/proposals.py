"""The proposals page: the proposals-by-actors reaction matrix."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.report import data
from parley.web.common import cached_page, day_param, render, state

router = APIRouter()


@router.get("/proposals", response_class=HTMLResponse, include_in_schema=False)
@cached_page
def proposal_matrix(request: Request) -> HTMLResponse:
    """Who accepted, rejected or considered which proposal."""
    app_state, as_of = state(request), day_param(request)

    def compute() -> dict:
        with app_state.store.session() as session:
            return data.reaction_matrix(session, as_of=as_of, limit=50)

    return render(request, "proposals.html", matrix=app_state.cached(("matrix", as_of), compute))
