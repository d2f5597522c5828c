"""LearningRateScheduler (Keras's keras/src/callbacks/learning_rate_scheduler.py semantics),
the learning rates History records, the on_epoch_begin hook, and the docstring examples."""
import doctest

import numpy as np
import pytest

import nnbook as nb


def data_and_model(lr=0.2, seed=0):
    X, y = nb.make_moons(40, noise=0.2, seed=seed)
    model = nb.Sequential([nb.Dense(4, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=seed)
    model.compile(optimizer=nb.SGD(learning_rate=lr), loss="binary_crossentropy")
    return X, y, model


def test_schedule_of_epoch_and_rate_sets_the_rate_before_each_epoch():
    X, y, model = data_and_model()
    seen = []

    def schedule(epoch, lr):
        seen.append((epoch, lr))
        return lr * 0.5 if epoch >= 2 else lr

    history = model.fit(X, y, epochs=5, batch_size=None, verbose=0,
                        callbacks=[nb.LearningRateScheduler(schedule)])
    assert seen == [(0, 0.2), (1, 0.2), (2, 0.2), (3, 0.1), (4, 0.05)]
    assert history.history["learning_rate"] == [0.2, 0.2, 0.1, 0.05, 0.025]
    assert history.learning_rates == [0.2, 0.2, 0.1, 0.05, 0.025]
    assert model.optimizer.learning_rate == 0.025


def test_the_rate_set_is_the_rate_used():
    """Replay the run by hand: one full-batch SGD step per epoch with the scheduled rate."""
    X, y, model = data_and_model()
    _, _, twin = data_and_model()
    twin.build(2)
    rates = [0.3, 0.1, 0.03]
    model.fit(X, y, epochs=3, batch_size=None, shuffle=False, verbose=0,
              callbacks=[nb.LearningRateScheduler(lambda epoch: rates[epoch])])
    for eta in rates:
        grads = twin.compute_gradients(X, y)
        twin.set_weights([p - eta * g for p, g in zip(twin.get_weights(), grads)])
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_a_schedule_object_works_per_epoch_and_verbose_prints(capsys):
    X, y, model = data_and_model()
    per_epoch = nb.ExponentialDecay(0.4, decay_steps=1, decay_rate=0.5)
    history = model.fit(X, y, epochs=3, verbose=0, callbacks=[nb.LearningRateScheduler(per_epoch, verbose=1)])
    assert history.history["learning_rate"] == [0.4, 0.2, 0.1]
    out = capsys.readouterr().out
    assert "Epoch 1: LearningRateScheduler setting learning rate to 0.4." in out
    assert "Epoch 3: LearningRateScheduler setting learning rate to 0.1." in out


def test_history_records_the_rate_without_a_scheduler_too():
    X, y, model = data_and_model(lr=0.05)
    history = model.fit(X, y, epochs=3, verbose=0)
    assert history.learning_rates == [0.05, 0.05, 0.05]
    assert "learning_rate" not in history.history      # same keys as Keras's History


def test_scheduler_errors():
    with pytest.raises(TypeError, match="LearningRateScheduler expected a function schedule"):
        nb.LearningRateScheduler(0.1)
    with pytest.raises(TypeError, match=r"function of \(epoch, lr\) or of \(epoch\); received .*signature is \(\)"):
        nb.LearningRateScheduler(lambda: 0.1)
    X, y, model = data_and_model()
    with pytest.raises(TypeError, match=r"returned '0.1' \(str\) for epoch 0; expected a positive number"):
        model.fit(X, y, epochs=2, verbose=0, callbacks=[nb.LearningRateScheduler(lambda e: "0.1")])
    with pytest.raises(ValueError, match="learning_rate expected a positive number; received -0.1"):
        model.fit(X, y, epochs=2, verbose=0, callbacks=[nb.LearningRateScheduler(lambda e, lr: -0.1)])
    model.compile(optimizer=nb.SGD(nb.ExponentialDecay(0.1, 10, 0.9)), loss="binary_crossentropy")
    with pytest.raises(TypeError, match="created with the schedule"):
        model.fit(X, y, epochs=2, verbose=0, callbacks=[nb.LearningRateScheduler(lambda e, lr: lr)])


def test_callbacks_hear_every_epoch_begin_in_order():
    class Recorder(nb.Callback):
        def __init__(self):
            self.events = []

        def on_epoch_begin(self, model, epoch):
            self.events.append(("begin", epoch))

        def on_epoch_end(self, model, epoch, logs):
            self.events.append(("end", epoch))

    X, y, model = data_and_model()
    rec = Recorder()
    model.fit(X, y, epochs=3, verbose=0, callbacks=[rec])
    assert rec.events == [("begin", 0), ("end", 0), ("begin", 1), ("end", 1), ("begin", 2), ("end", 2)]


@pytest.mark.parametrize("module", [nb.schedules, nb.optimizers, nb.callbacks])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
