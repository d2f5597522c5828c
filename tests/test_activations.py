import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nnbook as nb
from nnbook import activations
from nnbook.gradient_check import numerical_gradient, relative_error

ELEMENTWISE = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu", "elu", "gelu", "silu", "softplus"]


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


# --- gelu, silu (swish), elu, softplus -------------------------------------------
# Independent transcriptions of Keras's formulas, one number at a time with the math module
# (math.erf, not the scipy.special.erf that nnbook uses).

def _gelu_exact(x):
    return 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0)))


def _gelu_tanh(x):
    return 0.5 * x * (1.0 + math.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def _silu(x):
    return x / (1.0 + math.exp(-x))


def _elu(x, alpha=1.0):
    return x if x > 0 else alpha * (math.exp(x) - 1.0)


def _softplus(x):
    return math.log(1.0 + math.exp(x))


NEW_FORMULAS = [(nb.GELU(), _gelu_exact), (nb.GELU(approximate=True), _gelu_tanh), (nb.SiLU(), _silu),
                (nb.ELU(), _elu), (nb.ELU(alpha=0.5), lambda x: _elu(x, 0.5)), (nb.Softplus(), _softplus)]


@pytest.mark.parametrize("act, formula", NEW_FORMULAS, ids=lambda v: repr(v) if isinstance(v, nb.activations.Activation)
                         else "")
def test_new_activations_match_transcribed_formulas(act, formula, rng):
    z = np.concatenate([rng.normal(0, 3, 40), [-6.0, -1.0, 0.0, 1.0, 6.0]]).reshape(5, 9)
    expected = np.vectorize(formula)(z)
    np.testing.assert_allclose(act(z), expected, rtol=1e-12, atol=1e-15)


def test_gelu_tanh_approximation_derivative_and_gap(rng):
    act = nb.GELU(approximate=True)
    z = rng.normal(0, 3, size=(20, 3))
    np.testing.assert_allclose(act.derivative(z), (act(z + 1e-6) - act(z - 1e-6)) / 2e-6, rtol=1e-6, atol=1e-8)
    G = rng.normal(size=z.shape)
    numeric = numerical_gradient(lambda: float(np.sum(G * act.forward(z))), z)
    assert relative_error(act.backward(z, act(z), G), numeric) < 1e-8
    grid = np.linspace(-8, 8, 4001)
    assert np.max(np.abs(nb.GELU()(grid) - act(grid))) < 1e-3  # the docstring's claim


def test_keras_names_and_known_values():
    assert isinstance(activations.get("gelu"), nb.GELU) and activations.get("gelu").approximate is False
    assert isinstance(activations.get("silu"), nb.SiLU) and isinstance(activations.get("swish"), nb.SiLU)
    assert isinstance(activations.get("elu"), nb.ELU) and activations.get("elu").alpha == 1.0
    assert isinstance(activations.get("softplus"), nb.Softplus)
    layer = nb.Dense(2, activation="gelu")
    assert layer.activation.name == "gelu" and repr(layer) == "Dense(2, activation='gelu')"
    # GELU(1) = Phi(1), SiLU(1) = sigma(1), softplus(0) = log 2, ELU(-inf) -> -alpha
    assert nb.GELU()(np.array([1.0]))[0] == pytest.approx(0.8413447460685429, rel=1e-14)
    assert nb.SiLU()(np.array([1.0]))[0] == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-14)
    assert nb.Softplus()(np.array([0.0]))[0] == pytest.approx(math.log(2), rel=1e-14)
    assert nb.ELU(alpha=2.0)(np.array([-50.0]))[0] == pytest.approx(-2.0, rel=1e-14)
    assert nb.Softplus().derivative(np.array([0.0]))[0] == 0.5
    grid = np.linspace(-3, 0, 300001)
    assert nb.GELU.output_range == f"[{nb.GELU()(grid).min():.3f}, inf)" == "[-0.170, inf)"
    assert nb.SiLU.output_range == f"[{nb.SiLU()(grid).min():.3f}, inf)" == "[-0.278, inf)"
    assert [repr(a) for a in (nb.GELU(), nb.GELU(approximate=True), nb.ELU(), nb.SiLU(), nb.Softplus())] == [
        "GELU()", "GELU(approximate=True)", "ELU(alpha=1.0)", "SiLU()", "Softplus()"]


def test_new_activations_are_stable_for_huge_inputs():
    z = np.array([[-1000.0, -50.0, 50.0, 1000.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        for act in (nb.GELU(), nb.GELU(approximate=True), nb.SiLU(), nb.ELU(), nb.Softplus()):
            out, slope = act(z), act.derivative(z)
            assert np.all(np.isfinite(out)) and np.all(np.isfinite(slope)), act
            assert out[0, 3] == pytest.approx(1000.0, rel=1e-12) and slope[0, 3] == pytest.approx(1.0)
    np.testing.assert_array_equal(nb.Softplus()(z)[0, [0, 3]], [0.0, 1000.0])


def test_new_activation_errors():
    with pytest.raises(ValueError, match=r"ELU alpha expected a positive number; received -1.*alpha=1.0"):
        nb.ELU(-1)
    with pytest.raises(TypeError, match=r"GELU approximate expected True or False; received 'tanh'"):
        nb.GELU(approximate="tanh")
