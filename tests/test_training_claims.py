"""The Keras behaviours that chapters 10 and 13 attribute to ``Sequential.fit``.

* ``validation_split`` holds out the *last* ``ceil(split * n)`` rows, taken before any
  shuffling (Keras: ``split_at = int(n * (1 - validation_split))``).
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
