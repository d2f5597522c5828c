"""Input checks shared by the whole package.

Every public function that takes user data funnels it through these helpers, so
that a learner who passes the wrong thing gets one kind of message everywhere:
what was expected, what was received, and how to fix it.
"""
from __future__ import annotations

import difflib
from typing import Mapping

import numpy as np

DTYPES = {"float64": np.float64, "float32": np.float32}


def resolve_dtype(dtype) -> np.dtype:
    """Return a numpy float dtype from ``'float64'``, ``'float32'`` or a numpy dtype."""
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name not in DTYPES:
        raise ValueError(
            f"dtype expected one of {sorted(DTYPES)}; received {dtype!r}. "
            "Use 'float64' (default, exact enough for gradient checks) or 'float32' (faster)."
        )
    return np.dtype(DTYPES[name])


def lookup(table: Mapping[str, object], name, kind: str):
    """Return ``table[name]`` or raise a ValueError that lists the valid names.

    ``kind`` is a word for the message, e.g. ``"activation"``. The closest valid
    name is suggested, so a typo such as ``'sigmiod'`` points to ``'sigmoid'``.
    """
    if not isinstance(name, str):
        raise TypeError(f"{kind} expected a name (str) or a {kind} object; received {type(name).__name__}.")
    key = name.lower()
    if key in table:
        return table[key]
    valid = sorted(table)
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ValueError(f"Unknown {kind} {name!r}. Expected one of: {', '.join(map(repr, valid))}.{hint}")


def check_positive(value, name: str, *, integer: bool = False, hint: str = ""):
    """Check that ``value`` is a positive (integer) number and return it."""
    kind = "a positive integer" if integer else "a positive number"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} expected {kind}; received {value!r} ({type(value).__name__}).{hint}")
    if integer and not float(value).is_integer():
        raise TypeError(f"{name} expected {kind}; received {value!r}.{hint}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} expected {kind}; received {value!r}.{hint}")
    return int(value) if integer else float(value)


def check_fraction(value, name: str, *, allow_zero: bool = True):
    """Check that ``value`` lies in [0, 1) (or (0, 1)) and return it as float."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} expected a number in [0, 1); received {value!r} ({type(value).__name__}).")
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value < 1):
        interval = "[0, 1)" if allow_zero else "(0, 1)"
        raise ValueError(f"{name} expected a number in {interval}; received {value!r}.")
    return float(value)


def as_2d(X, name: str = "X", dtype=np.float64) -> np.ndarray:
    """Convert ``X`` to a finite 2-D float array of shape (n_samples, n_features)."""
    try:
        arr = np.asarray(X, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} expected numbers (an array of shape (n_samples, n_features)); "
                        f"received {type(X).__name__} that numpy cannot convert: {exc}") from None
    if arr.ndim == 1:
        raise ValueError(
            f"{name} expected a 2-D array of shape (n_samples, n_features); received a 1-D array "
            f"of shape {arr.shape}. Use {name}.reshape(-1, 1) for many samples of one feature, "
            f"or {name}.reshape(1, -1) for one sample.")
    if arr.ndim != 2:
        raise ValueError(f"{name} expected a 2-D array of shape (n_samples, n_features); "
                         f"received an array of shape {arr.shape}. Flatten images first, "
                         f"e.g. {name}.reshape(len({name}), -1).")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} expected at least one sample; received shape {arr.shape}.")
    check_finite(arr, name)
    return arr


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ValueError if ``arr`` holds NaN or infinity, saying where."""
    finite = np.isfinite(arr)
    if not finite.all():
        bad = np.argwhere(~finite)
        n_nan = int(np.isnan(arr).sum())
        n_inf = int(np.isinf(arr).sum())
        raise ValueError(
            f"{name} expected finite numbers; received {n_nan} NaN and {n_inf} infinite value(s), "
            f"the first at index {tuple(int(i) for i in bad[0])}. Remove or impute those entries "
            "before training (e.g. drop the rows, or replace missing values by the column mean).")


def as_labels(y, name: str = "y") -> np.ndarray:
    """Convert ``y`` to a 1-D array of class labels (for metrics)."""
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"{name} expected a 1-D array of class labels; received shape {arr.shape}. "
                         "For one-hot rows or probabilities use y.argmax(axis=1) first.")
    if arr.dtype.kind == "f":
        check_finite(arr, name)
    return arr
