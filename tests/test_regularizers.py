import numpy as np
import pytest

import nnbook as nb
from nnbook.gradient_check import numerical_gradient, relative_error


def test_penalties_follow_keras_definitions(rng):
    W = rng.normal(size=(4, 3))
    assert nb.L2(0.1).penalty(W) == pytest.approx(0.1 * np.sum(W ** 2))
    assert nb.L1(0.2).penalty(W) == pytest.approx(0.2 * np.sum(np.abs(W)))
    assert nb.L1L2(l1=0.2, l2=0.1).penalty(W) == pytest.approx(0.2 * np.abs(W).sum() + 0.1 * (W ** 2).sum())


@pytest.mark.parametrize("reg", [nb.L1(0.3), nb.L2(0.3), nb.L1L2(0.1, 0.2)])
def test_gradients_match_central_difference(reg, rng):
    W = rng.normal(size=(5, 2))
    W[np.abs(W) < 1e-3] = 0.1  # away from L1's kink
    numeric = numerical_gradient(lambda: reg.penalty(W), W)
    assert relative_error(reg.gradient(W), numeric) < 1e-8


def test_bias_is_not_penalised_and_penalty_enters_the_cost(rng):
    X = rng.normal(size=(8, 3))
    y = rng.normal(size=8)
    model = nb.Sequential([nb.Dense(2, activation="tanh", kernel_regularizer=nb.L2(0.5)), nb.Dense(1)], seed=3)
    model.compile("sgd", "mse")
    model.build(3)
    W1, b1, W2, b2 = model.get_weights()
    data_cost = nb.MeanSquaredError()(y, model.predict(X))
    assert model.cost(X, y) == pytest.approx(data_cost + 0.5 * np.sum(W1 ** 2))
    result = nb.check_gradients(model, X, y)
    assert result.worst < 1e-7


def test_invalid_strengths():
    with pytest.raises(ValueError, match="L2 l2 expected a non-negative number; received -1"):
        nb.L2(-1)
