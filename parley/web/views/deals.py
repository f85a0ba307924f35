"""The deals page: Pareto frontier, bargaining solutions and named proposals."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.report import charts, data
from parley.web.common import cached_page, day_param, render, state

router = APIRouter()


@router.get("/deals", response_class=HTMLResponse, include_in_schema=False)
@cached_page
def deals_page(request: Request) -> HTMLResponse:
    """Package deals of the model as of the chosen day."""
    app_state = state(request)
    analysis = app_state.analysis(day_param(request))
    chart = None
    if analysis.deals:
        with app_state.store.session() as session:
            roles = data.actor_roles(session, pack=app_state.pack)
        chart = charts.deals_chart(analysis.deals, lambda name: "#solutions", roles)
    return render(request, "deals.html", analysis=analysis, deals=analysis.deals, deals_chart=chart)
