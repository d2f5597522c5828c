import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nnbook as nb
from nnbook import activations
from nnbook.gradient_check import numerical_gradient, relative_error

ELEMENTWISE = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_derivative_matches_central_difference(name, rng):
    act = activations.get(name)
    z = rng.normal(0, 3, size=(50, 4))
    z = z[np.abs(z) > 1e-3].reshape(-1, 2)  # stay away from the kinks of relu-like functions
    numeric = (act.forward(z + 1e-6) - act.forward(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("name", ELEMENTWISE + ["softmax"])
def test_backward_is_the_vector_jacobian_product(name, rng):
    """dL/dz from backward() equals the numerical gradient of L = sum(G * g(z))."""
    act = activations.get(name)
    z = rng.normal(0, 2, size=(3, 4))
    z[np.abs(z) < 1e-3] = 0.5
    G = rng.normal(size=z.shape)
    analytic = act.backward(z, act.forward(z), G)
    numeric = numerical_gradient(lambda: float(np.sum(G * act.forward(z))), z)
    assert relative_error(analytic, numeric) < 1e-8


def test_known_values():
    z = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(nb.Sigmoid()(z), 1 / (1 + np.exp(-z)))
    np.testing.assert_allclose(nb.ReLU()(z), [[0, 0, 3]])
    np.testing.assert_allclose(nb.LeakyReLU(0.1)(z), [[-0.2, 0, 3]])
    np.testing.assert_allclose(nb.SELU()(z)[0, 2], 1.0507009873554805 * 3)
    np.testing.assert_allclose(nb.SELU()(z)[0, 0], 1.0507009873554805 * 1.6732632423543772 * (np.exp(-2) - 1))
    assert nb.ReLU().derivative(np.array([0.0]))[0] == 0.0


def test_sigmoid_is_stable_for_huge_inputs():
    z = np.array([[-1000.0, -50.0, 50.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = nb.Sigmoid()(z)
    assert s[0, 0] == 0.0 and s[0, 3] == 1.0 and np.all(np.isfinite(s))


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
              elements=st.floats(-500, 500, allow_nan=False)))
def test_softmax_rows_are_distributions_and_shift_invariant(z):
    sm = nb.Softmax()
    p = sm(z)
    assert np.all(p >= 0) and np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(sm(z + 7.0), p, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 5)),
              elements=st.floats(-30, 30, allow_nan=False)))
def test_ranges(z):
    assert np.all((nb.Sigmoid()(z) >= 0) & (nb.Sigmoid()(z) <= 1))
    assert np.all(np.abs(nb.Tanh()(z)) <= 1)
    assert np.all(nb.ReLU()(z) >= 0)
    assert np.all(nb.SELU()(z) > -1.7581)


def test_lookup_by_name_and_errors():
    assert isinstance(activations.get("ReLU"), nb.ReLU)
    assert isinstance(activations.get(None), nb.Linear)
    with pytest.raises(ValueError, match=r"Unknown activation 'sigmiod'.*Did you mean 'sigmoid'\?"):
        activations.get("sigmiod")
    with pytest.raises(ValueError, match="'leaky_relu', 'linear'"):
        activations.get("mish")
    with pytest.raises(ValueError, match=r"alpha expected a number in \[0, 1\)"):
        nb.LeakyReLU(-1)
