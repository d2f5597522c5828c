"""Preparing data: scalers, one-hot encoding and the train/test split.

The scalers follow scikit-learn: ``fit`` learns from the training set only,
``transform`` applies what was learned to any set, and ``inverse_transform``
undoes it. Fitting on the whole data set before splitting would let the test
set's statistics leak into training.

- ``MinMaxScaler``: x' = (x - min) / (max - min), into [0, 1] (or ``feature_range``).
- ``StandardScaler``: x' = (x - mean) / std, zero mean and unit variance (z-scores).

A constant feature (max = min, or std = 0) is left unscaled (divided by 1), as in scikit-learn.
"""
from __future__ import annotations

import numpy as np

from ._validation import as_2d, check_fraction


class _Scaler:
    def _check_fitted(self, action):
        if getattr(self, "n_features_in_", None) is None:
            raise ValueError(f"{type(self).__name__}.{action} needs a fitted scaler. Call "
                             "fit(X_train) first (on the training set only).")

    def _check(self, X, action):
        self._check_fitted(action)
        X = as_2d(X, "X")
        if X.shape[1] != self.n_features_in_:
            raise ValueError(f"{type(self).__name__} was fitted on {self.n_features_in_} features; "
                             f"received X with shape {X.shape} in {action}.")
        return X

    def fit_transform(self, X):
        return self.fit(X).transform(X)


class MinMaxScaler(_Scaler):
    """Rescale each feature to ``feature_range`` (default [0, 1]) using the training min and max."""

    def __init__(self, feature_range=(0.0, 1.0)):
        lo, hi = feature_range
        if not lo < hi:
            raise ValueError(f"MinMaxScaler feature_range expected (low, high) with low < high; received {feature_range!r}.")
        self.feature_range = (float(lo), float(hi))
        self.n_features_in_ = None

    def fit(self, X):
        X = as_2d(X, "X")
        self.data_min_ = X.min(axis=0)
        self.data_max_ = X.max(axis=0)
        span = self.data_max_ - self.data_min_
        span[span == 0] = 1.0
        lo, hi = self.feature_range
        self.scale_ = (hi - lo) / span
        self.min_ = lo - self.data_min_ * self.scale_
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        return self._check(X, "transform") * self.scale_ + self.min_

    def inverse_transform(self, X):
        return (self._check(X, "inverse_transform") - self.min_) / self.scale_

    def __repr__(self):
        return f"MinMaxScaler(feature_range={self.feature_range})"


class StandardScaler(_Scaler):
    """Shift and scale each feature to zero mean and unit variance (population std, ddof=0)."""

    def __init__(self):
        self.n_features_in_ = None

    def fit(self, X):
        X = as_2d(X, "X")
        self.mean_ = X.mean(axis=0)
        self.var_ = X.var(axis=0)
        scale = np.sqrt(self.var_)
        scale[scale == 0] = 1.0
        self.scale_ = scale
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        return (self._check(X, "transform") - self.mean_) / self.scale_

    def inverse_transform(self, X):
        return self._check(X, "inverse_transform") * self.scale_ + self.mean_

    def __repr__(self):
        return "StandardScaler()"


def one_hot(labels, n_classes: int | None = None) -> np.ndarray:
    """Integer labels 0..k-1 -> rows with a single 1, shape (n_samples, k).

    >>> one_hot([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    y = np.asarray(labels)
    if y.ndim != 1:
        raise ValueError(f"one_hot expected a 1-D array of integer labels; received shape {y.shape}.")
    if y.size and (y.dtype.kind not in "biu" and not np.all(y == np.round(y))):
        raise ValueError("one_hot expected integer labels 0, 1, 2, ...; received non-integer values.")
    y = y.astype(int)
    if y.size and y.min() < 0:
        raise ValueError(f"one_hot expected labels >= 0; received {y.min()}.")
    k = int(y.max()) + 1 if n_classes is None else int(n_classes)
    if y.size and y.max() >= k:
        raise ValueError(f"one_hot expected labels below n_classes={k}; received label {y.max()}.")
    out = np.zeros((y.size, k))
    out[np.arange(y.size), y] = 1.0
    return out


def train_test_split(X, y, test_size: float = 0.25, *, seed: int | None = 0, stratify: bool = False):
    """Shuffle and split into ``X_train, X_test, y_train, y_test``.

    ``test_size`` is the fraction held out: ceil(n test_size) rows, the count scikit-learn's
    ``train_test_split`` holds out (the rows themselves differ: the shuffles are not the same).
    With ``stratify=True`` each class c of n_c rows gives round(n_c ceil(n test_size) / n) rows to
    the test part, so each class keeps its proportion; the total can then differ from
    scikit-learn's by a row or so per class (scikit-learn shares the rounding out so that the
    total stays ceil(n test_size)).
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"train_test_split expected X and y of equal length; received {len(X)} and {len(y)}.")
    test_size = check_fraction(test_size, "test_size", allow_zero=False)
    rng = np.random.default_rng(seed)
    n = len(X)
    n_test = int(np.ceil(n * test_size))
    if n_test >= n:
        raise ValueError(f"test_size={test_size} leaves no training samples out of {n}.")
    if stratify:
        test_idx = []
        for label in np.unique(y):
            members = rng.permutation(np.flatnonzero(y == label))
            test_idx.append(members[:int(round(len(members) * n_test / n))])
        test_idx = np.concatenate(test_idx)
        mask = np.zeros(n, dtype=bool)
        mask[test_idx] = True
        test_idx = rng.permutation(np.flatnonzero(mask))
        train_idx = rng.permutation(np.flatnonzero(~mask))
    else:
        order = rng.permutation(n)
        test_idx, train_idx = order[:n_test], order[n_test:]
    return X[train_idx], X[test_idx], y[train_idx], y[test_idx]
