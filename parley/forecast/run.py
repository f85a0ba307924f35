"""Run forecasts on a stakeholder model: point forecasts, BDM rounds and Monte Carlo bands.

Monte Carlo draws every run at once with NumPy: for each issue, arrays of
shape (runs, actors) of perturbed positions, saliences and capabilities, then
each model's ``solve`` on the whole batch. The spread of an actor's values
grows as its confidence falls (see :class:`Spread`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

import numpy as np

from parley.errors import Errors, ModelInputError, UsageError
from parley.forecast.base import Estimator, clone
from parley.forecast.bdm import ExpectedUtility
from parley.forecast.spatial import CompromiseMean, NashBargaining, WeightedMedian
from parley.model.build import build_model
from parley.model.io import read_model
from parley.model.table import StakeholderModel
from parley.packs.schema import Pack
from parley.store.db import Store

ESTIMATORS: dict[str, type[Estimator]] = {
    "mean": CompromiseMean,
    "median": WeightedMedian,
    "nash": NashBargaining,
    "bdm": ExpectedUtility,
}
MODELS: tuple[str, ...] = tuple(ESTIMATORS)
MAX_RUNS = 100_000
Models = Union[Sequence[str], Mapping[str, Estimator]]


@dataclass(frozen=True)
class Spread:
    """Standard deviations of the Monte Carlo noise: ``base + extra * (1 - confidence)``.

    Positions get ``position_base`` (2) plus up to ``position_extra`` (18) scale
    points; saliences and capabilities ``weight_base`` (0.02) plus up to
    ``weight_extra`` (0.18). Draws are clipped to the scale and to [0.01, 1].
    """

    position_base: float = 2.0
    position_extra: float = 18.0
    weight_base: float = 0.02
    weight_extra: float = 0.18


def resolve_models(models: Models) -> dict[str, Estimator]:
    """Estimators by name from names (``"all"`` for every model) or a name -> estimator mapping."""
    if isinstance(models, Mapping):
        return dict(models)
    names = list(MODELS) if "all" in models else list(dict.fromkeys(models))
    unknown = [name for name in names if name not in ESTIMATORS]
    if unknown or not names:
        raise UsageError(Errors.E321.format(allowed=", ".join((*MODELS, "all")), got=", ".join(unknown) or "nothing"))
    return {name: ESTIMATORS[name]() for name in names}


def _check_runs(runs: Any) -> int:
    if isinstance(runs, bool) or not isinstance(runs, int) or not 0 <= runs <= MAX_RUNS:
        raise UsageError(Errors.E322.format(high=MAX_RUNS, got=runs))
    return runs


def monte_carlo(
    model: StakeholderModel,
    *,
    models: Models = MODELS,
    runs: int = 1000,
    seed: Optional[int] = None,
    spread: Optional[Spread] = None,
) -> dict[str, dict[str, dict[str, Any]]]:
    """Forecast ``runs`` perturbed copies of ``model`` and summarise each issue and model.

    Parameters
    ----------
    model : StakeholderModel
        The model; each entry's confidence sets its noise.
    models : sequence of str or mapping of str to Estimator
        Model names among mean, median, nash, bdm (or "all"), or estimators.
    runs : int
        Number of draws (1000).
    seed : int, optional
        Seed of NumPy's generator; the same seed gives the same result.
    spread : Spread, optional
        Noise widths (see :class:`Spread`).

    Returns
    -------
    dict
        ``{issue: {model: {"median": m, "band": [p10, p90]}}}``.
    """
    runs = _check_runs(runs)
    estimators = resolve_models(models)
    for estimator in estimators.values():
        estimator._validate_params()
    spread = spread or Spread()
    rng = np.random.default_rng(seed)
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for issue in model.issue_ids():
        entries = model.for_issue(issue)
        if not entries or runs == 0:
            continue
        q = np.array([entry.confidence for entry in entries], dtype=float)
        _actors, x, s, c = model.arrays(issue)
        shape = (runs, len(entries))
        px = np.clip(x + rng.standard_normal(shape) * (spread.position_base + spread.position_extra * (1 - q)), 0, 100)
        weight_sd = spread.weight_base + spread.weight_extra * (1 - q)
        ps = np.clip(s + rng.standard_normal(shape) * weight_sd, 0.01, 1.0)
        pc = np.clip(c + rng.standard_normal(shape) * weight_sd, 0.01, 1.0)
        result[issue] = {}
        for name, estimator in estimators.items():
            values = estimator.solve(px, ps, pc)
            low, mid, high = np.percentile(values, [10, 50, 90])
            result[issue][name] = {"median": round(float(mid), 4), "band": [round(float(low), 4), round(float(high), 4)]}
    return result


@dataclass
class ForecastResult:
    """Point forecasts, BDM rounds and Monte Carlo bands per issue."""

    models: list[str]
    points: dict[str, dict[str, float]]
    bdm_rounds: dict[str, list[list[float]]] = field(default_factory=dict)
    bands: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    actors: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``{"issues": [{"id", <model>: x, "bdm_rounds": [[...]], "bands": {<model>: [lo, hi]}}]}``."""
        issues = []
        for issue, points in self.points.items():
            item: dict[str, Any] = {"id": issue}
            item.update({name: round(points[name], 4) for name in self.models if name in points})
            if "bdm" in self.models and issue in self.bdm_rounds:
                item["bdm_rounds"] = self.bdm_rounds[issue]
            if self.bands.get(issue):
                item["bands"] = {name: summary["band"] for name, summary in self.bands[issue].items()}
            issues.append(item)
        return {"issues": issues}


def forecast(
    model: StakeholderModel,
    *,
    models: Models = MODELS,
    runs: int = 1000,
    seed: Optional[int] = None,
    spread: Optional[Spread] = None,
) -> ForecastResult:
    """Fit each model on ``model`` and add Monte Carlo bands.

    Parameters
    ----------
    model : StakeholderModel
        The stakeholder table.
    models : sequence of str or mapping of str to Estimator
        Which models (names among mean, median, nash, bdm, or "all").
    runs : int
        Monte Carlo draws; 0 skips the bands.
    seed : int, optional
        Seed for the draws.
    spread : Spread, optional
        Noise widths.

    Returns
    -------
    ForecastResult

    Examples
    --------
    >>> from parley.model.table import Entry, StakeholderModel
    >>> model = StakeholderModel([Entry("A", "i", 20, 1, 1), Entry("B", "i", 60, 1, 1)])
    >>> forecast(model, models=["mean"], runs=0).to_dict()
    {'issues': [{'id': 'i', 'mean': 40.0}]}
    """
    if not model.entries:
        raise ModelInputError(Errors.E318.format(detail=""))
    estimators = resolve_models(models)
    points: dict[str, dict[str, float]] = {issue: {} for issue in model.issue_ids() if model.for_issue(issue)}
    rounds: dict[str, list[list[float]]] = {}
    for name, estimator in estimators.items():
        fitted = clone(estimator).fit(model)
        for issue, value in fitted.positions_.items():
            points[issue][name] = value
        if isinstance(fitted, ExpectedUtility):
            rounds = fitted.rounds_
    bands = monte_carlo(model, models=estimators, runs=runs, seed=seed, spread=spread) if runs else {}
    actors = {issue: [entry.actor for entry in model.for_issue(issue)] for issue in points}
    return ForecastResult(models=list(estimators), points=points, bdm_rounds=rounds, bands=bands, actors=actors)


def forecast_store(
    store: Store,
    *,
    as_of: Optional[dt.date] = None,
    pack: Optional[Pack] = None,
    models: Models = MODELS,
    runs: int = 1000,
    seed: Optional[int] = None,
) -> ForecastResult:
    """Build the model from ``store`` as of ``as_of`` (see :func:`parley.model.build.build_model`) and forecast it."""
    model = build_model(store, as_of=as_of, pack=pack)
    if not model.entries:
        detail = f" as of {as_of.isoformat()}" if as_of else ""
        raise ModelInputError(Errors.E318.format(detail=detail))
    return forecast(model, models=models, runs=runs, seed=seed)


def forecast_file(
    path: Path, *, models: Models = MODELS, runs: int = 1000, seed: Optional[int] = None
) -> ForecastResult:
    """Read a model file (CSV, JSON or KTAB SMP CSV; see :mod:`parley.model.io`) and forecast it."""
    return forecast(read_model(path), models=models, runs=runs, seed=seed)
