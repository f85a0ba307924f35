"""What-if: change an actor's position, salience or capability, or drop it, and see forecasts and deals move.

Nothing is stored unless the change is saved as a named scenario.
"""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from parley.errors import Errors, UsageError
from parley.report.analysis import Analysis, Change
from parley.store.models import Scenario
from parley.web.common import day_param, form, int_param, render, require_token, state
from parley.web.errors import WebError

router = APIRouter()


def change_from(values: Any) -> Optional[Change]:
    """The change named by ``actor``, ``field``, ``value`` and ``issue`` fields, or None without an actor."""
    actor = values.get("actor") or None
    if actor is None:
        return None
    field = values.get("field") or "position"
    raw = values.get("value")
    value = None
    if field != "drop":
        try:
            value = float(raw)
        except (TypeError, ValueError) as exc:
            raise UsageError(Errors.E401.format(field=field, limit=100 if field == "position" else 1, got=raw)) from exc
    return Change(actor=actor, field=field, value=value, issue=values.get("issue") or None)


def scenario_changes(request: Request) -> tuple[tuple[Change, ...], Optional[dict[str, Any]]]:
    """The changes of the query: a saved scenario (``scenario=<id>``) and/or one change."""
    changes: list[Change] = []
    scenario = None
    scenario_id = int_param(request, "scenario", 0, low=0)
    if scenario_id:
        with state(request).store.session() as session:
            row = session.get(Scenario, scenario_id)
            if row is None:
                raise WebError(Errors.E408.format(name="scenario", allowed="a saved scenario id", got=scenario_id), 404)
            scenario = {"id": row.id, "name": row.name, "changes": list(row.changes)}
        changes += [Change(**item) for item in scenario["changes"]]
    change = change_from(request.query_params)
    if change is not None:
        changes.append(change)
    return tuple(changes), scenario


def comparison(base: Analysis, changed: Analysis) -> list[dict[str, Any]]:
    """Per issue and forecast model: the value before and after the changes."""
    rows = []
    for item in (base.forecast or {}).get("issues", []):
        after = changed.forecast_for(item["id"]) or {}
        for name in ("mean", "median", "nash", "bdm"):
            if item.get(name) is not None:
                rows.append({"issue": item["id"], "model": name, "before": item[name], "after": after.get(name)})
    return rows


def whatif_result(request: Request, *, deals: bool = True) -> dict[str, Any]:
    """Baseline and changed analyses of the query's as-of day and changes (with or without deals)."""
    app_state, as_of = state(request), day_param(request)
    changes, scenario = scenario_changes(request)
    base = app_state.analysis(as_of)
    changed = app_state.analysis(as_of, changes, deals=deals) if changes else base
    return {"base": base, "changed": changed, "changes": changes, "scenario": scenario,
            "rows": comparison(base, changed)}


@router.get("/whatif", response_class=HTMLResponse, include_in_schema=False)
def whatif_page(request: Request) -> HTMLResponse:
    """Sliders for one actor's values and the forecasts before and after; the deals too with ``deals=1``.

    Deals are opt-in because they enumerate every package again (seconds on
    many issues), while the forecasts of one changed issue take milliseconds.
    """
    with_deals = request.query_params.get("deals") == "1"
    result = whatif_result(request, deals=with_deals)
    with state(request).store.session() as session:
        saved = session.execute(select(Scenario.id, Scenario.name).order_by(Scenario.id.desc()).limit(50)).all()
    model = result["base"].model
    # Only the values the sliders start from: an entry's claim ids can number thousands.
    entries = [
        {"actor": e.actor, "issue": e.issue, "position": e.position, "salience": e.salience, "capability": e.capability}
        for e in (model.entries if model is not None else [])
    ]
    return render(request, "whatif.html", saved=saved, entries=entries, fields=Change.FIELDS, with_deals=with_deals,
                  **result)


@router.post("/whatif/scenarios", include_in_schema=False)
async def save_scenario(request: Request) -> RedirectResponse:
    """Save the form's change as a named scenario (the only write of the what-if page)."""
    fields = await form(request)
    require_token(request, fields)
    change = change_from(fields)
    name = (fields.get("name") or "").strip()[:200]
    if change is None or not name:
        raise WebError(Errors.E408.format(name="scenario", allowed="a name and an actor to change", got=name), 400)
    app_state = state(request)
    try:
        with app_state.store.session() as session:
            row = Scenario(name=name, changes=[change.to_dict()], author=str(fields.get("author") or "dashboard")[:100])
            session.add(row)
            session.flush()
            scenario_id = row.id
    except IntegrityError as exc:
        raise WebError(Errors.E408.format(name="scenario name", allowed="a name not used yet", got=name), 409,
                       "Name taken") from exc
    return RedirectResponse(f"/whatif?scenario={scenario_id}", status_code=303)
