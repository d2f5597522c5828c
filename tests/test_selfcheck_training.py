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
