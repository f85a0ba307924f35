"""The model, forecast and deals behind a report or a dashboard page, built from the later stages.

The model, forecast and deals stages are imported lazily: a stage that is not
installed yet leaves its part of the :class:`Analysis` empty with a reason,
and the report shows that section as "not available yet". The deals stage
enumerates every package, so a model with many issues is analysed on its
most salient issues only (the deals message says which), and a deals error
(a :class:`~parley.errors.ParleyError`) becomes the reason shown instead of
failing the whole report.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from parley.errors import Errors, ParleyError, UsageError

NOT_AVAILABLE = "not available yet: the {stage} stage ({module}) is not installed"
DEALS_FAILED = "not available: {error}"
# Packages the deals view enumerates: about a second here, where 10^9 would take minutes.
MAX_DEAL_OUTCOMES = 10**6
LIMITED = (
    "Only the {kept} most salient of {total} issues are analysed here ({issues}): all of them give {outcomes:,} "
    "packages, more than the {limit:,} this view enumerates. Run 'parley deals' on chosen issues for the others."
)


def optional(module: str, name: str) -> Optional[Callable[..., Any]]:
    """``module.name`` if that stage exists, else None.

    Only a missing stage module counts as "not there"; an import error inside
    an existing stage is a bug and propagates.
    """
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise
    return getattr(loaded, name, None)


def load_pack_or_none(pack: Any) -> Any:
    """A :class:`parley.packs.schema.Pack` for ``pack`` (a name, a folder, a Pack or None)."""
    if pack is None or not isinstance(pack, str):
        return pack
    loader = optional("parley.packs", "load_pack")
    if loader is None:
        return None
    return loader(pack)


@dataclass(frozen=True)
class Change:
    """One what-if change: set ``field`` of ``actor`` (on ``issue`` or on all issues), or drop the actor."""

    actor: str
    field: str  # position, salience, capability or drop
    value: Optional[float] = None
    issue: Optional[str] = None

    FIELDS = ("position", "salience", "capability", "drop")

    def __post_init__(self) -> None:
        if self.field not in self.FIELDS:
            raise UsageError(Errors.E400.format(field=self.field, allowed=", ".join(self.FIELDS)))
        if self.field != "drop":
            limit = 100.0 if self.field == "position" else 1.0
            if self.value is None or not 0 <= self.value <= limit:
                raise UsageError(Errors.E401.format(field=self.field, limit=limit, got=self.value))

    def apply(self, model: Any) -> Any:
        """The stakeholder model with this change made (the stored data is untouched)."""
        if self.field == "drop":
            return model.without_actor(self.actor)
        return model.with_changes(self.actor, self.issue, **{self.field: float(self.value)})

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as saved in a :class:`parley.store.models.Scenario`."""
        return {"actor": self.actor, "field": self.field, "value": self.value, "issue": self.issue}


@dataclass
class Analysis:
    """The stakeholder model, its forecast and its deals, each None with a reason when missing."""

    model: Any = None
    forecast: Optional[dict[str, Any]] = None
    deals: Optional[dict[str, Any]] = None
    missing: dict[str, str] = field(default_factory=dict)

    def forecast_for(self, issue: str) -> Optional[dict[str, Any]]:
        """The forecast of one issue (``{"id", "mean", "median", "nash", "bdm", "bands"}``)."""
        for item in (self.forecast or {}).get("issues", []):
            if item.get("id") == issue:
                return item
        return None


def analyse(
    store: Any,
    *,
    as_of: Optional[dt.date] = None,
    pack: Any = None,
    runs: int = 500,
    seed: Optional[int] = 0,
    changes: tuple[Change, ...] = (),
    model: Any = None,
    base: Optional[Analysis] = None,
    deals: bool = True,
    max_deal_outcomes: int = MAX_DEAL_OUTCOMES,
    claims: Any = None,
) -> Analysis:
    """Build the model (unless given), apply what-if ``changes``, forecast it and find its deals.

    Parameters
    ----------
    store : parley.store.db.Store
        The store whose reviewed claims feed the model.
    as_of : datetime.date, optional
        Use only evidence dated on or before this day.
    pack : Pack or str, optional
        Knowledge pack passed to the model and deals stages.
    runs, seed : int
        Monte Carlo runs and random seed of the forecast.
    changes : tuple of Change
        What-if changes applied to the model before forecasting.
    model : StakeholderModel, optional
        A model already built for ``as_of`` (the dashboard caches it).
    base : Analysis, optional
        The analysis of the unchanged model. When every change names an
        issue, only those issues are forecast again and the others are
        copied from ``base`` (each issue's forecast depends on that issue alone).
    deals : bool
        Whether to analyse the package deals (the slowest part on many issues).
    max_deal_outcomes : int
        Most packages the deals analysis may enumerate; beyond it only the
        most salient issues that fit are analysed (see :func:`deals_domain`).
    claims : ClaimTable, optional
        The effective claims for ``as_of``, when the caller has read them already.

    Returns
    -------
    Analysis
    """
    result = Analysis()
    if model is None:
        build_model = optional("parley.model.build", "build_model")
        model = _stage(result, "model", "parley.model.build", build_model, store, as_of=as_of, pack=pack,
                       claims=claims)
        if model is None:
            return result
    for change in changes:
        model = change.apply(model)
    result.model = model
    if not model.entries:
        result.missing["forecast"] = result.missing["deals"] = "empty: no claim with a position yet"
        return result
    result.forecast = _forecast(result, model, changes=changes, base=base, runs=runs, seed=seed)
    if not deals:
        return result
    try:
        result.deals = _deals(result, store, model, as_of=as_of, pack=pack, limit=max_deal_outcomes)
    except ParleyError as exc:
        result.missing["deals"] = DEALS_FAILED.format(error=exc)
    return result


def with_deals(analysis: Analysis, store: Any, *, as_of: Optional[dt.date] = None, pack: Any = None,
               max_deal_outcomes: int = MAX_DEAL_OUTCOMES) -> Analysis:
    """A copy of an analysis made with ``deals=False``, now with its deals (the model is not rebuilt)."""
    result = Analysis(model=analysis.model, forecast=analysis.forecast, missing=dict(analysis.missing))
    if analysis.model is None or not analysis.model.entries or "deals" in result.missing:
        return result
    try:
        result.deals = _deals(result, store, analysis.model, as_of=as_of, pack=pack, limit=max_deal_outcomes)
    except ParleyError as exc:
        result.missing["deals"] = DEALS_FAILED.format(error=exc)
    return result


def deals_domain(model: Any, *, pack: Any, build: Callable[..., Any], limit: int) -> tuple[Any, Optional[str]]:
    """The deals domain of ``model``, on its most salient issues when all of them give over ``limit`` packages.

    Issues are taken by the parties' total weight on them (their normalised
    saliences), largest first, each kept while the package count stays within
    ``limit``; they keep the model's order. Returns the domain and a note
    naming the kept issues (None when all are kept).
    """
    domain = build(model, pack=pack)
    if domain.n_outcomes <= limit:
        return domain, None
    weight = {issue.name: sum(party.weights[issue.name] for party in domain.parties) for issue in domain.issues}
    sizes = {issue.name: len(issue.values) for issue in domain.issues}
    kept, outcomes = set(), 1
    for name in sorted(weight, key=lambda name: (-weight[name], name)):
        if outcomes * sizes[name] <= limit:
            kept.add(name)
            outcomes *= sizes[name]
    chosen = [issue.name for issue in domain.issues if issue.name in kept]
    note = LIMITED.format(kept=len(chosen), total=len(sizes), issues=", ".join(chosen), outcomes=domain.n_outcomes,
                          limit=limit)
    return build(model, pack=pack, issues=chosen), note


def _deals(result: Analysis, store: Any, model: Any, *, as_of: Optional[dt.date], pack: Any,
           limit: int) -> Optional[dict[str, Any]]:
    """The deals analysis of ``model`` as a dict, None when the deals stage is missing."""
    build = optional("parley.deals.domain", "domain_from_model")
    if build is None:
        result.missing["deals"] = NOT_AVAILABLE.format(stage="deals", module="parley.deals.domain")
        return None
    found = _stage(result, "deals", "parley.deals.domain", deals_domain, model, pack=pack, build=build, limit=limit)
    if found is None:
        return None
    domain, note = found
    named = optional("parley.deals.bridging", "proposals_from_store")
    proposals = _stage(result, "deals", "parley.deals.bridging", named, store, domain) or []
    proposals = [p for p in proposals if as_of is None or p.date is None or p.date <= as_of]
    solve = optional("parley.deals.solutions", "analyse")
    deals = _stage(result, "deals", "parley.deals.solutions", solve, domain, proposals=proposals)
    if deals is None:
        return None
    data = deals.to_dict()
    if note:
        data["message"] = f"{note} {data['message']}" if data.get("message") else note
    return data


def _forecast(
    result: Analysis, model: Any, *, changes: tuple[Change, ...], base: Optional[Analysis], runs: int, seed: Optional[int]
) -> Optional[dict[str, Any]]:
    forecast = optional("parley.forecast", "forecast")
    touched = {change.issue for change in changes}
    if base is None or base.forecast is None or not changes or None in touched:
        value = _stage(result, "forecast", "parley.forecast", forecast, model, runs=runs, seed=seed)
        return value.to_dict() if value is not None else None
    part = type(model)(entries=[e for e in model.entries if e.issue in touched],
                       issues=[i for i in model.issues if i.id in touched], as_of=model.as_of)
    value = _stage(result, "forecast", "parley.forecast", forecast, part, runs=runs, seed=seed) if part.entries else None
    fresh = {item["id"]: item for item in (value.to_dict()["issues"] if value is not None else [])}
    return {**base.forecast, "issues": [fresh.get(item["id"], item) for item in base.forecast["issues"]
                                         if item["id"] not in touched or item["id"] in fresh]}


def _stage(result: Analysis, stage: str, module: str, func: Optional[Callable[..., Any]], *args: Any, **kwargs: Any) -> Any:
    """Call one stage's function; a stage (or a part of it) not installed yet is recorded as missing."""
    if func is None:
        result.missing[stage] = NOT_AVAILABLE.format(stage=stage, module=module)
        return None
    try:
        return func(*args, **kwargs)
    except ModuleNotFoundError as exc:
        # A stage still being written can import a sibling module that is not there yet.
        if not (exc.name or "").startswith("parley."):
            raise
        result.missing[stage] = NOT_AVAILABLE.format(stage=stage, module=exc.name)
        return None
