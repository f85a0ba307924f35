"""The overview page: state of the talks, its trend, open issues and what changed lately."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.report import charts, data
from parley.web.common import cached_page, day_param, render, state

router = APIRouter()


def overview_data(request: Request) -> dict:
    """Everything the overview shows, cached per as-of day and store version."""
    app_state, as_of = state(request), day_param(request)

    def compute() -> dict:
        with app_state.store.session() as session:
            return {
                "status": data.status_summary(session, as_of=as_of),
                "signal_chart": charts.signal_chart(
                    data.signal_counts(session, as_of=as_of), lambda day: f"/timeline?as_of={day}"
                ),
                "issues": data.issue_overview(session, as_of=as_of),
                "recent": data.recent_claims(session, as_of=as_of, limit=10),
            }

    return app_state.cached(("overview", as_of), compute)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@cached_page
def overview(request: Request) -> HTMLResponse:
    """State of the talks and what changed lately."""
    return render(request, "overview.html", **overview_data(request))
