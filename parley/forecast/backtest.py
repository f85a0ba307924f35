"""Backtests: how a model built on reports up to a cutoff would have forecast a recorded outcome.

For each issue that has an outcome, the absolute error (scale points) of every
forecast model is set beside two naive baselines: the status quo of the
issue's scale, and the position of the strongest actor (highest capability x
salience) on the issue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

import yaml
from pydantic import ValidationError

from parley.errors import Errors, ModelInputError
from parley.forecast.run import MODELS, Models, forecast
from parley.model.build import build_model
from parley.model.table import StakeholderModel
from parley.packs.schema import Outcome, Pack
from parley.store.db import Store

BASELINES = ("status_quo", "strongest")


def read_outcomes(path: Path) -> list[Outcome]:
    """Outcomes from a YAML file ``outcomes: [{issue, position, date, note}, ...]``."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelInputError(Errors.E323.format(file=path, problem=exc)) from None
    items = data.get("outcomes") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ModelInputError(Errors.E323.format(file=path, problem="there is no 'outcomes:' list"))
    outcomes = []
    for index, item in enumerate(items):
        try:
            outcomes.append(Outcome(**item) if isinstance(item, dict) else Outcome.model_validate(item))
        except ValidationError as exc:
            problem = "; ".join(
                f"outcomes[{index}].{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in exc.errors()
            )
            raise ModelInputError(Errors.E323.format(file=path, problem=problem)) from None
    return outcomes


@dataclass
class BacktestResult:
    """Errors per issue and model, and their means."""

    cutoff: dt.date
    rows: list[dict[str, Any]] = field(default_factory=list)
    mean_error: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``{"cutoff", "issues": [{"id", "outcome", "note", "forecasts", "errors"}], "mean_error"}``."""
        return {"cutoff": self.cutoff.isoformat(), "issues": self.rows, "mean_error": self.mean_error}


def baselines(model: StakeholderModel, issue: str) -> dict[str, float]:
    """The naive forecasts of ``issue``: status quo (when the scale has one) and the strongest actor's position."""
    result = {}
    scale = next((item for item in model.issues if item.id == issue), None)
    if scale is not None and scale.status_quo is not None:
        result["status_quo"] = float(scale.status_quo)
    entries = model.for_issue(issue)
    if entries:
        strongest = max(entries, key=lambda entry: (entry.capability * entry.salience, entry.capability, entry.actor))
        result["strongest"] = float(strongest.position)
    return result


def score(
    model: StakeholderModel,
    outcomes: list[Outcome],
    *,
    cutoff: dt.date,
    models: Models = MODELS,
    runs: int = 0,
    seed: Optional[int] = None,
) -> BacktestResult:
    """Score the forecasts of ``model`` against ``outcomes`` (see the module docstring)."""
    issues = set(model.issue_ids())
    scored = [outcome for outcome in outcomes if outcome.issue in issues and model.for_issue(outcome.issue)]
    if not scored:
        raise ModelInputError(
            Errors.E324.format(outcomes=", ".join(o.issue for o in outcomes) or "none", issues=", ".join(sorted(issues)) or "none")
        )
    result = forecast(model, models=models, runs=runs, seed=seed)
    errors: dict[str, list[float]] = {}
    backtest = BacktestResult(cutoff=cutoff)
    for outcome in scored:
        forecasts = {**result.points.get(outcome.issue, {}), **baselines(model, outcome.issue)}
        row_errors = {name: round(abs(value - outcome.position), 4) for name, value in forecasts.items()}
        for name, value in row_errors.items():
            errors.setdefault(name, []).append(value)
        backtest.rows.append(
            {
                "id": outcome.issue,
                "outcome": outcome.position,
                "date": outcome.date.isoformat() if outcome.date else None,
                "note": outcome.note,
                "forecasts": {name: round(value, 4) for name, value in forecasts.items()},
                "errors": row_errors,
            }
        )
    backtest.mean_error = {name: round(sum(values) / len(values), 4) for name, values in errors.items()}
    return backtest


def backtest(
    store: Store,
    *,
    cutoff: dt.date,
    outcome: Union[Path, list[Outcome]],
    pack: Optional[Pack] = None,
    models: Models = MODELS,
    half_life_days: float = 60,
) -> BacktestResult:
    """Build the model as of ``cutoff``, forecast, and score against the recorded outcomes.

    Parameters
    ----------
    store : Store
        Store with claims.
    cutoff : date
        Only evidence dated on or before this day is used.
    outcome : Path or list of Outcome
        A YAML outcome file or outcomes (e.g. ``pack.outcomes``).
    pack : Pack, optional
        Scales (status quo baseline) and capabilities.
    models : sequence of str
        Forecast models to score.
    half_life_days : float
        Recency half-life of the model.

    Returns
    -------
    BacktestResult
        Absolute errors per issue and model (and the two baselines), and the mean error per model.
    """
    outcomes = read_outcomes(outcome) if isinstance(outcome, (str, Path)) else list(outcome)
    model = build_model(store, as_of=cutoff, pack=pack, half_life_days=half_life_days)
    if not model.entries:
        raise ModelInputError(Errors.E318.format(detail=f" as of {cutoff.isoformat()}"))
    return score(model, outcomes, cutoff=cutoff, models=models)
