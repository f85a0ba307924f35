"""Forecast models: one shared estimator contract, and Hypothesis properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.errors import ModelInputError, NotFittedError, UsageError
from parley.forecast import CompromiseMean, ExpectedUtility, NashBargaining, WeightedMedian, clone, forecast, monte_carlo
from parley.forecast.spatial import weighted_median
from parley.model.table import Entry, StakeholderModel

ESTIMATORS = [CompromiseMean, WeightedMedian, NashBargaining, ExpectedUtility]
INVALID = {
    CompromiseMean: {"weights": "votes"},
    WeightedMedian: {"weights": 3},
    NashBargaining: {"resolution": 0.0},
    ExpectedUtility: {"q": 1.5},
}
MODEL = StakeholderModel(
    [
        Entry("A", "i", 10, 0.9, 1.0, confidence=0.8),
        Entry("B", "i", 55, 0.5, 0.6, confidence=0.3),
        Entry("C", "i", 90, 0.7, 0.4, confidence=0.6),
        Entry("A", "j", 70, 0.4, 1.0),
        Entry("B", "j", 20, 0.8, 0.6),
    ]
)


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
def test_estimator_contract(cls):
    estimator = cls()
    with pytest.raises(NotFittedError, match="E320"):
        estimator.positions_
    with pytest.raises(NotFittedError, match="E320"):
        estimator.predict()
    assert estimator.fit(MODEL) is estimator
    fresh = clone(estimator)
    assert fresh.get_params() == estimator.get_params() and not hasattr(fresh, "positions_")
    assert fresh.fit(MODEL).predict() == estimator.predict()
    runs = [monte_carlo(MODEL, models={"m": cls()}, runs=50, seed=7) for _ in range(2)]
    assert runs[0] == runs[1]
    assert runs[0] != monte_carlo(MODEL, models={"m": cls()}, runs=50, seed=8)
    with pytest.raises(UsageError, match=r"E319.*" + next(iter(INVALID[cls]))):
        cls(**INVALID[cls]).fit(MODEL)
    with pytest.raises(ModelInputError, match="E318"):
        cls().fit(StakeholderModel([]))


actors = st.integers(min_value=1, max_value=7).flatmap(
    lambda n: st.tuples(
        st.lists(st.floats(0, 100, allow_nan=False), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1), min_size=n, max_size=n),
        st.lists(st.floats(0.05, 1), min_size=n, max_size=n),
    )
)


def _model(x, s, c, order=None):
    order = order if order is not None else range(len(x))
    return StakeholderModel([Entry(f"a{k}", "i", x[k], s[k], c[k]) for k in order])


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
@settings(max_examples=40, deadline=None)
@given(data=actors, seed=st.integers(0, 1000))
def test_forecast_within_actors_range_and_order_free(cls, data, seed):
    x, s, c = data
    value = cls().fit(_model(x, s, c)).positions_["i"]
    assert min(x) - 1e-9 <= value <= max(x) + 1e-9
    order = np.random.default_rng(seed).permutation(len(x))
    assert cls().fit(_model(x, s, c, order)).positions_["i"] == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize("cls", ESTIMATORS, ids=lambda c: c.__name__)
@settings(max_examples=25, deadline=None)
@given(data=actors, position=st.floats(0, 100))
def test_shared_position_is_the_forecast(cls, data, position):
    _x, s, c = data
    assert cls().fit(_model([position] * len(s), s, c)).positions_["i"] == pytest.approx(position, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(data=actors)
def test_weighted_median_equals_brute_force(data):
    x, s, c = data
    x, w = np.array(x), np.array(s) * np.array(c)
    loss = np.array([(w * np.abs(x - m)).sum() for m in x])
    brute = x[loss <= loss.min() + 1e-9 * max(1.0, loss.min())].min()
    assert weighted_median(x[None], w[None])[0] == pytest.approx(brute, abs=1e-9)


@settings(max_examples=25, deadline=None)
@given(position=st.floats(0, 100), n=st.integers(2, 6), salience=st.floats(0.05, 1), capability=st.floats(0.05, 1))
def test_bdm_identical_actors_do_not_move(position, n, salience, capability):
    bdm = ExpectedUtility().fit(_model([position] * n, [salience] * n, [capability] * n))
    assert bdm.rounds_["i"] == [[round(position, 4)] * n]
    assert bdm.n_rounds_["i"] == 0


def test_forecast_json_shape_holds_only_the_models_asked_for():
    data = forecast(MODEL, models=["mean", "bdm"], runs=100, seed=1).to_dict()
    first = data["issues"][0]
    assert set(first) == {"id", "mean", "bdm", "bdm_rounds", "bands"}
    assert set(first["bands"]) == {"mean", "bdm"}
    low, high = first["bands"]["mean"]
    assert 0 <= low <= high <= 100


@pytest.mark.parametrize(
    "kwargs, err_msg",
    [({"models": ["vote"]}, r"E321.*'?vote"), ({"runs": -1}, "E322"), ({"runs": 1.5}, "E322")],
)
def test_forecast_bad_arguments(kwargs, err_msg):
    with pytest.raises(UsageError, match=err_msg):
        forecast(MODEL, **kwargs)


def test_less_confidence_gives_wider_bands():
    sure = StakeholderModel([Entry(a, "i", x, 0.8, 0.8, confidence=0.95) for a, x in (("A", 20), ("B", 80))])
    unsure = StakeholderModel([Entry(a, "i", x, 0.8, 0.8, confidence=0.05) for a, x in (("A", 20), ("B", 80))])
    width = lambda m: np.diff(monte_carlo(m, models=["mean"], runs=400, seed=3)["i"]["mean"]["band"])[0]  # noqa: E731
    assert width(unsure) > width(sure)
