import io
from contextlib import redirect_stdout

import numpy as np
import pytest

import nnbook as nb


def hand_model():
    """The network worked by hand in the tests (and checkable on paper):
    x = (1, 2); hidden ReLU layer W1 = [[1, -1], [0.5, 2]], b1 = (0, -1) -> z1 = a1 = (2, 2);
    linear output W2 = [[1], [-0.5]], b2 = 0.5 -> y_hat = 1.5; target 1 -> MSE 0.25."""
    model = nb.Sequential([nb.Dense(2, activation="relu"), nb.Dense(1)], seed=0)
    model.build(2)
    model.set_weights([np.array([[1.0, -1.0], [0.5, 2.0]]), np.array([0.0, -1.0]),
                       np.array([[1.0], [-0.5]]), np.array([0.5])])
    model.compile(nb.SGD(learning_rate=0.1), "mse")
    return model


def test_hand_worked_forward_and_backward():
    model = hand_model()
    X, y = np.array([[1.0, 2.0]]), np.array([1.0])
    steps = model.forward_steps(X)
    np.testing.assert_allclose(steps[0]["z"], [[2.0, 2.0]])
    np.testing.assert_allclose(model.predict(X), [[1.5]])
    assert model.evaluate(X, y) == pytest.approx(0.25)
    dW1, db1, dW2, db2 = model.compute_gradients(X, y)
    # dC/dy_hat = 2 (1.5 - 1) = 1; dW2 = a1ᵀ·1; dC/da1 = W2ᵀ = (1, -0.5); ReLU' = 1; dW1 = xᵀ (1, -0.5)
    np.testing.assert_allclose(dW2, [[2.0], [2.0]])
    np.testing.assert_allclose(db2, [1.0])
    np.testing.assert_allclose(dW1, [[1.0, -0.5], [2.0, -1.0]])
    np.testing.assert_allclose(db1, [1.0, -0.5])
    model.fit(X, y, epochs=1, batch_size=1, verbose=0)  # one SGD step: w <- w - 0.1 g
    np.testing.assert_allclose(model.get_weights()[2], [[1.0 - 0.2], [-0.5 - 0.2]])


ARCHITECTURES = {
    "mse-linear": ([nb.Dense(4, activation="tanh"), nb.Dense(2)], "mse"),
    "mae-linear": ([nb.Dense(3, activation="sigmoid"), nb.Dense(1)], "mae"),
    "bce-sigmoid": ([nb.Dense(4, activation="selu"), nb.Dense(1, activation="sigmoid")], "binary_crossentropy"),
    "cce-softmax": ([nb.Dense(4, activation="leaky_relu"), nb.Dense(3, activation="softmax")],
                    "categorical_crossentropy"),
    "sparse-softmax": ([nb.Dense(3, activation="relu"), nb.Dense(3, activation="softmax")],
                       "sparse_categorical_crossentropy"),
    "mse-softmax": ([nb.Dense(3, activation="tanh"), nb.Dense(3, activation="softmax")], "mse"),
    "regularized": ([nb.Dense(4, activation="tanh", kernel_regularizer=nb.L1L2(0.01, 0.02)), nb.Dropout(0.5),
                     nb.Dense(1, activation="sigmoid", kernel_regularizer=nb.L2(0.1))], "binary_crossentropy"),
    "deep": ([nb.Dense(5, activation="tanh"), nb.Dense(4, activation="sigmoid"), nb.Dense(3, activation="selu"),
              nb.Dense(1)], "mse"),
}


@pytest.mark.parametrize("key", sorted(ARCHITECTURES))
def test_backprop_agrees_with_central_differences(key):
    layers, loss = ARCHITECTURES[key]
    rng = np.random.default_rng(1)
    X = rng.normal(size=(7, 3))
    n_out = [layer for layer in layers if isinstance(layer, nb.Dense)][-1].units
    if loss in ("mse", "mae"):
        y = rng.normal(size=(7, n_out))
    elif loss == "binary_crossentropy":
        y = rng.integers(0, 2, 7)
    elif loss == "categorical_crossentropy":
        y = nb.one_hot(rng.integers(0, 3, 7), 3)
    else:
        y = rng.integers(0, 3, 7)
    model = nb.Sequential(layers, seed=2)
    model.compile("sgd", loss)
    model.build(3)
    result = nb.check_gradients(model, X, y)
    assert list(result) == [f"{p}{i}" for i in range(1, len(result) // 2 + 1) for p in ("W", "b")]
    tolerance = 1e-5 if loss == "mae" else 1e-7  # MAE has a kink at zero error
    assert result.worst < tolerance, result


def test_check_gradients_detects_a_wrong_backward_pass(monkeypatch):
    model = nb.Sequential([nb.Dense(3, activation="tanh"), nb.Dense(1)], seed=0)
    model.compile("sgd", "mse")
    model.build(2)
    X = np.random.default_rng(0).normal(size=(5, 2))
    y = np.ones(5)
    broken = nb.Tanh.backward
    monkeypatch.setattr(nb.Tanh, "backward", lambda self, z, a, g: broken(self, z, a, g) * 1.5)
    assert nb.check_gradients(model, X, y)["W1"] > 1e-2


def test_fit_reduces_loss_records_history_and_is_deterministic():
    X, y = nb.make_moons(200, noise=0.15, seed=0)

    def run():
        model = nb.Sequential([nb.Dense(16, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=5)
        model.compile(nb.Adam(0.02), "binary_crossentropy", metrics=["accuracy", "f1"])
        return model, model.fit(X, y, epochs=40, batch_size=20, validation_split=0.2, verbose=0)

    model, h = run()
    _, h2 = run()
    assert h.history == h2.history
    assert set(h.history) == {"loss", "accuracy", "f1", "val_loss", "val_accuracy", "val_f1"}
    assert len(h.epoch) == 40 and len(h.batch_losses) == 40 * 8  # 160 training rows / 20
    assert h.history["loss"][-1] < 0.5 * h.history["loss"][0]
    assert h.history["val_accuracy"][-1] > 0.9
    loss, acc, f1 = model.evaluate(X, y)
    assert acc == pytest.approx(nb.accuracy_score(y, model.predict_classes(X)))
    assert model.evaluate(X, y, return_dict=True)["loss"] == pytest.approx(loss)


def test_full_batch_and_validation_data():
    X, y = nb.make_regression_1d(40, noise=0.05, function="linear", seed=0)
    model = nb.Sequential([nb.Dense(1)], seed=0)
    model.compile(nb.SGD(0.1), "mse", metrics=["mae"])
    h = model.fit(X, y, epochs=300, batch_size=None, validation_data=(X[:10], y[:10]), verbose=0)
    assert len(h.batch_losses) == 300
    W, b = model.get_weights()
    assert W[0, 0] == pytest.approx(0.5, abs=0.05) and b[0] == pytest.approx(1.0, abs=0.05)
    assert "val_mae" in h.history


def test_divergence_stops_with_advice():
    X, y = nb.make_regression_1d(50, function="linear", seed=0)
    model = nb.Sequential([nb.Dense(1)], seed=0)
    model.compile(nb.SGD(learning_rate=5.0), "mse")
    with pytest.raises(nb.DivergenceError, match=r"diverged at epoch \d+/100.*learning rate \(5\) is probably too "
                                                  r"large: try 0\.5") as info:
        model.fit(X * 100, y, epochs=100, batch_size=None, verbose=0)
    assert len(info.value.history.epoch) == info.value.epoch


def test_float32_models_train_in_float32():
    X, y = nb.make_moons(100, seed=0)
    model = nb.Sequential([nb.Dense(8, activation="relu"), nb.Dense(1, activation="sigmoid")], dtype="float32")
    model.compile("adam", "binary_crossentropy")
    model.fit(X, y, epochs=3, verbose=0)
    assert all(w.dtype == np.float32 for w in model.get_weights())
    assert model.predict(X).dtype == np.float32
    with pytest.raises(ValueError, match="expected a float64 model"):
        nb.check_gradients(model, X[:3], y[:3])


def test_summary_and_repr():
    model = nb.Sequential([nb.Dense(8, activation="relu", input_shape=(4,)), nb.Dropout(0.2),
                           nb.Dense(3, activation="softmax")])
    out = io.StringIO()
    with redirect_stdout(out):
        model.summary()
    text = out.getvalue()
    assert "dense_1 (Dense, relu)" in text and "(None, 8)" in text and "40" in text
    assert "dropout_2 (Dropout)" in text and "dense_3 (Dense, softmax)" in text and "27" in text
    assert "Total params: 67" in text
    assert model.count_params() == 4 * 8 + 8 + 8 * 3 + 3
    assert repr(model) == "Sequential([Dense(8, activation='relu'), Dropout(0.2), Dense(3, activation='softmax')])"


def test_errors_users_must_get():
    model = nb.Sequential([nb.Dense(4, activation="relu"), nb.Dense(1)])
    with pytest.raises(ValueError, match=r"predict needs a built model.*model.build\(n_features\)"):
        model.predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"fit needs a compiled model.*model.compile"):
        model.fit(np.zeros((2, 3)), np.zeros(2))
    model.compile("sgd", "mse")
    model.build(3)
    with pytest.raises(ValueError, match=r"^Dense\(4\) expected 3 input features; received X with shape \(32, 5\)\.$"):
        model.predict(np.zeros((32, 5)))
    with pytest.raises(ValueError, match=r"X expected finite numbers; received 1 NaN"):
        model.predict([[1.0, np.nan, 0.0]])
    with pytest.raises(ValueError, match=r"received X with shape|expected finite"):
        model.fit([[np.inf, 0, 0]], [1.0])
    with pytest.raises(ValueError, match=r"1-D array of shape \(3,\).*reshape\(-1, 1\)"):
        model.predict([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="batch_size expected a positive integer; received 0"):
        model.fit(np.zeros((4, 3)), np.zeros(4), batch_size=0)
    with pytest.raises(ValueError, match="epochs expected a positive integer; received -1"):
        model.fit(np.zeros((4, 3)), np.zeros(4), epochs=-1)
    with pytest.raises(ValueError, match=r"Unknown optimizer 'adamm'.*'adam'"):
        model.compile("adamm", "mse")
    with pytest.raises(ValueError, match=r"Unknown metric 'acuracy'.*Did you mean 'accuracy'"):
        model.compile("sgd", "mse", metrics=["acuracy"])
    with pytest.raises(ValueError, match=r"binary_crossentropy expected probabilities from a sigmoid output.*'linear'"):
        model.compile("sgd", "binary_crossentropy")
    clf = nb.Sequential([nb.Dense(1, activation="sigmoid")])
    clf.compile("sgd", "binary_crossentropy")
    with pytest.raises(ValueError, match=r"expected targets in \[0, 1\].*from 0 to 9"):
        clf.fit(np.zeros((10, 2)), np.arange(10), verbose=0)
    with pytest.raises(TypeError, match="Sequential.add expected a layer"):
        nb.Sequential(["dense"])
    with pytest.raises(ValueError, match="set_weights expected 4 arrays"):
        model.set_weights([np.zeros((3, 4))])
    with pytest.raises(ValueError, match=r"array 0 expected shape \(3, 4\); received \(4, 3\)"):
        model.set_weights([np.zeros((4, 3)), np.zeros(4), np.zeros((4, 1)), np.zeros(1)])
    with pytest.raises(ValueError, match="predict_proba expected a sigmoid or softmax output"):
        model.predict_proba(np.zeros((1, 3)))


def test_calling_the_model_runs_the_forward_pass_in_either_mode():
    model = nb.Sequential([nb.Dense(50, activation="relu"), nb.Dropout(0.5), nb.Dense(1)], seed=0)
    model.build(3)
    X = np.ones((4, 3))
    np.testing.assert_array_equal(model(X), model.predict(X))
    assert not np.allclose(model(X, training=True), model(X, training=True))


def test_seed_controls_initialization():
    a = nb.Sequential([nb.Dense(3)], seed=1)
    b = nb.Sequential([nb.Dense(3)], seed=1)
    c = nb.Sequential([nb.Dense(3)], seed=2)
    for m in (a, b, c):
        m.build(2)
    np.testing.assert_array_equal(a.get_weights()[0], b.get_weights()[0])
    assert not np.array_equal(a.get_weights()[0], c.get_weights()[0])


def test_progress_bar_on_a_terminal(capsys):
    X, y = nb.make_moons(40, seed=0)
    model = nb.Sequential([nb.Dense(1, activation="sigmoid")])
    model.compile("sgd", "binary_crossentropy")
    model.fit(X, y, epochs=60, verbose="auto")
    err = capsys.readouterr().err
    assert "Epoch 60/60 [==============================] loss:" in err
    model.fit(X, y, epochs=5, verbose="auto")
    assert capsys.readouterr().err == ""


# --- losses from logits in a model ---------------------------------------------------

def test_logits_model_trains_like_the_sigmoid_model_and_predicts_logits():
    X, y = nb.make_moons(120, noise=0.2, seed=3)

    def run(last, loss):
        model = nb.Sequential([nb.Dense(8, activation="tanh"), last], seed=4)
        model.compile(nb.Adam(0.01), loss, metrics=["accuracy"])
        history = model.fit(X, y, epochs=15, batch_size=16, validation_split=0.25, verbose=0)
        return model, history

    probs, h_probs = run(nb.Dense(1, activation="sigmoid"), "binary_crossentropy")
    logits, h_logits = run(nb.Dense(1), nb.BinaryCrossentropy(from_logits=True))
    # (sigma(z) - y) / n is the same gradient as the fused sigmoid + cross-entropy one
    for a, b in zip(probs.get_weights(), logits.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(h_logits.history["loss"], h_probs.history["loss"], rtol=1e-9)
    assert h_logits.history["val_accuracy"] == h_probs.history["val_accuracy"]  # metrics see probabilities
    z = logits.predict(X)
    assert z.min() < 0 < z.max()  # logits, not probabilities
    np.testing.assert_allclose(logits.predict_proba(X), 1 / (1 + np.exp(-z)), rtol=1e-12)
    np.testing.assert_allclose(logits.predict_proba(X), probs.predict(X), rtol=1e-9)
    np.testing.assert_array_equal(logits.predict_classes(X), probs.predict_classes(X))
    assert logits.evaluate(X, y) == pytest.approx(probs.evaluate(X, y), rel=1e-9)


def test_softmax_logits_model_gradients_and_agreement():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(9, 4)), rng.integers(0, 3, 9)
    logits = nb.Sequential([nb.Dense(5, activation="elu"), nb.Dense(3)], seed=1)
    logits.compile("sgd", nb.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    logits.build(4)
    assert nb.check_gradients(logits, X, y).worst < 1e-7
    softmax = nb.Sequential([nb.Dense(5, activation="elu"), nb.Dense(3, activation="softmax")], seed=1)
    softmax.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    softmax.build(4)
    softmax.set_weights(logits.get_weights())
    for a, b in zip(logits.compute_gradients(X, y), softmax.compute_gradients(X, y)):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(logits.evaluate(X, y), softmax.evaluate(X, y), rtol=1e-12)
    np.testing.assert_allclose(logits.predict_proba(X), softmax.predict(X), rtol=1e-12)


def test_compile_checks_loss_against_the_output_layer():
    double = nb.Sequential([nb.Dense(4, activation="relu"), nb.Dense(1, activation="sigmoid")])
    with pytest.raises(ValueError, match=r"BinaryCrossentropy\(from_logits=True\) expected logits from a linear "
                                         r"output layer; the last layer's activation is 'sigmoid', so the loss "
                                         r"would apply a sigmoid a second time.*Dense\(1\).*'binary_crossentropy'"):
        double.compile("adam", nb.BinaryCrossentropy(from_logits=True))
    double_softmax = nb.Sequential([nb.Dense(3, activation="softmax")])
    with pytest.raises(ValueError, match=r"apply a softmax a second time.*Dense\(3\)"):
        double_softmax.compile("adam", nb.CategoricalCrossentropy(from_logits=True))
    linear = nb.Sequential([nb.Dense(4, activation="relu"), nb.Dense(3)])
    for loss in (nb.CategoricalCrossentropy(from_logits=True), nb.SparseCategoricalCrossentropy(from_logits=True),
                 nb.BinaryCrossentropy(from_logits=True)):
        linear.compile("adam", loss)  # accepted
    # the rejections of before, word for word (chapter 6 prints the first)
    with pytest.raises(ValueError, match=r"^binary_crossentropy expected probabilities from a sigmoid output layer; "
                                         r"the last layer's activation is 'linear'. Use e.g. "
                                         r"Dense\(1, activation='sigmoid'\).$"):
        linear.compile("adam", "binary_crossentropy")
    with pytest.raises(ValueError, match=r"^sparse_categorical_crossentropy expected probabilities from a softmax "
                                         r"output layer; the last layer's activation is 'linear'. Use "
                                         r"Dense\(n_classes, activation='softmax'\).$"):
        linear.compile("adam", "sparse_categorical_crossentropy")
    with pytest.raises(ValueError, match=r"categorical_crossentropy expected probabilities from a softmax.*'sigmoid'"):
        nb.Sequential([nb.Dense(3, activation="sigmoid")]).compile("adam", "categorical_crossentropy")
    with pytest.raises(ValueError, match="predict_proba expected a sigmoid or softmax output"):
        linear.compile("adam", "mse")
        linear.build(2)
        linear.predict_proba(np.zeros((1, 2)))
