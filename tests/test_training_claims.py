"""The Keras behaviours that chapters 10 and 13 attribute to ``Sequential.fit``.

* ``validation_split`` holds out the *last* ``n - floor(n * (1 - split))`` rows, taken before
  any shuffling (Keras: ``split_at = int(math.floor(n * (1.0 - validation_split)))``), which is
  ``ceil(split * n)`` except where floating point rounds differently.
* The training metrics of an epoch are gathered from each mini-batch's forward pass while
  the weights are still changing (Keras averages them over the epoch's batches), not
  recomputed with the weights at the end of the epoch.
"""
import math

import numpy as np
import pytest

import nnbook as nb


def test_validation_split_takes_the_last_rows_before_shuffling():
    X, y = nb.make_moons(10, noise=0.2, seed=0)
    model = nb.Sequential([nb.Dense(4, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer=nb.SGD(learning_rate=1e-12), loss="binary_crossentropy")  # weights barely move
    history = model.fit(X, y, epochs=1, batch_size=2, validation_split=0.25, shuffle=True, verbose=0)
    n_val = math.ceil(0.25 * len(X))                                                  # 3 rows
    assert n_val == len(X) - int(len(X) * (1 - 0.25))                                 # Keras's split point
    assert history.history["val_loss"][0] == pytest.approx(model.cost(X[-n_val:], y[-n_val:]), rel=1e-9)
    assert len(history.batch_losses) == math.ceil((len(X) - n_val) / 2)
    assert history.history["val_loss"][0] != pytest.approx(model.cost(X[:n_val], y[:n_val]))


@pytest.mark.parametrize("n, split", [(90, 0.3), (10, 0.3), (7, 0.5), (50, 0.1)])
def test_validation_split_uses_keras_split_point_even_where_ceil_differs(n, split):
    X, y = nb.make_moons(n, noise=0.2, seed=0)
    model = nb.Sequential([nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer=nb.SGD(learning_rate=0.1), loss="binary_crossentropy")
    history = model.fit(X, y, epochs=1, batch_size=1, validation_split=split, shuffle=False, verbose=0)
    split_at = int(math.floor(n * (1.0 - split)))                    # keras/src/trainers/data_adapters
    assert len(history.batch_losses) == split_at                     # one step per training row
    if (n, split) == (90, 0.3):
        assert split_at == 62 and math.ceil(n * split) == 27          # 28 rows held out, not 27


def test_validation_split_holding_out_nothing_is_refused():
    model = nb.Sequential([nb.Dense(1)], seed=0)
    model.compile("sgd", "mse")
    with pytest.raises(ValueError, match="holds out no rows"):
        model.fit(np.zeros((10, 2)), np.zeros(10), validation_split=1e-17, verbose=0)  # 1 - 1e-17 == 1.0


def test_training_metrics_come_from_the_batches_of_the_epoch():
    X, y = nb.make_moons(64, noise=0.3, seed=1)

    def fresh():
        model = nb.Sequential([nb.Dense(8, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
        model.compile(optimizer=nb.SGD(learning_rate=2.0), loss="binary_crossentropy", metrics=["accuracy"])
        return model

    model = fresh()
    history = model.fit(X, y, epochs=1, batch_size=16, shuffle=False, verbose=0)
    # replay the epoch by hand: predict each batch with the weights of that moment, then take its step
    replay, seen = fresh(), []
    replay.build(2)
    for start in range(0, len(X), 16):
        Xb, yb = X[start:start + 16], y[start:start + 16]
        seen.append(replay.predict_classes(Xb))
        replay.fit(Xb, yb, epochs=1, batch_size=16, shuffle=False, verbose=0)   # one step on this batch
    during = nb.accuracy_score(y, np.concatenate(seen))
    at_end = nb.accuracy_score(y, model.predict_classes(X))
    assert history.history["accuracy"][0] == pytest.approx(during)
    assert during != pytest.approx(at_end)       # so the test can tell the two apart
