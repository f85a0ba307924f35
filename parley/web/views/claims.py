"""The claim review queue: accept, reject or correct a claim; every decision is kept as a review."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from parley.errors import Errors, UsageError
from parley.packs.schema import ACTS
from parley.report import evidence
from parley.web.common import PAGE_SIZE, form, int_param, render, require_token, state, text_param
from parley.web.errors import WebError

router = APIRouter()
STATUSES = ("unreviewed", "accepted", "rejected", "corrected")
REVIEW_ACTIONS = ("accept", "reject", "correct")
CORRECTABLE = ("actor", "act", "issue", "position")


def claims_with_total(
    request: Request, *, status: Optional[str], actor: Optional[str], issue: Optional[str], page: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of matching claims, and their number (counted once per filters and store version)."""
    app_state = state(request)
    filters = {"status": status, "actor": actor, "issue": issue}

    def count() -> int:
        with app_state.store.session() as session:
            return evidence.count_claims(session, **filters)

    total = app_state.cached(("claims-count", status, actor, issue), count)
    with app_state.store.session() as session:
        rows = evidence.claims_page(session, **filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return rows, total


def queue(request: Request) -> dict[str, Any]:
    """One page of the queue for the query's status, actor and issue filters."""
    status = text_param(request, "status")
    if status is not None and status not in STATUSES:
        raise WebError(Errors.E408.format(name="status", allowed=f"one of {', '.join(STATUSES)}", got=status))
    page = int_param(request, "page", 1, low=1, high=100_000)
    actor, issue = text_param(request, "actor"), text_param(request, "issue")
    rows, total = claims_with_total(request, status=status, actor=actor, issue=issue, page=page)
    return {"claims": rows, "total": total, "page": page, "status": status, "actor": actor, "issue": issue,
            "pages": max(1, -(-total // PAGE_SIZE))}


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
def claim_queue(request: Request) -> HTMLResponse:
    """Claims to review, filtered by status, actor and issue."""
    return render(request, "claims.html", statuses=STATUSES, **queue(request))


def review(request: Request, claim_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    """Store one review from form or JSON ``fields`` through :func:`parley.store.claims.review_claim`.

    A correction names only the new values (``actor``, ``act``, ``issue``,
    ``position``); the old ones are read from the claim so the trail keeps both.
    """
    from parley.store.claims import review_claim

    require_token(request, fields)
    action = fields.get("action")
    if action not in REVIEW_ACTIONS:
        raise WebError(Errors.E406.format(allowed=", ".join(REVIEW_ACTIONS), got=action))
    app_state = state(request)
    with app_state.store.session() as session:
        detail = evidence.claim_detail(session, claim_id)
    if detail is None:
        raise WebError(Errors.E405.format(id=claim_id), 404, "No such claim")
    changes: Optional[dict[str, list[Any]]] = None
    if action == "correct":
        changes = {}
        for field in CORRECTABLE:
            value = fields.get(field)
            if value in (None, ""):
                continue
            if field == "position":
                value = _position(value)
            elif field == "act" and value not in ACTS:
                raise UsageError(Errors.E408.format(name="act", allowed=f"one of {', '.join(ACTS)}", got=value))
            else:
                value = str(value)[:200]
            if value != detail["effective"][field]:
                changes[field] = [detail["effective"][field], value]
    stored = review_claim(
        app_state.store,
        claim_id,
        action=action,
        changes=changes,
        reviewer=str(fields.get("reviewer") or "dashboard")[:100],
        reason=str(fields["reason"])[:2000] if fields.get("reason") else None,
    )
    return {"id": stored.id, "claim_id": claim_id, "action": stored.action, "changes": stored.changes,
            "reviewer": stored.reviewer}


def _position(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(Errors.E408.format(name="position", allowed="a number from 0 to 100", got=value)) from exc
    if not 0 <= number <= 100:
        raise UsageError(Errors.E408.format(name="position", allowed="a number from 0 to 100", got=value))
    return number


@router.post("/claims/{claim_id}/review", include_in_schema=False)
async def review_form(request: Request, claim_id: int) -> RedirectResponse:
    """Accept, reject or correct a claim from the queue's form, then go back."""
    fields = await form(request)
    review(request, claim_id, fields)
    target = fields.get("next") or f"/claims/{claim_id}"
    # Only paths of this site: an absolute or protocol-relative URL would be an open redirect.
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        target = f"/claims/{claim_id}"
    return RedirectResponse(target, status_code=303)
