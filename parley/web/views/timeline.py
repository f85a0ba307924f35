"""The timeline page: events, proposals, reactions, status signals and stance changes, newest first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.model.timeline import timeline
from parley.web.common import PAGE_SIZE, cached_page, day_param, int_param, render, state, text_param

router = APIRouter()


def timeline_items(request: Request) -> list[dict]:
    """One page of :func:`parley.model.timeline.timeline` for the query's as-of day, actor, issue and page, cached."""
    app_state, as_of = state(request), day_param(request)
    actor, issue = text_param(request, "actor"), text_param(request, "issue")
    page = int_param(request, "page", 1, low=1, high=10_000)

    def compute() -> list[dict]:
        return timeline(app_state.store, as_of=as_of, actor=actor, issue=issue, limit=PAGE_SIZE,
                        offset=(page - 1) * PAGE_SIZE, claims=app_state.claims(as_of)).items

    return app_state.cached(("timeline", as_of, actor, issue, page), compute)


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
@cached_page
def timeline_page(request: Request) -> HTMLResponse:
    """The timeline, filtered by actor and issue."""
    items = timeline_items(request)
    page = int_param(request, "page", 1, low=1, high=10_000)
    return render(request, "timeline.html", items=items, page=page, more=len(items) == PAGE_SIZE,
                  actor=text_param(request, "actor"), issue=text_param(request, "issue"))
