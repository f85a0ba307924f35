"""The actors page: roles, factions, offices and how much each is quoted."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from parley.report import data
from parley.web.common import cached_page, render, state

router = APIRouter()


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
@cached_page
def actor_list(request: Request) -> HTMLResponse:
    """Every actor with type, role, faction and offices."""
    app_state = state(request)

    def compute() -> list[dict]:
        with app_state.store.session() as session:
            return data.actors(session, pack=app_state.pack)

    return render(request, "actors.html", actors=app_state.cached(("actors",), compute))
