"""EarlyStopping follows keras.callbacks.EarlyStopping (Keras 3) epoch for epoch.

Keras's rule (keras/src/callbacks/early_stopping.py): after each monitored epoch,
``wait += 1``; an improvement (beyond ``min_delta``) becomes the best and resets
``wait`` to 0 (only if it also beats ``baseline``, when one is given); otherwise
training stops once ``wait >= patience`` (and ``epoch > 0``). Epochs before
``start_from_epoch`` are ignored. With ``restore_best_weights`` the best epoch's
weights are put back in ``on_train_end``, whether or not training stopped early.
The expected epochs below were worked out by hand from that rule.
"""
import numpy as np
import pytest

import nnbook as nb


class FakeModel:
    """Stands in for a model: its 'weights' are the number of the epoch that produced them."""

    def __init__(self):
        self.stop_training = False
        self.epoch = -1
        self.restored = None

    def get_weights(self):
        return [np.array([float(self.epoch)])]

    def set_weights(self, weights):
        self.restored = int(weights[0][0])


def run(values, monitor="val_loss", **kwargs):
    """Feed one monitored value per epoch; return (epochs run, callback, model)."""
    callback = nb.EarlyStopping(monitor=monitor, **kwargs)
    model = FakeModel()
    callback.on_train_begin(model)
    epochs = 0
    for epoch, value in enumerate(values):
        model.epoch = epoch
        callback.on_epoch_end(model, epoch, {monitor: value})
        epochs += 1
        if model.stop_training:
            break
    callback.on_train_end(model)
    return epochs, callback, model


@pytest.mark.parametrize("patience, expected_epochs", [(0, 3), (1, 3), (2, 4), (3, 5), (4, 6), (5, None)])
def test_stops_after_patience_epochs_without_improvement(patience, expected_epochs):
    # best at epoch 2 (0-based 1); then four epochs without improvement, then a new best.
    # wait counts 1, 2, 3, 4 over epochs 3-6; training stops at the epoch where wait reaches
    # the patience (patience 0 and 1 both stop at the first epoch without improvement, as in Keras)
    values = [1.0, 0.8, 0.9, 0.85, 0.81, 0.82, 0.5]
    epochs, stop, _ = run(values, patience=patience)
    if expected_epochs is not None:
        assert epochs == expected_epochs
        assert stop.stopped_epoch == expected_epochs - 1 and stop.best_epoch == 1
    else:  # patience 5: four epochs without improvement are not enough, and epoch 7 improves
        assert epochs == 7 and stop.stopped_epoch is None and stop.best == 0.5


def test_keras_docstring_example_runs_four_epochs():
    # Keras's own example: monitor='loss', patience=3, a loss that never improves after epoch 1
    epochs, stop, _ = run([2.0] * 10, monitor="loss", patience=3)
    assert epochs == 4 and stop.best_epoch == 0


def test_chapter_10_exercise_sequence():
    values = (0.90, 0.70, 0.60, 0.62, 0.58, 0.59, 0.60, 0.61, 0.50, 0.45)
    epochs, stop, model = run(values, patience=2, restore_best_weights=True)
    assert epochs == 7 and stop.best_epoch == 4 and model.restored == 4


def test_min_delta_improvements_must_exceed_it():
    # 1.0 -> 0.9995 is an improvement of 5e-4 <= min_delta: it does not count
    values = [1.0, 0.9995, 0.999, 0.9985, 0.998]
    epochs, stop, _ = run(values, patience=2, min_delta=1e-3)
    assert epochs == 3 and stop.best_epoch == 0 and stop.best == 1.0
    epochs, stop, _ = run(values, patience=2, min_delta=1e-4)
    assert epochs == 5 and stop.best_epoch == 4


def test_max_mode_for_accuracy():
    values = [0.5, 0.7, 0.69, 0.71, 0.7, 0.7]
    epochs, stop, _ = run(values, monitor="val_accuracy", patience=2)
    assert stop.mode == "max" and epochs == 6 and stop.best_epoch == 3 and stop.stopped_epoch == 5


def test_restores_best_weights_also_when_training_is_not_stopped():
    values = [1.0, 0.5, 0.6, 0.7]                # patience 5 never runs out in four epochs
    epochs, stop, model = run(values, patience=5, restore_best_weights=True)
    assert epochs == 4 and stop.stopped_epoch is None and model.restored == 1
    _, _, model = run(values, patience=5, restore_best_weights=False)
    assert model.restored is None


def test_baseline_never_beaten_stops_after_patience_epochs():
    # every value improves on the previous best but none beats the baseline 0.5:
    # wait is never reset, yet improving epochs do not stop training themselves
    epochs, stop, model = run([0.9, 0.95, 0.96, 0.97], patience=2, baseline=0.5, restore_best_weights=True)
    assert epochs == 2 and stop.stopped_epoch == 1 and model.restored == 0
    epochs, _, _ = run([0.9, 0.8, 0.7, 0.75, 0.76], patience=2, baseline=0.5)
    assert epochs == 4                            # 0.9, 0.8, 0.7 improve; 0.75 makes wait 4 >= 2


def test_baseline_beaten_behaves_as_without_baseline():
    values = [0.4, 0.3, 0.35, 0.36, 0.37]
    assert run(values, patience=2, baseline=0.5)[0] == run(values, patience=2)[0] == 4


def test_start_from_epoch_ignores_the_warm_up():
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    epochs, stop, _ = run(values, patience=1, start_from_epoch=3)
    assert epochs == 5 and stop.best_epoch == 3 and stop.stopped_epoch == 4


def test_within_fit_restores_the_best_weights_and_explains_bad_arguments():
    # (moved here from test_model.py, with the stopping epoch pinned)
    X, y = nb.make_regression_1d(30, noise=0.4, seed=1)
    X_val, y_val = nb.make_regression_1d(30, noise=0.4, seed=2)
    model = nb.Sequential([nb.Dense(64, activation="tanh"), nb.Dense(1)], seed=0)
    model.compile(nb.Adam(0.05), "mse")
    stop = nb.EarlyStopping(patience=5, restore_best_weights=True)
    h = model.fit(X, y, epochs=2000, batch_size=None, validation_data=(X_val, y_val), verbose=0, callbacks=[stop])
    val = np.array(h.history["val_loss"])
    assert stop.best_epoch == int(np.argmin(val)) and len(h.epoch) == stop.best_epoch + 1 + 5
    assert model.evaluate(X_val, y_val) == pytest.approx(val.min())
    with pytest.raises(ValueError, match=r"monitors 'val_loss', but the epoch logs only have \['loss'\]"):
        model.fit(X, y, epochs=2, verbose=0, callbacks=[nb.EarlyStopping()])
    with pytest.raises(ValueError, match="patience expected a non-negative integer"):
        nb.EarlyStopping(patience=-1)
    with pytest.raises(ValueError, match="mode expected"):
        nb.EarlyStopping(mode="lowest")
