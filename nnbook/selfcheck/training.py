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


# exercise 5: the linear scaling rule, from (B, eta) = (32, 0.05) to B = 256
SCALING_BASE = {"batch_size": 32, "learning_rate": 0.05}
SCALING_NEW_BATCH = 256
SCALING_DECIMALS = 2

# exercise 6: mean squared error of a batch gradient (batches drawn with replacement) at B = 8 -> B = 72
NOISE_BASE = {"batch_size": 8, "mean_squared_error": 0.36}
NOISE_NEW_BATCH = 72
NOISE_DECIMALS = 3

# exercise 7: the training loss fit reports for an epoch of 100 examples in batches of 32, 32, 32, 4
EPOCH_BATCH_SIZES = (32, 32, 32, 4)
EPOCH_BATCH_LOSSES = (0.9, 0.7, 0.5, 0.3)
EPOCH_LOSS_DECIMALS = 3


def scaled_learning_rate() -> float:
    """eta for the new batch size by the linear scaling rule: eta multiplied by B_new / B."""
    return SCALING_BASE["learning_rate"] * SCALING_NEW_BATCH / SCALING_BASE["batch_size"]


@exercise("ex-training-5", chapter="10_training", solution=scaled_learning_rate, decimals=SCALING_DECIMALS)
def check_scaled_learning_rate(answer) -> Feedback:
    """Ex. ex-training-5: the learning rate for B = 256 by the linear scaling rule from B = 32, eta = 0.05 (2 decimals)."""
    if unanswered(answer):
        return not_answered("the learning rate for B = 256")
    k = SCALING_NEW_BATCH / SCALING_BASE["batch_size"]
    eta = SCALING_BASE["learning_rate"]
    wrong = {
        eta * math.sqrt(k): "That is the square-root rule (eta times sqrt(k)), which keeps the noise of a step "
                            "fixed; the linear rule multiplies eta by k itself.",
        eta / k: "The rule goes the other way: a larger batch gives a less noisy gradient and takes a "
                 "LARGER learning rate.",
        eta: "Keeping eta fixed makes k times fewer steps of the same size per epoch: training falls behind.",
    }
    return check_number(answer, scaled_learning_rate(), name="the scaled learning rate", wrong=wrong,
                        decimals=SCALING_DECIMALS,
                        hint="k = 256 / 32; the linear scaling rule multiplies the learning rate by k.")


def batch_gradient_error() -> float:
    """E||g_B - g||^2 at the new batch size: tr(Sigma) / B for batches drawn with replacement."""
    trace = NOISE_BASE["mean_squared_error"] * NOISE_BASE["batch_size"]
    return trace / NOISE_NEW_BATCH


@exercise("ex-training-6", chapter="10_training", solution=batch_gradient_error, decimals=NOISE_DECIMALS)
def check_batch_gradient_error(answer) -> Feedback:
    """Ex. ex-training-6: the mean squared error of a batch gradient at B = 72, given 0.36 at B = 8 (3 decimals)."""
    if unanswered(answer):
        return not_answered("the mean squared error at B = 72")
    ratio = NOISE_NEW_BATCH / NOISE_BASE["batch_size"]
    mse = NOISE_BASE["mean_squared_error"]
    wrong = {
        mse / math.sqrt(ratio): "That divides by sqrt(72 / 8): the square root of the error (its typical "
                                "length) falls like 1/sqrt(B), but the mean SQUARED error falls like 1/B.",
        mse * ratio: "The error shrinks as the batch grows: averaging more examples cancels more noise.",
        mse / NOISE_NEW_BATCH: "You divided by 72, but 0.36 is already the error of an average of 8 examples: "
                               "divide by the ratio of the batch sizes.",
    }
    return check_number(answer, batch_gradient_error(), name="the mean squared error", wrong=wrong,
                        decimals=NOISE_DECIMALS,
                        hint="With replacement E||g_B - g||^2 = tr(Sigma) / B: find tr(Sigma) from B = 8, "
                             "then divide by 72.")


def reported_epoch_loss() -> float:
    """What fit records as the epoch's 'loss': the mean of the batch costs weighted by batch size."""
    return float(np.average(EPOCH_BATCH_LOSSES, weights=EPOCH_BATCH_SIZES))


@exercise("ex-training-7", chapter="10_training", solution=reported_epoch_loss, decimals=EPOCH_LOSS_DECIMALS)
def check_reported_epoch_loss(answer) -> Feedback:
    """Ex. ex-training-7: the epoch 'loss' fit reports for batch losses 0.9, 0.7, 0.5, 0.3 of sizes 32, 32, 32, 4."""
    if unanswered(answer):
        return not_answered("the epoch's training loss")
    wrong = {
        float(np.mean(EPOCH_BATCH_LOSSES)): "That is the plain mean of the four batch costs. fit weights each "
                                            "by its number of examples: the last batch holds only 4.",
        EPOCH_BATCH_LOSSES[-1]: "That is the last batch's cost. fit reports the mean over the whole epoch, "
                                "taken while the weights were changing, not the loss at the epoch's end.",
    }
    return check_number(answer, reported_epoch_loss(), name="the epoch's loss", wrong=wrong,
                        decimals=EPOCH_LOSS_DECIMALS,
                        hint="Sum batch size x batch cost over the batches, then divide by the 100 examples.")
