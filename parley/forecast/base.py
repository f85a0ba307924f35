"""The estimator contract every forecast model follows (scikit-learn's, in small).

``__init__`` only stores keyword-only parameters; ``fit(model)`` validates
them against ``_parameter_constraints``, sets attributes ending in ``_`` and
returns ``self``; reading a fitted attribute before ``fit`` raises
:class:`~parley.errors.NotFittedError`. Each estimator also exposes
``solve(x, s, c)``: the forecast of a batch of issues given as NumPy arrays of
shape ``(runs, actors)``, which Monte Carlo calls on all runs at once.
"""

from __future__ import annotations

import inspect
from typing import Any, ClassVar, Optional

import numpy as np

from parley.errors import Errors, ModelInputError, NotFittedError, UsageError
from parley.model.table import StakeholderModel

WEIGHTS = ("capability_salience", "capability", "salience", "equal")


class Interval:
    """Numbers of ``kind`` between ``low`` and ``high`` (None: unbounded); ``closed`` says which ends count."""

    def __init__(self, kind: type, low: Optional[float], high: Optional[float], *, closed: str = "both") -> None:
        self.kind, self.low, self.high, self.closed = kind, low, high, closed

    def __call__(self, value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float) if self.kind is float else int):
            return False
        left = self.closed in ("both", "left")
        right = self.closed in ("both", "right")
        if self.low is not None and (value < self.low or (value == self.low and not left)):
            return False
        return not (self.high is not None and (value > self.high or (value == self.high and not right)))

    def __str__(self) -> str:
        kind = "an int" if self.kind is int else "a float"
        lower = "(-inf" if self.low is None else ("[" if self.closed in ("both", "left") else "(") + f"{self.low:g}"
        upper = "inf)" if self.high is None else f"{self.high:g}" + ("]" if self.closed in ("both", "right") else ")")
        return f"{kind} in {lower}, {upper}"


class Options:
    """One of a fixed set of values."""

    def __init__(self, *values: Any) -> None:
        self.values = values

    def __call__(self, value: Any) -> bool:
        return value in self.values

    def __str__(self) -> str:
        return "one of " + ", ".join(repr(value) for value in self.values)


def stake_weights(s: np.ndarray, c: np.ndarray, kind: str) -> np.ndarray:
    """Per-actor weights ``c * s`` (or ``c``, ``s``, ones); rows summing to 0 fall back to equal weights."""
    weights = {"capability_salience": c * s, "capability": c, "salience": s, "equal": np.ones_like(s)}[kind]
    empty = weights.sum(axis=-1, keepdims=True) <= 0
    return np.where(empty, 1.0, weights)


class Estimator:
    """Base of the forecast models; see the module docstring for the contract."""

    name: ClassVar[str] = ""
    _parameter_constraints: ClassVar[dict[str, list[Any]]] = {}

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return [p.name for p in signature.parameters.values() if p.kind is inspect.Parameter.KEYWORD_ONLY]

    def get_params(self) -> dict[str, Any]:
        """The parameters given to ``__init__``."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> "Estimator":
        """Change parameters (validated at the next ``fit``); returns ``self``."""
        for name, value in params.items():
            if name not in self._param_names():
                raise UsageError(
                    Errors.E319.format(name=name, estimator=type(self).__name__, allowed="a parameter of it", got=value)
                )
            setattr(self, name, value)
        return self

    def _validate_params(self) -> None:
        for name, constraints in self._parameter_constraints.items():
            value = getattr(self, name)
            if not any(constraint(value) for constraint in constraints):
                allowed = " or ".join(str(constraint) for constraint in constraints)
                raise UsageError(Errors.E319.format(name=name, estimator=type(self).__name__, allowed=allowed, got=value))

    def __getattr__(self, attribute: str) -> Any:
        # Only reached when normal lookup fails: a learned attribute before fit.
        if attribute.endswith("_") and not attribute.startswith("__"):
            raise NotFittedError(Errors.E320.format(estimator=type(self).__name__, attribute=attribute))
        raise AttributeError(attribute)

    def __repr__(self) -> str:
        params = ", ".join(f"{key}={value!r}" for key, value in self.get_params().items())
        return f"{type(self).__name__}({params})"

    def solve(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Forecast positions for a batch: ``x``, ``s``, ``c`` of shape (runs, actors) -> (runs,)."""
        raise NotImplementedError

    def _fit_issue(self, issue: str, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> float:
        return float(self.solve(x[None, :], s[None, :], c[None, :])[0])

    def fit(self, model: StakeholderModel) -> "Estimator":
        """Forecast every issue of ``model``; sets ``positions_`` and ``issues_``.

        Parameters
        ----------
        model : StakeholderModel
            Positions on 0-100 scales, saliences and capabilities in [0, 1].

        Returns
        -------
        self
        """
        self._validate_params()
        if not model.entries:
            raise ModelInputError(Errors.E318.format(detail=""))
        self._start_fit()
        positions = {}
        for issue in model.issue_ids():
            _actors, x, s, c = model.arrays(issue)
            if len(x):
                positions[issue] = self._fit_issue(issue, x, s, c)
        self.positions_ = positions
        self.issues_ = list(positions)
        return self

    def _start_fit(self) -> None:
        """Reset per-fit state before the issues are solved."""

    def predict(self) -> dict[str, float]:
        """The forecast position per issue (after ``fit``)."""
        return dict(self.positions_)


def clone(estimator: Estimator) -> Estimator:
    """A new unfitted estimator with the same parameters."""
    return type(estimator)(**estimator.get_params())
