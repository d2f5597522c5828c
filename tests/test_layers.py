import numpy as np
import pytest

import nnbook as nb
from nnbook.gradient_check import numerical_gradient, relative_error


def _built(layer, n_inputs, seed=0):
    layer.build(n_inputs, np.random.default_rng(seed))
    return layer


def test_dense_shapes_and_formula(rng):
    layer = _built(nb.Dense(4, activation="tanh"), 3)
    assert layer.W.shape == (3, 4) and layer.b.shape == (4,)
    X = rng.normal(size=(5, 3))
    np.testing.assert_allclose(layer.forward(X), np.tanh(X @ layer.W + layer.b))


def test_dense_shape_error_message():
    layer = _built(nb.Dense(4), 3)
    with pytest.raises(ValueError, match=r"^Dense\(4\) expected 3 input features; received X with shape \(32, 5\)\.$"):
        layer.forward(np.zeros((32, 5)))


@pytest.mark.parametrize("activation", ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu", "softmax"])
def test_dense_backward_matches_central_difference(activation, rng):
    layer = _built(nb.Dense(3, activation=activation, kernel_regularizer=nb.L2(0.05)), 4)
    X = rng.normal(size=(6, 4))
    G = rng.normal(size=(6, 3))  # an arbitrary upstream gradient dC/dA

    def cost():
        return float(np.sum(G * layer.forward(X))) + layer.penalty()

    layer.forward(X)
    dX = layer.backward(G)
    dW, db = layer.dW.copy(), layer.db.copy()
    assert relative_error(dW, numerical_gradient(cost, layer.W)) < 1e-7
    assert relative_error(db, numerical_gradient(cost, layer.b)) < 1e-7
    assert relative_error(dX, numerical_gradient(cost, X)) < 1e-7


def test_initializers_have_the_documented_spread():
    rng = np.random.default_rng(0)
    shape = (400, 300)
    cases = {"glorot_uniform": 2 / 700, "glorot_normal": 2 / 700, "he_normal": 2 / 400,
             "he_uniform": 2 / 400, "lecun_normal": 1 / 400, "lecun_uniform": 1 / 400}
    for name, variance in cases.items():
        W = nb.initializers.get(name)(shape, rng)
        assert W.var() == pytest.approx(variance, rel=0.03), name
    assert np.all(nb.initializers.get("zeros")(shape, rng) == 0)
    assert np.all(nb.Constant(0.5)((2, 2), rng) == 0.5)
    with pytest.raises(ValueError, match="Unknown initializer 'he'"):
        nb.initializers.get("he")


def test_dense_rejects_bad_units():
    with pytest.raises(ValueError, match=r"Dense units expected a positive integer; received 0"):
        nb.Dense(0)
    with pytest.raises(TypeError, match=r"Dense units expected a positive integer; received 2.5"):
        nb.Dense(2.5)


def test_dropout_is_inverted_and_only_active_in_training(rng):
    layer = _built(nb.Dropout(0.25), 1000)
    X = np.ones((200, 1000))
    np.testing.assert_array_equal(layer.forward(X, training=False), X)
    out = layer.forward(X, training=True)
    kept = out != 0
    assert kept.mean() == pytest.approx(0.75, abs=0.01)
    np.testing.assert_allclose(out[kept], 1 / 0.75)
    assert out.mean() == pytest.approx(1.0, abs=0.01)  # expectation preserved
    G = rng.normal(size=X.shape)
    np.testing.assert_array_equal(layer.backward(G), G * layer._mask)


def test_dropout_rate_validation():
    with pytest.raises(ValueError, match=r"Dropout rate expected a number in \[0, 1\); received 1"):
        nb.Dropout(1)
