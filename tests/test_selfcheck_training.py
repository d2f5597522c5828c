"""Tests of the self-checks of the training chapter (expected answers worked out by hand here)."""
from nnbook.selfcheck.training import check_early_stopping_epochs, check_updates_count


def test_updates_count():
    # 1000 examples, 20% held out -> 800 training; ceil(800 / 64) = 13 updates per epoch; x 15 epochs
    assert check_updates_count(195).correct is True
    fb = check_updates_count(240)  # ceil(1000 / 64) * 15: forgot the validation split
    assert fb.correct is False and "validation_split" in fb.message
    fb = check_updates_count(187.5)  # 800 / 64 * 15: no rounding up
    assert fb.correct is False and "whole number" in fb.message
    fb = check_updates_count(180)  # 12 * 15: dropped the last batch
    assert fb.correct is False and "incomplete batch" in fb.message
    fb = check_updates_count(15)
    assert fb.correct is False and "number of epochs" in fb.message
    fb = check_updates_count(12000)
    assert fb.correct is False and "examples processed" in fb.message
    fb = check_updates_count(200)
    assert fb.correct is False and "too large" in fb.message
    assert check_updates_count(None).correct is None
    assert check_updates_count("many").correct is False


def test_early_stopping_epochs():
    # val losses 0.90 0.70 0.60 0.62 0.58 | 0.59 0.60 -> best at epoch 5; two epochs without a
    # new best (6, 7) reach patience 2: training stops after epoch 7 (Keras's rule)
    assert check_early_stopping_epochs(7).correct is True
    fb = check_early_stopping_epochs(8)
    assert fb.correct is False and "Off by one" in fb.message
    fb = check_early_stopping_epochs(5)
    assert fb.correct is False and "best validation loss" in fb.message
    fb = check_early_stopping_epochs(10)
    assert fb.correct is False and "stops before the end" in fb.message
    fb = check_early_stopping_epochs(6)
    assert fb.correct is False and "resets the wait" in fb.message
    fb = check_early_stopping_epochs(3)
    assert fb.correct is False and "too small" in fb.message
    assert check_early_stopping_epochs(None).correct is None


def test_scaled_learning_rate():
    from nnbook.selfcheck.training import check_scaled_learning_rate
    # k = 256 / 32 = 8: eta = 8 x 0.05 = 0.40
    assert check_scaled_learning_rate(0.4).correct is True
    assert check_scaled_learning_rate(0.404).correct is True      # rounds to 0.40
    assert check_scaled_learning_rate(0.41).correct is False
    fb = check_scaled_learning_rate(0.1414)                         # 0.05 sqrt(8)
    assert fb.correct is False and "square-root" in fb.message
    fb = check_scaled_learning_rate(0.00625)
    assert fb.correct is False
    fb = check_scaled_learning_rate(0.05)
    assert fb.correct is False and "fewer steps" in fb.message
    assert check_scaled_learning_rate(None).correct is None


def test_batch_gradient_error():
    from nnbook.selfcheck.training import check_batch_gradient_error
    # tr(Sigma) = 8 x 0.36 = 2.88; at B = 72: 2.88 / 72 = 0.040
    assert check_batch_gradient_error(0.04).correct is True
    assert check_batch_gradient_error(0.0404).correct is True
    assert check_batch_gradient_error(0.041).correct is False
    fb = check_batch_gradient_error(0.12)                           # 0.36 / sqrt(9)
    assert fb.correct is False and "SQUARED" in fb.message
    fb = check_batch_gradient_error(3.24)
    assert fb.correct is False and "shrinks" in fb.message
    fb = check_batch_gradient_error(0.005)                          # 0.36 / 72
    assert fb.correct is False and "ratio" in fb.message


def test_reported_epoch_loss_and_fit_agree():
    import numpy as np

    import nnbook as nb
    from nnbook.selfcheck.training import check_reported_epoch_loss
    # (32 x 0.9 + 32 x 0.7 + 32 x 0.5 + 4 x 0.3) / 100 = 68.4 / 100 = 0.684
    assert check_reported_epoch_loss(0.684).correct is True
    assert check_reported_epoch_loss(0.6844).correct is True
    fb = check_reported_epoch_loss(0.6)
    assert fb.correct is False and "plain mean" in fb.message
    fb = check_reported_epoch_loss(0.3)
    assert fb.correct is False and "last batch" in fb.message
    # the rule the check uses is fit's: 'loss' is the batch-size-weighted mean of the epoch's batch costs,
    # as in Keras 3 (keras/src/backend/*/trainer.py, train_step: self._loss_tracker, a metrics.Mean reset
    # every epoch, is updated with the batch loss and sample_weight = the batch's number of rows)
    X, y = nb.make_moons(100, noise=0.2, seed=0)
    model = nb.Sequential([nb.Dense(4, activation="tanh"), nb.Dense(1, activation="sigmoid")], seed=0)
    model.compile(optimizer=nb.SGD(0.5), loss="binary_crossentropy")
    history = model.fit(X, y, epochs=2, batch_size=32, verbose=0)
    per_epoch = np.reshape(history.batch_losses, (2, 4))
    np.testing.assert_allclose(history.history["loss"], np.average(per_epoch, axis=1, weights=[32, 32, 32, 4]),
                               rtol=1e-12)
