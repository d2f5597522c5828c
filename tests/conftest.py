"""Shared test set-up: a non-interactive matplotlib backend and small helpers."""
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


def numeric_derivative(f, x, eps=1e-6):
    """Element-wise central difference of an element-wise function."""
    return (f(x + eps) - f(x - eps)) / (2 * eps)
