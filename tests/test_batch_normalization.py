"""BatchNormalization: Keras's formulas, transcribed independently below, and its place in a model.

TensorFlow/Keras is not installed here, so nothing is compared with a running Keras:
the reference is a column-by-column transcription of the formulas Keras documents.
"""
import io
import math
from contextlib import redirect_stdout

import numpy as np
import pytest

import nnbook as nb
from nnbook.gradient_check import numerical_gradient, relative_error


def _built(layer, n_inputs, seed=0):
    layer.build(n_inputs, np.random.default_rng(seed))
    return layer


def keras_bn_reference(X, gamma, beta, moving_mean, moving_variance, *, training, momentum=0.99, epsilon=1e-3):
    """Keras's batch normalization, one column (unit) and one number at a time with the math module.
    Returns (output, new moving_mean, new moving_variance)."""
    n, d = len(X), len(X[0])
    out = [[0.0] * d for _ in range(n)]
    new_mean, new_var = list(moving_mean), list(moving_variance)
    for j in range(d):
        column = [float(X[i][j]) for i in range(n)]
        if training:
            mean = sum(column) / n
            var = sum((v - mean) ** 2 for v in column) / n  # biased: divide by n
            new_mean[j] = moving_mean[j] * momentum + mean * (1 - momentum)
            new_var[j] = moving_variance[j] * momentum + var * (1 - momentum)
        else:
            mean, var = moving_mean[j], moving_variance[j]
        for i in range(n):
            out[i][j] = gamma[j] * (column[i] - mean) / math.sqrt(var + epsilon) + beta[j]
    return np.array(out), np.array(new_mean), np.array(new_var)


def test_defaults_and_initial_weights_are_keras():
    bn = _built(nb.BatchNormalization(), 3)
    assert (bn.momentum, bn.epsilon, bn.center, bn.scale) == (0.99, 1e-3, True, True)
    np.testing.assert_array_equal(bn.gamma, np.ones(3))
    np.testing.assert_array_equal(bn.beta, np.zeros(3))
    np.testing.assert_array_equal(bn.moving_mean, np.zeros(3))
    np.testing.assert_array_equal(bn.moving_variance, np.ones(3))
    assert bn.weight_names() == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert bn.trainable_weights == [bn.gamma, bn.beta] and bn.non_trainable_weights == [bn.moving_mean,
                                                                                         bn.moving_variance]
    assert bn.count_params() == 12
    assert repr(bn) == "BatchNormalization()"
    assert repr(nb.BatchNormalization(momentum=0.9, center=False)) == "BatchNormalization(momentum=0.9, center=False)"


@pytest.mark.parametrize("momentum, epsilon", [(0.99, 1e-3), (0.8, 1e-5)])
def test_forward_both_modes_and_moving_average_match_keras_formulas(momentum, epsilon, rng):
    bn = _built(nb.BatchNormalization(momentum=momentum, epsilon=epsilon), 4)
    bn.gamma[:] = rng.uniform(0.5, 2.0, 4)
    bn.beta[:] = rng.normal(size=4)
    mean, var = bn.moving_mean.copy(), bn.moving_variance.copy()
    for step in range(3):  # three training batches of different sizes and scales
        X = rng.normal(step, 1 + step, size=(5 + step, 4))
        expected, mean, var = keras_bn_reference(X, bn.gamma, bn.beta, mean, var, training=True,
                                                 momentum=momentum, epsilon=epsilon)
        np.testing.assert_allclose(bn.forward(X, training=True), expected, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(bn.moving_mean, mean, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(bn.moving_variance, var, rtol=1e-12)
    X = rng.normal(size=(6, 4))
    expected, same_mean, same_var = keras_bn_reference(X, bn.gamma, bn.beta, mean, var, training=False,
                                                       epsilon=epsilon)
    np.testing.assert_allclose(bn.forward(X, training=False), expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(bn.moving_mean, same_mean)  # inference leaves the statistics alone
    np.testing.assert_array_equal(bn.moving_variance, same_var)


def test_training_output_is_normalized_per_unit(rng):
    bn = _built(nb.BatchNormalization(epsilon=1e-12), 3)
    X = rng.normal([5.0, -2.0, 100.0], [3.0, 0.1, 20.0], size=(64, 3))
    out = bn.forward(X, training=True)
    np.testing.assert_allclose(out.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), 1.0, rtol=1e-9)


def test_center_and_scale_switch_off_beta_and_gamma(rng):
    X = rng.normal(2.0, 3.0, size=(8, 2))
    plain = _built(nb.BatchNormalization(center=False, scale=False), 2)
    x_hat, _, _ = keras_bn_reference(X, [1, 1], [0, 0], [0, 0], [1, 1], training=True)
    np.testing.assert_allclose(plain.forward(X, training=True), x_hat, rtol=1e-12)
    assert plain.params() == [] and plain.weight_names() == ["moving_mean", "moving_variance"]
    shift_only = _built(nb.BatchNormalization(scale=False), 2)
    assert shift_only.weight_names() == ["beta", "moving_mean", "moving_variance"]
    assert shift_only.params() == [shift_only.beta] and shift_only.gamma is None
    G = rng.normal(size=X.shape)
    shift_only.forward(X, training=True)
    shift_only.backward(G)
    assert len(shift_only.grads()) == 1
    np.testing.assert_allclose(shift_only.grads()[0], G.sum(axis=0))


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("center, scale", [(True, True), (False, True), (True, False), (False, False)])
def test_backward_matches_central_differences(training, center, scale, rng):
    bn = _built(nb.BatchNormalization(center=center, scale=scale, momentum=0.5), 3)
    if scale:
        bn.gamma[:] = rng.uniform(0.5, 2.0, 3)
    if center:
        bn.beta[:] = rng.normal(size=3)
    bn.moving_mean[:] = rng.normal(size=3)
    bn.moving_variance[:] = rng.uniform(0.5, 2.0, 3)
    X = rng.normal(1.0, 2.0, size=(7, 3))
    G = rng.normal(size=(7, 3))  # an arbitrary upstream gradient dC/dout

    def cost():  # training mode updates the moving statistics, but its output does not read them
        return float(np.sum(G * bn.forward(X, training=training)))

    bn.forward(X, training=training)
    dX = bn.backward(G)
    analytic = [g.copy() for g in bn.grads()]
    assert relative_error(dX, numerical_gradient(cost, X)) < 1e-7
    for param, grad in zip(bn.params(), analytic):
        assert relative_error(grad, numerical_gradient(cost, param)) < 1e-7
    assert bn.backward(G, need_input_grad=False) is None


def test_model_gradient_check_in_training_mode_restores_the_statistics(rng):
    model = nb.Sequential([nb.Dense(4, activation="tanh"), nb.BatchNormalization(), nb.Dense(3, activation="relu"),
                           nb.BatchNormalization(center=False), nb.Dense(1, activation="sigmoid")], seed=3)
    model.compile("sgd", "binary_crossentropy")
    model.build(3)
    X, y = rng.normal(size=(8, 3)), rng.integers(0, 2, 8)
    before = model.get_weights()
    result = nb.check_gradients(model, X, y, training=True)
    assert list(result) == ["W1", "b1", "gamma2", "beta2", "W3", "b3", "gamma4", "W5", "b5"]
    assert result.worst < 1e-7, result
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert nb.check_gradients(model, X, y).worst < 1e-7  # inference mode too
    noisy = nb.Sequential([nb.Dense(2, input_shape=(3,)), nb.Dropout(0.5), nb.Dense(1)])
    noisy.compile("sgd", "mse")
    with pytest.raises(ValueError, match=r"training=True\) expected a deterministic cost.*Dropout\(0.5\)"):
        nb.check_gradients(noisy, X, y, training=True)


def test_fit_updates_statistics_once_per_batch_and_the_optimizer_never_touches_them(rng):
    X = rng.normal([3.0, -1.0], [2.0, 0.5], size=(50, 2))
    y = (X[:, 0] > 3).astype(int)
    model = nb.Sequential([nb.BatchNormalization(momentum=0.9), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(nb.Adam(0.05), "binary_crossentropy")
    model.fit(X, y, epochs=2, batch_size=16, shuffle=False, verbose=0)  # 4 batches per epoch: 16, 16, 16, 2
    bn = model.layers[0]
    mean, var = np.zeros(2), np.ones(2)
    gamma_beta = np.ones(2), np.zeros(2)  # BN is first, so its input (and statistics) do not depend on training
    for _ in range(2):
        for start in range(0, 50, 16):
            _, mean, var = keras_bn_reference(X[start:start + 16], *gamma_beta, mean, var, training=True,
                                              momentum=0.9)
    np.testing.assert_allclose(bn.moving_mean, mean, rtol=1e-12)
    np.testing.assert_allclose(bn.moving_variance, var, rtol=1e-12)
    assert not np.allclose(bn.gamma, 1.0) and not np.allclose(bn.beta, 0.0)  # gamma and beta did learn
    assert sorted(model.optimizer.state) == [0, 1, 2, 3]  # Adam saw gamma, beta, W, b: four arrays
    assert [w.shape for w in model.trainable_weights] == [(2,), (2,), (2, 1), (1,)]
    assert model.non_trainable_weights[0] is bn.moving_mean


def test_predict_and_evaluate_use_the_moving_statistics_and_calls_honour_training(rng):
    model = nb.Sequential([nb.Dense(3, activation="relu"), nb.BatchNormalization(), nb.Dense(1)], seed=1)
    model.compile("adam", "mse")
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    model.fit(X, y, epochs=3, batch_size=5, verbose=0)
    dense1, bn, dense3 = model.layers
    stats = bn.moving_mean.copy(), bn.moving_variance.copy()
    A1 = np.maximum(X @ dense1.W + dense1.b, 0)
    out, _, _ = keras_bn_reference(A1, bn.gamma, bn.beta, *stats, training=False)
    expected = out @ dense3.W + dense3.b
    np.testing.assert_allclose(model.predict(X), expected, rtol=1e-12)
    np.testing.assert_allclose(model(X), expected, rtol=1e-12)
    assert model.evaluate(X, y) == pytest.approx(np.mean((expected[:, 0] - y) ** 2), rel=1e-12)
    np.testing.assert_array_equal(bn.moving_mean, stats[0])  # none of those touched the statistics
    out, new_mean, _ = keras_bn_reference(A1, bn.gamma, bn.beta, *stats, training=True)
    np.testing.assert_allclose(model(X, training=True), out @ dense3.W + dense3.b, rtol=1e-12)
    np.testing.assert_allclose(bn.moving_mean, new_mean, rtol=1e-12)  # as in Keras, training=True updates them


def test_weights_in_keras_order_and_parameter_counts():
    model = nb.Sequential([nb.Dense(64, activation="relu", input_shape=(64,)), nb.BatchNormalization(),
                           nb.Dense(10, activation="softmax")])
    shapes = [w.shape for w in model.get_weights()]
    assert shapes == [(64, 64), (64,), (64,), (64,), (64,), (64,), (64, 10), (10,)]
    assert model._weight_names() == ["W1", "b1", "gamma2", "beta2", "moving_mean2", "moving_variance2", "W3", "b3"]
    assert model.count_params() == 64 * 64 + 64 + 4 * 64 + 64 * 10 + 10  # Keras counts all four BN arrays
    weights = [np.full(s, float(i)) for i, s in enumerate(shapes)]
    model.set_weights(weights)
    bn = model.layers[1]
    assert bn.gamma[0] == 2.0 and bn.beta[0] == 3.0 and bn.moving_mean[0] == 4.0 and bn.moving_variance[0] == 5.0
    with pytest.raises(ValueError, match=r"set_weights expected 8 arrays \(W1, b1, gamma2, beta2, moving_mean2, "
                                         r"moving_variance2, W3, b3\); received 6"):
        model.set_weights(weights[:6])
    out = io.StringIO()
    with redirect_stdout(out):
        model.summary()
    text = out.getvalue()
    assert "batch_normalization_2 (BatchNormalization)" in text and "(None, 64)" in text and " 256 " in text
    assert "Total params: 5066" in text  # 4096 + 64 + 4 * 64 + 640 + 10
    assert "Trainable params: 4938" in text and "Non-trainable params: 128" in text
    no_shift = nb.Sequential([nb.BatchNormalization(center=False, input_shape=(3,))])
    assert [w.shape for w in no_shift.get_weights()] == [(3,), (3,), (3,)]  # gamma, moving_mean, moving_variance
    assert no_shift.count_params() == 9


def test_summary_without_batch_normalization_is_unchanged():
    model = nb.Sequential([nb.Dense(2, input_shape=(3,))])
    out = io.StringIO()
    with redirect_stdout(out):
        model.summary()
    assert out.getvalue().rstrip().endswith("Total params: 8")  # no trainable/non-trainable split to report


def test_a_network_with_batch_normalization_learns_the_digits():
    X, y = nb.load_digits()
    X_train, X_val, y_train, y_val = nb.train_test_split(X, y, test_size=0.25, seed=0, stratify=True)
    model = nb.Sequential([nb.Dense(32, activation="relu"), nb.BatchNormalization(),
                           nb.Dense(10, activation="softmax")], seed=0)
    model.compile(nb.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(X_train, y_train, epochs=5, batch_size=32, verbose=0)  # raw pixels 0..16, no scaler
    assert model.evaluate(X_val, y_val)[1] > 0.9


def test_float32_and_early_stopping_restore_the_statistics():
    X, y = nb.make_moons(60, seed=0)
    model = nb.Sequential([nb.Dense(4, activation="relu"), nb.BatchNormalization(), nb.Dense(1, activation="sigmoid")],
                          dtype="float32")
    model.compile("adam", "binary_crossentropy")
    model.fit(X, y, epochs=2, verbose=0)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    stop = nb.EarlyStopping(monitor="loss", patience=1, restore_best_weights=True)
    model.fit(X, y, epochs=3, verbose=0, callbacks=[stop])
    assert len(stop.best_weights) == 8  # W1, b1, gamma, beta, moving_mean, moving_variance, W3, b3


def test_errors_say_what_was_expected():
    with pytest.raises(ValueError, match=r"axis expected -1 \(the features of a batch-first 2-D input\); received 0"):
        nb.BatchNormalization(axis=0)
    with pytest.raises(ValueError, match=r"BatchNormalization momentum expected a number in \[0, 1\); received 1.5"):
        nb.BatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match=r"BatchNormalization epsilon expected a positive number; received 0"):
        nb.BatchNormalization(epsilon=0)
    with pytest.raises(TypeError, match=r"BatchNormalization center expected True or False; received 'yes'"):
        nb.BatchNormalization(center="yes")
    with pytest.raises(TypeError, match="positional"):
        nb.BatchNormalization(0.9)
    with pytest.raises(ValueError, match=r"BatchNormalization input_shape expected \(n_features,\)"):
        nb.BatchNormalization(input_shape=(8, 8))
    bn = _built(nb.BatchNormalization(), 3)
    with pytest.raises(ValueError, match=r"^BatchNormalization\(\) expected 3 input features; received X with "
                                         r"shape \(4, 5\)\.$"):
        bn.forward(np.zeros((4, 5)), training=True)
