"""Forecasts from the stakeholder model: compromise mean, weighted median, Nash bargaining, BDM and Monte Carlo."""

from parley.forecast.base import Estimator, clone
from parley.forecast.bdm import ExpectedUtility
from parley.forecast.run import ForecastResult, Spread, forecast, monte_carlo
from parley.forecast.spatial import CompromiseMean, NashBargaining, WeightedMedian

__all__ = [
    "CompromiseMean",
    "Estimator",
    "ExpectedUtility",
    "ForecastResult",
    "NashBargaining",
    "Spread",
    "WeightedMedian",
    "clone",
    "forecast",
    "monte_carlo",
]
