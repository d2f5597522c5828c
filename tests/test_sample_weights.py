"""sample_weight and class_weight: Keras's cost (1/n) sum_i w_i L_i (the 'sum_over_batch_size'
reduction of keras/src/losses/loss.py divides by n, not by the sum of the weights), the gradients
of that cost (finite differences), and what fit, evaluate and validation do with the weights."""
import numpy as np
import pytest

import nnbook as nb


def binary_model(seed=0, reg=None):
    model = nb.Sequential([nb.Dense(4, activation="tanh", kernel_regularizer=reg),
                           nb.Dense(1, activation="sigmoid")], seed=seed)
    model.compile(optimizer=nb.SGD(0.3), loss="binary_crossentropy", metrics=["accuracy"])
    model.build(2)
    return model


def test_weighted_cost_divides_by_n_not_by_the_sum_of_weights(rng):
    X, y = nb.make_moons(12, noise=0.3, seed=2)
    w = rng.uniform(0, 3, size=12)
    model = binary_model(reg=nb.L2(0.01))
    p = model.predict(X)[:, 0]
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))           # one example's binary cross-entropy
    expected = np.sum(w * losses) / 12 + model.penalty()
    assert model.cost(X, y, sample_weight=w) == pytest.approx(expected, rel=1e-12)
    assert model.cost(X, y, sample_weight=w) != pytest.approx(np.sum(w * losses) / w.sum() + model.penalty())
    assert model.cost(X, y, sample_weight=np.ones(12)) == model.cost(X, y)
    assert model.evaluate(X, y, sample_weight=w)[0] == pytest.approx(expected, rel=1e-12)
    # metrics are not weighted (Keras's metrics=, as opposed to weighted_metrics=)
    assert model.evaluate(X, y, sample_weight=w)[1] == model.evaluate(X, y)[1]


def test_a_weight_of_two_is_a_duplicate_row_up_to_the_batch_size(rng):
    X, y = nb.make_moons(6, noise=0.3, seed=5)
    model = binary_model()
    w = np.array([2.0, 1, 1, 1, 1, 1])
    doubled = model.cost(np.vstack([X, X[:1]]), np.append(y, y[0]))
    assert 6 * model.cost(X, y, sample_weight=w) == pytest.approx(7 * doubled, rel=1e-12)


@pytest.mark.parametrize("case", ["sigmoid+bce", "softmax+sparse", "softmax+categorical", "tanh+mse", "relu+mae"])
def test_weighted_gradients_match_finite_differences(case, rng):
    X = rng.normal(size=(7, 3))
    w = rng.uniform(0, 2, size=7)
    w[2] = 0.0
    if case == "sigmoid+bce":
        out, loss, y = nb.Dense(1, activation="sigmoid"), "binary_crossentropy", rng.integers(0, 2, 7)
    elif case == "softmax+sparse":
        out, loss, y = nb.Dense(3, activation="softmax"), "sparse_categorical_crossentropy", rng.integers(0, 3, 7)
    elif case == "softmax+categorical":
        y = nb.one_hot(rng.integers(0, 3, 7), 3)
        out, loss = nb.Dense(3, activation="softmax"), "categorical_crossentropy"
    elif case == "tanh+mse":
        out, loss, y = nb.Dense(2, activation="tanh"), "mse", rng.normal(size=(7, 2))
    else:
        out, loss, y = nb.Dense(2), "mae", rng.normal(size=(7, 2))
    model = nb.Sequential([nb.Dense(5, activation="tanh", kernel_regularizer=nb.L2(0.05)), out], seed=1)
    model.compile(optimizer="sgd", loss=loss)
    model.build(3)
    result = nb.check_gradients(model, X, y, sample_weight=w)
    assert result.passed(1e-7), result
    # and the weights really change the gradient
    plain = model.compute_gradients(X, y)
    weighted = model.compute_gradients(X, y, sample_weight=w)
    assert not np.allclose(plain[0], weighted[0])


def test_fit_takes_steps_on_the_weighted_cost():
    X, y = nb.make_moons(30, noise=0.2, seed=0)
    w = np.where(np.arange(30) < 15, 3.0, 0.0)
    model = binary_model(seed=4)
    start = model.get_weights()
    grads = model.compute_gradients(X, y, sample_weight=w)
    cost_before = model.cost(X, y, sample_weight=w)
    history = model.fit(X, y, epochs=1, batch_size=None, verbose=0, sample_weight=w)
    for w0, g, w1 in zip(start, grads, model.get_weights()):
        np.testing.assert_allclose(w1, w0 - 0.3 * g, rtol=1e-12, atol=1e-15)
    assert history.history["loss"][0] == pytest.approx(cost_before, rel=1e-12)


def test_fit_with_minibatches_and_shuffling_keeps_weights_with_their_rows():
    X, y = nb.make_moons(40, noise=0.2, seed=3)
    w = np.linspace(0.1, 2.0, 40)
    a = binary_model(seed=7)
    a.fit(X, y, epochs=3, batch_size=8, verbose=0, sample_weight=w)
    # the same run by hand on a twin model, whose generator is where a's was after building:
    # shuffle each epoch, then step on each batch's weighted gradient
    c = binary_model(seed=7)
    order_rng = c.rng
    for _ in range(3):
        order = order_rng.permutation(40)
        for k in range(5):
            idx = order[k * 8:(k + 1) * 8]
            grads = c.compute_gradients(X[idx], y[idx], sample_weight=w[idx])
            c.set_weights([p - 0.3 * g for p, g in zip(c.get_weights(), grads)])
    for pa, pc in zip(a.get_weights(), c.get_weights()):
        np.testing.assert_allclose(pa, pc, rtol=1e-10, atol=1e-13)


def test_class_weight_is_the_matching_sample_weight():
    X, y = nb.make_moons(40, noise=0.3, seed=1)
    a, b = binary_model(seed=2), binary_model(seed=2)
    ha = a.fit(X, y, epochs=4, batch_size=8, verbose=0, class_weight={0: 0.5, 1: 4.0})
    hb = b.fit(X, y, epochs=4, batch_size=8, verbose=0, sample_weight=np.where(y == 1, 4.0, 0.5))
    assert ha.history["loss"] == hb.history["loss"]
    for pa, pb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(pa, pb)


def test_class_weight_for_softmax_targets_and_missing_classes_weigh_one():
    rng = np.random.default_rng(0)
    X, labels = rng.normal(size=(24, 3)), np.arange(24) % 3
    model = nb.Sequential([nb.Dense(3, activation="softmax")], seed=0)
    model.compile(optimizer=nb.SGD(0.1), loss="categorical_crossentropy")
    model.build(3)
    Y = nb.one_hot(labels, 3)
    np.testing.assert_array_equal(model._class_weights({2: 5.0}, Y), np.where(labels == 2, 5.0, 1.0))
    start = model.get_weights()
    grads = model.compute_gradients(X, Y, sample_weight=np.where(labels == 2, 5.0, 1.0))
    model.fit(X, Y, epochs=1, batch_size=None, verbose=0, class_weight={2: 5.0})
    for w0, g, w1 in zip(start, grads, model.get_weights()):
        np.testing.assert_allclose(w1, w0 - 0.1 * g, rtol=1e-12)


def test_validation_split_splits_sample_weight_and_class_weight_stays_on_training_rows():
    X, y = nb.make_moons(40, noise=0.2, seed=6)
    w = np.linspace(0.5, 1.5, 40)
    model = binary_model(seed=1)
    history = model.fit(X, y, epochs=1, batch_size=10, verbose=0, validation_split=0.25, sample_weight=w)
    assert history.history["val_loss"][0] == pytest.approx(model.cost(X[30:], y[30:], sample_weight=w[30:]), rel=1e-12)
    model = binary_model(seed=1)
    history = model.fit(X, y, epochs=1, batch_size=10, verbose=0, validation_split=0.25, class_weight={1: 9.0})
    assert history.history["val_loss"][0] == pytest.approx(model.cost(X[30:], y[30:]), rel=1e-12)
    model = binary_model(seed=1)
    history = model.fit(X[:30], y[:30], epochs=1, verbose=0, validation_data=(X[30:], y[30:], w[30:]))
    assert history.history["val_loss"][0] == pytest.approx(model.cost(X[30:], y[30:], sample_weight=w[30:]), rel=1e-12)


def test_weight_errors():
    X, y = nb.make_moons(10, noise=0.2, seed=0)
    model = binary_model()
    with pytest.raises(ValueError, match="class_weight or sample_weight, not both"):
        model.fit(X, y, sample_weight=np.ones(10), class_weight={0: 1.0})
    with pytest.raises(ValueError, match=r"fit: sample_weight expected shape \(10,\), one weight per example; "
                                         r"received shape \(9,\)"):
        model.fit(X, y, sample_weight=np.ones(9))
    with pytest.raises(ValueError, match=r"sample_weight expected weights >= 0; received -1 at index 3"):
        model.fit(X, y, sample_weight=[1, 1, 1, -1, 1, 1, 1, 1, 1, 1])
    with pytest.raises(ValueError, match="sample_weight expected finite numbers; received 1 NaN"):
        model.evaluate(X, y, sample_weight=np.r_[np.nan, np.ones(9)])
    with pytest.raises(TypeError, match="sample_weight expected numbers"):
        model.cost(X, y, sample_weight=["a"] * 10)
    with pytest.raises(ValueError, match=r"class_weight has the key 2, which is not a class of this model; "
                                         r"expected class indices 0 to 1"):
        model.fit(X, y, class_weight={0: 1.0, 2: 3.0})
    with pytest.raises(ValueError, match=r"class_weight has the key '1'"):
        model.fit(X, y, class_weight={"1": 3.0})
    with pytest.raises(ValueError, match=r"class_weight\[1\] expected a number >= 0; received -2"):
        model.fit(X, y, class_weight={1: -2})
    with pytest.raises(TypeError, match="class_weight expected a dict"):
        model.fit(X, y, class_weight=[1.0, 2.0])
    with pytest.raises(TypeError, match=r"validation_data expected a tuple \(X_val, y_val\) or \(X_val, y_val, "
                                        r"sample_weight_val\); received tuple of length 4"):
        model.fit(X, y, validation_data=(X, y, np.ones(10), 1))
    regression = nb.Sequential([nb.Dense(1)], seed=0)
    regression.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="class_weight needs class labels, but the loss is 'mse'.*sample_weight"):
        regression.fit(X, y, class_weight={0: 2.0})
    multilabel = nb.Sequential([nb.Dense(2, activation="sigmoid")], seed=0)
    multilabel.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(ValueError, match="binary_crossentropy expected one sigmoid output.*has 2 units"):
        multilabel.fit(X, np.c_[y, y], class_weight={0: 2.0})
