import numpy as np
import pytest
from sklearn import metrics as skm

import nnbook as nb
from nnbook import losses
from nnbook.gradient_check import numerical_gradient, relative_error


def _probs(rng, n, k):
    return nb.Softmax()(rng.normal(size=(n, k)))


def test_values_agree_with_scikit_learn(rng):
    y = rng.normal(size=(20, 3))
    p = rng.normal(size=(20, 3))
    assert nb.MeanSquaredError()(y, p) == pytest.approx(skm.mean_squared_error(y, p))
    assert nb.MeanAbsoluteError()(y, p) == pytest.approx(skm.mean_absolute_error(y, p))
    yb = rng.integers(0, 2, 30)
    pb = rng.uniform(0.01, 0.99, 30)
    assert nb.BinaryCrossentropy()(yb, pb) == pytest.approx(skm.log_loss(yb, pb))
    yc = rng.integers(0, 4, 25)
    pc = _probs(rng, 25, 4)
    assert nb.CategoricalCrossentropy()(nb.one_hot(yc, 4), pc) == pytest.approx(skm.log_loss(yc, pc))
    assert nb.SparseCategoricalCrossentropy()(yc, pc) == pytest.approx(skm.log_loss(yc, pc))


def test_loss_is_per_example_and_cost_is_the_mean(rng):
    y = rng.normal(size=(7, 2))
    p = rng.normal(size=(7, 2))
    per = nb.MeanSquaredError().per_example(y, p)
    assert per.shape == (7,)
    np.testing.assert_allclose(per, ((p - y) ** 2).mean(axis=1))
    assert nb.MeanSquaredError()(y, p) == pytest.approx(per.mean())


@pytest.mark.parametrize("name", ["mse", "mae", "binary_crossentropy", "categorical_crossentropy",
                                  "sparse_categorical_crossentropy"])
def test_gradient_matches_central_difference(name, rng):
    loss = losses.get(name)
    n, k = 6, 3
    P = _probs(rng, n, k) if "categorical" in name else rng.uniform(0.05, 0.95, (n, k))
    if name == "mae":
        Y = P + rng.choice([-1, 1], size=P.shape) * rng.uniform(0.1, 0.5, P.shape)
    elif name == "binary_crossentropy":
        Y = rng.integers(0, 2, (n, k)).astype(float)
    elif name == "categorical_crossentropy":
        Y = nb.one_hot(rng.integers(0, k, n), k)
    elif name == "sparse_categorical_crossentropy":
        Y = rng.integers(0, k, n)
    else:
        Y = rng.normal(size=(n, k))
    analytic = loss.gradient(Y, P)
    numeric = numerical_gradient(lambda: loss(Y, P), P, 1e-6)
    assert relative_error(analytic, numeric) < 1e-7


@pytest.mark.parametrize("loss_name, act_name", [("binary_crossentropy", "sigmoid"),
                                                 ("categorical_crossentropy", "softmax")])
def test_fused_gradient_equals_the_chain_rule(loss_name, act_name, rng):
    loss, act = losses.get(loss_name), nb.activations.get(act_name)
    Z = rng.normal(size=(5, 3))
    P = act(Z)
    Y = rng.integers(0, 2, (5, 3)).astype(float) if act_name == "sigmoid" else nb.one_hot([0, 2, 1, 1, 0], 3)
    chain = act.backward(Z, P, loss.gradient(Y, P))
    np.testing.assert_allclose(loss.fused_gradient(Y, P), chain, rtol=1e-9, atol=1e-12)


def test_probabilities_are_clipped_not_infinite():
    assert nb.BinaryCrossentropy()([1, 0], [0.0, 1.0]) == pytest.approx(-np.log(1e-7), rel=1e-6)


def test_one_dimensional_targets_for_single_output():
    assert nb.MeanSquaredError()([1.0, 2.0], [[1.5], [2.0]]) == pytest.approx(0.125)


def test_errors_say_what_was_expected():
    with pytest.raises(ValueError, match=r"binary_crossentropy expected targets in \[0, 1\].*from 0 to 9.*"
                                         r"sparse_categorical_crossentropy"):
        nb.BinaryCrossentropy()(np.arange(10), np.full(10, 0.5))
    with pytest.raises(ValueError, match=r"expected one-hot targets of shape \(4, 3\).*1-D.*one_hot"):
        nb.CategoricalCrossentropy()([0, 1, 2, 1], np.full((4, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"row 1 is \[0.2, 0.2, 0.2\].*one_hot"):
        nb.CategoricalCrossentropy()([[1, 0, 0], [0.2, 0.2, 0.2]], np.full((2, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"integer labels from 0 to 2.*values from 0 to 5"):
        nb.SparseCategoricalCrossentropy()([0, 5], np.full((2, 3), 1 / 3))
    with pytest.raises(ValueError, match="For one-hot targets use loss='categorical_crossentropy'"):
        nb.SparseCategoricalCrossentropy()(np.eye(3), np.full((3, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"expected 3 targets.*received 2"):
        nb.MeanSquaredError()([1, 2], [[1], [2], [3]])
    with pytest.raises(ValueError, match=r"expected targets of shape \(2, 2\).*received shape \(2, 3\)"):
        nb.MeanSquaredError()(np.zeros((2, 3)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"Unknown loss 'mean_squared_eror'.*Did you mean 'mean_squared_error'"):
        losses.get("mean_squared_eror")


# --- from_logits=True ------------------------------------------------------------
# Independent transcriptions: the textbook definitions through probabilities, one example at a time.

def _bce_through_probabilities(y, z):
    p = 1.0 / (1.0 + np.exp(-z))
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def _cce_through_probabilities(y_row, z_row):
    e = np.exp(z_row)
    return float(-np.sum(y_row * np.log(e / e.sum())))


def test_from_logits_values_match_the_definitions_and_the_probability_form(rng):
    n, k = 12, 3
    Z = rng.normal(0, 2, size=(n, k))  # moderate logits: no clipping anywhere
    Yb = rng.integers(0, 2, (n, k)).astype(float)
    expected = np.mean([_bce_through_probabilities(Yb[i], Z[i]) for i in range(n)])
    bce_logits = nb.BinaryCrossentropy(from_logits=True)
    assert bce_logits(Yb, Z) == pytest.approx(expected, rel=1e-12)
    assert bce_logits(Yb, Z) == pytest.approx(nb.BinaryCrossentropy()(Yb, nb.Sigmoid()(Z)), rel=1e-12)
    labels = rng.integers(0, k, n)
    Yc = nb.one_hot(labels, k)
    expected = np.mean([_cce_through_probabilities(Yc[i], Z[i]) for i in range(n)])
    cce_logits = nb.CategoricalCrossentropy(from_logits=True)
    assert cce_logits(Yc, Z) == pytest.approx(expected, rel=1e-12)
    assert cce_logits(Yc, Z) == pytest.approx(nb.CategoricalCrossentropy()(Yc, nb.Softmax()(Z)), rel=1e-12)
    assert nb.SparseCategoricalCrossentropy(from_logits=True)(labels, Z) == pytest.approx(expected, rel=1e-12)
    soft = np.array([[0.2, 0.5, 0.3]])  # soft targets: still the exact cross-entropy
    assert cce_logits(soft, Z[:1]) == pytest.approx(_cce_through_probabilities(soft[0], Z[0]), rel=1e-12)


def test_from_logits_is_exact_and_finite_at_plus_minus_1000():
    z = np.array([[1000.0], [-1000.0], [1000.0], [-1000.0]])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    bce = nb.BinaryCrossentropy(from_logits=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_array_equal(bce.per_example(y, z), [0.0, 0.0, 1000.0, 1000.0])
        np.testing.assert_array_equal(bce.gradient(y, z), np.array([[0.0], [0.0], [1.0], [-1.0]]) / 4)
        Z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, 1000.0]])
        labels = np.array([1, 2])
        for loss, target in ((nb.SparseCategoricalCrossentropy(from_logits=True), labels),
                             (nb.CategoricalCrossentropy(from_logits=True), nb.one_hot(labels, 3))):
            # row 0: logsumexp = 1000, loss = 1000 - (-1000); row 1: logsumexp = 1000, loss 0
            np.testing.assert_array_equal(loss.per_example(target, Z), [2000.0, 0.0])
            np.testing.assert_array_equal(loss.gradient(target, Z), np.array([[1.0, -1.0, 0.0], [0, 0, 0]]) / 2)
    # the probability form can only say log(1e-7) there: that is why logits are better
    assert nb.BinaryCrossentropy()([0.0], [nb.Sigmoid()(np.array([1000.0]))[0]]) == pytest.approx(-np.log(1e-7))


@pytest.mark.parametrize("loss", [nb.BinaryCrossentropy(from_logits=True), nb.CategoricalCrossentropy(from_logits=True),
                                  nb.SparseCategoricalCrossentropy(from_logits=True)], ids=repr)
def test_from_logits_gradient_matches_central_difference_and_formula(loss, rng):
    n, k = 6, 3
    Z = rng.normal(0, 3, size=(n, k))
    if isinstance(loss, nb.SparseCategoricalCrossentropy):
        Y = rng.integers(0, k, n)
        onehot = nb.one_hot(Y, k)
    else:
        Y = rng.integers(0, 2, (n, k)).astype(float) if isinstance(loss, nb.BinaryCrossentropy) \
            else nb.one_hot(rng.integers(0, k, n), k)
        onehot = Y
    analytic = loss.gradient(Y, Z)
    assert relative_error(analytic, numerical_gradient(lambda: loss(Y, Z), Z, 1e-6)) < 1e-8
    if isinstance(loss, nb.BinaryCrossentropy):
        formula = (1 / (1 + np.exp(-Z)) - onehot) / (n * k)            # (sigmoid(z) - y) / (n k)
    else:
        formula = (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True) - onehot) / n   # (softmax(z) - y) / n
    np.testing.assert_allclose(analytic, formula, rtol=1e-12, atol=1e-15)


def test_from_logits_argument_and_repr():
    assert repr(nb.BinaryCrossentropy(from_logits=True)) == "BinaryCrossentropy(from_logits=True)"
    assert repr(nb.SparseCategoricalCrossentropy()) == "SparseCategoricalCrossentropy()"
    assert losses.get("binary_crossentropy").from_logits is False  # names mean probabilities, as in Keras
    assert nb.MeanSquaredError().from_logits is False
    with pytest.raises(TypeError, match=r"BinaryCrossentropy from_logits expected True or False; received 'yes'"):
        nb.BinaryCrossentropy(from_logits="yes")
    with pytest.raises(TypeError, match=r"SparseCategoricalCrossentropy from_logits expected True or False"):
        nb.SparseCategoricalCrossentropy(from_logits=1)
