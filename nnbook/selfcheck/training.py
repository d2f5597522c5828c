"""Self-checks for the chapter on training: batch size, epochs and convergence.

The expected answers are computed by the package itself: the number of updates
by running ``Sequential.fit`` and counting ``history.batch_losses``, the stopping
epoch by feeding a sequence of validation losses to ``EarlyStopping``.
"""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from ..callbacks import EarlyStopping
from ..layers import Dense
from ..model import Sequential
from ._core import Feedback, check_number, exercise, not_answered, unanswered

# exercise 1: fit(X, y, epochs=15, batch_size=64, validation_split=0.2) with 1000 examples
N_EXAMPLES, EPOCHS, BATCH_SIZE, VALIDATION_SPLIT = 1000, 15, 64, 0.2

# exercise 2: validation losses after each epoch, EarlyStopping(patience=2)
VAL_LOSSES = (0.90, 0.70, 0.60, 0.62, 0.58, 0.59, 0.60, 0.61, 0.50, 0.45)
PATIENCE = 2


def _count_updates(n, epochs, batch_size, validation_split) -> int:
    X = np.linspace(-1.0, 1.0, n)[:, None]
    model = Sequential([Dense(1)], seed=0)
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(X, X[:, 0], epochs=epochs, batch_size=batch_size,
                        validation_split=validation_split, verbose=0)
    return len(history.batch_losses)


def _same(answer, value) -> bool:
    try:
        return bool(np.isclose(float(answer), value))
    except (TypeError, ValueError):
        return False


def updates_count() -> int:
    """The exact answer of ex-training-1, counted by running ``fit``."""
    return _count_updates(N_EXAMPLES, EPOCHS, BATCH_SIZE, VALIDATION_SPLIT)


@exercise("ex-training-1", chapter="10_training", solution=updates_count)
def check_updates_count(answer) -> Feedback:
    """Updates made by fit(X, y, epochs=15, batch_size=64, validation_split=0.2) on 1000 examples."""
    if unanswered(answer):
        return not_answered("the number of updates")
    expected = updates_count()
    n_train = N_EXAMPLES - math.ceil(N_EXAMPLES * VALIDATION_SPLIT)
    diagnoses = [
        (math.ceil(N_EXAMPLES / BATCH_SIZE) * EPOCHS,
         "You split all 1000 examples into batches, but validation_split=0.2 holds out 200 of them: "
         "only the other 800 are trained on."),
        (n_train / BATCH_SIZE * EPOCHS,
         "The number of batches per epoch is a whole number: the last, smaller batch still makes an update."),
        (n_train // BATCH_SIZE * EPOCHS,
         "You dropped the last, incomplete batch; fit trains on it too (it holds the remaining examples)."),
        (EPOCHS, "That is the number of epochs; each epoch makes one update per mini-batch."),
        (n_train * EPOCHS, "That is the number of examples processed; one update uses a whole mini-batch."),
    ]
    for value, why in diagnoses:
        if _same(answer, value):
            return Feedback(False, f"{answer} is not it. {why}")
    return check_number(answer, expected, name="the number of updates", rtol=1e-9, atol=1e-9,
                        hint="Training examples = 1000 - 200; updates per epoch = ceil(training examples / 64); "
                             "multiply by the number of epochs.")


def _epochs_run(val_losses, patience) -> tuple[int, int]:
    """Epochs run before EarlyStopping stops, and the (1-based) epoch whose weights are best."""
    callback = EarlyStopping(monitor="val_loss", patience=patience)
    model = SimpleNamespace(stop_training=False)
    callback.on_train_begin(model)
    for epoch, value in enumerate(val_losses):
        callback.on_epoch_end(model, epoch, {"val_loss": value})
        if model.stop_training:
            return epoch + 1, callback.best_epoch + 1
    return len(val_losses), callback.best_epoch + 1


def early_stopping_epochs() -> int:
    """The exact answer of ex-training-2, from ``EarlyStopping`` itself."""
    return _epochs_run(VAL_LOSSES, PATIENCE)[0]


@exercise("ex-training-2", chapter="10_training", solution=early_stopping_epochs)
def check_early_stopping_epochs(answer) -> Feedback:
    """How many epochs run with EarlyStopping(patience=2) for the validation losses VAL_LOSSES."""
    if unanswered(answer):
        return not_answered("the number of epochs that run")
    expected, best = _epochs_run(VAL_LOSSES, PATIENCE)
    diagnoses = [
        (expected + 1, "Off by one: EarlyStopping (like Keras's) stops at the end of the epoch at which the "
                       "count of epochs without improvement reaches the patience, that is after "
                       "patience = 2 such epochs, not after a third one."),
        (best, f"Epoch {best} has the best validation loss (its weights are the ones restored), but training "
               "only notices that after waiting through the patience."),
        (len(VAL_LOSSES), "Training stops before the end: look for the first run of epochs with no new lowest "
                          "validation loss that is as long as the patience."),
        (4 + PATIENCE, "A new best resets the wait: epoch 5 (0.58) beats epoch 3 (0.60), so the count of "
                       "epochs without improvement starts again after it."),
    ]
    for value, why in diagnoses:
        if _same(answer, value):
            return Feedback(False, f"{answer} is not it. {why}")
    return check_number(answer, expected, name="the number of epochs run", rtol=1e-9, atol=1e-9,
                        hint="Track the best value so far and count the epochs since it; "
                             "training stops at the end of the epoch at which that count reaches the patience.")
