"""The scikit-learn estimator protocol without importing scikit-learn.

Importing scikit-learn takes about a second, most of a one-record ``textmine classify`` call, and
a saved model only needs numpy to predict. :class:`ClassifierProtocol` gives a classifier what
``sklearn.base.BaseEstimator`` and ``ClassifierMixin`` give it (``get_params``, ``set_params``,
``score``, estimator tags), so ``clone``, ``Pipeline`` and ``cross_val_score`` accept it; scikit-learn
is imported only when scikit-learn itself asks.

>>> class Majority(ClassifierProtocol):
...     def __init__(self, smoothing=1.0):
...         self.smoothing = smoothing
>>> Majority(smoothing=2.0).get_params()
{'smoothing': 2.0}
>>> Majority(smoothing=2.0)
Majority(smoothing=2.0)
"""

from __future__ import annotations

import inspect
from typing import Any

from textmine.lazy import lazy_module

sklearn_base = lazy_module("sklearn.base")
sklearn_metrics = lazy_module("sklearn.metrics")


class ClassifierProtocol:
    """Parameters are the ``__init__`` arguments, stored under their own names (scikit-learn's rule)."""

    _estimator_type = "classifier"

    @classmethod
    def _param_names(cls) -> list[str]:
        signature = inspect.signature(cls.__init__)
        return sorted(
            name
            for name, parameter in signature.parameters.items()
            if name != "self" and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
        )

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        params = {}
        for name in self._param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                params.update((f"{name}__{key}", inner) for key, inner in value.get_params().items())
            params[name] = value
        return params

    def set_params(self, **params: Any):
        valid = set(self._param_names())
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r} for {type(self).__name__}; valid ones: {sorted(valid)}")
            setattr(self, name, value)
        return self

    def score(self, X, y, sample_weight=None) -> float:
        """Subset accuracy of ``predict(X)`` against ``y``, as scikit-learn's classifiers score."""
        return sklearn_metrics.accuracy_score(y, self.predict(X), sample_weight=sample_weight)

    def __sklearn_tags__(self):
        class Reference(sklearn_base.ClassifierMixin, sklearn_base.BaseEstimator):
            pass

        tags = Reference().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.classifier_tags.multi_label = True
        return tags

    def __repr__(self) -> str:
        defaults = {
            name: parameter.default for name, parameter in inspect.signature(type(self).__init__).parameters.items()
        }
        changed = [
            f"{name}={getattr(self, name)!r}"
            for name in self._param_names()
            if not _same(getattr(self, name), defaults.get(name, inspect.Parameter.empty))
        ]
        return f"{type(self).__name__}({', '.join(changed)})"


def _same(value: Any, default: Any) -> bool:
    try:
        return bool(value is default or value == default)
    except (TypeError, ValueError):  # arrays and the like: shown as changed
        return False
